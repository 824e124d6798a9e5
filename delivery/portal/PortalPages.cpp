#include "PortalPages.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace yewu {

namespace {

struct Text {
    const char* zh;
    const char* en;
};

const char* t(PortalLang lang, const Text& text) { return lang == PortalLang::En ? text.en : text.zh; }

const Text kTitle{"业务报表下载", "yewu report downloads"};
const Text kUser{"用户名", "User name"};
const Text kPassword{"密码", "Password"};
const Text kLogin{"登录", "Sign in"};
const Text kLogout{"退出", "Sign out"};
const Text kInvalid{"用户名或密码错误。", "Wrong user name or password."};
const Text kLocked{"登录失败次数过多，账户已暂时锁定，请稍后再试。",
                   "Too many failed sign-ins: the account is locked for a while. Try again later."};
const Text kExpired{"会话已过期，请重新登录。", "Your session has expired. Please sign in again."};
const Text kCsrf{"表单已失效，请重试。", "The form expired. Please try again."};
const Text kNone{"暂无可下载的报表。", "No reports available to you yet."};
const Text kFile{"文件", "File"};
const Text kKind{"类型", "Kind"};
const Text kSubject{"对象", "Subject"};
const Text kSize{"大小", "Size"};
const Text kSignedIn{"当前用户", "Signed in as"};
const Text kOtherLang{"English", "中文"};

std::string humanSize(std::int64_t bytes) {
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(1);
    if (bytes < 1024) out << bytes << " B";
    else if (bytes < 1024 * 1024) out << double(bytes) / 1024 << " KB";
    else out << double(bytes) / (1024 * 1024) << " MB";
    return out.str();
}

std::string head(PortalLang lang, const std::string& title) {
    return "<!DOCTYPE html>\n<html lang=\"" + PortalPages::langTag(lang) +
           "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
           "<title>" + PortalPages::escape(title) +
           "</title><link rel=\"stylesheet\" href=\"/static/portal.css\"></head><body>\n";
}

}  // namespace

PortalLang PortalPages::chooseLang(const std::string& queryLang, const std::string& acceptLanguage) {
    if (queryLang == "en") return PortalLang::En;
    if (queryLang == "zh-CN" || queryLang == "zh") return PortalLang::ZhCN;
    std::string lower = acceptLanguage;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    const auto zh = lower.find("zh");
    const auto en = lower.find("en");
    if (en != std::string::npos && (zh == std::string::npos || en < zh)) return PortalLang::En;
    return PortalLang::ZhCN;
}

std::string PortalPages::escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out.push_back(c);
        }
    }
    return out;
}

std::string PortalPages::kindLabel(PortalLang lang, const std::string& kind) {
    static const std::map<std::string, Text> labels = {
        {"receivables_workbook", {"应收账款账龄分析表", "Receivables aging workbook"}},
        {"kpi_workbook", {"销售KPI工作簿", "KPI workbook"}},
        {"personal_kpi_workbook", {"个人KPI工作簿", "Personal KPI workbook"}},
        {"team_kpi_workbook", {"团队KPI工作簿", "Team KPI workbook"}},
        {"appraisal_letter", {"绩效考核通知书", "Appraisal letter"}},
        {"team_pack", {"团队考核汇总", "Team pack"}},
        {"contract", {"销售合同", "Sales contract"}},
        {"quarantine_report", {"数据问题报告", "Data issue report"}},
    };
    const auto it = labels.find(kind);
    return it == labels.end() ? kind : t(lang, it->second);
}

std::string PortalPages::jobLabel(PortalLang lang, const std::string& job) {
    static const std::map<std::string, Text> labels = {
        {"receivables", {"应收账款", "Receivables"}},
        {"kpi", {"销售KPI", "Sales KPIs"}},
        {"appraisal", {"绩效考核", "Appraisal"}},
        {"contracts", {"销售合同", "Contracts"}},
    };
    const auto it = labels.find(job);
    return it == labels.end() ? job : t(lang, it->second);
}

