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

    // Each returns nullopt and fills `error` when the row cannot be decoded.
    std::optional<Salesperson> salesperson(const RawRow& row, QuarantinedRow& error) const;
    std::optional<Customer> customer(const RawRow& row, QuarantinedRow& error) const;
    std::optional<Order> order(const RawRow& row, QuarantinedRow& error) const;
    std::optional<OrderLine> orderLine(const RawRow& row, QuarantinedRow& error) const;
    std::optional<Invoice> invoice(const RawRow& row, QuarantinedRow& error) const;
    std::optional<Payment> payment(const RawRow& row, QuarantinedRow& error) const;
    std::optional<Visit> visit(const RawRow& row, QuarantinedRow& error) const;
    std::optional<Target> target(const RawRow& row, QuarantinedRow& error) const;
    std::optional<Rating> rating(const RawRow& row, QuarantinedRow& error) const;

    // "<origin> row <n>", as quarantine and error messages print it.
    std::string location(const RawRow& row) const;
    // The row's id or key as read, for messages ("" when the table has no id column).
    std::string rowKey(const RawRow& row) const;

private:
    class Fields;
    enum class Col;
    Table table_;
    std::string origin_;
    int canonicalIndexOf(const char* name) const;

    std::vector<int> index_;  // canonical column position -> position in RawRow::values, -1 if absent
    mutable std::vector<std::pair<const char*, int>> literalIndex_;
};

}  // namespace yewu
