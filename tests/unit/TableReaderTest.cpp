// TableReader: rows read, fingerprinted and decoded on its read-ahead thread
// arrive as entities in source order; rows that do not decode, rows the source
// could not read and rows the caller rejects are quarantined in that order,
// each naming its row; the table's fingerprint joins the caller's at the end;
// and a source error comes after the rows read before it.
#include <gtest/gtest.h>

#include <stdexcept>

#include "connectors/SourceError.h"
#include "connectors/TableReader.h"

namespace yewu {
namespace {

RawRow paymentRow(std::int64_t number, std::vector<Cell> values, std::string problem = "") {
    RawRow row;
    row.rowNumber = number;
    row.values = std::move(values);
    row.problem = std::move(problem);
    return row;
}

std::vector<RawRow> paymentRows() {
    return {paymentRow(1, {"1", "10", "2026-10-01", "100"}),
            paymentRow(2, {"2", "10", "2026-13-01", "200"}),  // no such month
            paymentRow(3, {"3", "10", std::nullopt, std::nullopt}, "has 2 fields, the header has 4"),
            paymentRow(4, {"4", "11", "2026-10-04", "400"}),
            paymentRow(5, {"5", "12", "2026-10-05", "500"})};
}

// Gives `rows` two at a time, then ends or fails.
class ScriptedSource : public Source {
public:
    ScriptedSource(std::vector<RawRow> rows, bool fail) : rows_(std::move(rows)), fail_(fail) {}
    std::string describe() const override { return "scripted"; }
    std::string origin(Table) const override { return "payment.csv"; }
    std::unique_ptr<RowCursor> open(const ScanRequest& request) override {
        askedToReadAhead = request.readAhead;
        struct Cursor : RowCursor {
            std::vector<RawRow> rows;
            bool fail;
            std::size_t at = 0;
            bool next(std::vector<RawRow>& chunk) override {
                chunk.clear();
                if (at == rows.size()) {
                    if (fail) throw SourceError("reading payment.csv failed after row 5: connection lost");
                    return false;
                }
                for (int i = 0; i < 2 && at < rows.size(); ++i) chunk.push_back(rows[at++]);
                return true;
            }
        };
        auto cursor = std::make_unique<Cursor>();
        cursor->rows = rows_;
        cursor->fail = fail_;
        return cursor;
    }
    bool askedToReadAhead = true;

private:
    std::vector<RawRow> rows_;
    bool fail_;
};

TEST(TableReaderTest, EntitiesInOrderAndEveryOtherRowQuarantinedWhereItWas) {
    ScriptedSource source(paymentRows(), false);
    RowAccounting accounting;
    RowFingerprint fingerprint;
    std::vector<Id> used;
    {
        TableReader<Payment> reader(source, Table::Payment, {"id", "invoice_id", "paid_on", "amount_cents"}, {},
                                    &RowDecoder::payment, accounting, &fingerprint);
        EXPECT_FALSE(source.askedToReadAhead) << "the reader reads ahead itself";
        while (const Payment* p = reader.next()) {
            if (p->id == 4) {
                reader.reject("amount_cents", std::to_string(p->amount.cents()), "too much");
                continue;
            }
            used.push_back(p->id);
            reader.use();
        }
        EXPECT_EQ(reader.next(), nullptr);
    }
    EXPECT_EQ(used, (std::vector<Id>{1, 5}));
    const TableCount& count = accounting.count("payment");
    EXPECT_EQ(count.read, 5);
    EXPECT_EQ(count.used, 2);
    ASSERT_EQ(accounting.quarantined().size(), 3u);
    EXPECT_EQ(accounting.quarantined()[0].location, "payment.csv row 2");
    EXPECT_EQ(accounting.quarantined()[0].field, "paid_on");
    EXPECT_EQ(accounting.quarantined()[0].value, "2026-13-01");
    EXPECT_EQ(accounting.quarantined()[1].location, "payment.csv row 3");
    EXPECT_EQ(accounting.quarantined()[1].reason, "has 2 fields, the header has 4");
    EXPECT_EQ(accounting.quarantined()[2].location, "payment.csv row 4");
    EXPECT_EQ(accounting.quarantined()[2].rowId, "4");
    EXPECT_EQ(accounting.quarantined()[2].value, "400");

    // Every row read, as one part appended at the end: decoded rows by their fields,
    // the others by their cells (rejecting a decoded row does not change it).
    const auto rows = paymentRows();
    auto payment = [](Id id, Id invoice, const char* paidOn, std::int64_t cents) {
        return Payment{id, invoice, *Date::parse(paidOn), Money::fromCents(cents)};
    };
    RowFingerprint table, expected;
    table.add(Table::Payment, payment(1, 10, "2026-10-01", 100));
    table.add(Table::Payment, rows[1]);
    table.add(Table::Payment, rows[2]);
    table.add(Table::Payment, payment(4, 11, "2026-10-04", 400));
    table.add(Table::Payment, payment(5, 12, "2026-10-05", 500));
    expected.addPart(table);
    EXPECT_EQ(fingerprint.hex(), expected.hex());
}

TEST(TableReaderTest, ASourceErrorComesAfterTheRowsBeforeIt) {
    ScriptedSource source(paymentRows(), true);
    RowAccounting accounting;
    TableReader<Payment> reader(source, Table::Payment, {"id", "invoice_id", "paid_on", "amount_cents"}, {},
                                &RowDecoder::payment, accounting);
    std::vector<Id> read;
    try {
        while (const Payment* p = reader.next()) {
            read.push_back(p->id);
            reader.use();
        }
        FAIL() << "no error";
    } catch (const SourceError& e) {
        EXPECT_EQ(e.message(), "reading payment.csv failed after row 5: connection lost");
    }
    EXPECT_EQ(read, (std::vector<Id>{1, 4, 5}));
}

TEST(TableReaderTest, LeavingEarlyStopsTheReadAheadThread) {
    std::vector<RawRow> rows;
    for (int i = 1; i <= 1000; ++i)
        rows.push_back(paymentRow(i, {std::to_string(i), "10", "2026-10-01", "100"}));
    ScriptedSource source(rows, false);
    RowAccounting accounting;
    TableReader<Payment> reader(source, Table::Payment, {"id", "invoice_id", "paid_on", "amount_cents"}, {},
                                &RowDecoder::payment, accounting);
    ASSERT_NE(reader.next(), nullptr);
    reader.use();
}  // the destructor joins the thread, blocked on a full queue

}  // namespace
}  // namespace yewu
