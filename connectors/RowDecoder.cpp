#include "RowDecoder.h"

namespace yewu {

namespace {

int canonicalIndex(Table table, const std::string& name) {
    const auto& columns = canonicalColumns(table);
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == name) return int(i);
    return -1;
}

}  // namespace

// Reads fields by canonical name; remembers the first failure. The readers of the
// common fields are forced inline: the compiler kept them as calls, once per field
// of every row read (2% of the KPI job's time).
class RowDecoder::Fields {
public:
    Fields(const RowDecoder& decoder, const RawRow& row, QuarantinedRow& error)
        : decoder_(decoder), row_(row), error_(error) {}

    bool ok() const { return ok_; }

    [[gnu::always_inline]] const Cell* raw(const char* name) {
        const int canonical = decoder_.canonicalIndexOf(name, hint_);
        if (canonical < 0) return nullptr;
        const int at = decoder_.index_[std::size_t(canonical)];
        if (at < 0) return nullptr;
        return &row_.values[std::size_t(at)];
    }

    void fail(const char* field, const std::string& value, const std::string& reason) {
        if (!ok_) return;
        ok_ = false;
        error_.table = std::string(tableName(decoder_.table_));
        error_.location = decoder_.location(row_);
        error_.rowId = decoder_.rowKey(row_);
        error_.field = field;
        error_.value = value;
        error_.reason = reason;
    }

    // Required text (NULL fails); optional text (NULL -> "").
    [[gnu::always_inline]] void text(const char* name, std::string& out, bool required = false) {
        const auto* v = raw(name);
        if (!v) return;
        if (!v->has_value()) {
            if (required) fail(name, "NULL", "is required");
            return;
        }
        out = **v;
        if (required && out.empty()) fail(name, "", "is required");
    }

    [[gnu::always_inline]] void integer(const char* name, std::int64_t& out, bool required = true) {
        const auto* v = raw(name);
        if (!v) return;
        if (!v->has_value()) {
            if (required) fail(name, "NULL", "is required");
            return;
        }
        if (!v->toInteger(out)) fail(name, **v, "is not a whole number");
    }

    [[gnu::always_inline]] void id(const char* name, Id& out) { integer(name, out, true); }

    void optionalId(const char* name, std::optional<Id>& out) {
        const auto* v = raw(name);
        if (!v || !v->has_value() || (*v)->empty()) return;
        Id value = 0;
        if (!v->toInteger(value)) return fail(name, **v, "is not a whole number");
        out = value;
    }

    [[gnu::always_inline]] void cents(const char* name, Money& out) {
        const auto* v = raw(name);
        if (!v) return;
        if (!v->has_value()) return fail(name, "NULL", "is required");
        std::int64_t value = 0;
        if (!v->toInteger(value)) return fail(name, **v, "is not a whole number of cents");
        out = Money::fromCents(value);
    }

    [[gnu::always_inline]] void date(const char* name, Date& out) {
        const auto* v = raw(name);
        if (!v) return;
        if (!v->has_value()) return fail(name, "NULL", "is required");
        if (!Date::parse(**v, out)) return fail(name, **v, "is not a date (YYYY-MM-DD)");
    }

    void month(const char* name, Month& out) {
        const auto* v = raw(name);
        if (!v) return;
        if (!v->has_value()) return fail(name, "NULL", "is required");
        const auto parsed = Month::parse(**v);
        if (!parsed) return fail(name, **v, "is not a month (YYYY-MM)");
        out = *parsed;
    }

    void boolean(const char* name, bool& out) {
        const auto* v = raw(name);
        if (!v || !v->has_value()) return;
        const std::string& s = **v;
        if (s == "1" || s == "true" || s == "t" || s == "TRUE") out = true;
        else if (s == "0" || s == "false" || s == "f" || s == "FALSE") out = false;
        else fail(name, s, "is not a boolean (0/1)");
    }

private:
    const RowDecoder& decoder_;
    const RawRow& row_;
    QuarantinedRow& error_;
    bool ok_ = true;
    std::size_t hint_ = 0;
};

RowDecoder::RowDecoder(Table table, const std::vector<std::string>& columns, std::string origin)
    : table_(table), origin_(std::move(origin)), index_(canonicalColumns(table).size(), -1) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const int canonical = canonicalIndex(table, columns[i]);
        if (canonical >= 0) index_[std::size_t(canonical)] = int(i);
    }
}

int RowDecoder::findCanonicalIndex(const char* name, std::size_t& hint) const {
    // Decoders ask by string literal once per field per row: remember each literal's index.
    for (std::size_t i = 0; i < literalIndex_.size(); ++i)
        if (literalIndex_[i].first == name) {
            hint = i + 1;
            return literalIndex_[i].second;
        }
    const int index = canonicalIndex(table_, name);
    literalIndex_.emplace_back(name, index);
    hint = literalIndex_.size();
    return index;
}

std::string RowDecoder::location(const RawRow& row) const {
    return origin_ + " row " + std::to_string(row.rowNumber);
}

std::string RowDecoder::rowKey(const RawRow& row) const {
    // Tables with an id use it; target and rating are keyed by salesperson and month.
    auto value = [&](const char* name) -> std::string {
        const int canonical = canonicalIndex(table_, name);
        if (canonical < 0) return "";
        const int at = index_[std::size_t(canonical)];
        if (at < 0 || !row.values[std::size_t(at)]) return "";
        return *row.values[std::size_t(at)];
    };
    switch (table_) {
        case Table::OrderLine: return value("order_id") + "/" + value("line_no");
        case Table::Target:
        case Table::Rating: return value("salesperson_id") + "/" + value("month");
        default: return value("id");
    }
}

