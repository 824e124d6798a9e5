// ExternalSorter: the same order whether the rows fit in memory or spill to temp files.
#include <gtest/gtest.h>

#include <random>

#include "connectors/ExternalSorter.h"

namespace yewu {
namespace {

std::vector<RawRow> sortAll(std::size_t memoryBytes, std::size_t n, std::size_t* runs = nullptr) {
    ExternalSorter sorter(RowOrder(Table::Payment, {"id", "invoice_id", "paid_on"}, {"invoice_id", "paid_on"}),
                          memoryBytes);
    std::mt19937 random(42);
    for (std::size_t i = 0; i < n; ++i) {
        RawRow row;
        row.rowNumber = std::int64_t(i + 1);
        row.values = {std::to_string(i + 1), std::to_string(random() % 50),
                      "2026-01-" + std::to_string(10 + random() % 20)};
        if (i % 97 == 0) row.values[1].reset();  // NULL sorts first
        sorter.add(std::move(row));
    }
    std::vector<RawRow> out, chunk;
    while (sorter.next(chunk, 333))
        for (auto& r : chunk) out.push_back(std::move(r));
    if (runs) *runs = sorter.runsSpilled();
    return out;
}

TEST(ExternalSorterTest, SpillingGivesTheSameOrderAsInMemory) {
    std::size_t runs = 0;
    const auto inMemory = sortAll(std::size_t(64) << 20, 20000);
    const auto spilled = sortAll(64 * 1024, 20000, &runs);
    EXPECT_GT(runs, 5u) << "the small budget must spill";
    ASSERT_EQ(inMemory.size(), 20000u);
    ASSERT_EQ(spilled.size(), inMemory.size());
    for (std::size_t i = 0; i < spilled.size(); ++i) {
        ASSERT_EQ(spilled[i].rowNumber, inMemory[i].rowNumber) << i;
        ASSERT_EQ(spilled[i].values, inMemory[i].values) << i;
    }
    EXPECT_FALSE(inMemory.front().values[1].has_value());
    for (std::size_t i = 1; i < inMemory.size(); ++i) {
        const auto& a = inMemory[i - 1];
        const auto& b = inMemory[i];
        if (a.values[1] && b.values[1] && a.values[1] == b.values[1] && a.values[2] == b.values[2]) {
            EXPECT_LT(a.rowNumber, b.rowNumber) << "ties keep the source order";
        }
        if (a.values[1] && b.values[1]) {
            EXPECT_LE(std::stoll(*a.values[1]), std::stoll(*b.values[1])) << "invoice_id sorts numerically";
        }
    }
}

}  // namespace
}  // namespace yewu
