// SqlSource: canonical rows from a SQL database through Poco::Data.
//
// Each canonical table is read by `<queriesDir>/<table>.sql`, a single SELECT
// whose result columns carry the canonical names. The query is wrapped as a
// subquery to pick the requested columns and add the ORDER BY, and rows are
// fetched `chunkRows` at a time (Poco's limit()), so memory stays flat.
// A missing query file means the table is empty.
#pragma once

#include <memory>
#include <string>

#include "Source.h"

namespace Poco::Data {
class Session;
}

namespace yewu {

class SqlSource : public Source {
public:
    // connector: the Poco::Data connector name ("SQLite"); connectionString is passed to it.
    // displayName is what describe() returns (must not contain a password).
    SqlSource(const std::string& connector, const std::string& connectionString, std::string displayName,
              std::string queriesDir);
    ~SqlSource() override;

    std::string describe() const override { return displayName_; }
    std::string origin(Table table) const override;
    std::unique_ptr<RowCursor> open(const ScanRequest& request) override;

private:
    class Cursor;
    std::string readQuery(Table table) const;  // empty when the file does not exist
    std::vector<std::string> resultColumns(const std::string& query, Table table);

    std::unique_ptr<Poco::Data::Session> session_;
    std::string displayName_;
    std::string queriesDir_;
};

}  // namespace yewu
