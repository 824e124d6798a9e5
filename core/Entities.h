// The canonical entities of DESIGN.md, one struct per table. Connectors map
// every source onto these; everything after a connector sees only these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "Date.h"
#include "Money.h"

namespace yewu {

using Id = std::int64_t;

struct Salesperson {
    Id id = 0;
    std::string name;
    std::string email;
    std::string team;
    std::string region;
    std::optional<Id> managerId;
    Date hiredOn;
    bool active = true;
};

struct Customer {
    Id id = 0;
    std::string name;
    Id salespersonId = 0;
    std::string region;
    Date createdOn;
    std::string address;
    std::string contact;
    std::string phone;
    std::string taxId;
    int paymentTermsDays = 0;
    Money creditLimit;
};

enum class OrderStatus { Confirmed, Cancelled, Draft };

struct Order {
    Id id = 0;
    std::string orderNo;
    Id customerId = 0;
    Id salespersonId = 0;
    Date orderDate;
    Money amount;
    OrderStatus status = OrderStatus::Confirmed;
};

struct OrderLine {
    Id orderId = 0;
    int lineNo = 0;
    std::string productCode;
    std::string productName;
    std::int64_t quantity = 0;
    Money unitPrice;
    Money amount;
};

struct Invoice {
    Id id = 0;
    std::string invoiceNo;
    Id orderId = 0;
    Id customerId = 0;
    Id salespersonId = 0;
    Date invoiceDate;
    Date dueDate;
    Money amount;
};

struct Payment {
    Id id = 0;
    Id invoiceId = 0;
    Date paidOn;
    Money amount;
};

struct Visit {
    Id id = 0;
    Id salespersonId = 0;
    Id customerId = 0;
    Date visitDate;
    std::string kind;
    std::string outcome;
};

struct Target {
    Id salespersonId = 0;
    Month month;
    Money salesTarget;
    std::int64_t visitTarget = 0;
};

struct Rating {
    Id salespersonId = 0;
    Month month;
    int attitudeScore = 0;       // 0..100
    int satisfactionScore = 0;   // 0..100
};

}  // namespace yewu
