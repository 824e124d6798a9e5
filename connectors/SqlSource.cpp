#include "SqlSource.h"

#include <Poco/Data/PostgreSQL/SessionImpl.h>
#include <Poco/Data/RecordSet.h>
#include <libpq-fe.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "SourceError.h"
#include "PrefetchingCursor.h"
#include "SqliteCursor.h"
#include "TieSortingCursor.h"

namespace yewu {

using namespace Poco::Data::Keywords;

namespace {

const char* connectorName(SqlDialect dialect) {
    switch (dialect) {
        case SqlDialect::SQLite: return "SQLite";
        case SqlDialect::PostgreSQL: return "postgresql";
        case SqlDialect::MySQL: return "MySQL";
    }
    return "?";
}

std::string withPassword(SqlDialect dialect, std::string connection, const std::string& password) {
    if (password.empty()) return connection;
    if (dialect == SqlDialect::PostgreSQL) {
        std::string quoted;
        for (char c : password) {
            if (c == '\\' || c == '\'') quoted.push_back('\\');
            quoted.push_back(c);
        }
        return connection + " password='" + quoted + "'";
    }
    if (dialect == SqlDialect::MySQL) {
        // Poco's MySQL connector splits its connection string at ';' and has no escape.
        if (password.find(';') != std::string::npos)
            throw SourceError("the MySQL password contains ';', which Poco's MySQL connection string cannot carry");
        while (!connection.empty() && connection.back() == ';') connection.pop_back();
        return connection + ";password=" + password;
    }
    return connection;
}

// Errors that another attempt will not cure: a wrong password, a database that does not exist.
bool worthRetrying(const std::exception& e) {
    const std::string text = e.what() + std::string(" ") +
                             (dynamic_cast<const Poco::Exception*>(&e)
                                  ? dynamic_cast<const Poco::Exception*>(&e)->displayText()
                                  : std::string());
    for (const char* fatal : {"password authentication failed", "no password supplied", "Access denied", "does not exist",
                              "Unknown database", "invalid connection option", "bad connection string"})
        if (text.find(fatal) != std::string::npos) return false;
    return true;
}

}  // namespace

SqlSource::SqlSource(SqlDialect dialect, std::string connectionString, std::string password, std::string displayName,
                     std::string queriesDir, RetryPolicy retry, std::size_t chunkRows)
    : dialect_(dialect),
      connectionString_(withPassword(dialect, std::move(connectionString), password)),
      password_(std::move(password)),
      displayName_(std::move(displayName)),
      queriesDir_(std::move(queriesDir)),
      retry_(retry),
      chunkRows_(chunkRows) {
    session_ = connect();
}

SqlSource::SqlSource(const std::string& connector, const std::string& connectionString, std::string displayName,
                     std::string queriesDir)
    : SqlSource(connector == "SQLite" ? SqlDialect::SQLite
                : connector == "MySQL" ? SqlDialect::MySQL
                                       : SqlDialect::PostgreSQL,
                connectionString, "", std::move(displayName), std::move(queriesDir)) {}

SqlSource::~SqlSource() = default;

std::string SqlSource::scrub(std::string message) const {
    if (password_.empty()) return message;
    for (auto at = message.find(password_); at != std::string::npos; at = message.find(password_, at))
        message.replace(at, password_.size(), "***");
    return message;
}

std::unique_ptr<Poco::Data::Session> SqlSource::connect() const {
    std::unique_ptr<Poco::Data::Session> session;
    const int attempts = retry_.retries() + 1;
    try {
        retry_.run([&] { session = std::make_unique<Poco::Data::Session>(connectorName(dialect_), connectionString_); },
                   [&](int attempt, const std::string& error) {
                       std::cerr << "yewu: cannot connect to " << displayName_ << " (attempt " << attempt << " of "
                                 << attempts << "): " << scrub(error) << "; retrying in "
                                 << retry_.delayBefore(attempt).count() / 1000.0 << " s\n";
                   },
                   dialect_ == SqlDialect::SQLite ? std::function<bool(const std::exception&)>(
                                                        [](const std::exception&) { return false; })
                                                  : worthRetrying);
    } catch (const Poco::Exception& e) {
        throw SourceError("cannot connect to " + displayName_ + ": " + scrub(e.displayText()));
    }
    return session;
}

std::string SqlSource::origin(Table table) const {
    return (std::filesystem::path(queriesDir_) / (std::string(tableName(table)) + ".sql")).string();
}

std::string SqlSource::readQuery(Table table) const {
    const std::string path = origin(table);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (!std::filesystem::exists(path)) return "";
        throw SourceError("cannot read query file " + path);
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string query = text.str();
    // The file holds one SELECT; a trailing ';' would break the subquery wrapper.
    while (!query.empty() && (std::isspace(static_cast<unsigned char>(query.back())) || query.back() == ';'))
        query.pop_back();
    if (query.empty()) throw SourceError("query file " + path + " is empty");
    // A last line that is a -- comment would swallow the wrapper's closing parenthesis.
    return query + "\n";
}

std::vector<std::string> SqlSource::resultColumns(const std::string& query, Table table) {
    for (int attempt = 1;; ++attempt) {
        try {
            if (!session_) session_ = connect();
            Poco::Data::Statement probe(*session_);
            probe << "SELECT * FROM (" + query + ") AS q LIMIT 0";
            probe.execute();
            Poco::Data::RecordSet rs(probe);
            std::vector<std::string> names;
            for (std::size_t i = 0; i < rs.columnCount(); ++i) names.push_back(rs.columnName(i));
            return names;
        } catch (const SourceError&) {
            throw;
        } catch (const Poco::Exception& e) {
            // A server connection may have dropped since the last probe: reconnect and ask again.
            // A query that is simply wrong fails the same way on the new connection.
            if (dialect_ == SqlDialect::SQLite || attempt > 1)
                throw SourceError("query " + origin(table) + " failed on " + displayName_ + ": " +
                                  scrub(e.displayText()));
            session_.reset();
        }
    }
}

// One table's rows from a server (SQLite's are SqliteCursor). Each cursor owns its
// session, which is also what lets it reconnect on its own.
class SqlSource::Cursor : public RowCursor {
public:
    Cursor(SqlSource& source, std::string select, std::size_t columnCount, std::size_t chunkRows, std::string what,
           int serial)
        : source_(source),
          select_(std::move(select)),
          columns_(columnCount),
          chunkRows_(chunkRows),
          what_(std::move(what)),
          cursorName_("yewu_cursor_" + std::to_string(serial)) {
        start();  // a query that cannot run fails at open(), not at the first row
    }