bool RowDecoder::salesperson(const RawRow& row, Salesperson& s, QuarantinedRow& error) const {
    Fields f(*this, row, error);
    s = Salesperson{};
    f.id("id", s.id);
    f.text("name", s.name, true);
    f.text("email", s.email);
    f.text("team", s.team);
    f.text("region", s.region);
    f.optionalId("manager_id", s.managerId);
    f.date("hired_on", s.hiredOn);
    f.boolean("active", s.active);
    return f.ok();
}

bool RowDecoder::customer(const RawRow& row, Customer& c, QuarantinedRow& error) const {
    Fields f(*this, row, error);
    c = Customer{};
    std::int64_t terms = 0;
    f.id("id", c.id);
    f.text("name", c.name, true);
    f.id("salesperson_id", c.salespersonId);
    f.text("region", c.region);
    f.date("created_on", c.createdOn);
    f.text("address", c.address);
    f.text("contact", c.contact);
    f.text("phone", c.phone);
    f.text("tax_id", c.taxId);
    f.integer("payment_terms_days", terms, false);
    f.cents("credit_limit_cents", c.creditLimit);
    if (terms < 0 || terms > 3650) f.fail("payment_terms_days", std::to_string(terms), "is outside 0..3650 days");
    c.paymentTermsDays = int(terms);
    return f.ok();
}

bool RowDecoder::order(const RawRow& row, Order& o, QuarantinedRow& error) const {
    Fields f(*this, row, error);
    o = Order{};
    std::string status;
    f.id("id", o.id);
    f.text("order_no", o.orderNo, true);
    f.id("customer_id", o.customerId);
    f.id("salesperson_id", o.salespersonId);
    f.date("order_date", o.orderDate);
    f.cents("amount_cents", o.amount);
    f.text("status", status, true);
    if (status == "confirmed") o.status = OrderStatus::Confirmed;
    else if (status == "cancelled") o.status = OrderStatus::Cancelled;
    else if (status == "draft") o.status = OrderStatus::Draft;
    else f.fail("status", status, "is not one of confirmed, cancelled, draft");
    return f.ok();
}

bool RowDecoder::orderLine(const RawRow& row, OrderLine& l, QuarantinedRow& error) const {
    Fields f(*this, row, error);
    l = OrderLine{};
    std::int64_t lineNo = 0;
    f.id("order_id", l.orderId);
    f.integer("line_no", lineNo);
    f.text("product_code", l.productCode);
    f.text("product_name", l.productName);
    f.integer("quantity", l.quantity);
    f.cents("unit_price_cents", l.unitPrice);
    f.cents("amount_cents", l.amount);
    l.lineNo = int(lineNo);
    return f.ok();
}

bool RowDecoder::invoice(const RawRow& row, Invoice& i, QuarantinedRow& error) const {
    Fields f(*this, row, error);
    i = Invoice{};
    f.id("id", i.id);
    f.text("invoice_no", i.invoiceNo, true);
    f.id("order_id", i.orderId);
    f.id("customer_id", i.customerId);
    f.id("salesperson_id", i.salespersonId);
    f.date("invoice_date", i.invoiceDate);
    f.date("due_date", i.dueDate);
    f.cents("amount_cents", i.amount);
    return f.ok();
}

bool RowDecoder::payment(const RawRow& row, Payment& p, QuarantinedRow& error) const {
    Fields f(*this, row, error);
    p = Payment{};
    f.id("id", p.id);
    f.id("invoice_id", p.invoiceId);
    f.date("paid_on", p.paidOn);
    f.cents("amount_cents", p.amount);
    return f.ok();
}

bool RowDecoder::visit(const RawRow& row, Visit& v, QuarantinedRow& error) const {
    Fields f(*this, row, error);
    v = Visit{};
    f.id("id", v.id);
    f.id("salesperson_id", v.salespersonId);
    f.id("customer_id", v.customerId);
    f.date("visit_date", v.visitDate);
    f.text("kind", v.kind);
    f.text("outcome", v.outcome);
    return f.ok();
}

bool RowDecoder::target(const RawRow& row, Target& t, QuarantinedRow& error) const {
    Fields f(*this, row, error);
    t = Target{};
    f.id("salesperson_id", t.salespersonId);
    f.month("month", t.month);
    f.cents("sales_target_cents", t.salesTarget);
    f.integer("visit_target", t.visitTarget, false);
    return f.ok();
}

bool RowDecoder::rating(const RawRow& row, Rating& r, QuarantinedRow& error) const {
    Fields f(*this, row, error);
    r = Rating{};
    std::int64_t attitude = 0, satisfaction = 0;
    f.id("salesperson_id", r.salespersonId);
    f.month("month", r.month);
    f.integer("attitude_score", attitude);
    f.integer("satisfaction_score", satisfaction);
    if (attitude < 0 || attitude > 100) f.fail("attitude_score", std::to_string(attitude), "is outside 0..100");
    if (satisfaction < 0 || satisfaction > 100)
        f.fail("satisfaction_score", std::to_string(satisfaction), "is outside 0..100");
    r.attitudeScore = int(attitude);
    r.satisfactionScore = int(satisfaction);
    return f.ok();
}

}  // namespace yewu
