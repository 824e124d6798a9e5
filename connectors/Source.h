// Source: where canonical rows come from. A job asks for one table at a time,
// with the columns it needs and an order, and receives the rows in bounded
// chunks, so memory does not grow with the size of the table.
//
// Values arrive as the source holds them: text, NULL, or an integer where the
// source stores one (Cell); RowDecoder turns them into entities and
// quarantines what does not parse.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "CanonicalTable.h"
#include "core/Date.h"
#include "Cell.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace yewu {

struct RawRow {
    std::int64_t rowNumber = 0;                     // 1-based position in the table's result (CSV: line)
    std::vector<Cell> values;  // in the order of the requested columns
    // Non-empty when the source could not read the row as a whole (a CSV line with too
    // many fields, a JSON record that is not an object): the row is quarantined with
    // this reason, with whatever values could be read.
    std::string problem;
};

// A hint that only rows whose date `column` falls in [from, until) are needed.
struct DateFilter {
    std::string column;  // a canonical date column of the table
    Date from, until;
};

struct ScanRequest {
    Table table;
    std::vector<std::string> columns;   // canonical names, all must be present in the source
    std::vector<std::string> orderBy;   // canonical names; empty = source order
    std::size_t chunkRows = 10000;
    // SQL sources read only those rows (a WHERE on the query); other sources may return
    // every row, so a reader must give the same results either way.
    std::optional<DateFilter> onlyDates = std::nullopt;
    // SQL sources read the next chunks on a thread of their own unless the caller says
    // it reads ahead itself (TableReader decodes on its read-ahead thread).
    bool readAhead = true;
};

// A forward-only stream of one table's rows, read a chunk at a time.
class RowCursor {
public:
    virtual ~RowCursor() = default;
    // Replaces `chunk` with the next rows; false (and an empty chunk) at the end.
    // Throws SourceError when the source fails mid-stream.
    virtual bool next(std::vector<RawRow>& chunk) = 0;
};

class Source {
public:
    virtual ~Source() = default;

    // A description safe to print and to put in a workbook: never a password.
    virtual std::string describe() const = 0;
    // Where a row of `table` comes from, for error messages ("config/queries/canonical/invoice.sql").
    virtual std::string origin(Table table) const = 0;

    // Opens a stream over the table. Several cursors may be open at once (a job
    // merges invoices with their payments). Throws SourceError when the source
    // fails or a requested column is missing; the message names the query and
    // the expected and actual columns.
    virtual std::unique_ptr<RowCursor> open(const ScanRequest& request) = 0;
};

// Opens a source from its URI: sqlite:PATH, postgresql:CONNINFO, mysql:CONNINFO,
// http(s)://..., csv:DIR. `queriesDir` holds the <table>.sql mapping files for SQL
// sources. `config` gives the source.* keys: password (from YEWU_SOURCE__PASSWORD), label
// (what describe() says instead of the URI),
// retries, retry_delay, chunk_rows, and the [source.http] and [source.csv] sections.
// Throws SourceError for an unknown scheme or a source that cannot be opened (after
// the configured retries).
std::unique_ptr<Source> openSource(const std::string& uri, const Poco::Util::AbstractConfiguration& config,
                                   const std::string& queriesDir);
// The same with every source.* key at its default.
std::unique_ptr<Source> openSource(const std::string& uri, const std::string& queriesDir);

}  // namespace yewu
