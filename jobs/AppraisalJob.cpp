// The monthly appraisal: read the same rows as the KPI job (salespeople,
// customers, targets, orders, visits, invoices with payments) plus the
// month's ratings, compute each salesperson's KPIs (core/KpiCalculator) and
// appraisal score (core/AppraisalScore), and render
//   letters/<salesperson-id>.pdf   appraisal_letter, one per active salesperson
//   teams/<team>.pdf               team_pack: a summary page (members by score,
//                                  grade distribution), then the team's letters
//   people/<salesperson-id>.xlsx   personal_kpi_workbook (appraisal.workbooks)
//   teams/<team>.xlsx              team_kpi_workbook (appraisal.workbooks): the KPI
//                                  workbook's sheets for one team's members, mailed
//                                  to the team's manager with the team pack
// from templates/<locale>/appraisal_letter.md and team_summary.md.
//
// Config (defaults in brackets; see config/yewu.ini.example):
//   [appraisal] weight_sales [50], weight_collection [15], weight_visits [10],
//     weight_attitude [15], weight_satisfaction [10], cap [120], grade_a [90],
//     grade_b [80], grade_c [60], outcome_a … outcome_d (and outcome_a_en …),
//     appeal_clause (and appeal_clause_en), reviewer [""], watermark [""],
//     workbooks [true]
//   [company] name, address, phone, letterhead (the header line; default
//     "name · address · phone"), letterhead_pdf [none]
//   [pdf] margin_top_mm [20], margin_bottom_mm [18], margin_left_mm [20],
//     margin_right_mm [20], font_cjk, font_latin, font_latin_bold
// The letter's date and the PDFs' creation date are the first day after the
// period, so a rerun gives byte-identical files.
#include "AppraisalJob.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "ConfigError.h"
#include "KpiInputs.h"
#include "KpiWorkbookContent.h"
#include "DocumentPool.h"
#include "OutputSet.h"
#include "Runner.h"
#include "connectors/IdSet.h"
#include "connectors/TableReader.h"
#include "core/AppraisalScore.h"
#include "core/KpiCalculator.h"
#include "core/ReceivablesAging.h"
#include "reports/MarkdownDocument.h"
#include "reports/TemplateRenderer.h"
#include "reports/pdf/PdfRenderer.h"
#include "reports/xlsx/KpiWorkbook.h"

namespace yewu {

namespace {


struct Texts {
    std::array<std::string, 4> outcomes;  // A..D
    std::string appeal;
};

struct Settings {
    AppraisalPolicy policy;
    Texts texts;
    std::string reviewer;
    bool workbooks = true;
    std::string companyName, companyAddress, companyPhone, letterhead;
    PdfPageStyle style;
    PdfFontFiles fonts;
};

struct NextTarget {
    Money sales;
    std::int64_t visits = 0;
};

struct Letter {
    Id id = 0;
    std::string name;
    std::string team;
    AppraisalResult result;
    std::string outcome;
    Document document;
};

const char* const kDefaultOutcomesZh[4] = {
    "奖励，并列入晋升候选人名单。",
    "标准，维持现有待遇。",
    "制定绩效改进计划，下月复核。",
    "培训或调整岗位。",
};
const char* const kDefaultOutcomesEn[4] = {
    "Reward, and candidate for promotion.",
    "Standard.",
    "Performance improvement plan, reviewed next month.",
    "Training or reassignment.",
};
const char* const kComponentLabelsZh[kAppraisalComponents] = {"销售目标达成率", "回款率", "客户拜访达成率",
                                                             "工作态度", "客户满意度"};
const char* const kComponentLabelsEn[kAppraisalComponents] = {"Sales attainment", "Collection rate",
                                                             "Visit attainment", "Attitude", "Customer satisfaction"};
const char* const kNoDataZh = "本月无可考核数据。";
const char* const kNoDataEn = "No data to appraise this month.";
const char* const kNotCountedZh = "未计入";
const char* const kNotCountedEn = "not counted";
// The appeal's heading follows the next month's targets when the letter has them.
const char* const kAppealHeadingsZh[2] = {"三、申诉", "四、申诉"};
const char* const kAppealHeadingsEn[2] = {"3. Appeal", "4. Appeal"};
const char* const kMonthsEn[12] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
const char* const kDefaultAppealZh =
    "如对考核结果有异议，请于收到本通知之日起 5 个工作日内以书面形式向人力资源部提出申诉；逾期未提出的，视为认可本考核结果。";
const char* const kDefaultAppealEn =
    "If you disagree with this appraisal, you may appeal in writing to Human Resources within 5 working days of "
    "receiving this letter; otherwise the result is deemed accepted.";

std::string percent(const Ratio& r) { return formatTenths(roundHalfUp(r, 1000)) + "%"; }

// A weight as an integer when it is one, else with one decimal.
std::string weightText(const Ratio& r) {
    const std::int64_t tenths = roundHalfUp(r, 10);
    return tenths % 10 == 0 ? std::to_string(tenths / 10) : formatTenths(tenths);
}

// A file name for a team: path separators and control characters become '_'.
std::string teamFileName(const std::string& team) {
    if (team.empty() || team == "." || team == "..") return "_";
    std::string out;
    for (char c : team) out += (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20) ? '_' : c;
    return out;
}

class AppraisalJob : public Job {
public:
    std::string periodKey(const JobParams& params) const override { return period(params).iso(); }

