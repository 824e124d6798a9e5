// PortalPages: the portal's HTML, in Chinese (zh-CN, the default) or English.
// Every value from data (names, paths, subjects) is HTML-escaped here; the
// pages use no script and no inline style, so the CSP can forbid both.
// The stylesheet is served from /static/portal.css (style-src 'self').
#pragma once

#include <string>
#include <vector>

#include "ManifestCatalog.h"

namespace yewu {

enum class PortalLang { ZhCN, En };

class PortalPages {
public:
    // ?lang= wins (zh-CN, zh, en); else the first of zh/en in Accept-Language; else zh-CN.
    static PortalLang chooseLang(const std::string& queryLang, const std::string& acceptLanguage);
    static std::string langTag(PortalLang lang) { return lang == PortalLang::En ? "en" : "zh-CN"; }

    static std::string escape(const std::string& text);
    // message: "" or one of "invalid", "locked", "expired", "csrf".
    static std::string login(PortalLang lang, const std::string& csrf, const std::string& message);
    // entries: what this user may download; csrf: the session's token for the logout form.
    static std::string list(PortalLang lang, const std::string& userName, const std::string& role,
                            const std::vector<const CatalogEntry*>& entries, const std::string& csrf);
    static std::string error(PortalLang lang, int status, const std::string& message);
    static const std::string& stylesheet();

    static std::string kindLabel(PortalLang lang, const std::string& kind);
    static std::string jobLabel(PortalLang lang, const std::string& job);
};

}  // namespace yewu
