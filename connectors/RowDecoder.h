// RowDecoder: turns a RawRow of one canonical table into its entity. A value
// that does not parse (a date that is not ISO, cents that are not a whole
// number, a missing id) makes the row fail with a QuarantinedRow naming the
// location, field, value and reason. Columns not requested keep defaults.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "Source.h"
#include "core/Entities.h"
#include "core/Quarantine.h"

namespace yewu {

class RowDecoder {
public:
    RowDecoder(Table table, const std::vector<std::string>& columns, std::string origin);

    Table table() const { return table_; }

    // Each decodes into `out` and returns true, or fills `error` and returns false when
    // the row cannot be decoded. `out` is reset first; reusing one keeps its strings'
    // capacity (a reader's invoice numbers no longer allocate, row after row).
    bool salesperson(const RawRow& row, Salesperson& out, QuarantinedRow& error) const;
    bool customer(const RawRow& row, Customer& out, QuarantinedRow& error) const;
    bool order(const RawRow& row, Order& out, QuarantinedRow& error) const;
    bool orderLine(const RawRow& row, OrderLine& out, QuarantinedRow& error) const;
    bool invoice(const RawRow& row, Invoice& out, QuarantinedRow& error) const;
    bool payment(const RawRow& row, Payment& out, QuarantinedRow& error) const;
    bool visit(const RawRow& row, Visit& out, QuarantinedRow& error) const;
    bool target(const RawRow& row, Target& out, QuarantinedRow& error) const;
    bool rating(const RawRow& row, Rating& out, QuarantinedRow& error) const;

    // "<origin> row <n>", as quarantine and error messages print it.
    std::string location(const RawRow& row) const;
    // The row's id or key as read, for messages ("" when the table has no id column).
    std::string rowKey(const RawRow& row) const;

private:
    class Fields;
    enum class Col;
    Table table_;
    std::string origin_;
    // `hint`: where in literalIndex_ to look first. Decoders ask for their fields in the
    // same order on every row, so after the first row it is right, and the lookup (once
    // per field per row: 3% of the KPI job's CPU as a loop in a call) is one compare.
    int canonicalIndexOf(const char* name, std::size_t& hint) const {
        if (hint < literalIndex_.size() && literalIndex_[hint].first == name) return literalIndex_[hint++].second;
        return findCanonicalIndex(name, hint);
    }
    int findCanonicalIndex(const char* name, std::size_t& hint) const;

    std::vector<int> index_;  // canonical column position -> position in RawRow::values, -1 if absent
    mutable std::vector<std::pair<const char*, int>> literalIndex_;
};

}  // namespace yewu
