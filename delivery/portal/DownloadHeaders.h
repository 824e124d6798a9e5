// DownloadHeaders: the response headers a download needs, computed from the
// manifest entry alone.
//   contentTypeFor("x.xlsx") -> the OOXML spreadsheet type, .pdf ->
//   application/pdf, ... anything unknown -> application/octet-stream;
//   contentDisposition("应收账款.xlsx") -> attachment; filename="____.xlsx";
//   filename*=UTF-8''%E5%BA%94... (RFC 6266 / RFC 5987: the ASCII fallback for
//   old clients, the exact UTF-8 name for everyone else);
//   etagFor(sha256) -> "\"<sha256>\"", and etagMatches(If-None-Match, etag).
// Hand-written because Poco has no RFC 5987 encoder; the rules are short.
#pragma once

#include <string>

namespace yewu::download_headers {

std::string contentTypeFor(const std::string& fileName);
std::string contentDisposition(const std::string& fileName);
std::string etagFor(const std::string& sha256);
// True when an If-None-Match header value names etag (or is "*"); handles lists and W/ prefixes.
bool etagMatches(const std::string& ifNoneMatch, const std::string& etag);

}  // namespace yewu::download_headers