    void run(JobContext& context) override {
        const Month month = period(context.params);
        const Locale locale = context.params.locale;
        const bool zh = locale == Locale::ZhCN;
        const Settings settings = readSettings(context.config, locale);

        AgingBuckets buckets;
        try {
            buckets = AgingBuckets::parse(context.config.getString("receivables.buckets", "0,30,60,90,180"));
        } catch (const std::exception& e) {
            throw ConfigError(std::string("[receivables] ") + e.what());
        }
        RowFingerprint fingerprint;
        KpiCalculator kpi(month);
        const Month next = month.plusMonths(1);
        KpiReadOptions options;
        options.openInvoices = settings.workbooks;
        // The letters need only the month's orders and visits; the workbooks need the year.
        options.periodOrdersAndVisitsOnly = !settings.workbooks;
        if (options.periodOrdersAndVisitsOnly)
            std::cerr << "appraisal: no workbooks (appraisal.workbooks=false): orders and visits of " << month.iso()
                      << " only\n";
        options.buckets = buckets;
        options.onSalesperson = [this](const Salesperson& s) { names_[s.id] = s.name; };
        options.onTarget = [this, next](const Target& t) {
            if (t.month == next) nextTargets_[t.salespersonId] = NextTarget{t.salesTarget, t.visitTarget};
        };
        options.moreTables = [&](const IdSet& salespersonIds) {
            loadRatings(context, fingerprint, month, salespersonIds);
        };

        TemplateRenderer templates(dataDir(context.config) / "templates");
        const std::string localeDir(localeName(locale));
        // Letters and team packs render on one thread per core while this thread fills the
        // templates and writes the workbooks. The renderers (fonts, the shared subset) are
        // made while the receivables are still being read, on the core orders and visits
        // have done with.
        const int threads = pdfThreads(context.config);
        PdfPageStyle style = settings.style;
        style.commonText = commonText(templates, localeDir, settings, month, zh);
        std::optional<DocumentPool> renderers;
        const auto makeRenderers = [&] {
            renderers.emplace(threads, [&] { return std::make_unique<PdfRenderer>(style, settings.fonts); });
        };
        options.whileReceivablesFinish = makeRenderers;
        inputs_ = std::make_unique<KpiInputs>(month.last());
        inputs_->read(context, kpi, fingerprint, options);
        kpi.finish();
        if (!renderers) makeRenderers();
        DocumentPool& pool = *renderers;
        const std::string letterDate = month.last().plusDays(1).iso();

        const auto renderStart = std::chrono::steady_clock::now();
        std::vector<Letter> letters;
        for (const KpiSalesperson& p : kpi.salespeople()) {
            if (!p.info.active) continue;
            Letter letter{p.info.id, p.info.name, p.info.team, scoreAppraisal(inputOf(p), settings.policy), "", {}};
            letter.outcome = letter.result.grade ? settings.texts.outcomes[letter.result.grade - 'A']
                                                 : (zh ? kNoDataZh : kNoDataEn);
            const std::string markdown =
                templates.render(localeDir, "appraisal_letter.md", letterData(p, letter, settings, month, letterDate, zh));
            letter.document = parseMarkdown(markdown);

            PdfDocumentSpec spec = documentSpec(settings, letterDate, zh);
            spec.name = "appraisal letter for salesperson " + std::to_string(p.info.id) + " (" + p.info.name + "), " +
                        month.iso();
            spec.title = (zh ? "绩效考核通知书 " : "Appraisal letter ") + month.iso() + " " + p.info.name;
            spec.subject = "appraisal " + month.iso() + " salesperson " + std::to_string(p.info.id);
            spec.sections.push_back(PdfSection{letter.document, settings.letterhead, {}});
            spec.deflateLevel = kFastDeflateLevel;
            OutputFile& file = context.outputs.create("letters/" + std::to_string(p.info.id) + ".pdf",
                                                      "appraisal_letter", std::to_string(p.info.id));
            pool.submit(std::move(spec), file, [&file](int pages) { file.setRows(pages); });
            letters.push_back(std::move(letter));
        }
        const std::size_t packs = writeTeamPacks(context, letters, templates, pool, settings, month, letterDate, zh);
        if (settings.workbooks) writeWorkbooks(context, kpi, buckets, locale);
        if (settings.workbooks) writeTeamWorkbooks(context, kpi, fingerprint.hex());
        pool.finish();
        // The operator's (and the benchmark's) view of where the time went.
        const auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
        std::cerr << "appraisal: " << letters.size() << " letters and " << packs << " team packs in "
                  << std::lround(ms(renderStart, std::chrono::steady_clock::now())) << " ms (PDF "
                  << std::lround(ms(std::chrono::steady_clock::duration{}, pool.busy())) << " ms on " << threads
                  << " thread(s))\n";
    }

private:
    static Month period(const JobParams& params) {
        if (params.asOf) throw ConfigError("appraisal is run for a month: give --period YYYY-MM, not --as-of");
        if (params.period) return *params.period;
        return Month::of(params.today).plusMonths(-1);
    }