    bool next(std::vector<RawRow>& chunk) override {
        if (done_) {
            chunk.clear();
            return false;
        }
        for (int attempt = 1;; ++attempt) {
            try {
                if (!started_) start();
                fetch(chunk);
                break;
            } catch (const Poco::Exception& e) {
                const std::string error = source_.scrub(e.displayText());
                if (attempt > source_.retry_.retries())
                    throw SourceError("reading " + what_ + " failed after row " + std::to_string(rowNumber_) + ": " +
                                      error);
                std::cerr << "yewu: reading " << what_ << " failed after row " << rowNumber_ << " (" << error
                          << "); reconnecting, attempt " << attempt << " of " << source_.retry_.retries() << "\n";
                stop();
                std::this_thread::sleep_for(source_.retry_.delayBefore(attempt));
            }
        }
        if (done_) stop();  // give the connection back as soon as the table is read
        return !chunk.empty();
    }

private:
    // Opens (or reopens after rowNumber_ rows) the result stream.
    void start() {
        for (auto& column : columns_) column.clear();
        std::string sql = select_;
        const auto skip = std::to_string(rowNumber_);
        switch (source_.dialect_) {
            case SqlDialect::SQLite:
                throw std::logic_error("SQLite tables are read by SqliteCursor");
            case SqlDialect::MySQL:
                if (rowNumber_ > 0) sql += " LIMIT 18446744073709551615 OFFSET " + skip;
                own_ = source_.connect();
                statement_ = std::make_unique<Poco::Data::Statement>(*own_);
                break;
            case SqlDialect::PostgreSQL: {
                if (rowNumber_ > 0) sql += " OFFSET " + skip;
                own_ = source_.connect();
                own_->begin();  // a cursor lives in a transaction; nothing is ever written
                Poco::Data::Statement declare(*own_);
                declare << "DECLARE " + cursorName_ + " NO SCROLL CURSOR FOR " + sql;
                declare.execute();
                started_ = true;
                return;
            }
        }
        *statement_ << sql;
        for (auto& column : columns_) *statement_, into(column);
        *statement_, limit(chunkRows_);
        started_ = true;
    }

