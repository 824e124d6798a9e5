// SqlSource: canonical rows from a SQL database through Poco::Data (SQLite,
// PostgreSQL, MySQL/MariaDB).
//
// Each canonical table is read by `<queriesDir>/<table>.sql`, a single SELECT
// whose result columns carry the canonical names. The query is wrapped as a
// subquery to pick the requested columns and add the ORDER BY, and rows come
// `chunkRows` at a time, so memory stays flat whatever the table size:
//  - SQLite: one statement and one read-only connection per cursor, opened and
//    stepped by SqliteCursor with SQLite's own API (see there why), a chunk
//    ahead on its own thread (PrefetchingCursor);
//  - PostgreSQL: Poco's connector would materialise the whole result in libpq
//    (PQexecPrepared), so each cursor opens its own session, declares a
//    server-side cursor in a read-only transaction and FETCHes a chunk at a time,
//    with libpq on Poco's connection (Poco's cell extraction cost a third of the
//    client's CPU), a chunk ahead on its own thread;
//  - MySQL/MariaDB: Poco's connector fetches unbuffered (mysql_stmt_fetch
//    without store_result), which keeps the connection busy, so each cursor
//    opens its own session; values are CAST to CHAR so every column type reads
//    as text.
// A missing query file means the table is empty.
//
// Failures: connecting is retried by `retry` (with backoff), then a SourceError
// names the source (never the password) and the last error. A server cursor that
// fails mid-stream is reopened on a new connection after the rows already
// delivered (OFFSET), which is exact when the requested order is total (jobs order
// by unique keys); once the retries are spent, SourceError.
#pragma once

#include <memory>
#include <string>

#include "RetryPolicy.h"
#include "Source.h"

namespace Poco::Data {
class Session;
}

namespace yewu {

enum class SqlDialect { SQLite, PostgreSQL, MySQL };

class SqlSource : public Source {
public:
    // connectionString is what the Poco connector takes (a path, a libpq conninfo, a
    // "key=value;..." MySQL string), without the password; a non-empty `password` is added
    // to it and scrubbed from every message. displayName is what describe() returns.
    // chunkRows > 0 overrides the requests' chunk size. Throws SourceError when the
    // database cannot be reached after the retries.
    SqlSource(SqlDialect dialect, std::string connectionString, std::string password, std::string displayName,
              std::string queriesDir, RetryPolicy retry = RetryPolicy(), std::size_t chunkRows = 0);
    // The SQLite form kept for callers of the first version: connector "SQLite".
    SqlSource(const std::string& connector, const std::string& connectionString, std::string displayName,
              std::string queriesDir);
    ~SqlSource() override;

    std::string describe() const override { return displayName_; }
    std::string origin(Table table) const override;
    std::unique_ptr<RowCursor> open(const ScanRequest& request) override;

    // A new session to the database, retried by the policy. Throws SourceError.
    std::unique_ptr<Poco::Data::Session> connect() const;

private:
    class Cursor;
    std::string readQuery(Table table) const;  // empty when the file does not exist
    std::vector<std::string> resultColumns(const std::string& query, Table table);
    std::string scrub(std::string message) const;  // the password replaced by ***

    SqlDialect dialect_;
    std::string connectionString_;  // with the password
    std::string password_;          // only to scrub it from messages
    std::string displayName_;
    std::string queriesDir_;
    RetryPolicy retry_;
    std::size_t chunkRows_;
    std::unique_ptr<Poco::Data::Session> session_;  // probes; SQLite cursors share it
    int cursorCount_ = 0;
};

}  // namespace yewu