    static Settings readSettings(const Poco::Util::AbstractConfiguration& config, Locale locale) {
        Settings s;
        const bool zh = locale == Locale::ZhCN;
        try {
            const char* keys[kAppraisalComponents] = {"weight_sales", "weight_collection", "weight_visits",
                                                      "weight_attitude", "weight_satisfaction"};
            for (int i = 0; i < kAppraisalComponents; ++i)
                s.policy.weights[i] = config.getInt(std::string("appraisal.") + keys[i], s.policy.weights[i]);
            s.policy.capPercent = config.getInt("appraisal.cap", s.policy.capPercent);
            const char* grades[3] = {"grade_a", "grade_b", "grade_c"};
            for (int i = 0; i < 3; ++i) {
                const std::string key = std::string("appraisal.") + grades[i];
                const std::string text = config.getString(key, formatTenths(s.policy.gradeTenths[i]));
                const auto tenths = parseTenths(text);
                if (!tenths) throw ConfigError(key + " must be a number with at most one decimal, got '" + text + "'");
                s.policy.gradeTenths[i] = int(*tenths);
            }
            s.policy.validate();
            const std::string suffix = zh ? "" : "_en";
            const char* letters[4] = {"a", "b", "c", "d"};
            for (int i = 0; i < 4; ++i)
                s.texts.outcomes[i] = config.getString("appraisal.outcome_" + std::string(letters[i]) + suffix,
                                                       zh ? kDefaultOutcomesZh[i] : kDefaultOutcomesEn[i]);
            s.texts.appeal = config.getString("appraisal.appeal_clause" + suffix, zh ? kDefaultAppealZh : kDefaultAppealEn);
            s.reviewer = config.getString("appraisal.reviewer", "");
            s.workbooks = config.getBool("appraisal.workbooks", true);
            s.style.watermark = config.getString("appraisal.watermark", "");

            s.companyName = config.getString("company.name", zh ? "示例贸易有限公司" : "Example Trading Co., Ltd.");
            s.companyAddress = config.getString("company.address", "");
            s.companyPhone = config.getString("company.phone", "");
            std::string head = s.companyName;
            if (!s.companyAddress.empty()) head += " · " + s.companyAddress;
            if (!s.companyPhone.empty()) head += (zh ? " · 电话 " : " · Tel. ") + s.companyPhone;
            s.letterhead = config.getString("company.letterhead", head);
            s.style.letterheadPdf = config.getString("company.letterhead_pdf", "");

            s.style.marginTopMm = config.getDouble("pdf.margin_top_mm", s.style.marginTopMm);
            s.style.marginBottomMm = config.getDouble("pdf.margin_bottom_mm", s.style.marginBottomMm);
            s.style.marginLeftMm = config.getDouble("pdf.margin_left_mm", s.style.marginLeftMm);
            s.style.marginRightMm = config.getDouble("pdf.margin_right_mm", s.style.marginRightMm);
            s.style.locale = locale;
            s.fonts.cjk = config.getString("pdf.font_cjk", s.fonts.cjk.string());
            s.fonts.latin = config.getString("pdf.font_latin", s.fonts.latin.string());
            s.fonts.latinBold = config.getString("pdf.font_latin_bold", s.fonts.latinBold.string());
        } catch (const ConfigError&) {
            throw;
        } catch (const Poco::Exception& e) {
            throw ConfigError("[appraisal] " + e.displayText());
        } catch (const std::exception& e) {
            throw ConfigError(std::string("[appraisal] ") + e.what());
        }
        for (double m : {s.style.marginTopMm, s.style.marginBottomMm, s.style.marginLeftMm, s.style.marginRightMm})
            if (!(m >= 5 && m <= 60)) throw ConfigError("pdf.margin_*_mm must be 5..60");
        return s;
    }

