// CsvReader: the records of one CSV file, pulled one at a time, parsed by
// libcsv (RFC 4180: quoted fields with embedded commas, quotes and line
// breaks; CRLF or LF) after conversion to UTF-8 (Utf8Converter). Each record
// carries the line it starts on, so a bad row can be reported by file and line.
// An unquoted empty field reads as NULL; a quoted one ("") as the empty string.
// Blank lines are skipped. Memory: one 64 KB block and the records parsed from it.
//
// Throws SourceError when the file cannot be read, its bytes are not valid in
// its encoding, or a quoted field is never closed.
#pragma once

#include <csv.h>

#include <cstdint>
#include <deque>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "Utf8Converter.h"

namespace yewu {

class CsvReader {
public:
    struct Record {
        std::int64_t line = 0;  // 1-based line the record starts on
        std::vector<std::optional<std::string>> fields;
    };

    // encoding: an ICU converter name, or "auto" (Utf8Converter::detect on the first 1 MB).
    CsvReader(const std::string& path, const std::string& encoding);
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // The next record, or false at the end of the file.
    bool next(Record& record);
    const std::string& encoding() const { return encoding_; }

private:
    static void onField(void* data, std::size_t size, void* self);
    static void onRecordEnd(int terminator, void* self);
    bool readBlock();  // false at the end of the file

    std::string path_;
    std::ifstream in_;
    std::string encoding_;
    std::unique_ptr<Utf8Converter> converter_;
    csv_parser parser_{};
    std::deque<Record> ready_;
    Record current_;
    std::int64_t line_ = 1;
    bool lastWasCr_ = false;
    bool finished_ = false;
    std::string pending_;  // raw bytes read for detection, not yet converted
};

}  // namespace yewu
