#include "DownloadHeaders.h"

#include <algorithm>
#include <cctype>

namespace yewu::download_headers {

namespace {

std::string lowerExtension(const std::string& name) {
    const auto dot = name.find_last_of('.');
    if (dot == std::string::npos) return "";
    std::string ext = name.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

bool isAttrChar(unsigned char c) {  // RFC 5987 attr-char
    return std::isalnum(c) || std::string_view("!#$&+-.^_`|~").find(char(c)) != std::string_view::npos;
}

}  // namespace

std::string contentTypeFor(const std::string& fileName) {
    const std::string ext = lowerExtension(fileName);
    if (ext == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (ext == "pdf") return "application/pdf";
    if (ext == "zip") return "application/zip";
    if (ext == "csv") return "text/csv; charset=utf-8";
    if (ext == "json") return "application/json";
    if (ext == "eml") return "message/rfc822";
    return "application/octet-stream";
}

std::string contentDisposition(const std::string& fileName) {
    std::string ascii, encoded;
    static const char* hex = "0123456789ABCDEF";
    for (std::size_t i = 0; i < fileName.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(fileName[i]);
        // Fallback: printable ASCII except quote and backslash; one '_' per UTF-8 sequence.
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ascii.push_back(char(c));
        else if (c < 0x80 || (c & 0xC0) == 0xC0) ascii.push_back('_');
        if (isAttrChar(c)) {
            encoded.push_back(char(c));
        } else {
            encoded.push_back('%');
            encoded.push_back(hex[c >> 4]);
            encoded.push_back(hex[c & 15]);
        }
    }
    if (ascii.empty()) ascii = "download";
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

std::string etagFor(const std::string& sha256) { return "\"" + sha256 + "\""; }

bool etagMatches(const std::string& ifNoneMatch, const std::string& etag) {
    std::size_t pos = 0;
    while (pos < ifNoneMatch.size()) {
        std::size_t end = ifNoneMatch.find(',', pos);
        if (end == std::string::npos) end = ifNoneMatch.size();
        std::string item = ifNoneMatch.substr(pos, end - pos);
        const auto first = item.find_first_not_of(" \t");
        const auto last = item.find_last_not_of(" \t");
        item = first == std::string::npos ? "" : item.substr(first, last - first + 1);
        if (item.rfind("W/", 0) == 0) item = item.substr(2);
        if (item == "*" || item == etag) return true;
        pos = end + 1;
    }
    return false;
}

}  // namespace yewu::download_headers