    // What every letter prints whatever the person: its template, the company, the
    // appeal clause, labels and figures. Its glyphs are subset and compressed once per
    // renderer instead of in each of ~500 letters; a letter subsets only the rest (names,
    // its outcome). Text only some letters print (the other outcomes, the team summary)
    // stays out: a glyph in the shared subset costs its bytes in every letter.
    static std::string commonText(TemplateRenderer& templates, const std::string& localeDir, const Settings& settings,
                                  Month month, bool zh) {
        std::string text = templates.literalText(localeDir, "appraisal_letter.md") + settings.companyName +
                           settings.letterhead + settings.reviewer + settings.texts.appeal + "0123456789,.-¥%—ABCD";
        for (int i = 0; i < kAppraisalComponents; ++i) text += zh ? kComponentLabelsZh[i] : kComponentLabelsEn[i];
        for (const char* heading : zh ? kAppealHeadingsZh : kAppealHeadingsEn) text += heading;
        text += periodText(month, zh);
        return text;
    }

    static std::string periodText(Month month, bool zh) {
        return zh ? std::to_string(month.year()) + " 年 " + std::to_string(month.month()) + " 月"
                  : std::string(kMonthsEn[month.month() - 1]) + " " + std::to_string(month.year());
    }

    AppraisalInput inputOf(const KpiSalesperson& p) const {
        AppraisalInput in;
        in.salesAttainment = p.figures.attainment();
        in.collectionRate = p.figures.collectionRate();
        in.visitAttainment = p.figures.visitAttainment();
        if (const auto it = ratings_.find(p.info.id); it != ratings_.end()) {
            in.attitude = it->second.attitudeScore;
            in.satisfaction = it->second.satisfactionScore;
        }
        return in;
    }

