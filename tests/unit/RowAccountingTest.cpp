// RowAccounting::merge and RowFingerprint::addPart: what jobs that read tables on
// two threads rely on to report as if one thread had read them all.
#include <gtest/gtest.h>

#include "connectors/RowFingerprint.h"
#include "core/Quarantine.h"

namespace yewu {
namespace {

TEST(RowAccountingTest, MergeAddsCountsAndAppendsQuarantinedRowsAfterOwn) {
    RowAccounting main, other;
    main.read("orders");
    main.used("orders");
    main.read("orders");
    main.quarantine(
        {"orders", "orders.sql row 2", "7", "amount_cents", "-1", "amount must not be negative"});
    other.read("invoice");
    other.quarantine({"invoice", "invoice.sql row 1", "3", "due_date", "2026-01-01",
                      "due before the invoice date"});
    other.read("orders");  // a table both read
    other.used("orders");

    main.merge(other);
    EXPECT_EQ(main.counts().at("orders").read, 3);
    EXPECT_EQ(main.counts().at("orders").used, 2);
    EXPECT_EQ(main.counts().at("orders").quarantined, 1);
    EXPECT_EQ(main.counts().at("invoice").read, 1);
    EXPECT_EQ(main.counts().at("invoice").quarantined, 1);
    EXPECT_TRUE(main.balanced());
    ASSERT_EQ(main.quarantined().size(), 2u);
    EXPECT_EQ(main.quarantined()[0].table, "orders");
    EXPECT_EQ(main.quarantined()[1].table, "invoice");
}

RawRow row(std::string id) {
    RawRow r;
    r.values = {std::move(id)};
    return r;
}

TEST(RowFingerprintTest, PartsAreDeterministicAndOrderMatters) {
    auto fingerprint = [](const char* mainId, const char* partId) {
        RowFingerprint main, part;
        main.add(Table::Orders, row(mainId));
        part.add(Table::Invoice, row(partId));
        main.addPart(part);
        return main.hex();
    };
    EXPECT_EQ(fingerprint("1", "2"), fingerprint("1", "2"));
    EXPECT_NE(fingerprint("1", "2"), fingerprint("2", "1"));
    EXPECT_NE(fingerprint("1", "2"), fingerprint("1", "3"));
}

}  // namespace
}  // namespace yewu
