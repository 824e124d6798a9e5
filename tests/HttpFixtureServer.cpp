// yewu_http_fixture: a small HTTP JSON API over a canonical SQLite file, for
// testing HttpJsonSource against a real server (Poco HTTPServer on loopback).
//
//   yewu_http_fixture --db FILE --port N [--page-size N] [--token T]
//       [--pagination next_link|cursor] [--fail-first N] [--throttle-first N]
//       [--malformed-page TABLE:PAGE] [--malformed-record TABLE:INDEX] [--slow-first N --delay-ms MS]
//
// GET /api/<table>?page=N (next_link) or ?cursor=C returns
//   {"data": [{column: value, ...}, ...], "next": "/api/<table>?page=N+1" | null}
// (or "next_cursor"), rows in rowid order; integers as JSON numbers, text as
// strings, NULL as null. With --token every request needs "Authorization:
// Bearer T" (401 otherwise). Fault injection: --fail-first N answers the first N
// requests 503; --throttle-first N answers the next N 429 with "Retry-After: 1";
// --malformed-page serves invalid JSON for that page (1-based); --malformed-record
// replaces that record (0-based, across pages) with a JSON array; --slow-first N
// waits --delay-ms before answering each of the first N requests. Prints
// "listening on PORT" once it accepts connections; stops on SIGTERM/SIGINT.
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>

namespace {

struct Options {
    std::string db;
    int port = 0;
    int pageSize = 500;
    std::string token;
    bool cursor = false;
    int failFirst = 0;
    int throttleFirst = 0;
    std::string malformedPageTable;
    int malformedPage = 0;
    std::string malformedRecordTable;
    int malformedRecord = -1;
    int slowFirst = 0;
    int delayMs = 0;
};

const std::set<std::string> kTables = {"salesperson", "customer", "orders", "order_line", "invoice",
                                       "payment",     "visit",    "target", "rating"};

std::atomic<int> requests{0};
std::mutex dbMutex;

class ApiHandler : public Poco::Net::HTTPRequestHandler {
public:
    ApiHandler(const Options& options, Poco::Data::Session& session) : options_(options), session_(session) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        const int n = ++requests;
        if (n <= options_.slowFirst) std::this_thread::sleep_for(std::chrono::milliseconds(options_.delayMs));
        if (n <= options_.failFirst) return send(response, 503, "{\"error\":\"injected failure\"}");
        if (n <= options_.failFirst + options_.throttleFirst) {
            response.set("Retry-After", "1");
            return send(response, 429, "{\"error\":\"slow down\"}");
        }
        if (!options_.token.empty() && request.get("Authorization", "") != "Bearer " + options_.token)
            return send(response, 401, "{\"error\":\"bad token\"}");

        const Poco::URI uri(request.getURI());
        const std::string path = uri.getPath();
        const std::string prefix = "/api/";
        const std::string table = path.rfind(prefix, 0) == 0 ? path.substr(prefix.size()) : "";
        if (!kTables.count(table)) return send(response, 404, "{\"error\":\"no such endpoint\"}");
        int page = 1;
        for (const auto& [k, v] : uri.getQueryParameters()) {
            if (k == "page") page = std::stoi(v);
            if (k == "cursor") page = std::stoi(v.substr(1));  // "p<N>": opaque to the client
        }
        if (table == options_.malformedPageTable && page == options_.malformedPage)
            return send(response, 200, "{\"data\": [ {\"id\": 1, ");