    TemplateObject letterData(const KpiSalesperson& p, const Letter& letter, const Settings& settings, Month month,
                              const std::string& letterDate, bool zh) const {
        const AppraisalResult& r = letter.result;
        const KpiFigures& f = p.figures;
        const std::string none = "—";
        TemplateList components;
        std::string dropped;
        for (const AppraisalComponentScore& c : r.components) {
            if (c.weight == 0) continue;
            const int i = int(c.component);
            std::string target = none, actual = none;
            if (c.component == AppraisalComponent::SalesAttainment) {
                target = f.target.isPositive() ? f.target.format() : none;
                actual = f.sales.format();
            } else if (c.component == AppraisalComponent::CollectionRate) {
                target = f.dueInMonth.isPositive() ? f.dueInMonth.format() : none;
                actual = f.collectedDue.format();
            } else if (c.component == AppraisalComponent::VisitAttainment) {
                target = f.visitTarget > 0 ? std::to_string(f.visitTarget) : none;
                actual = std::to_string(f.visits);
            } else if (c.present) {
                actual = std::to_string(c.scoreTenths / 10);
            }
            const std::string label = zh ? kComponentLabelsZh[i] : kComponentLabelsEn[i];
            if (!c.present) dropped += (dropped.empty() ? "" : (zh ? "、" : ", ")) + label;
            components.push_back(TemplateObject{
                {"label", label},
                {"weight", c.present ? weightText(c.effectiveWeight) : none},
                {"target", target},
                {"actual", actual},
                {"ratio", c.ratio ? percent(*c.ratio) : none},
                {"score", c.present ? formatTenths(c.scoreTenths) : (zh ? kNotCountedZh : kNotCountedEn)},
            });
        }
        const Month next = month.plusMonths(1);
        const auto nextTarget = nextTargets_.find(p.info.id);
        const bool hasNext = nextTarget != nextTargets_.end() &&
                             (nextTarget->second.sales.isPositive() || nextTarget->second.visits > 0);
        std::string manager;
        if (p.info.managerId)
            if (const auto it = names_.find(*p.info.managerId); it != names_.end()) manager = it->second;
        return TemplateObject{
            {"company_name", settings.companyName},
            {"letter_date", letterDate},
            {"name", p.info.name},
            {"id", std::to_string(p.info.id)},
            {"team", p.info.team},
            {"period", month.iso()},
            {"period_text", periodText(month, zh)},
            {"components", components},
            {"rescaled", r.rescaled},
            {"dropped", dropped},
            {"total", r.totalTenths ? formatTenths(*r.totalTenths) : none},
            {"grade", r.grade ? std::string(1, r.grade) : none},
            {"outcome", letter.outcome},
            {"has_next", hasNext},
            {"next_period", next.iso()},
            {"next_sales_target",
             hasNext && nextTarget->second.sales.isPositive() ? nextTarget->second.sales.format() : none},
            {"next_visit_target",
             hasNext && nextTarget->second.visits > 0 ? std::to_string(nextTarget->second.visits) : none},
            {"appeal_heading", (zh ? kAppealHeadingsZh : kAppealHeadingsEn)[hasNext ? 1 : 0]},
            {"appeal_clause", settings.texts.appeal},
            {"manager", manager},
            {"reviewer", settings.reviewer},
            {"manager_sign", signatureCell(manager)},
            {"reviewer_sign", signatureCell(settings.reviewer)},
        };
    }