    void stop() {
        statement_.reset();
        own_.reset();
        started_ = false;
    }

    void fetch(std::vector<RawRow>& chunk) {
        if (source_.dialect_ == SqlDialect::PostgreSQL) {
            fetchPostgres(chunk);
            if (chunk.size() < chunkRows_) done_ = true;
            return;
        }
        chunk.clear();
        while (chunk.empty() && !statement_->done()) {
            statement_->execute();
            take(chunk);
        }
        if (chunk.empty()) done_ = true;
    }

    // One FETCH through libpq on the session's own connection, each cell assigned into
    // the chunk's existing strings. By hand because Poco's extraction into vectors of
    // Nullable<std::string> (allocating, moving and freeing every cell) was a third of
    // the client's CPU; Poco still owns the connection and the transaction.
    void fetchPostgres(std::vector<RawRow>& chunk) {
        auto* impl = dynamic_cast<Poco::Data::PostgreSQL::SessionImpl*>(own_->impl());
        if (!impl) throw std::logic_error("a PostgreSQL cursor without a PostgreSQL session");
        PGconn* connection = impl->handle();
        const std::string sql = "FETCH FORWARD " + std::to_string(chunkRows_) + " FROM " + cursorName_;
        std::unique_ptr<PGresult, void (*)(PGresult*)> result(PQexec(connection, sql.c_str()), PQclear);
        if (!result || PQresultStatus(result.get()) != PGRES_TUPLES_OK)
            throw Poco::Data::DataException(PQerrorMessage(connection));
        const int rows = PQntuples(result.get());
        if (std::size_t(PQnfields(result.get())) != columns_.size())
            throw SourceError("reading " + what_ + ": the cursor returned an unexpected number of columns");
        chunk.resize(std::size_t(rows));
        for (int r = 0; r < rows; ++r) {
            RawRow& row = chunk[std::size_t(r)];
            row.rowNumber = rowNumber_ + r + 1;
            row.problem.clear();
            row.values.resize(columns_.size());
            for (int c = 0; c < int(columns_.size()); ++c) {
                auto& value = row.values[std::size_t(c)];
                if (PQgetisnull(result.get(), r, c)) {
                    value.reset();
                    continue;
                }
                value.setText({PQgetvalue(result.get(), r, c), std::size_t(PQgetlength(result.get(), r, c))});
            }
        }
        rowNumber_ += rows;
    }

    // Moves the bound vectors' rows into `chunk`. Poco appends to bound vectors on
    // every execute(), so they are cleared here.
    void take(std::vector<RawRow>& chunk) {
        const std::size_t n = columns_.empty() ? 0 : columns_[0].size();
        chunk.resize(n);
        for (std::size_t r = 0; r < n; ++r) {
            RawRow& row = chunk[r];
            row.rowNumber = ++rowNumber_;
            row.values.resize(columns_.size());
            for (std::size_t c = 0; c < columns_.size(); ++c) {
                auto& cell = columns_[c][r];
                if (cell.isNull())
                    row.values[c].reset();
                else
                    row.values[c] = std::move(cell.value());
            }
        }
        for (auto& column : columns_) column.clear();
    }

