// Sales contracts (销售合同, policy section 三(四): take each order, sign the
// contract, file a copy): stream the orders (by id) merged with their lines
// (by order id, line number), validate both, and render one contract per
// confirmed order that has none yet, from templates/<locale>/contract.md:
//   OUT/contracts/<YYYY-MM of the order date>/<contract no>.pdf   kind contract, subject the order
//   number
// with one manifest, OUT/contracts/manifest.json, that keeps the entries of
// earlier runs (OutputSet::publish), so the job's folder is OUT/contracts and
// its period key is "" (an incremental job has no period of its own).
//
// The register of issued contracts is the ledger's `contract` table: per order
// the revision, the SHA-256 of the order's content (its number, customer, date,
// amount and lines: what the contract says about the order; the customer's
// master data is not part of it, so a changed address does not reissue signed
// contracts) and the file. Per confirmed order in the selection:
//   - no contract yet: HT-<order_no>;
//   - contract issued for the same content: skipped (with --order: rendered
//     again as the same revision, replacing its file);
//   - content changed, or re-confirmed after a cancellation: a new revision
//     HT-<order_no>-R<n>; the earlier file stays.
// Cancelled orders get no contract and are reported on stderr; one whose
// contract was already issued is recorded as cancelled, so it is reported once.
// Drafts are skipped.
//
// Selection: --period YYYY-MM (orders of that month; `yewu demo` runs it so),
// --since YYYY-MM-DD (on or after), --as-of YYYY-MM-DD (on or before); they
// combine. --order NO takes that one order whatever its date; a missing or
// quarantined order fails the run.
//
// Validation (quarantined, no contract): duplicate order id or number, unknown
// customer or salesperson, negative amount, an order number that cannot name a
// file, a confirmed order without lines, an order amount that is not the sum of
// its usable lines, and any order with a quarantined line. Lines: known order,
// unique line number within the order, positive quantity, non-negative unit
// price, amount = quantity × unit price. A line that passes its own checks counts
// as used even when its order is then quarantined.
//
// Config (defaults in brackets; see config/yewu.ini.example):
//   [company] name, address, phone, tax_id, bank, account, letterhead
//   [contracts] place [the company address up to its first 市; "—" without an address],
//     delivery_days [15], acceptance_days [7]
//   [pdf] margins and fonts, as for the appraisal letters
// The PDF creation date and the signing date are the order date, so a rerun of
// the same order gives a byte-identical file.
#include "ContractsJob.h"

#include <Poco/DigestEngine.h>
#include <Poco/Exception.h>
#include <Poco/SHA2Engine.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <ctime>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <unordered_map>

#include "ConfigError.h"
#include "Ledger.h"
#include "DocumentPool.h"
#include "OutputSet.h"
#include "Runner.h"
#include "connectors/DuplicateKeys.h"
#include "connectors/IdSet.h"
#include "connectors/TableReader.h"
#include "core/ChineseAmount.h"
#include "reports/MarkdownDocument.h"
#include "reports/TemplateRenderer.h"
#include "reports/pdf/PdfRenderer.h"

namespace yewu {

namespace {

struct Buyer {
    std::string name, address, contact, phone, taxId;
    int paymentTermsDays = 0;
};

struct Settings {
    std::string companyName, companyAddress, companyPhone, companyTaxId, companyBank,
        companyAccount;
    std::string letterhead, place;
    int deliveryDays = 15, acceptanceDays = 7;
    PdfPageStyle style;
    PdfFontFiles fonts;
};

struct Tally {
    std::int64_t issued = 0, revised = 0, unchanged = 0, drafts = 0, cancelled = 0;
    std::vector<std::string> cancelledOrders;  // order numbers, for the report
    std::vector<std::string> voided;  // "SO-… (HT-…)": cancelled after a contract was issued
};

constexpr const char* kFirstDay = "0000-01-01";
constexpr const char* kLastDay = "9999-12-31";
constexpr std::size_t kListed = 20;  // cancelled order numbers listed on stderr
constexpr const char* kAmountCharacters = "0123456789,.-¥%";

std::string contractNo(const std::string& orderNo, int revision) {
    return "HT-" + orderNo + (revision > 1 ? "-R" + std::to_string(revision) : "");
}

// An order number must name a file on every system we publish to.
bool usableAsFileName(const std::string& no) {
    if (no.empty() || no == "." || no == ".." || no.size() > 120) return false;
    for (char c : no) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' ||
            c == '<' || c == '>' || c == '|')
            return false;
    }
    return true;
}

