// CsvSource: canonical rows from a folder of CSV exports (`csv:DIR`).
//
// One file per canonical table, `DIR/<table>.csv` unless
// source.csv.<table>.file names another; a missing file means the table is
// empty. The first record is the header. Its names are the canonical column
// names, unless source.csv.<table>.map.<canonical> = <header name> maps them
// (e.g. source.csv.invoice.map.invoice_no = 发票号). Encoding: UTF-8 or
// GBK/GB18030, detected per file, or fixed by source.csv.encoding.
//
// Rows are read in file order and sorted on the client when a job asks for an
// order (OrderedCursor: ExternalSorter within source.sort_memory_mb, default
// 64 MB, temp files beyond). A record whose field count differs from the
// header's is quarantined at "<file> row <line>" (RawRow::rowNumber is the
// line the record starts on). A requested column the header lacks fails the
// open() with the file name and the expected and actual columns.
#pragma once

#include <map>
#include <string>

#include "Source.h"

namespace yewu {

class CsvSource : public Source {
public:
    // Throws SourceError when `dir` is not a folder.
    CsvSource(std::string dir, const Poco::Util::AbstractConfiguration& config, std::string displayName);

    std::string describe() const override { return displayName_; }
    // The CSV file's path.
    std::string origin(Table table) const override;
    std::unique_ptr<RowCursor> open(const ScanRequest& request) override;

private:
    std::string dir_;
    std::string displayName_;
    std::string encoding_;
    std::size_t sortMemoryBytes_;
    std::map<Table, std::string> files_;
    std::map<Table, std::map<std::string, std::string>> headerOf_;  // canonical -> header name
};

}  // namespace yewu
