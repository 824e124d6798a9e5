// Utf8Converter: turns a byte stream in some charset (UTF-8, GBK, GB18030, any
// ICU converter name) into UTF-8 a block at a time, with ICU's converters
// (ucnv), keeping multi-byte sequences split across blocks intact. Invalid or
// unmappable bytes are an error, never silently replaced: convert() throws
// SourceError naming `what` and the byte offset.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct UConverter;

namespace yewu {

class Utf8Converter {
public:
    // Throws SourceError when ICU knows no converter by that name.
    Utf8Converter(const std::string& charset, std::string what);
    ~Utf8Converter();
    Utf8Converter(const Utf8Converter&) = delete;
    Utf8Converter& operator=(const Utf8Converter&) = delete;

    // Appends the UTF-8 for `bytes` to `out`; `last` for the final block (an incomplete
    // sequence at its end is then an error). A leading UTF-8 byte order mark is dropped.
    void convert(std::string_view bytes, bool last, std::string& out);

    // "UTF-8" when `sample` (the first bytes of a file) is valid UTF-8, allowing a sequence
    // cut at its end, otherwise "GB18030" (a superset of GBK and GB2312).
    static std::string detect(std::string_view sample);

private:
    UConverter* converter_ = nullptr;
    std::string what_;
    std::uint64_t offset_ = 0;
    bool atStart_ = true;
};

}  // namespace yewu
