#include <gtest/gtest.h>

#include "delivery/portal/AccessPolicy.h"
#include "delivery/portal/DownloadHeaders.h"
#include "delivery/portal/PortalPages.h"

namespace yewu {
namespace {

CatalogEntry entry(const std::string& kind, const std::string& subject, const std::string& team = "") {
    CatalogEntry e;
    e.kind = kind;
    e.subject = subject;
    e.team = team;
    return e;
}

PortalUser user(PortalRole role, const std::string& sp = "", const std::string& team = "") {
    PortalUser u;
    u.name = "u";
    u.role = role;
    u.salespersonId = sp;
    u.team = team;
    return u;
}

AccessPolicy policy() {
    return AccessPolicy(AccessRules{}, [](const std::string& sp) { return sp == "9" ? "East" : ""; });
}

TEST(PortalAccessPolicyTest, FinanceGetsReceivablesAndKpiOnly) {
    const auto p = policy();
    const auto fin = user(PortalRole::Finance);
    EXPECT_TRUE(p.mayDownload(fin, entry("receivables_workbook", "")));
    EXPECT_TRUE(p.mayDownload(fin, entry("kpi_workbook", "")));
    EXPECT_TRUE(p.mayDownload(fin, entry("personal_kpi_workbook", "7")));
    EXPECT_TRUE(p.mayDownload(fin, entry("team_kpi_workbook", "East")));
    EXPECT_FALSE(p.mayDownload(fin, entry("appraisal_letter", "7")));
    EXPECT_FALSE(p.mayDownload(fin, entry("team_pack", "East")));
    EXPECT_FALSE(p.mayDownload(fin, entry("contract", "SO-1")));
    EXPECT_FALSE(p.mayDownload(fin, entry("some_future_kind", "")));
}

TEST(PortalAccessPolicyTest, SalespersonOnlyTheirOwnSubject) {
    const auto p = policy();
    const auto sp = user(PortalRole::Salesperson, "7");
    EXPECT_TRUE(p.mayDownload(sp, entry("appraisal_letter", "7")));
    EXPECT_TRUE(p.mayDownload(sp, entry("personal_kpi_workbook", "7")));
    EXPECT_FALSE(p.mayDownload(sp, entry("appraisal_letter", "70")));
    EXPECT_FALSE(p.mayDownload(sp, entry("appraisal_letter", "")));
    EXPECT_FALSE(p.mayDownload(sp, entry("contract", "7")));  // subject is an order number there
    EXPECT_FALSE(p.mayDownload(sp, entry("receivables_workbook", "")));
    EXPECT_FALSE(p.mayDownload(user(PortalRole::Salesperson, ""), entry("appraisal_letter", "")));
}

TEST(PortalAccessPolicyTest, ManagerTheirTeamByTeamsFileOrUsersFile) {
    const auto p = policy();
    const auto mgr = user(PortalRole::Manager, "", "East");
    EXPECT_TRUE(p.mayDownload(mgr, entry("team_pack", "East", "East")));
    EXPECT_FALSE(p.mayDownload(mgr, entry("team_pack", "West", "West")));
    EXPECT_TRUE(p.mayDownload(mgr, entry("appraisal_letter", "7", "East")));
    EXPECT_FALSE(p.mayDownload(mgr, entry("appraisal_letter", "8", "West")));
    EXPECT_TRUE(p.mayDownload(mgr, entry("appraisal_letter", "9")));   // team from the fallback
    EXPECT_FALSE(p.mayDownload(mgr, entry("appraisal_letter", "10")));  // team unknown: no
    EXPECT_TRUE(p.mayDownload(mgr, entry("kpi_workbook", "")));         // company-wide, by default
    EXPECT_TRUE(p.mayDownload(mgr, entry("kpi_workbook", "East", "East")));
    EXPECT_FALSE(p.mayDownload(mgr, entry("kpi_workbook", "West", "West")));
    EXPECT_TRUE(p.mayDownload(mgr, entry("team_kpi_workbook", "East")));
    EXPECT_FALSE(p.mayDownload(mgr, entry("team_kpi_workbook", "West")));
    EXPECT_FALSE(p.mayDownload(mgr, entry("team_pack", "West", "East")));  // a team kind goes by its subject
    EXPECT_FALSE(p.mayDownload(mgr, entry("receivables_workbook", "")));
    EXPECT_FALSE(p.mayDownload(user(PortalRole::Manager), entry("team_pack", "", "")));
    AccessRules strict;
    strict.managerSeesCompanyKpi = false;
    EXPECT_FALSE(AccessPolicy(strict, {}).mayDownload(mgr, entry("kpi_workbook", "")));
}

TEST(PortalAccessPolicyTest, AdminEverythingAndNewKindsByConfig) {
    const auto p = policy();
    EXPECT_TRUE(p.mayDownload(user(PortalRole::Admin), entry("contract", "SO-1")));
    EXPECT_TRUE(p.mayDownload(user(PortalRole::Admin), entry("some_future_kind", "")));
    AccessRules rules;
    rules.financeKinds.insert("contract");
    EXPECT_TRUE(AccessPolicy(rules, {}).mayDownload(user(PortalRole::Finance), entry("contract", "SO-1")));
}

TEST(PortalDownloadHeadersTest, ContentTypeDispositionAndEtag) {
    using namespace download_headers;
    EXPECT_EQ(contentTypeFor("a.XLSX"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(contentTypeFor("绩效.pdf"), "application/pdf");
    EXPECT_EQ(contentTypeFor("noext"), "application/octet-stream");
    EXPECT_EQ(contentDisposition("应收账款 2026.xlsx"),
              "attachment; filename=\"____ 2026.xlsx\"; "
              "filename*=UTF-8''%E5%BA%94%E6%94%B6%E8%B4%A6%E6%AC%BE%202026.xlsx");
    EXPECT_EQ(contentDisposition("a\"b\\c;.pdf"), "attachment; filename=\"a_b_c;.pdf\"; filename*=UTF-8''a%22b%5Cc%3B.pdf");
    EXPECT_EQ(etagFor("ab"), "\"ab\"");
    EXPECT_TRUE(etagMatches("\"ab\"", "\"ab\""));
    EXPECT_TRUE(etagMatches("\"x\", W/\"ab\"", "\"ab\""));
    EXPECT_TRUE(etagMatches("*", "\"ab\""));
    EXPECT_FALSE(etagMatches("\"abc\"", "\"ab\""));
    EXPECT_FALSE(etagMatches("", "\"ab\""));
}

TEST(PortalPagesTest, EscapesDataAndChoosesLanguage) {
    EXPECT_EQ(PortalPages::escape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
    EXPECT_EQ(PortalPages::chooseLang("", "en-US,zh;q=0.5"), PortalLang::En);
    EXPECT_EQ(PortalPages::chooseLang("", "zh-CN,en;q=0.5"), PortalLang::ZhCN);
    EXPECT_EQ(PortalPages::chooseLang("", ""), PortalLang::ZhCN);
    EXPECT_EQ(PortalPages::chooseLang("en", "zh-CN"), PortalLang::En);
    CatalogEntry e;
    e.id = "0123456789abcdef0123456789abcdef";
    e.job = "appraisal";
    e.period = "2026-10";
    e.path = "letters/<script>.pdf";
    e.kind = "appraisal_letter";
    const std::string html = PortalPages::list(PortalLang::ZhCN, "<b>", "admin", {&e}, "tok");
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
    EXPECT_NE(html.find("绩效考核通知书"), std::string::npos);
}

}  // namespace
}  // namespace yewu
