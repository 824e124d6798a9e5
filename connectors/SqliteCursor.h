// SqliteCursor: the SQLite cursor of SqlSource, stepping the statement with
// SQLite's own API on a connection Poco::Data opened for this cursor alone
// (Poco::Data::SQLite::Utility::dbHandle), so that cursors read on different
// threads (PrefetchingCursor) never wait for each other's connection mutex.
//
// Written by hand because Poco's typed extraction was the largest single cost of
// reading: with limit() it appends every cell to a vector of
// Poco::Nullable<std::string> (allocated, moved, freed again), a third of the CPU
// of a KPI run at scale 1 (bench/README.md). Stepping the statement directly and
// assigning each cell into the chunk's existing strings allocates nothing once
// the chunk is warm. The Session stays Poco's: connecting, probing the columns
// and the other dialects are unchanged.
#pragma once

#include <memory>
#include <string>

#include "Source.h"

struct sqlite3;
struct sqlite3_stmt;

namespace Poco::Data {
class Session;
}

namespace yewu {

class SqliteCursor : public RowCursor {
public:
    // Prepares `select` on the session's connection, which the cursor keeps; `what`
    // names the query and source in messages. Throws SourceError when the statement
    // cannot be prepared.
    SqliteCursor(std::unique_ptr<Poco::Data::Session> session, const std::string& select, std::size_t columnCount,
                 std::size_t chunkRows, std::string what);
    ~SqliteCursor() override;
    SqliteCursor(const SqliteCursor&) = delete;
    SqliteCursor& operator=(const SqliteCursor&) = delete;

    // Reuses the rows already in `chunk` (their strings keep their capacity).
    bool next(std::vector<RawRow>& chunk) override;

private:
    void finish();

    std::unique_ptr<Poco::Data::Session> session_;
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
    std::size_t columnCount_;
    std::size_t chunkRows_;
    std::string what_;
    std::int64_t rowNumber_ = 0;
};

}  // namespace yewu
