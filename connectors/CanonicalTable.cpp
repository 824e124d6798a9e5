#include "CanonicalTable.h"

#include <map>

namespace yewu {

std::string_view tableName(Table table) {
    switch (table) {
        case Table::Salesperson: return "salesperson";
        case Table::Customer: return "customer";
        case Table::Orders: return "orders";
        case Table::OrderLine: return "order_line";
        case Table::Invoice: return "invoice";
        case Table::Payment: return "payment";
        case Table::Visit: return "visit";
        case Table::Target: return "target";
        case Table::Rating: return "rating";
    }
    return "?";
}

const std::vector<std::string>& canonicalColumns(Table table) {
    static const std::map<Table, std::vector<std::string>> columns = {
        {Table::Salesperson, {"id", "name", "email", "team", "region", "manager_id", "hired_on", "active"}},
        {Table::Customer,
         {"id", "name", "salesperson_id", "region", "created_on", "address", "contact", "phone", "tax_id",
          "payment_terms_days", "credit_limit_cents"}},
        {Table::Orders, {"id", "order_no", "customer_id", "salesperson_id", "order_date", "amount_cents", "status"}},
        {Table::OrderLine,
         {"order_id", "line_no", "product_code", "product_name", "quantity", "unit_price_cents", "amount_cents"}},
        {Table::Invoice,
         {"id", "invoice_no", "order_id", "customer_id", "salesperson_id", "invoice_date", "due_date",
          "amount_cents"}},
        {Table::Payment, {"id", "invoice_id", "paid_on", "amount_cents"}},
        {Table::Visit, {"id", "salesperson_id", "customer_id", "visit_date", "kind", "outcome"}},
        {Table::Target, {"salesperson_id", "month", "sales_target_cents", "visit_target"}},
        {Table::Rating, {"salesperson_id", "month", "attitude_score", "satisfaction_score"}},
    };
    return columns.at(table);
}

const std::vector<Table>& allTables() {
    static const std::vector<Table> tables = {Table::Salesperson, Table::Customer, Table::Orders,
                                              Table::OrderLine,   Table::Invoice,  Table::Payment,
                                              Table::Visit,       Table::Target,   Table::Rating};
    return tables;
}

}  // namespace yewu