// "1,200": quantities grouped like amounts.
std::string grouped(std::int64_t n) {
    const std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out = n < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

class ContractsJob : public Job {
public:
    // The job's folder is OUT/contracts itself; files go to <YYYY-MM>/ below it.
    std::string periodKey(const JobParams&) const override { return ""; }

    void run(JobContext& context) override {
        const JobParams& params = context.params;
        if (!context.ledger)
            throw Poco::IllegalStateException("the contracts job needs the run's ledger");
        const bool zh = params.locale == Locale::ZhCN;
        settings_ = readSettings(context.config, params.locale);
        from_ = params.since.value_or(Date::fromDays(INT32_MIN));
        to_ = params.asOf.value_or(Date::fromDays(INT32_MAX));
        if (params.period) {
            from_ = std::max(from_, params.period->first());
            to_ = std::min(to_, params.period->last());
        }
        const bool one = !params.order.empty();

        RowFingerprint fingerprint;
        loadSalespeople(context, fingerprint);
        loadCustomers(context, fingerprint);
        // The whole register, not just the selected dates: an order whose date changed keeps its
        // history.
        for (ContractRecord& r : context.ledger->contracts(kFirstDay, kLastDay))
            register_.emplace(r.orderNo, std::move(r));

        templates_ = std::make_unique<TemplateRenderer>(dataDir(context.config) / "templates");
        // What every contract shares: the template's fixed text, the seller's details and
        // figures.
        settings_.style.commonText = templates_->fixedText(std::string(localeName(params.locale)), "contract.md") +
                                     settings_.companyName + settings_.companyAddress + settings_.companyPhone +
                                     settings_.companyTaxId + settings_.companyBank + settings_.companyAccount +
                                     settings_.letterhead + settings_.place + kAmountCharacters;
        const int threads = pdfThreads(context.config);
        DocumentPool pool(threads,
                          [this] { return std::make_unique<PdfRenderer>(settings_.style, settings_.fonts); });
        pool_ = &pool;
        const auto start = std::chrono::steady_clock::now();
        const std::clock_t cpuStart = std::clock();

        bool found = false;
        mergeOrdersAndLines(context, fingerprint,
                            [&](const Order& order, const std::vector<OrderLine>& lines) {
                                if (one ? order.orderNo != params.order
                                        : (order.orderDate < from_ || order.orderDate > to_))
                                    return;
                                found = true;
                                process(context, order, lines, one, zh);
                            });
        pool.finish();
        pdfTime_ = pool.busy();
        if (one && !found)
            throw Poco::NotFoundException(
                "order " + params.order +
                ": not in the source, or quarantined (see the quarantined rows above)");
        context.ledger->recordContracts(context.runId, records_);

        const auto ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        const std::int64_t written = tally_.issued + tally_.revised;
        std::cerr << "contracts: " << written << " written (" << tally_.issued << " new, "
                  << tally_.revised << " revised) in " << std::lround(ms) << " ms (CPU "
                  << std::lround(1000.0 * double(std::clock() - cpuStart) / CLOCKS_PER_SEC)
                  << " ms; templates " << msOf(templateTime_) << " ms, PDF " << msOf(pdfTime_)
                  << " ms on " << threads << " thread(s), output files " << msOf(fileTime_) << " ms); " << tally_.unchanged
                  << " unchanged, " << tally_.drafts << " drafts skipped, " << tally_.cancelled
                  << " cancelled (no contract)";
        for (std::size_t i = 0; i < tally_.cancelledOrders.size() && i < kListed; ++i)
            std::cerr << (i ? ", " : ": ") << tally_.cancelledOrders[i];
        if (tally_.cancelledOrders.size() > kListed) std::cerr << ", …";
        std::cerr << "\n";
        for (const std::string& v : tally_.voided)
            std::cerr << "contracts: order " << v
                      << " was cancelled after its contract was issued\n";
    }

private:
    static Settings readSettings(const Poco::Util::AbstractConfiguration& config, Locale locale) {
        Settings s;
        const bool zh = locale == Locale::ZhCN;
        try {
            s.companyName = config.getString("company.name",
                                             zh ? "示例贸易有限公司" : "Example Trading Co., Ltd.");
            s.companyAddress = config.getString("company.address", "");
            s.companyPhone = config.getString("company.phone", "");
            s.companyTaxId = config.getString("company.tax_id", "");
            s.companyBank = config.getString("company.bank", "");
            s.companyAccount = config.getString("company.account", "");
            std::string head = s.companyName;
            if (!s.companyAddress.empty()) head += " · " + s.companyAddress;
            if (!s.companyPhone.empty()) head += (zh ? " · 电话 " : " · Tel. ") + s.companyPhone;
            s.letterhead = config.getString("company.letterhead", head);
            s.place = config.getString("contracts.place", defaultPlace(s.companyAddress));
            s.deliveryDays = config.getInt("contracts.delivery_days", s.deliveryDays);
            s.acceptanceDays = config.getInt("contracts.acceptance_days", s.acceptanceDays);
            s.style.letterheadPdf = config.getString("company.letterhead_pdf", "");
            s.style.marginTopMm = config.getDouble("pdf.margin_top_mm", s.style.marginTopMm);
            s.style.marginBottomMm =
                config.getDouble("pdf.margin_bottom_mm", s.style.marginBottomMm);
            s.style.marginLeftMm = config.getDouble("pdf.margin_left_mm", s.style.marginLeftMm);
            s.style.marginRightMm = config.getDouble("pdf.margin_right_mm", s.style.marginRightMm);
            s.style.locale = locale;
            s.fonts.cjk = config.getString("pdf.font_cjk", s.fonts.cjk.string());
            s.fonts.latin = config.getString("pdf.font_latin", s.fonts.latin.string());
            s.fonts.latinBold = config.getString("pdf.font_latin_bold", s.fonts.latinBold.string());
        } catch (const Poco::Exception& e) {
            throw ConfigError("[contracts] " + e.displayText());
        }
        for (double m : {s.style.marginTopMm, s.style.marginBottomMm, s.style.marginLeftMm,
                         s.style.marginRightMm})
            if (!(m >= 5 && m <= 60)) throw ConfigError("pdf.margin_*_mm must be 5..60");
        if (s.deliveryDays < 0 || s.deliveryDays > 3650)
            throw ConfigError("contracts.delivery_days must be 0..3650");
        if (s.acceptanceDays < 0 || s.acceptanceDays > 3650)
            throw ConfigError("contracts.acceptance_days must be 0..3650");
        return s;
    }

    // "上海市浦东新区…" -> "上海市": the address up to its first 市; else the whole address.
    static std::string defaultPlace(const std::string& address) {
        const auto city = address.find("市");
        return city == std::string::npos ? address
                                         : address.substr(0, city + std::string("市").size());
    }

    void loadSalespeople(JobContext& context, RowFingerprint& fingerprint) {
        TableReader<Salesperson> reader(context.source, Table::Salesperson, {"id", "name"}, {"id"},
                                        &RowDecoder::salesperson, context.accounting, &fingerprint);
        while (const Salesperson* s = reader.next()) {
            if (!salespersonIds_.insert(s->id)) {
                reader.reject("id", std::to_string(s->id), "duplicate salesperson id");
                continue;
            }
            reader.use();
        }
    }

    void loadCustomers(JobContext& context, RowFingerprint& fingerprint) {
        TableReader<Customer> reader(context.source, Table::Customer,
                                     {"id", "name", "salesperson_id", "address", "contact", "phone",
                                      "tax_id", "payment_terms_days"},
                                     {"id"}, &RowDecoder::customer, context.accounting,
                                     &fingerprint);
        while (const Customer* c = reader.next()) {
            if (buyers_.count(c->id)) {
                reader.reject("id", std::to_string(c->id), "duplicate customer id");
            } else if (!salespersonIds_.contains(c->salespersonId)) {
                reader.reject("salesperson_id", std::to_string(c->salespersonId),
                              "unknown salesperson");
            } else if (c->paymentTermsDays < 0) {
                reader.reject("payment_terms_days", std::to_string(c->paymentTermsDays),
                              "payment terms must not be negative");
            } else {
                buyerIds_.insert(c->id);
                buyers_.emplace(c->id, Buyer{c->name, c->address, c->contact, c->phone, c->taxId,
                                             c->paymentTermsDays});
                reader.use();
            }
        }
    }

    // Orders by id merged with their lines by (order_id, line_no); calls onOrder for every
    // usable order with its lines. Memory: one order's lines.
    void mergeOrdersAndLines(
        JobContext& context, RowFingerprint& fingerprint,
        const std::function<void(const Order&, const std::vector<OrderLine>&)>& onOrder) {
        const auto duplicateNumbers =
            findDuplicateKeys(context.source, Table::Orders, "id", "order_no");
        TableReader<Order> orders(context.source, Table::Orders,
                                  {"id", "order_no", "customer_id", "salesperson_id", "order_date",
                                   "amount_cents", "status"},
                                  {"id"}, &RowDecoder::order, context.accounting, &fingerprint);
        TableReader<OrderLine> lines(context.source, Table::OrderLine,
                                     {"order_id", "line_no", "product_code", "product_name",
                                      "quantity", "unit_price_cents", "amount_cents"},
                                     {"order_id", "line_no"}, &RowDecoder::orderLine,
                                     context.accounting, &fingerprint);
        const OrderLine* line = lines.next();
        auto rejectOrphansBefore = [&](std::optional<Id> orderId) {
            while (line && (!orderId || line->orderId < *orderId)) {
                lines.reject("order_id", std::to_string(line->orderId),
                             "unknown or quarantined order");
                line = lines.next();
            }
        };

        std::optional<Id> lastId;
        std::vector<OrderLine> used;
        while (const Order* order = orders.next()) {
            // A repeated id follows the row that keeps it (ordered by id); its lines went with that
            // one.
            if (lastId && *lastId == order->id) {
                orders.reject("id", std::to_string(order->id), "duplicate order id");
                continue;
            }
            lastId = order->id;
            rejectOrphansBefore(order->id);

            // The lines first: each gets its verdict as it is read.
            used.clear();
            std::string badLine;
            Money sum;
            for (; line && line->orderId == order->id; line = lines.next()) {
                const std::int64_t q = line->quantity, p = line->unitPrice.cents();
                std::int64_t product = 0;
                if (!used.empty() && used.back().lineNo == line->lineNo) {
                    lines.reject("line_no", std::to_string(line->lineNo),
                                 "duplicate line number in the order");
                } else if (q <= 0) {
                    lines.reject("quantity", std::to_string(q), "quantity must be positive");
                } else if (p < 0) {
                    lines.reject("unit_price_cents", std::to_string(p),
                                 "unit price must not be negative");
                } else if (__builtin_mul_overflow(q, p, &product) ||
                           product != line->amount.cents()) {
                    lines.reject("amount_cents", std::to_string(line->amount.cents()),
                                 "line amount is not quantity × unit price (" + std::to_string(q) +
                                     " × " + line->unitPrice.format() + ")");
                } else {
                    used.push_back(*line);
                    sum += line->amount;
                    lines.use();
                    continue;
                }
                if (badLine.empty()) badLine = std::to_string(line->lineNo);
            }

            std::string field, value, reason;
            if (const auto dup = duplicateNumbers.find(order->id); dup != duplicateNumbers.end()) {
                field = "order_no", value = order->orderNo;
                reason = "duplicate order number, already used by order id " +
                         std::to_string(dup->second.firstId);
            } else if (!usableAsFileName(order->orderNo)) {
                field = "order_no", value = order->orderNo;
                reason =
                    "an order number must be 1..120 characters without / \\ : * ? \" < > | or "
                    "control characters";
            } else if (!buyerIds_.contains(order->customerId)) {
                field = "customer_id", value = std::to_string(order->customerId);
                reason = "unknown or quarantined customer";
            } else if (!salespersonIds_.contains(order->salespersonId)) {
                field = "salesperson_id", value = std::to_string(order->salespersonId);
                reason = "unknown or quarantined salesperson";
            } else if (order->amount.isNegative()) {
                field = "amount_cents", value = std::to_string(order->amount.cents());
                reason = "amount must not be negative";
            } else if (!badLine.empty()) {
                field = "order_line", value = badLine;
                reason = "line " + badLine + " of the order is quarantined";
            } else if (used.empty() && order->status == OrderStatus::Confirmed) {
                field = "id", value = std::to_string(order->id);
                reason = "a confirmed order without order lines";
            } else if (!used.empty() && sum != order->amount) {
                field = "amount_cents", value = std::to_string(order->amount.cents());
                reason = "order amount " + order->amount.format() +
                         " is not the sum of its lines " + sum.format();
            }
            if (!field.empty()) {
                orders.reject(field, value, reason);
                continue;
            }
            orders.use();
            onOrder(*order, used);
        }
        rejectOrphansBefore(std::nullopt);
    }

    // What the contract says about the order, hashed: number, customer, date, amount, lines.
    static std::string contentHash(const Order& order, const std::vector<OrderLine>& lines) {
        Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
        const char sep = '\x1f';
        auto add = [&](const std::string& field) {
            sha.update(field);
            sha.update(&sep, 1);
        };
        add(order.orderNo);
        add(std::to_string(order.customerId));
        add(order.orderDate.iso());
        add(std::to_string(order.amount.cents()));
        for (const OrderLine& l : lines) {
            add(std::to_string(l.lineNo));
            add(l.productCode);
            add(l.productName);
            add(std::to_string(l.quantity));
            add(std::to_string(l.unitPrice.cents()));
            add(std::to_string(l.amount.cents()));
            sha.update("\n");
        }
        return Poco::DigestEngine::digestToHex(sha.digest());
    }

    void process(JobContext& context, const Order& order, const std::vector<OrderLine>& lines,
                 bool regenerate, bool zh) {
        const auto known = register_.find(order.orderNo);
        const ContractRecord* last = known == register_.end() ? nullptr : &known->second;
        if (order.status == OrderStatus::Draft) {
            ++tally_.drafts;
            return;
        }
        if (order.status == OrderStatus::Cancelled) {
            ++tally_.cancelled;
            tally_.cancelledOrders.push_back(order.orderNo);
            if (last && last->state == "issued") {
                tally_.voided.push_back(order.orderNo + " (" +
                                        contractNo(order.orderNo, last->revision) + ")");
                records_.push_back(ContractRecord{order.orderNo, last->revision,
                                                  last->contentSha256, "", order.orderDate.iso(),
                                                  "cancelled"});
            }
            return;
        }
        const std::string hash = contentHash(order, lines);
        int revision = 1;
        if (last) {
            const bool same = last->state == "issued" && last->contentSha256 == hash;
            if (same && !regenerate) {
                ++tally_.unchanged;
                return;
            }
            revision = same ? last->revision : last->revision + 1;
        }
        const std::string number = contractNo(order.orderNo, revision);
        const std::string path = Month::of(order.orderDate).iso() + "/" + number + ".pdf";

        PdfDocumentSpec spec;
        spec.name = "contract " + number + " for order " + order.orderNo;
        spec.title = (zh ? "销售合同 " : "Sales contract ") + number;
        spec.author = settings_.companyName;
        spec.subject = "contract " + number + " order " + order.orderNo;
        spec.creationDate = order.orderDate.iso();
        const auto t0 = std::chrono::steady_clock::now();
        const std::string markdown =
            templates_->render(std::string(localeName(context.params.locale)), "contract.md",
                               contractData(order, lines, number, revision, zh));
        spec.sections.push_back(PdfSection{parseMarkdown(markdown), settings_.letterhead,
                                           (zh ? "合同编号：" : "Contract No. ") + number});
        const auto t1 = std::chrono::steady_clock::now();
        OutputFile& file = context.outputs.create(path, "contract", order.orderNo);
        const auto t2 = std::chrono::steady_clock::now();
        pool_->submit(std::move(spec), file);
        templateTime_ += t1 - t0;
        fileTime_ += t2 - t1;
        file.setRows(std::int64_t(lines.size()));
        records_.push_back(
            ContractRecord{order.orderNo, revision, hash, path, order.orderDate.iso(), "issued"});
        ++(revision == 1 ? tally_.issued : tally_.revised);
    }

    TemplateObject contractData(const Order& order, const std::vector<OrderLine>& lines,
                                const std::string& number, int revision, bool zh) const {
        const Buyer& buyer = buyers_.at(order.customerId);
        const std::string none = "—";
        auto orNone = [&](const std::string& s) { return s.empty() ? none : s; };
        TemplateList rows;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const OrderLine& l = lines[i];
            rows.push_back(TemplateObject{{"seq", std::to_string(i + 1)},
                                          {"code", l.productCode},
                                          {"name", l.productName},
                                          {"quantity", grouped(l.quantity)},
                                          {"unit_price", l.unitPrice.format()},
                                          {"amount", l.amount.format()}});
        }
        const Date d = order.orderDate;
        const std::string signingDate = zh ? std::to_string(d.year()) + " 年 " +
                                                 std::to_string(d.month()) + " 月 " +
                                                 std::to_string(d.day()) + " 日"
                                           : d.iso();
        return TemplateObject{
            {"contract_no", number},
            {"order_no", order.orderNo},
            {"signing_date", signingDate},
            {"place", orNone(settings_.place)},
            {"seller_name", settings_.companyName},
            {"seller_address", orNone(settings_.companyAddress)},
            {"seller_phone", orNone(settings_.companyPhone)},
            {"seller_tax_id", orNone(settings_.companyTaxId)},
            {"seller_bank", orNone(settings_.companyBank)},
            {"seller_account", orNone(settings_.companyAccount)},
            {"seller_sign", signatureCell(settings_.companyName)},
            {"buyer_name", buyer.name},
            {"buyer_address", orNone(buyer.address)},
            {"buyer_contact", orNone(buyer.contact)},
            {"buyer_phone", orNone(buyer.phone)},
            {"buyer_tax_id", orNone(buyer.taxId)},
            {"buyer_sign", signatureCell(buyer.name)},
            {"lines", rows},
            {"line_count", std::to_string(lines.size())},
            {"total", order.amount.format()},
            {"total_words",
             zh ? chineseCapitalAmount(order.amount) : englishAmountWords(order.amount)},
            {"payment_terms_days", std::to_string(buyer.paymentTermsDays)},
            {"net_terms", buyer.paymentTermsDays > 0},
            {"delivery_days", std::to_string(settings_.deliveryDays)},
            {"acceptance_days", std::to_string(settings_.acceptanceDays)},
            {"supersedes", revision > 1},
            {"previous_no", revision > 1 ? contractNo(order.orderNo, revision - 1) : ""},
        };
    }

    static long msOf(std::chrono::steady_clock::duration d) {
        return std::lround(std::chrono::duration<double, std::milli>(d).count());
    }

    Settings settings_;
    Date from_, to_;
    std::chrono::steady_clock::duration templateTime_{}, pdfTime_{},
        fileTime_{};  // where the time went
    IdSet salespersonIds_;
    std::unordered_map<Id, Buyer> buyers_;
    IdSet buyerIds_;  // the same ids, for the check on every order (the map's lookups showed in profiles)
    std::unordered_map<std::string, ContractRecord> register_;  // order number -> latest record
    std::vector<ContractRecord> records_;                       // this run's
    Tally tally_;
    std::unique_ptr<TemplateRenderer> templates_;
    DocumentPool* pool_ = nullptr;  // run()'s
};

}  // namespace

void registerContractsJob(JobRegistry& registry) {
    registry.add(JobInfo{"contracts",
                         "Sales contracts (销售合同) for confirmed orders without one, "
                         "incrementally; a new revision "
                         "when an order changes (--since YYYY-MM-DD, --order NO, --period YYYY-MM)",
                         [] { return std::make_unique<ContractsJob>(); }});
}

}  // namespace yewu
