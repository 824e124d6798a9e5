#include "RowOrder.h"

#include <algorithm>

#include "SourceError.h"

namespace yewu {

namespace {

// <0, 0, >0 like SQLite: NULL < integer < text.
int compare(const Cell& a, const Cell& b, bool integer) {
    if (!a || !b) return int(bool(a)) - int(bool(b));
    if (integer || (a.isInteger() && b.isInteger())) {
        std::int64_t x = 0, y = 0;
        const bool xi = a.toInteger(x), yi = b.toInteger(y);
        if (xi && yi) return x < y ? -1 : x > y ? 1 : 0;
        if (xi != yi) return xi ? -1 : 1;
    }
    return a->compare(*b) < 0 ? -1 : a->compare(*b) > 0 ? 1 : 0;
}

}  // namespace

bool RowOrder::isIntegerColumn(const std::string& name) {
    static const std::vector<std::string> counts = {"quantity", "line_no", "payment_terms_days", "visit_target",
                                                    "attitude_score", "satisfaction_score", "active"};
    return name == "id" || name.ends_with("_id") || name.ends_with("_cents") ||
           std::find(counts.begin(), counts.end(), name) != counts.end();
}

RowOrder::RowOrder(Table table, const std::vector<std::string>& columns, const std::vector<std::string>& orderBy) {
    for (const auto& name : orderBy) {
        const auto at = std::find(columns.begin(), columns.end(), name);
        if (at == columns.end())
            throw SourceError("cannot order " + std::string(tableName(table)) + " by " + name +
                              ": the column is not among those requested");
        keys_.push_back(Key{std::size_t(at - columns.begin()), isIntegerColumn(name)});
    }
}

int RowOrder::compareKeys(const RawRow& a, const RawRow& b) const {
    for (const Key& key : keys_)
        if (const int c = compare(a.values[key.index], b.values[key.index], key.integer)) return c;
    return 0;
}

bool RowOrder::operator()(const RawRow& a, const RawRow& b) const {
    if (const int c = compareKeys(a, b)) return c < 0;
    return a.rowNumber < b.rowNumber;
}

}  // namespace yewu