    static PdfDocumentSpec documentSpec(const Settings& settings, const std::string& date, bool) {
        PdfDocumentSpec spec;
        spec.author = settings.companyName;
        spec.creationDate = date;
        return spec;
    }

    // Queues one pack per team on the pool; returns how many.
    std::size_t writeTeamPacks(JobContext& context, const std::vector<Letter>& letters, TemplateRenderer& templates,
                               DocumentPool& pool, const Settings& settings, Month month, const std::string& date,
                               bool zh) {
        std::map<std::string, std::vector<const Letter*>> teams;
        for (const Letter& l : letters) teams[l.team].push_back(&l);
        std::set<std::string> fileNames;
        for (auto& [team, members] : teams) {
            std::stable_sort(members.begin(), members.end(), [](const Letter* a, const Letter* b) {
                const auto x = a->result.totalTenths.value_or(INT64_MIN), y = b->result.totalTenths.value_or(INT64_MIN);
                if (x != y) return x > y;
                return a->id < b->id;
            });
            TemplateList rows;
            std::array<int, 4> grades{};
            std::int64_t sum = 0, scored = 0;
            int rank = 0;
            for (const Letter* l : members) {
                const auto& r = l->result;
                if (r.grade) ++grades[r.grade - 'A'];
                if (r.totalTenths) sum += *r.totalTenths, ++scored;
                rows.push_back(TemplateObject{{"rank", r.totalTenths ? std::to_string(++rank) : "—"},
                                              {"id", std::to_string(l->id)},
                                              {"name", l->name},
                                              {"total", r.totalTenths ? formatTenths(*r.totalTenths) : "—"},
                                              {"grade", r.grade ? std::string(1, r.grade) : "—"},
                                              {"outcome", l->outcome}});
            }
            TemplateList distribution;
            for (int g = 0; g < 4; ++g) {
                const Ratio share{grades[g], std::int64_t(members.size())};
                distribution.push_back(TemplateObject{{"grade", std::string(1, char('A' + g))},
                                                      {"count", std::to_string(grades[g])},
                                                      {"share", percent(share)}});
            }
            const std::string average = scored ? formatTenths(roundHalfUp(Ratio{sum, scored * 10}, 10)) : "—";
            const std::string markdown = templates.render(
                std::string(localeName(context.params.locale)), "team_summary.md",
                TemplateObject{{"company_name", settings.companyName},
                               {"team", team},
                               {"period", month.iso()},
                               {"count", std::to_string(members.size())},
                               {"average", average},
                               {"members", rows},
                               {"grades", distribution}});

            PdfDocumentSpec spec = documentSpec(settings, date, zh);
            spec.name = "team pack for team '" + team + "', " + month.iso();
            spec.title = (zh ? "团队绩效考核 " : "Team appraisal ") + month.iso() + " " + team;
            spec.subject = "team pack " + month.iso() + " " + team;
            spec.sections.push_back(PdfSection{parseMarkdown(markdown), settings.letterhead, {}});
            spec.sharedSubsets = false;  // near 100 KB: one subset of the whole team's text is smaller
            for (const Letter* l : members) spec.sections.push_back(PdfSection{l->document, settings.letterhead, {}});
            std::string file = teamFileName(team);
            while (!fileNames.insert(file).second) file += "_";  // two teams differing only in '/' vs '_'
            teamFiles_[team] = file;
            OutputFile& out = context.outputs.create("teams/" + file + ".pdf", "team_pack", team);
            out.setRows(std::int64_t(members.size()));
            pool.submit(std::move(spec), out);
        }
        return teams.size();
    }