std::string PortalPages::login(PortalLang lang, const std::string& csrf, const std::string& message) {
    std::string html = head(lang, t(lang, kTitle));
    const std::string other = lang == PortalLang::En ? "zh-CN" : "en";
    html += "<main class=\"login\"><h1>" + escape(t(lang, kTitle)) + "</h1>\n";
    const Text* note = message == "invalid" ? &kInvalid
                       : message == "locked" ? &kLocked
                       : message == "expired" ? &kExpired
                       : message == "csrf" ? &kCsrf : nullptr;
    if (note) html += "<p class=\"error\" role=\"alert\">" + escape(t(lang, *note)) + "</p>\n";
    html += "<form method=\"post\" action=\"/login?lang=" + langTag(lang) + "\">"
            "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(csrf) + "\">"
            "<label>" + escape(t(lang, kUser)) +
            " <input name=\"user\" id=\"user\" autocomplete=\"username\" required></label>"
            "<label>" + escape(t(lang, kPassword)) +
            " <input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\" "
            "required></label>"
            "<button type=\"submit\" id=\"login\">" + escape(t(lang, kLogin)) + "</button></form>\n"
            "<p class=\"lang\"><a href=\"/login?lang=" + other + "\">" + escape(t(lang, kOtherLang)) +
            "</a></p></main></body></html>\n";
    return html;
}

std::string PortalPages::list(PortalLang lang, const std::string& userName, const std::string& role,
                              const std::vector<const CatalogEntry*>& entries, const std::string& csrf) {
    std::string html = head(lang, t(lang, kTitle));
    const std::string other = lang == PortalLang::En ? "zh-CN" : "en";
    html += "<header><h1>" + escape(t(lang, kTitle)) + "</h1><p>" + escape(t(lang, kSignedIn)) + " <b id=\"who\">" +
            escape(userName) + "</b> (" + escape(role) + ") · <a href=\"/?lang=" + other + "\">" +
            escape(t(lang, kOtherLang)) + "</a></p>";
    if (!csrf.empty())
        html += "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"" +
                escape(csrf) + "\"><button type=\"submit\" id=\"logout\">" + escape(t(lang, kLogout)) +
                "</button></form>";
    html += "</header><main>\n";
    if (entries.empty()) html += "<p id=\"empty\">" + escape(t(lang, kNone)) + "</p>\n";

    // Jobs ordered by their newest period, periods newest first, files by path.
    std::map<std::string, std::map<std::string, std::vector<const CatalogEntry*>, std::greater<>>> byJob;
    for (const auto* e : entries) byJob[e->job][e->period].push_back(e);
    std::vector<std::string> jobs;
    for (const auto& [job, periods] : byJob) jobs.push_back(job);
    std::stable_sort(jobs.begin(), jobs.end(), [&](const std::string& a, const std::string& b) {
        return byJob[a].begin()->first > byJob[b].begin()->first;
    });
    for (const auto& job : jobs) {
        html += "<section class=\"job\" data-job=\"" + escape(job) + "\"><h2>" + escape(jobLabel(lang, job)) +
                "</h2>\n";
        for (const auto& [period, files] : byJob[job]) {
            html += "<h3>" + escape(period) + "</h3><table><thead><tr><th>" + escape(t(lang, kFile)) + "</th><th>" +
                    escape(t(lang, kKind)) + "</th><th>" + escape(t(lang, kSubject)) + "</th><th>" +
                    escape(t(lang, kSize)) + "</th></tr></thead><tbody>\n";
            for (const auto* e : files)
                html += "<tr><td><a class=\"download\" data-kind=\"" + escape(e->kind) + "\" data-sha256=\"" +
                        escape(e->sha256) + "\" href=\"/files/" + e->id + "\">" + escape(e->path) + "</a></td><td>" +
                        escape(kindLabel(lang, e->kind)) + "</td><td>" + escape(e->subject) +
                        "</td><td class=\"num\">" + humanSize(e->bytes) + "</td></tr>\n";
            html += "</tbody></table>\n";
        }
        html += "</section>\n";
    }
    html += "</main></body></html>\n";
    return html;
}

std::string PortalPages::error(PortalLang lang, int status, const std::string& message) {
    return head(lang, std::to_string(status)) + "<main><h1>" + std::to_string(status) + "</h1><p>" +
           escape(message) + "</p><p><a href=\"/\">" + escape(t(lang, kTitle)) + "</a></p></main></body></html>\n";
}

const std::string& PortalPages::stylesheet() {
    static const std::string css =
        "body{font-family:\"WenQuanYi Zen Hei\",\"Noto Sans CJK SC\",sans-serif;margin:2em;color:#222}"
        "h1{font-size:1.4em}h2{border-bottom:1px solid #ccc;margin-top:1.5em}h3{margin-bottom:.3em}"
        "table{border-collapse:collapse;min-width:40em}th,td{border:1px solid #ddd;padding:.3em .6em;"
        "text-align:left}td.num{text-align:right}.error{color:#b00}"
        "form label{display:block;margin:.5em 0}header form{display:inline}\n";
    return css;
}

}  // namespace yewu
