#include "HttpJsonSource.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <iostream>
#include <sstream>
#include <thread>

#include "OrderedCursor.h"
#include "SourceError.h"

namespace yewu {

namespace {

// A failure another attempt may cure (5xx, 429, timeouts, dropped connections).
class TransientError : public std::runtime_error {
public:
    TransientError(const std::string& what, std::chrono::milliseconds wait)
        : std::runtime_error(what), wait(wait) {}
    std::chrono::milliseconds wait;  // Retry-After, or 0 for the policy's backoff
};

std::string scalarText(const Poco::Dynamic::Var& value) {
    if (value.isString()) return value.extract<std::string>();
    if (value.isBoolean()) return value.extract<bool>() ? "1" : "0";
    if (value.isInteger()) return value.convert<std::string>();
    // Doubles: an integral one (12.0) is written without a fraction, as JSON tools often emit them.
    const double d = value.convert<double>();
    if (d == double(static_cast<long long>(d)) && std::abs(d) < 9e15) return std::to_string(static_cast<long long>(d));
    return value.convert<std::string>();
}

}  // namespace

HttpJsonSource::HttpJsonSource(const std::string& baseUri, const Poco::Util::AbstractConfiguration& config,
                               std::string displayName)
    : displayName_(std::move(displayName)), retry_(RetryPolicy::fromConfig(config)) {
    try {
        base_ = Poco::URI(baseUri);
    } catch (const Poco::Exception& e) {
        throw SourceError("source " + baseUri + " is not a valid URI: " + e.message());
    }
    if (base_.getScheme() != "http" && base_.getScheme() != "https")
        throw SourceError("source " + baseUri + " is not an http:// or https:// URI");
    const std::string p = "source.http.";
    settings_.recordsField = config.getString(p + "records_field", "data");
    const std::string pagination = config.getString(p + "pagination", "next_link");
    if (pagination != "next_link" && pagination != "cursor")
        throw SourceError("source.http.pagination must be next_link or cursor, not '" + pagination + "'");
    settings_.cursorPagination = pagination == "cursor";
    settings_.nextField = config.getString(p + "next_field", "next");
    settings_.cursorField = config.getString(p + "cursor_field", "next_cursor");
    settings_.cursorParam = config.getString(p + "cursor_param", "cursor");
    settings_.timeoutSeconds = config.getDouble(p + "timeout", 30);
    settings_.token = config.getString(p + "token", config.getString("source.token", ""));
    settings_.sortMemoryBytes = std::size_t(std::max(1, config.getInt("source.sort_memory_mb", 64))) << 20;
    if (config.has(p + "date_from"))
        settings_.commonParams.emplace_back(config.getString(p + "from_param", "from"), config.getString(p + "date_from"));
    if (config.has(p + "date_to"))
        settings_.commonParams.emplace_back(config.getString(p + "to_param", "to"), config.getString(p + "date_to"));
    for (Table table : allTables()) {
        const std::string name(tableName(table));
        endpoints_[table] = config.getString(p + name + ".endpoint", name);
        queries_[table] = config.getString(p + name + ".query", "");
        for (const auto& column : canonicalColumns(table)) {
            const std::string key = p + name + ".map." + column;
            if (config.has(key)) fieldOf_[table][column] = config.getString(key);
        }
    }
}

Poco::URI HttpJsonSource::endpoint(Table table) const {
    Poco::URI uri(base_);
    std::string path = uri.getPath();
    if (path.empty() || path.back() != '/') path += '/';
    std::string tail = endpoints_.at(table);
    while (!tail.empty() && tail.front() == '/') tail.erase(0, 1);
    uri.setPath(path + tail);
    for (const auto& [name, value] : settings_.commonParams) uri.addQueryParameter(name, value);
    if (!queries_.at(table).empty())
        uri.setRawQuery(uri.getRawQuery() + (uri.getRawQuery().empty() ? "" : "&") + queries_.at(table));
    return uri;
}

std::string HttpJsonSource::origin(Table table) const { return endpoint(table).toString(); }

// The pages of one endpoint, read one record at a time.
class HttpJsonSource::Pages {
public:
    Pages(const HttpJsonSource& source, Table table, std::vector<std::string> fields)
        : table_(table), source_(source), next_(source.endpoint(table)), fields_(std::move(fields)) {}

    bool produce(RawRow& row) {
        while (!records_ || position_ >= records_->size()) {
            if (finished_) return false;
            fetchPage();
        }
        const Poco::Dynamic::Var record = records_->get(unsigned(position_++));
        row.rowNumber = ++rowNumber_;
        row.problem.clear();
        row.values.assign(fields_.size(), std::nullopt);
        if (record.type() != typeid(Poco::JSON::Object::Ptr)) {
            row.problem = "record " + std::to_string(position_) + " of page " + std::to_string(page_) +
                          " is not a JSON object";
            return true;
        }
        const auto object = record.extract<Poco::JSON::Object::Ptr>();
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            Poco::Dynamic::Var value = lookup(object, fields_[i]);
            if (value.isEmpty()) continue;  // absent or null
            if (value.type() == typeid(Poco::JSON::Object::Ptr) || value.type() == typeid(Poco::JSON::Array::Ptr)) {
                if (row.problem.empty()) row.problem = "field " + fields_[i] + " is not a single value";
                continue;
            }
            row.values[i] = scalarText(value);
        }
        return true;
    }

private:
    static Poco::Dynamic::Var lookup(Poco::JSON::Object::Ptr object, const std::string& path) {
        std::size_t start = 0;
        while (true) {
            const auto dot = path.find('.', start);
            const std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
            if (!object || !object->has(key)) return {};
            Poco::Dynamic::Var value = object->get(key);
            if (dot == std::string::npos) return value;
            if (value.type() != typeid(Poco::JSON::Object::Ptr)) return {};
            object = value.extract<Poco::JSON::Object::Ptr>();
            start = dot + 1;
        }
    }

