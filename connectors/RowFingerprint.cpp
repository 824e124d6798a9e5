#include "RowFingerprint.h"

#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace yewu {

namespace {
constexpr std::size_t kFlushBytes = 64 * 1024;
}

struct RowFingerprint::Impl {
    // XXH3-128, not SHA-256: the fingerprint tells whether two reports were made from
    // the same rows, it guards against no adversary, and at scale 1 SHA-256 (OpenSSL,
    // with the CPU's SHA instructions) took 7% of the KPI job's CPU, XXH3 a fraction of 1%.
    struct State {
        XXH3_state_t* state = XXH3_createState();
        State() {
            if (!state) throw std::bad_alloc();
            XXH3_128bits_reset(state);
        }
        ~State() { XXH3_freeState(state); }
        State(const State&) = delete;
        State& operator=(const State&) = delete;
    } hash;
    // Rows are written here and hashed 64 KiB at a time: one update per cell cost
    // more in calls than in hashing. The digest is the same either way.
    std::vector<char> pending = std::vector<char>(kFlushBytes);
    std::size_t used = 0;
    std::optional<Table> lastTable;  // the table of the last row written

    void flush() {
        if (used) XXH3_128bits_update(hash.state, pending.data(), used);
        used = 0;
    }
    // Room for `bytes` more at pending[used]; a row longer than the buffer grows it.
    char* reserve(std::size_t bytes) {
        if (used + bytes > pending.size()) flush();
        if (bytes > pending.size()) pending.resize(bytes);
        return pending.data() + used;
    }
};

RowFingerprint::RowFingerprint() : impl_(std::make_unique<Impl>()) {}
RowFingerprint::~RowFingerprint() = default;

namespace {

// An integer's canonical digits ("-12"; not "012", "+12" or "-0"), as text sources
// (PostgreSQL, CSV) give what SQLite holds as an integer.
bool canonicalInteger(const std::string& text, std::int64_t& out) {
    if (text.empty() || text.size() > 20) return false;
    const char* const end = text.data() + text.size();
    const char* digits = text.data() + (text[0] == '-');
    if (digits == end || (*digits == '0' && (digits + 1 != end || digits != text.data()))) return false;
    const auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end;
}

template <class Unsigned>
char* putLittleEndian(char* out, Unsigned value) {
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(out, &value, sizeof value);  // one store; a byte loop was a third of add()
        return out + sizeof value;
    }
    for (std::size_t i = 0; i < sizeof value; ++i) *out++ = char(value >> (8 * i));
    return out;
}

}  // namespace

char* RowFingerprint::start(Table table, std::size_t bytes) {
    const std::string_view name = tableName(table);
    const bool newTable = !impl_->lastTable || *impl_->lastTable != table;
    char* out = impl_->reserve(bytes + (newTable ? name.size() + 2 : 0));
    if (newTable) {
        *out++ = '\x1c';
        out = std::copy(name.begin(), name.end(), out);
        *out++ = '\x1d';
        impl_->lastTable = table;
    }
    return out;
}

void RowFingerprint::add(Table table, const RawRow& row) {
    // Each cell is a tag and its value: NULL; an integer as 8 bytes (whether the source
    // held a number or its canonical digits, so every source gives the same value); text
    // as its length and bytes; then the row's end. Lengths keep ("ab","c") apart from
    // ("a","bc"). The table's name is written when it changes.
    // Formatting integers as digits, and the name on every row, were most of the cost.
    std::size_t bytes = 1;
    // At most: text may turn out to be an integer's digits.
    for (const Cell& value : row.values) bytes += 1 + (!value ? 0 : value.isInteger() ? 8 : 8 + value->size());
    char* out = start(table, bytes);
    for (const Cell& value : row.values) {
        std::int64_t number = 0;
        if (!value) {
            *out++ = '\x1e';
        } else if (value.isInteger() || canonicalInteger(*value, number)) {
            *out++ = '\x1a';
            out = putLittleEndian(out, std::uint64_t(value.isInteger() ? value.integer() : number));
        } else {
            const std::string& text = *value;
            *out++ = '\x1f';
            out = putLittleEndian(out, std::uint32_t(text.size()));
            out = std::copy(text.begin(), text.end(), out);
        }
    }
    *out++ = '\n';
    impl_->used = std::size_t(out - impl_->pending.data());
}

