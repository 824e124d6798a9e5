// KpiFigures: one salesperson's (or one team's) KPI inputs for a month, as
// DESIGN.md "Definitions" names them, and the ratios derived from them.
//
// Everything is summable: a team's figures are the plain sum of its members'
// figures, and every ratio is computed from those sums. That is how the
// workbook's totals-row formulas compute them too, so a formula and the value
// computed here always agree:
//   attainment        = Σ sales of those with a target > 0 / Σ targets
//   visit attainment  = Σ visits of those with a visit target > 0 / Σ visit targets
//   YTD attainment    = Σ YTD sales of those with a YTD target > 0 / Σ YTD targets
// For one salesperson these reduce to DESIGN.md's sales / target.
#pragma once

#include <cstdint>
#include <optional>

#include "Money.h"
#include "Ratio.h"

namespace yewu {

struct KpiFigures {
    Money sales;                      // confirmed orders dated in the month
    std::int64_t orders = 0;          // their count
    Money target;                     // sales target; 0 = none
    Money salesWithTarget;            // sales, when target > 0 (else 0)
    std::int64_t newCustomers = 0;
    std::int64_t visits = 0;
    std::int64_t visitTarget = 0;     // 0 = none
    std::int64_t visitsWithTarget = 0;
    Money collected;                  // payments dated in the month
    Money dueInMonth;                 // Σ open(inv, b−1) of invoices due by e, issued before b
    Money collectedDue;               // payments dated in the month on those invoices
    Money openAr;                     // open_ar(s, e)
    Money overdue;                    // overdue(s, e)
    Money invoiced90;                 // invoices dated e−89 … e (the DSO denominator)
    Money previousSales;              // month − 1
    Money lastYearSales;              // month − 12
    Money ytdSales;                   // January … month
    Money ytdTarget;                  // Σ sales targets January … month
    Money ytdSalesWithTarget;         // ytdSales, when ytdTarget > 0 (else 0)

    std::optional<Ratio> attainment() const { return ratioOf(salesWithTarget.cents(), target.cents()); }
    // Average order value in cents (客单价); nullopt without orders.
    std::optional<Ratio> averageOrder() const { return ratioOf(sales.cents(), orders); }
    std::optional<Ratio> visitAttainment() const { return ratioOf(visitsWithTarget, visitTarget); }
    std::optional<Ratio> collectionRate() const {
        return ratioOf(collectedDue.cents(), dueInMonth.cents());
    }
    // DSO in days: openAr / invoiced90 × 90.
    std::optional<Ratio> dso() const {
        if (invoiced90.cents() <= 0) return std::nullopt;
        return Ratio{openAr.cents() * 90, invoiced90.cents()};
    }
    std::optional<Ratio> monthOnMonth() const { return growthOf(sales.cents(), previousSales.cents()); }
    std::optional<Ratio> yearOnYear() const { return growthOf(sales.cents(), lastYearSales.cents()); }
    std::optional<Ratio> ytdAttainment() const {
        return ratioOf(ytdSalesWithTarget.cents(), ytdTarget.cents());
    }

    KpiFigures& operator+=(const KpiFigures& o);
};

// One month of a trailing series.
struct KpiMonthPoint {
    Money sales;
    std::int64_t orders = 0;
    Money target;           // 0 = none
    Money salesWithTarget;  // sales when target > 0
    std::int64_t visits = 0;

    std::optional<Ratio> attainment() const { return ratioOf(salesWithTarget.cents(), target.cents()); }
    KpiMonthPoint& operator+=(const KpiMonthPoint& o) {
        sales += o.sales;
        orders += o.orders;
        target += o.target;
        salesWithTarget += o.salesWithTarget;
        visits += o.visits;
        return *this;
    }
};

}  // namespace yewu