    SqlSource& source_;
    std::string select_;
    std::vector<std::vector<Poco::Nullable<std::string>>> columns_;
    std::size_t chunkRows_;
    std::string what_;
    std::string cursorName_;
    std::unique_ptr<Poco::Data::Session> own_;
    std::unique_ptr<Poco::Data::Statement> statement_;
    bool started_ = false;
    bool done_ = false;
    std::int64_t rowNumber_ = 0;
};

std::unique_ptr<RowCursor> SqlSource::open(const ScanRequest& request) {
    const std::string query = readQuery(request.table);
    if (query.empty()) {
        struct Empty : RowCursor {
            bool next(std::vector<RawRow>& chunk) override {
                chunk.clear();
                return false;
            }
        };
        return std::make_unique<Empty>();
    }

    const std::vector<std::string> actual = resultColumns(query, request.table);
    std::vector<std::string> missing;
    for (const auto& column : request.columns)
        if (std::find(actual.begin(), actual.end(), column) == actual.end()) missing.push_back(column);
    if (!missing.empty()) {
        auto join = [](const std::vector<std::string>& v) {
            std::string s;
            for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
            return s;
        };
        throw SourceError("query " + origin(request.table) + " lacks column(s) " + join(missing) + "; expected " +
                          join(request.columns) + "; got " + join(actual));
    }

    // Columns and order are qualified with q.: in MySQL an ORDER BY name would otherwise
    // mean the CHAR alias and sort numbers as text.
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < request.columns.size(); ++i) {
        const std::string& c = request.columns[i];
        sql += i ? ", " : "";
        sql += dialect_ == SqlDialect::MySQL ? "CAST(q." + c + " AS CHAR) AS " + c : "q." + c + " AS " + c;
    }
    sql += " FROM (" + query + ") AS q";
    if (const auto& f = request.onlyDates) {
        const auto& canonical = canonicalColumns(request.table);
        if (std::find(canonical.begin(), canonical.end(), f->column) == canonical.end())
            throw SourceError("no date column " + f->column + " in " + origin(request.table));
        // ISO dates compare as text as they do as dates; the open end also takes a time part.
        sql += " WHERE q." + f->column + " >= '" + f->from.iso() + "' AND q." + f->column + " < '" +
               f->until.iso() + "'";
    }
    // The database sorts by the first key only, and ties are sorted here (TieSortingCursor
    // says why), when every key is among the columns read.
    const bool sortTies =
        request.orderBy.size() > 1 && std::all_of(request.orderBy.begin(), request.orderBy.end(), [&](const auto& key) {
            return std::find(request.columns.begin(), request.columns.end(), key) != request.columns.end();
        });
    const std::size_t sqlKeys = sortTies ? 1 : request.orderBy.size();
    for (std::size_t i = 0; i < sqlKeys; ++i) sql += (i ? ", q." : " ORDER BY q.") + request.orderBy[i];
    const std::size_t chunkRows = chunkRows_ > 0 ? chunkRows_ : std::max<std::size_t>(1, request.chunkRows);
    auto completeOrder = [&](std::unique_ptr<RowCursor> cursor) -> std::unique_ptr<RowCursor> {
        if (!sortTies) return cursor;
        return std::make_unique<TieSortingCursor>(std::move(cursor),
                                                  RowOrder(request.table, request.columns, request.orderBy));
    };
    auto ahead = [&](std::unique_ptr<RowCursor> cursor) -> std::unique_ptr<RowCursor> {
        if (!request.readAhead) return cursor;
        return std::make_unique<PrefetchingCursor>(std::move(cursor));
    };
    try {
        if (dialect_ == SqlDialect::SQLite) {
            // Stepping SQLite and converting its cells is most of the cost of reading, so it
            // runs a chunk ahead on a thread and connection of its own (for a TableReader,
            // on the reader's read-ahead thread, which decodes there too). Smaller chunks
            // than a server round trip needs keep the buffers ahead of the caller small.
            return ahead(completeOrder(
                std::make_unique<SqliteCursor>(connectionString_, sql, request.columns.size(),
                                               chunkRows_ > 0 ? chunkRows : std::min<std::size_t>(chunkRows, 2048),
                                               origin(request.table) + " from " + displayName_)));
        }
        // A server's rows are fetched and converted by Poco a chunk ahead too, on the
        // cursor's own connection.
        return ahead(completeOrder(std::make_unique<Cursor>(
            *this, sql, request.columns.size(), chunkRows, origin(request.table) + " from " + displayName_,
            ++cursorCount_)));
    } catch (const SourceError&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw SourceError("query " + origin(request.table) + " failed on " + displayName_ + ": " +
                          scrub(e.displayText()));
    }
}

}  // namespace yewu
