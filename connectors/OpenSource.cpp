#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <Poco/URI.h>
#include <Poco/Util/MapConfiguration.h>

#include <filesystem>
#include <regex>

#include "CsvSource.h"
#include "HttpJsonSource.h"
#include "SourceError.h"
#include "SqlSource.h"

namespace yewu {

POCO_IMPLEMENT_EXCEPTION(SourceError, Poco::RuntimeException, "Source error")

namespace {

// A conninfo without any password=... it may hold, for describe() and logs.
std::string withoutPassword(const std::string& connection) {
    static const std::regex password(R"((^|[\s;])password\s*=\s*('([^'\\]|\\.)*'|[^\s;]*);?)", std::regex::icase);
    return std::regex_replace(connection, password, "$1");
}

// source.label replaces the URI in describe() (workbooks, the ledger): two runs over the same
// data from different stores can then give byte-identical outputs.
std::string display(const Poco::Util::AbstractConfiguration& config, const std::string& fallback) {
    const std::string label = config.getString("source.label", "");
    return label.empty() ? fallback : label;
}

std::size_t chunkRows(const Poco::Util::AbstractConfiguration& config) {
    const int rows = config.getInt("source.chunk_rows", 0);
    if (rows < 0) throw SourceError("source.chunk_rows must be 0 (the job's default) or more");
    return std::size_t(rows);
}

}  // namespace

std::unique_ptr<Source> openSource(const std::string& uri, const Poco::Util::AbstractConfiguration& config,
                                   const std::string& queriesDir) {
    const auto colon = uri.find(':');
    const std::string scheme = colon == std::string::npos ? "" : uri.substr(0, colon);
    const std::string rest = colon == std::string::npos ? "" : uri.substr(colon + 1);
    RetryPolicy retry;
    try {
        retry = RetryPolicy::fromConfig(config);
    } catch (const Poco::Exception& e) {
        throw SourceError("source configuration: " + e.message());
    }
    if (scheme == "sqlite") {
        // SQLite would silently create an empty database for a mistyped path.
        if (!std::filesystem::is_regular_file(rest))
            throw SourceError("source " + uri + ": no such SQLite file '" + rest + "'");
        Poco::Data::SQLite::Connector::registerConnector();
        return std::make_unique<SqlSource>(SqlDialect::SQLite, rest, "", display(config, uri), queriesDir, retry, chunkRows(config));
    }
    if (scheme == "postgresql" || scheme == "postgres") {
        Poco::Data::PostgreSQL::Connector::registerConnector();
        if (rest.starts_with("//")) {
            // libpq's URI form, postgresql://user[:password]@host[:port]/dbname[?key=value&...]. Poco's
            // connector takes only key=value conninfo, so the URI is translated.
            Poco::URI parsed;
            try {
                parsed = Poco::URI(uri);
            } catch (const Poco::Exception& e) {
                throw SourceError("source is not a valid postgresql:// URI: " + e.message());
            }
            std::string user = parsed.getUserInfo(), password = config.getString("source.password", "");
            if (const auto colon = user.find(':'); colon != std::string::npos) {
                if (password.empty()) Poco::URI::decode(user.substr(colon + 1), password);
                user.erase(colon);
            }
            std::string conninfo;
            auto add = [&](const std::string& key, const std::string& value) {
                if (value.empty()) return;
                std::string quoted;
                for (char c : value) {
                    if (c == '\\' || c == '\'') quoted.push_back('\\');
                    quoted.push_back(c);
                }
                conninfo += (conninfo.empty() ? "" : " ") + key + "='" + quoted + "'";
            };
            std::string decodedUser;
            Poco::URI::decode(user, decodedUser);
            add("host", parsed.getHost());
            if (parsed.getPort() != 0) add("port", std::to_string(parsed.getPort()));
            add("dbname", parsed.getPath().empty() ? "" : parsed.getPath().substr(1));
            add("user", decodedUser);
            for (const auto& [key, value] : parsed.getQueryParameters()) add(key, value);
            if (conninfo.find("application_name") == std::string::npos) conninfo += " application_name=yewu";
            static const std::regex userPassword(R"(^(postgres(ql)?://[^:@/]*):[^@/]*@)");
            return std::make_unique<SqlSource>(SqlDialect::PostgreSQL, conninfo, password,
                                               display(config, std::regex_replace(uri, userPassword, "$1@")),
                                               queriesDir, retry, chunkRows(config));
        }
        std::string conninfo = rest;
        if (conninfo.find("application_name") == std::string::npos) conninfo += " application_name=yewu";
        return std::make_unique<SqlSource>(SqlDialect::PostgreSQL, conninfo, config.getString("source.password", ""),
                                           display(config, "postgresql:" + withoutPassword(rest)), queriesDir, retry,
                                           chunkRows(config));
    }
    if (scheme == "mysql" || scheme == "mariadb") {
        Poco::Data::MySQL::Connector::registerConnector();
        std::string connection = rest;
        // Poco's default is MySQL's 3-byte "utf8", which cannot hold every character.
        if (connection.find("character-set") == std::string::npos)
            connection += (connection.empty() || connection.back() == ';' ? "" : ";") + std::string("character-set=utf8mb4");
        return std::make_unique<SqlSource>(SqlDialect::MySQL, connection, config.getString("source.password", ""),
                                           display(config, "mysql:" + withoutPassword(rest)), queriesDir, retry, chunkRows(config));
    }
    if (scheme == "http" || scheme == "https") {
        // The query string or user info may carry a key: describe() keeps scheme, host and path only.
        std::string shown = uri.substr(0, uri.find('?'));
        static const std::regex userInfo(R"(^(https?://)[^@/]*@)");
        shown = std::regex_replace(shown, userInfo, "$1");
        return std::make_unique<HttpJsonSource>(uri, config, display(config, shown));
    }
    if (scheme == "csv") return std::make_unique<CsvSource>(rest, config, display(config, uri));
    throw SourceError("unknown source '" + withoutPassword(uri) +
                      "'. Known: sqlite:PATH, postgresql:CONNINFO, mysql:CONNINFO, csv:DIR, http(s)://...");
}

std::unique_ptr<Source> openSource(const std::string& uri, const std::string& queriesDir) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> defaults(new Poco::Util::MapConfiguration);
    return openSource(uri, *defaults, queriesDir);
}

}  // namespace yewu
