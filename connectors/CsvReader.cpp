#include "CsvReader.h"

#include "SourceError.h"

namespace yewu {

namespace {
constexpr std::size_t kBlock = 64 * 1024;
constexpr std::size_t kDetectBytes = 1024 * 1024;

// Line breaks inside a (quoted) field: LF, CRLF or a lone CR each count once.
std::int64_t lineBreaks(const std::string& text) {
    std::int64_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') ++n;
        else if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) ++n;
    }
    return n;
}
}  // namespace

CsvReader::CsvReader(const std::string& path, const std::string& encoding)
    : path_(path), in_(path, std::ios::binary), encoding_(encoding) {
    if (!in_) throw SourceError("cannot open " + path);
    if (encoding_.empty() || encoding_ == "auto") {
        pending_.resize(kDetectBytes);
        in_.read(pending_.data(), std::streamsize(pending_.size()));
        pending_.resize(std::size_t(in_.gcount()));
        encoding_ = Utf8Converter::detect(pending_);
    }
    converter_ = std::make_unique<Utf8Converter>(encoding_, path_);
    if (csv_init(&parser_, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL | CSV_REPALL_NL | CSV_STRICT_FINI) != 0)
        throw SourceError("cannot initialise libcsv");
}

CsvReader::~CsvReader() { csv_free(&parser_); }

void CsvReader::onField(void* data, std::size_t size, void* self) {
    auto& reader = *static_cast<CsvReader*>(self);
    reader.lastWasCr_ = false;
    if (data)
        reader.current_.fields.emplace_back(std::string(static_cast<const char*>(data), size));
    else
        reader.current_.fields.emplace_back(std::nullopt);
}

// With CSV_REPALL_NL libcsv reports every unquoted CR and LF, so blank lines and
// CRLF pairs can be counted: the line number stays exact.
void CsvReader::onRecordEnd(int terminator, void* self) {
    auto& reader = *static_cast<CsvReader*>(self);
    const bool crlf = terminator == '\n' && reader.lastWasCr_ && reader.current_.fields.empty();
    if (!reader.current_.fields.empty()) {
        std::int64_t inside = 0;
        for (const auto& f : reader.current_.fields)
            if (f) inside += lineBreaks(*f);
        reader.current_.line = reader.line_;
        reader.line_ += inside;
        reader.ready_.push_back(std::move(reader.current_));
        reader.current_ = Record();
    }
    if (!crlf && (terminator == '\n' || terminator == '\r')) ++reader.line_;
    reader.lastWasCr_ = terminator == '\r';
}

bool CsvReader::readBlock() {
    std::string bytes;
    if (!pending_.empty()) {
        bytes.swap(pending_);
    } else if (!in_.eof()) {
        bytes.resize(kBlock);
        in_.read(bytes.data(), std::streamsize(bytes.size()));
        bytes.resize(std::size_t(in_.gcount()));
        if (in_.bad()) throw SourceError("cannot read " + path_);
    }
    const bool atEnd = bytes.empty() || in_.peek() == std::char_traits<char>::eof();
    std::string utf8;
    converter_->convert(bytes, atEnd, utf8);
    if (!utf8.empty() && csv_parse(&parser_, utf8.data(), utf8.size(), onField, onRecordEnd, this) != utf8.size())
        throw SourceError(path_ + " line " + std::to_string(line_) + ": " + csv_strerror(csv_error(&parser_)));
    if (!atEnd) return true;
    if (csv_fini(&parser_, onField, onRecordEnd, this) != 0)
        throw SourceError(path_ + " line " + std::to_string(line_) + ": a quoted field is never closed");
    return false;
}

bool CsvReader::next(Record& record) {
    while (ready_.empty() && !finished_) finished_ = !readBlock();
    if (ready_.empty()) return false;
    record = std::move(ready_.front());
    ready_.pop_front();
    return true;
}

}  // namespace yewu
