// TieSortingCursor: rows a database sorted by the first key only come out in the
// full order, whatever the chunking, with row numbers in delivery order.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/TieSortingCursor.h"

using namespace yewu;

namespace {

using Cells = std::vector<Cell>;

// Delivers fixed rows, `perChunk` at a time, numbered 1, 2, 3, ...
class FixedCursor : public RowCursor {
public:
    FixedCursor(std::vector<Cells> rows, std::size_t perChunk) : rows_(std::move(rows)), perChunk_(perChunk) {}
    bool next(std::vector<RawRow>& chunk) override {
        chunk.clear();
        while (at_ < rows_.size() && chunk.size() < perChunk_) {
            RawRow row;
            row.rowNumber = std::int64_t(at_ + 1);
            row.values = rows_[at_++];
            chunk.push_back(std::move(row));
        }
        return !chunk.empty();
    }

private:
    std::vector<Cells> rows_;
    std::size_t perChunk_;
    std::size_t at_ = 0;
};

std::vector<RawRow> readAll(std::vector<Cells> rows, std::size_t perChunk) {
    // Invoices as InvoicePaymentMerge reads them: by id, then invoice number.
    TieSortingCursor cursor(std::make_unique<FixedCursor>(std::move(rows), perChunk),
                            RowOrder(Table::Invoice, {"id", "invoice_no", "amount_cents"}, {"id", "invoice_no"}));
    std::vector<RawRow> all, chunk;
    while (cursor.next(chunk)) all.insert(all.end(), chunk.begin(), chunk.end());
    EXPECT_TRUE(chunk.empty());
    EXPECT_FALSE(cursor.next(chunk));
    return all;
}

std::string describe(const std::vector<RawRow>& rows) {
    std::string out;
    for (const RawRow& row : rows) {
        out += std::to_string(row.rowNumber) + ":";
        for (const auto& value : row.values) out += (value ? *value : "NULL") + ",";
        out += " ";
    }
    return out;
}

const std::vector<Cells> kSortedById = {
    {std::nullopt, "N-1", "5"},  // a NULL id sorts first, as in SQLite
    {"1", "INV-9", "100"},
    {"2", "INV-3", "200"},
    {"2", "INV-10", "300"},      // ties on id: by invoice number, as text
    {"2", "INV-10", "250"},      // ties on both: by the other values
    {"3", "INV-4", "400"},
    {"7", "INV-8", "700"},
    {"7", "INV-5", "800"},
    {"7", "INV-6", "900"},
    {"9", "INV-1", "1000"},
};

const char* const kExpected =
    "1:NULL,N-1,5, 2:1,INV-9,100, 3:2,INV-10,250, 4:2,INV-10,300, 5:2,INV-3,200, 6:3,INV-4,400, "
    "7:7,INV-5,800, 8:7,INV-6,900, 9:7,INV-8,700, 10:9,INV-1,1000, ";

}  // namespace

TEST(TieSortingCursorTest, SortsTiesWithinAndAcrossChunks) {
    // Every chunk size puts some run across a chunk boundary (size 1: every run).
    for (std::size_t perChunk : {1, 2, 3, 4, 7, 100}) {
        SCOPED_TRACE("rows per chunk " + std::to_string(perChunk));
        EXPECT_EQ(describe(readAll(kSortedById, perChunk)), kExpected);
    }
}

TEST(TieSortingCursorTest, RunLongerThanManyChunks) {
    std::vector<Cells> rows = {{"1", "A", "1"}};
    for (int i = 0; i < 50; ++i) rows.push_back({"2", "K" + std::to_string(99 - i), std::to_string(i)});
    rows.push_back({"3", "Z", "3"});
    const auto all = readAll(rows, 4);
    ASSERT_EQ(all.size(), 52u);
    for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].rowNumber, std::int64_t(i + 1));
    EXPECT_EQ(*all[1].values[1], "K50");
    EXPECT_EQ(*all[50].values[1], "K99");
    EXPECT_EQ(*all[51].values[0], "3");
}

TEST(TieSortingCursorTest, EmptyAndSingleRowSources) {
    EXPECT_TRUE(readAll({}, 3).empty());
    EXPECT_EQ(describe(readAll({{"4", "X", "1"}}, 3)), "1:4,X,1, ");
}