    void writeWorkbooks(JobContext& context, const KpiCalculator& kpi, const AgingBuckets& buckets, Locale locale) {
        const auto ranking = kpi.ranking();
        for (std::size_t i = 0; i < ranking.size(); ++i) {
            const KpiSalesperson* p = ranking[i];
            const PersonalKpiData personal = personalKpiData(kpi, kpiRow(*p, std::int64_t(i + 1)), *inputs_, buckets);
            OutputFile& out = context.outputs.create("people/" + std::to_string(p->info.id) + ".xlsx",
                                                     "personal_kpi_workbook", std::to_string(p->info.id));
            KpiWorkbook::writePersonal(out.writePath(), personal, locale);
            out.setRows(std::int64_t(personal.openInvoices.size()));
        }
    }

    // teams/<team>.xlsx: the KPI workbook (KpiWorkbook::write) restricted to one team's
    // members, ranks as in the company-wide ranking; the manager's "team KPI sheet".
    void writeTeamWorkbooks(JobContext& context, const KpiCalculator& kpi, const std::string& fingerprint) {
        const Locale locale = context.params.locale;
        const bool zh = locale == Locale::ZhCN;
        for (const KpiTeam& team : kpi.teams()) {
            const auto file = teamFiles_.find(team.name);
            if (file == teamFiles_.end()) continue;  // no active member, no pack
            KpiWorkbookData data = kpiWorkbookData(kpi, &team);
            data.sourceDescription = context.source.describe();
            data.fingerprint = fingerprint;
            data.parameters = {
                {zh ? "期间" : "Period", data.period.iso()},
                {zh ? "团队" : "Team", team.name},
                {zh ? "数据源" : "Source", data.sourceDescription},
                {zh ? "数据指纹" : "Data fingerprint", data.fingerprint},
                {zh ? "语言" : "Locale", std::string(localeName(locale))},
            };
            data.accounting = context.accounting.counts();
            OutputFile& out =
                context.outputs.create("teams/" + file->second + ".xlsx", "team_kpi_workbook", team.name);
            KpiWorkbook::write(out.writePath(), data, locale);
            out.setRows(std::int64_t(data.overview.size()));
        }
    }

    // ---- reading: the KPI job's rules, plus ratings and next month's targets ----

    void loadRatings(JobContext& context, RowFingerprint& fingerprint, Month month, const IdSet& salespersonIds) {
        TableReader<Rating> reader(context.source, Table::Rating,
                                   {"salesperson_id", "month", "attitude_score", "satisfaction_score"},
                                   {"salesperson_id", "month"}, &RowDecoder::rating, context.accounting, &fingerprint);
        std::set<std::pair<Id, std::string>> seen;
        while (const Rating* r = reader.next()) {
            if (!salespersonIds.contains(r->salespersonId)) {
                reader.reject("salesperson_id", std::to_string(r->salespersonId), "unknown or quarantined salesperson");
            } else if (r->attitudeScore < 0 || r->attitudeScore > 100) {
                reader.reject("attitude_score", std::to_string(r->attitudeScore), "rating must be 0..100");
            } else if (r->satisfactionScore < 0 || r->satisfactionScore > 100) {
                reader.reject("satisfaction_score", std::to_string(r->satisfactionScore), "rating must be 0..100");
            } else if (!seen.emplace(r->salespersonId, r->month.iso()).second) {
                reader.reject("month", r->month.iso(), "a second rating for the same salesperson and month");
            } else {
                if (r->month == month) ratings_[r->salespersonId] = *r;
                reader.use();
            }
        }
    }

    std::unordered_map<Id, std::string> names_;
    std::unordered_map<Id, NextTarget> nextTargets_;
    std::unordered_map<Id, Rating> ratings_;
    std::unique_ptr<KpiInputs> inputs_;
    std::map<std::string, std::string> teamFiles_;  // team -> file stem under teams/
};

}  // namespace

void registerAppraisalJob(JobRegistry& registry) {
    registry.add(JobInfo{"appraisal",
                         "Monthly appraisal letters (绩效考核通知书) per salesperson, team packs and personal KPI "
                         "workbooks for a month (--period, default last full month)",
                         [] { return std::make_unique<AppraisalJob>(); }});
}

}  // namespace yewu
