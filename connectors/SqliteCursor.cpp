#include "SqliteCursor.h"

#include <sqlite3.h>

#include <string_view>

#include "SourceError.h"

namespace yewu {

SqliteCursor::SqliteCursor(const std::string& path, const std::string& select,
                           std::size_t columnCount, std::size_t chunkRows, std::string what)
    : columnCount_(columnCount), chunkRows_(chunkRows), what_(std::move(what)) {
    if (sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI,
                        nullptr) != SQLITE_OK) {
        const std::string error = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw SourceError("cannot open " + what_ + ": " + error);
    }
    // A writer holding the file briefly is waited for, as Poco does.
    sqlite3_busy_timeout(db_, 5000);
    // A cursor reads each page once, so SQLite's page cache only has to hold the pages
    // under the cursor. At 64 pages (256 KiB, instead of 2 MB) the buffer that pread()
    // fills next is one used moments ago and still in the CPU's cache: 3% of the KPI
    // job's time, where four connections read at once. A query that sorts in a temporary
    // b-tree (no index serves its ORDER BY) keeps the default: the b-tree lives in the
    // same cache, and at 64 pages 20,000 customers spilled to a file in /var/tmp.
    if (!sortsInTemporaryStorage(db_, select))
        sqlite3_exec(db_, "PRAGMA cache_size = 64", nullptr, nullptr, nullptr);
    if (sqlite3_prepare_v2(db_, select.c_str(), int(select.size()), &statement_, nullptr) !=
        SQLITE_OK) {
        const std::string error = sqlite3_errmsg(db_);
        sqlite3_finalize(statement_);
        statement_ = nullptr;
        sqlite3_close(db_);
        db_ = nullptr;
        throw SourceError("query " + what_ + " failed: " + error);
    }
    if (std::size_t(sqlite3_column_count(statement_)) != columnCount_) {
        finish();
        sqlite3_close(db_);
        db_ = nullptr;
        throw SourceError("query " + what_ + " returned an unexpected number of columns");
    }
}

bool sortsInTemporaryStorage(sqlite3* db, const std::string& select) {
    // The statement's program, one opcode per row (EXPLAIN's second column).
    const std::string explain = "EXPLAIN " + select;
    sqlite3_stmt* program = nullptr;
    if (sqlite3_prepare_v2(db, explain.c_str(), int(explain.size()), &program, nullptr) != SQLITE_OK) {
        sqlite3_finalize(program);
        return true;  // unknown: keep SQLite's default
    }
    bool sorts = false;
    while (!sorts && sqlite3_step(program) == SQLITE_ROW) {
        const auto* opcode = reinterpret_cast<const char*>(sqlite3_column_text(program, 1));
        const std::string_view op = opcode ? opcode : "";
        sorts = op == "SorterOpen" || op == "OpenEphemeral" || op == "OpenAutoindex";
    }
    sqlite3_finalize(program);
    return sorts;
}

SqliteCursor::~SqliteCursor() {
    finish();
    sqlite3_close(db_);
}

void SqliteCursor::finish() {
    if (statement_) sqlite3_finalize(statement_);
    statement_ = nullptr;
}

bool SqliteCursor::next(std::vector<RawRow>& chunk) {
    if (!statement_) {
        chunk.clear();
        return false;
    }
    if (chunk.size() > chunkRows_) chunk.resize(chunkRows_);
    std::size_t n = 0;
    while (n < chunkRows_) {
        const int step = sqlite3_step(statement_);
        if (step == SQLITE_DONE) {
            finish();
            break;
        }
        if (step != SQLITE_ROW) {
            const std::string error = sqlite3_errmsg(db_);
            finish();
            throw SourceError("reading " + what_ + " failed after row " +
                              std::to_string(rowNumber_) + ": " + error);
        }
        if (n == chunk.size()) chunk.emplace_back();
        RawRow& row = chunk[n++];
        row.rowNumber = ++rowNumber_;
        row.problem.clear();
        row.values.resize(columnCount_);
        for (std::size_t c = 0; c < columnCount_; ++c) {
            auto& value = row.values[c];
            // One sqlite3_column_value() per cell instead of sqlite3_column_type() then
            // _int64() or _text() and _bytes(): each column call enters and leaves the
            // connection (a quarter of the reading cost at scale 1). SQLite calls reading
            // this unprotected value "not threadsafe": only this thread uses the
            // connection, opened without mutexes anyway.
            sqlite3_value* cell = sqlite3_column_value(statement_, int(c));
            const int type = sqlite3_value_type(cell);
            if (type == SQLITE_NULL) {
                value.reset();
                continue;
            }
            if (type == SQLITE_INTEGER) {
                // Kept a number: its digits are those SQLite's own conversion would give.
                value.setInteger(sqlite3_value_int64(cell));
                continue;
            }
            // Text first, then its length: the documented order for a stable pointer.
            const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(cell));
            value.setText({text, std::size_t(sqlite3_value_bytes(cell))});
        }
    }
    chunk.resize(n);
    return n > 0;
}

}  // namespace yewu