namespace {

// A decoded row's fields: numbers (ids, cents, days, counts) as the cells' integers are,
// text as the cells' text is, an absent optional as NULL.
std::size_t fieldBytes(const std::string& text) { return 5 + text.size(); }
std::size_t fieldBytes(const std::optional<Id>&) { return 9; }
template <class Number>
std::size_t fieldBytes(const Number&) {
    return 9;
}

char* putField(char* out, const std::string& text) {
    *out++ = '\x1f';
    out = putLittleEndian(out, std::uint32_t(text.size()));
    return std::copy(text.begin(), text.end(), out);
}
char* putNumber(char* out, std::int64_t value) {
    *out++ = '\x1a';
    return putLittleEndian(out, std::uint64_t(value));
}
char* putField(char* out, const std::optional<Id>& value) {
    if (value) return putNumber(out, *value);
    *out++ = '\x1e';
    return out;
}
char* putField(char* out, Date date) { return putNumber(out, date.days()); }
char* putField(char* out, Money money) { return putNumber(out, money.cents()); }
char* putField(char* out, Month month) { return putNumber(out, std::int64_t(month.year()) * 12 + month.month() - 1); }
char* putField(char* out, OrderStatus status) { return putNumber(out, std::int64_t(status)); }
char* putField(char* out, std::int64_t value) { return putNumber(out, value); }
char* putField(char* out, int value) { return putNumber(out, value); }
char* putField(char* out, bool value) { return putNumber(out, value); }

}  // namespace

template <class... Fields>
void RowFingerprint::addFields(Table table, const Fields&... fields) {
    // '\x01' starts a decoded row: no row of cells starts with it.
    char* out = start(table, 2 + (fieldBytes(fields) + ...));
    *out++ = '\x01';
    ((out = putField(out, fields)), ...);
    *out++ = '\n';
    impl_->used = std::size_t(out - impl_->pending.data());
}

void RowFingerprint::add(Table t, const Salesperson& r) {
    addFields(t, r.id, r.name, r.email, r.team, r.region, r.managerId, r.hiredOn, r.active);
}
void RowFingerprint::add(Table t, const Customer& r) {
    addFields(t, r.id, r.name, r.salespersonId, r.region, r.createdOn, r.address, r.contact, r.phone, r.taxId,
              r.paymentTermsDays, r.creditLimit);
}
void RowFingerprint::add(Table t, const Order& r) {
    addFields(t, r.id, r.orderNo, r.customerId, r.salespersonId, r.orderDate, r.amount, r.status);
}
void RowFingerprint::add(Table t, const OrderLine& r) {
    addFields(t, r.orderId, r.lineNo, r.productCode, r.productName, r.quantity, r.unitPrice, r.amount);
}
void RowFingerprint::add(Table t, const Invoice& r) {
    addFields(t, r.id, r.invoiceNo, r.orderId, r.customerId, r.salespersonId, r.invoiceDate, r.dueDate, r.amount);
}
void RowFingerprint::add(Table t, const Payment& r) { addFields(t, r.id, r.invoiceId, r.paidOn, r.amount); }
void RowFingerprint::add(Table t, const Visit& r) {
    addFields(t, r.id, r.salespersonId, r.customerId, r.visitDate, r.kind, r.outcome);
}
void RowFingerprint::add(Table t, const Target& r) {
    addFields(t, r.salespersonId, r.month, r.salesTarget, r.visitTarget);
}
void RowFingerprint::add(Table t, const Rating& r) {
    addFields(t, r.salespersonId, r.month, r.attitudeScore, r.satisfactionScore);
}

void RowFingerprint::addPart(RowFingerprint& part) {
    const std::string digest = '\x1b' + part.hex();  // a tag no row starts with
    impl_->lastTable.reset();
    char* out = impl_->reserve(digest.size());
    std::copy(digest.begin(), digest.end(), out);
    impl_->used += digest.size();
}

std::string RowFingerprint::hex() {
    impl_->flush();
    XXH128_canonical_t canonical;  // big-endian bytes: the same digits on every machine
    XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(impl_->hash.state));
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    for (const unsigned char byte : canonical.digest) {
        hex += digits[byte >> 4];
        hex += digits[byte & 15];
    }
    return hex;
}

}  // namespace yewu
