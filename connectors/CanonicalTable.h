// The canonical tables and their columns (DESIGN.md), the contract every
// source is mapped onto.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace yewu {

enum class Table { Salesperson, Customer, Orders, OrderLine, Invoice, Payment, Visit, Target, Rating };

// "salesperson", "customer", "orders", ... as in DESIGN.md and the query file names.
std::string_view tableName(Table table);
// Every column of the canonical table, in DESIGN.md order.
const std::vector<std::string>& canonicalColumns(Table table);
const std::vector<Table>& allTables();

}  // namespace yewu