        Poco::JSON::Object body;
        Poco::JSON::Array::Ptr data = new Poco::JSON::Array;
        bool more = false;
        {
            std::lock_guard lock(dbMutex);
            Poco::Data::Statement select(session_);
            select << "SELECT * FROM " + table + " ORDER BY rowid LIMIT " + std::to_string(options_.pageSize + 1) +
                          " OFFSET " + std::to_string((page - 1) * options_.pageSize);
            select.execute();
            Poco::Data::RecordSet rs(select);
            std::size_t count = 0;
            for (bool ok = rs.moveFirst(); ok; ok = rs.moveNext()) {
                if (int(++count) > options_.pageSize) {
                    more = true;
                    break;
                }
                const int index = (page - 1) * options_.pageSize + int(count) - 1;
                if (table == options_.malformedRecordTable && index == options_.malformedRecord) {
                    Poco::JSON::Array::Ptr junk = new Poco::JSON::Array;
                    junk->add(42);
                    data->add(junk);
                    continue;
                }
                Poco::JSON::Object::Ptr record = new Poco::JSON::Object;
                for (std::size_t c = 0; c < rs.columnCount(); ++c) {
                    const auto& value = rs.value(c);
                    if (value.isEmpty())
                        record->set(rs.columnName(c), Poco::Dynamic::Var());
                    else if (rs.columnType(c) == Poco::Data::MetaColumn::FDT_STRING ||
                             rs.columnType(c) == Poco::Data::MetaColumn::FDT_WSTRING)
                        record->set(rs.columnName(c), value.convert<std::string>());
                    else
                        record->set(rs.columnName(c), value.convert<Poco::Int64>());
                }
                data->add(record);
            }
        }
        body.set("data", data);
        if (options_.cursor)
            body.set("next_cursor", more ? Poco::Dynamic::Var("p" + std::to_string(page + 1)) : Poco::Dynamic::Var());
        else
            body.set("next", more ? Poco::Dynamic::Var("/api/" + table + "?page=" + std::to_string(page + 1))
                                  : Poco::Dynamic::Var());
        std::ostringstream text;
        body.stringify(text);
        send(response, 200, text.str());
    }

private:
    static void send(Poco::Net::HTTPServerResponse& response, int status, const std::string& body) {
        response.setStatus(Poco::Net::HTTPResponse::HTTPStatus(status));
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(std::streamsize(body.size()));
        response.send() << body;
    }

    const Options& options_;
    Poco::Data::Session& session_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Factory(const Options& options, Poco::Data::Session& session) : options_(options), session_(session) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new ApiHandler(options_, session_);
    }

private:
    const Options& options_;
    Poco::Data::Session& session_;
};

std::pair<std::string, int> tableAndNumber(const std::string& spec) {
    const auto colon = spec.find(':');
    if (colon == std::string::npos) throw std::invalid_argument("expected TABLE:N, got " + spec);
    return {spec.substr(0, colon), std::stoi(spec.substr(colon + 1))};
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            auto value = [&]() -> std::string {
                if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
                return argv[++i];
            };
            if (arg == "--db") options.db = value();
            else if (arg == "--port") options.port = std::stoi(value());
            else if (arg == "--page-size") options.pageSize = std::stoi(value());
            else if (arg == "--token") options.token = value();
            else if (arg == "--pagination") options.cursor = value() == "cursor";
            else if (arg == "--fail-first") options.failFirst = std::stoi(value());
            else if (arg == "--throttle-first") options.throttleFirst = std::stoi(value());
            else if (arg == "--slow-first") options.slowFirst = std::stoi(value());
            else if (arg == "--delay-ms") options.delayMs = std::stoi(value());
            else if (arg == "--malformed-page") std::tie(options.malformedPageTable, options.malformedPage) = tableAndNumber(value());
            else if (arg == "--malformed-record") std::tie(options.malformedRecordTable, options.malformedRecord) = tableAndNumber(value());
            else throw std::invalid_argument("unknown option " + arg);
        }
        if (options.db.empty()) throw std::invalid_argument("--db is required");
    } catch (const std::exception& e) {
        std::cerr << "yewu_http_fixture: " << e.what() << "\n";
        return 2;
    }

    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // every thread inherits the mask; main waits below

    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", options.db);
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", Poco::UInt16(options.port)));
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(4);
    Poco::Net::HTTPServer server(new Factory(options, session), socket, params);
    server.start();
    std::cout << "listening on " << socket.address().port() << std::endl;

    int received = 0;
    sigwait(&signals, &received);
    server.stop();
    return 0;
}
