// SqliteCursor: the SQLite cursor of SqlSource, on a read-only connection of
// its own, opened and stepped with SQLite's API.
//
// Written by hand because Poco::Data's SQLite connector was most of the cost of
// reading (bench/README.md): with limit() it appends every cell to a vector of
// Poco::Nullable<std::string> (allocated, moved, freed again), a third of the
// CPU of a KPI run at scale 1; and its connections are opened in SQLite's
// serialized mode, where every sqlite3_column_* call locks a mutex (another
// tenth). This cursor opens its connection read-only and without mutexes
// (SQLITE_OPEN_NOMUTEX: only the thread reading the cursor ever uses it),
// steps the statement itself and assigns each cell into the chunk's existing
// cells (integers as numbers), so a warm chunk allocates nothing. Poco::Data
// still opens the source, probes the queries' columns and serves the other
// dialects.
#pragma once

#include <memory>
#include <string>

#include "Source.h"

struct sqlite3;
struct sqlite3_stmt;

namespace yewu {

// Whether SQLite sorts `select`'s rows in a temporary b-tree or sorter (EXPLAIN's
// opcodes): no index serves its ORDER BY. True when the program cannot be had.
bool sortsInTemporaryStorage(sqlite3* db, const std::string& select);

class SqliteCursor : public RowCursor {
public:
    // Opens `path` read-only and prepares `select`; `what` names the query and source
    // in messages. Throws SourceError when either fails.
    SqliteCursor(const std::string& path, const std::string& select, std::size_t columnCount,
                 std::size_t chunkRows, std::string what);
    ~SqliteCursor() override;
    SqliteCursor(const SqliteCursor&) = delete;
    SqliteCursor& operator=(const SqliteCursor&) = delete;

    // Reuses the rows already in `chunk` (their strings keep their capacity).
    bool next(std::vector<RawRow>& chunk) override;

private:
    void finish();

    sqlite3* db_ = nullptr;
    sqlite3_stmt* statement_ = nullptr;
    std::size_t columnCount_;
    std::size_t chunkRows_;
    std::string what_;
    std::int64_t rowNumber_ = 0;
};

}  // namespace yewu
