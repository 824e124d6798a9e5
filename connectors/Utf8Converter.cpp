#include "Utf8Converter.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <vector>

#include "SourceError.h"

namespace yewu {

Utf8Converter::Utf8Converter(const std::string& charset, std::string what) : what_(std::move(what)) {
    UErrorCode status = U_ZERO_ERROR;
    converter_ = ucnv_open(charset.c_str(), &status);
    if (U_FAILURE(status)) throw SourceError("unknown encoding '" + charset + "' for " + what_);
    ucnv_setToUCallBack(converter_, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
}

Utf8Converter::~Utf8Converter() {
    if (converter_) ucnv_close(converter_);
}

void Utf8Converter::convert(std::string_view bytes, bool last, std::string& out) {
    std::vector<UChar> utf16(bytes.size() + 16);
    const char* source = bytes.data();
    const char* sourceLimit = bytes.data() + bytes.size();
    UChar* target = utf16.data();
    UErrorCode status = U_ZERO_ERROR;
    ucnv_toUnicode(converter_, &target, utf16.data() + utf16.size(), &source, sourceLimit, nullptr, last, &status);
    if (U_FAILURE(status)) {
        // ICU stops after the offending bytes; report where they begin.
        char invalid[32];
        int8_t invalidLength = sizeof invalid;
        UErrorCode ignored = U_ZERO_ERROR;
        ucnv_getInvalidChars(converter_, invalid, &invalidLength, &ignored);
        const auto at = offset_ + std::uint64_t(source - bytes.data()) - std::uint64_t(std::max<int8_t>(0, invalidLength));
        ignored = U_ZERO_ERROR;
        const char* name = ucnv_getName(converter_, &ignored);
        throw SourceError(what_ + ": bytes at offset " + std::to_string(at) + " are not valid " +
                          (name ? name : "in the encoding") + " (set source.csv.encoding)");
    }
    offset_ += bytes.size();
    const int32_t units = int32_t(target - utf16.data());
    const UChar* begin = utf16.data();
    int32_t count = units;
    if (atStart_ && count > 0) {
        if (begin[0] == 0xFEFF) ++begin, --count;  // byte order mark
        atStart_ = false;
    }
    if (count == 0) return;
    int32_t length = 0;
    status = U_ZERO_ERROR;
    u_strToUTF8(nullptr, 0, &length, begin, count, &status);
    const std::size_t old = out.size();
    out.resize(old + std::size_t(length));
    status = U_ZERO_ERROR;
    u_strToUTF8(out.data() + old, length, nullptr, begin, count, &status);
    if (U_FAILURE(status)) throw SourceError(what_ + ": cannot convert to UTF-8");
}

std::string Utf8Converter::detect(std::string_view sample) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* utf8 = ucnv_open("UTF-8", &status);
    ucnv_setToUCallBack(utf8, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    std::vector<UChar> utf16(sample.size() + 16);
    const char* source = sample.data();
    UChar* target = utf16.data();
    ucnv_toUnicode(utf8, &target, utf16.data() + utf16.size(), &source, sample.data() + sample.size(), nullptr,
                   false, &status);
    ucnv_close(utf8);
    return U_FAILURE(status) ? "GB18030" : "UTF-8";
}

}  // namespace yewu