    void fetchPage() {
        ++page_;
        const std::string url = next_.toString();
        const std::string body = getWithRetries(url);
        Poco::Dynamic::Var parsed;
        try {
            Poco::JSON::Parser parser;
            parsed = parser.parse(body);
        } catch (const Poco::Exception& e) {
            throw SourceError("page " + std::to_string(page_) + " of " + url + " is not JSON: " + e.displayText());
        }
        const HttpJsonSource::Settings& s = source_.settings_;
        Poco::JSON::Object::Ptr object;
        if (parsed.type() == typeid(Poco::JSON::Array::Ptr)) {
            records_ = parsed.extract<Poco::JSON::Array::Ptr>();
        } else if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) {
            object = parsed.extract<Poco::JSON::Object::Ptr>();
            records_ = object->getArray(s.recordsField);
            if (!records_)
                throw SourceError("page " + std::to_string(page_) + " of " + url + " has no \"" + s.recordsField +
                                  "\" array of records (source.http.records_field)");
        } else {
            throw SourceError("page " + std::to_string(page_) + " of " + url + " is neither a JSON object nor an array");
        }
        position_ = 0;
        finished_ = true;
        if (!object) return;
        const std::string field = s.cursorPagination ? s.cursorField : s.nextField;
        if (!object->has(field) || object->isNull(field)) return;
        const std::string value = object->get(field).convert<std::string>();
        if (value.empty()) return;
        if (s.cursorPagination) {
            Poco::URI uri(source_.endpoint(table()));
            uri.addQueryParameter(s.cursorParam, value);
            next_ = uri;
        } else {
            next_ = Poco::URI(next_, value);  // relative links resolve against the current page
        }
        finished_ = false;
    }

    Table table() const { return table_; }

    std::string getWithRetries(const std::string& url) {
        const RetryPolicy& retry = source_.retry_;
        for (int attempt = 1;; ++attempt) {
            try {
                return get(url);
            } catch (const TransientError& e) {
                if (attempt > retry.retries())
                    throw SourceError("GET " + url + " failed after " + std::to_string(attempt) + " attempt(s): " +
                                      e.what());
                const auto wait = e.wait.count() > 0 ? e.wait : retry.delayBefore(attempt);
                std::cerr << "yewu: GET " << url << ": " << e.what() << " (attempt " << attempt << " of "
                          << retry.retries() + 1 << "); retrying in " << wait.count() / 1000.0 << " s\n";
                std::this_thread::sleep_for(wait);
            }
        }
    }

    std::string get(const std::string& url) {
        const Poco::URI uri(url);
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (uri.getScheme() == "https") {
            static Poco::Net::Context::Ptr context = new Poco::Net::Context(
                Poco::Net::Context::TLS_CLIENT_USE, "", "", "/etc/ssl/certs", Poco::Net::Context::VERIFY_RELAXED);
            session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
        } else {
            session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        }
        const auto timeout = Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(source_.settings_.timeoutSeconds * 1e6));
        session->setTimeout(timeout);
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathEtc(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Accept", "application/json");
        if (!source_.settings_.token.empty()) request.set("Authorization", "Bearer " + source_.settings_.token);
        Poco::Net::HTTPResponse response;
        std::string body;
        try {
            session->sendRequest(request);
            std::istream& in = session->receiveResponse(response);
            Poco::StreamCopier::copyToString(in, body);
        } catch (const Poco::TimeoutException&) {
            std::ostringstream text;
            text << "timed out after " << source_.settings_.timeoutSeconds << " s";
            throw TransientError(text.str(), std::chrono::milliseconds(0));
        } catch (const Poco::Net::NetException& e) {
            throw TransientError(e.displayText(), std::chrono::milliseconds(0));
        } catch (const Poco::IOException& e) {
            throw TransientError(e.displayText(), std::chrono::milliseconds(0));
        }
        const int status = response.getStatus();
        const std::string reason = std::to_string(status) + " " + response.getReason();
        if (status == 429 || status >= 500) {
            std::chrono::milliseconds wait(0);
            int seconds = 0;
            if (response.has("Retry-After") && Poco::NumberParser::tryParse(response.get("Retry-After"), seconds))
                wait = std::chrono::seconds(std::clamp(seconds, 0, 120));
            throw TransientError(reason, wait);
        }
        if (status != 200) throw SourceError("GET " + url + ": " + reason);
        return body;
    }

    Table table_;
    const HttpJsonSource& source_;
    Poco::URI next_;
    std::vector<std::string> fields_;
    Poco::JSON::Array::Ptr records_;
    std::size_t position_ = 0;
    int page_ = 0;
    bool finished_ = false;
    std::int64_t rowNumber_ = 0;
};

std::unique_ptr<RowCursor> HttpJsonSource::open(const ScanRequest& request) {
    RowOrder order(request.table, request.columns, request.orderBy);
    if (endpoints_.at(request.table).empty())
        return std::make_unique<OrderedCursor>([](RawRow&) { return false; }, order, request.chunkRows,
                                               settings_.sortMemoryBytes);
    std::vector<std::string> fields;
    const auto& mapped = fieldOf_[request.table];
    for (const auto& column : request.columns) {
        const auto m = mapped.find(column);
        fields.push_back(m == mapped.end() ? column : m->second);
    }
    auto pages = std::make_shared<Pages>(*this, request.table, std::move(fields));
    return std::make_unique<OrderedCursor>([pages](RawRow& row) { return pages->produce(row); }, order,
                                           request.chunkRows, settings_.sortMemoryBytes);
}

}  // namespace yewu
