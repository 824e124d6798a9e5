// SqlSource over SQLite: chunking, NULLs, row numbers and ordering through the
// SQLite cursor, the messages for broken query files, and the row fingerprint.
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <gtest/gtest.h>
#include <dlfcn.h>
#include <unistd.h>
#include <sqlite3.h>
#include <xxhash.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <tuple>
#include <vector>

#include "connectors/DuplicateKeys.h"
#include "connectors/RowFingerprint.h"
#include "connectors/SourceError.h"
#include "connectors/SqlSource.h"
#include "connectors/SqliteCursor.h"

namespace yewu {
namespace {

using Poco::Data::Keywords::now;

class SqlSourceTest : public ::testing::Test {
protected:
    void SetUp() override {
        Poco::Data::SQLite::Connector::registerConnector();
        dir_ = std::filesystem::temp_directory_path() /
               ("yewu-sql-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_ / "queries");
        db_ = (dir_ / "test.db").string();
        Poco::Data::Session session("SQLite", db_);
        session << "CREATE TABLE payment(id INTEGER PRIMARY KEY, invoice_id INTEGER, paid_on TEXT, "
                   "amount_cents INTEGER)",
            now;
        // Seven rows inserted out of id order; NULLs in different columns and chunks.
        session
            << "INSERT INTO payment VALUES (7, 70, '2026-10-07', 700), (1, 10, '2026-10-01', 100),"
               " (2, NULL, '2026-10-02', 200), (3, 30, NULL, 300), (4, 40, '2026-10-04', NULL),"
               " (5, 50, '2026-10-05', 500), (6, 60, '2026-10-06', -600)",
            now;
        query("payment", "SELECT id, invoice_id, paid_on, amount_cents FROM payment\n");
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    void query(const std::string& table, const std::string& sql) {
        std::ofstream(dir_ / "queries" / (table + ".sql"), std::ios::binary) << sql;
    }

    SqlSource source(std::size_t chunkRows) {
        return SqlSource(SqlDialect::SQLite, db_, "", "sqlite:test", (dir_ / "queries").string(),
                         RetryPolicy(), chunkRows);
    }

    std::filesystem::path dir_;
    std::string db_;
};

TEST_F(SqlSourceTest, DuplicateKeysAreFoundAcrossChunksOrNoneAtAll) {
    Poco::Data::Session session("SQLite", db_);
    session << "CREATE TABLE invoice(id INTEGER, invoice_no TEXT)", now;
    query("invoice", "SELECT id, invoice_no FROM invoice\n");
    session << "INSERT INTO invoice VALUES (1, 'A'), (2, 'B'), (3, 'C'), (4, NULL), (5, NULL)", now;
    auto sql = source(2);
    // NULL keys repeat nothing.
    EXPECT_TRUE(findDuplicateKeys(sql, Table::Invoice, "id", "invoice_no").empty());

    // 'B' three times (the smallest id keeps it), 'A' again in the last chunk, and a repeat
    // whose id is not a number (the reader quarantines that row itself).
    session << "INSERT INTO invoice VALUES (9, 'B'), (7, 'B'), (8, 'A'), ('x', 'C')", now;
    const auto found = findDuplicateKeys(sql, Table::Invoice, "id", "invoice_no");
    std::vector<std::tuple<Id, std::string, Id>> got;
    for (const auto& [id, key] : found) got.emplace_back(id, key.key, key.firstId);
    EXPECT_EQ(got, (std::vector<std::tuple<Id, std::string, Id>>{{7, "B", 2}, {8, "A", 1}, {9, "B", 2}}));
}

TEST(SqlSourceLinkTest, PocoBindsToTheLinkedInSqlite) {
    // SQLite is linked in from its static archive (connectors/CMakeLists.txt says why).
    // Poco's SQLite connector needs libsqlite3.so; the dynamic linker must hand it this
    // copy's functions, or one process would run two SQLites, each with its own locks.
    void* const boundForLibraries = dlsym(RTLD_DEFAULT, "sqlite3_open_v2");
    EXPECT_EQ(boundForLibraries, reinterpret_cast<void*>(&sqlite3_open_v2));
    Dl_info where{};
    ASSERT_NE(dladdr(reinterpret_cast<void*>(&sqlite3_open_v2), &where), 0);
    EXPECT_EQ(std::string(where.dli_fname).find("libsqlite3"), std::string::npos) << where.dli_fname;
    // And Poco works on it: a session opens and answers.
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", ":memory:");
    int answer = 0;
    session << "SELECT 6 * 7", Poco::Data::Keywords::into(answer), now;
    EXPECT_EQ(answer, 42);
}

TEST_F(SqlSourceTest, TellsWhichQueriesSortInATemporaryBtree) {
    // Those keep SQLite's default page cache; the others read with a small one.
    Poco::Data::Session session("SQLite", db_);
    session << "CREATE INDEX payment_invoice_id ON payment(invoice_id)", now;
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    EXPECT_FALSE(sortsInTemporaryStorage(db, "SELECT id, paid_on FROM payment"));
    EXPECT_FALSE(sortsInTemporaryStorage(db, "SELECT id, paid_on FROM payment ORDER BY id"))
        << "id is the rowid";
    EXPECT_FALSE(sortsInTemporaryStorage(db, "SELECT id, paid_on FROM payment ORDER BY invoice_id"));
    EXPECT_TRUE(sortsInTemporaryStorage(db, "SELECT id, paid_on FROM payment ORDER BY paid_on"));
    EXPECT_TRUE(sortsInTemporaryStorage(db, "SELECT no_such_column FROM payment"));
    sqlite3_close(db);
}

TEST_F(SqlSourceTest, ReadsEveryRowInOrderInChunksWithNulls) {
    auto sql = source(3);
    auto cursor = sql.open(
        ScanRequest{Table::Payment, {"id", "invoice_id", "paid_on", "amount_cents"}, {"id"}});
    std::vector<RawRow> chunk;
    std::vector<std::size_t> sizes;
    std::vector<RawRow> rows;
    while (cursor->next(chunk)) {
        sizes.push_back(chunk.size());
        rows.insert(rows.end(), chunk.begin(), chunk.end());  // copies: the cursor reuses its rows
    }
    EXPECT_TRUE(chunk.empty());
    EXPECT_FALSE(cursor->next(chunk));
    EXPECT_EQ(sizes, (std::vector<std::size_t>{3, 3, 1}));
    ASSERT_EQ(rows.size(), 7u);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].rowNumber, std::int64_t(i + 1));
        ASSERT_EQ(rows[i].values.size(), 4u);
        EXPECT_EQ(rows[i].values[0], std::to_string(i + 1));
        EXPECT_TRUE(rows[i].problem.empty());
    }
    EXPECT_EQ(rows[0].values[1], "10");
    EXPECT_EQ(rows[1].values[1], std::nullopt);  // NULL in the slot that held "10" a row before
    EXPECT_EQ(rows[2].values[2], std::nullopt);
    EXPECT_EQ(rows[3].values[3],
              std::nullopt);  // first row of the second chunk reuses row 1's strings
    EXPECT_EQ(rows[3].values[2], "2026-10-04");
    EXPECT_EQ(rows[5].values[3], "-600");
    EXPECT_EQ(rows[6].values,
              (std::vector<Cell>{"7", "70", "2026-10-07", "700"}));
}

TEST_F(SqlSourceTest, ADateFilterReadsOnlyThatHalfOpenRange) {
    {
        Poco::Data::Session session("SQLite", db_);
        session << "INSERT INTO payment VALUES (8, 80, '2026-10-06 23:59:59', 800), (9, 90, '2026-10-07 00:00:00', 900)",
            now;
    }
    auto sql = source(2);
    ScanRequest request{Table::Payment, {"id", "paid_on"}, {"id"}};
    request.onlyDates = DateFilter{"paid_on", *Date::parse("2026-10-02"), *Date::parse("2026-10-07")};
    auto cursor = sql.open(request);
    std::vector<RawRow> chunk;
    std::vector<std::string> ids;
    while (cursor->next(chunk))
        for (const RawRow& row : chunk) ids.push_back(*row.values[0]);
    // From the 2nd (a time on the last day included), not the 7th; NULL dates are out.
    EXPECT_EQ(ids, (std::vector<std::string>{"2", "4", "5", "6", "8"}));

    request.onlyDates = DateFilter{"no_such_column", *Date::parse("2026-10-02"), *Date::parse("2026-10-07")};
    EXPECT_THROW(sql.open(request), SourceError);
}

TEST_F(SqlSourceTest, TwoCursorsOnOneSourceInterleave) {
    auto sql = source(2);
    auto ids = sql.open(ScanRequest{Table::Payment, {"id"}, {"id"}});
    auto amounts = sql.open(ScanRequest{Table::Payment, {"amount_cents"}, {"id"}});
    std::vector<RawRow> a, b;
    ASSERT_TRUE(ids->next(a));
    ASSERT_TRUE(amounts->next(b));
    ASSERT_TRUE(ids->next(a));
    EXPECT_EQ(a[0].values[0], "3");
    EXPECT_EQ(b[1].values[0], "200");
}

TEST_F(SqlSourceTest, MissingColumnNamesTheQueryFile) {
    auto sql = source(2);
    try {
        sql.open(ScanRequest{Table::Payment, {"id", "currency"}, {}});
        FAIL() << "expected SourceError";
    } catch (const SourceError& e) {
        EXPECT_NE(e.message().find("payment.sql"), std::string::npos) << e.message();
        EXPECT_NE(e.message().find("currency"), std::string::npos) << e.message();
    }
}

TEST_F(SqlSourceTest, BrokenQueryNamesTheQueryFileAndTheError) {
    query("payment", "SELECT id, invoice_id FROM no_such_table\n");
    auto sql = source(2);
    try {
        sql.open(ScanRequest{Table::Payment, {"id"}, {}});
        FAIL() << "expected SourceError";
    } catch (const SourceError& e) {
        EXPECT_NE(e.message().find("payment.sql"), std::string::npos) << e.message();
        EXPECT_NE(e.message().find("no_such_table"), std::string::npos) << e.message();
    }
}

TEST_F(SqlSourceTest, MissingQueryFileIsAnEmptyTable) {
    auto sql = source(2);
    auto cursor = sql.open(ScanRequest{Table::Visit, {"id"}, {}});
    std::vector<RawRow> chunk;
    EXPECT_FALSE(cursor->next(chunk));
}

std::string littleEndian(std::uint64_t value, int bytes) {
    std::string out;
    for (int i = 0; i < bytes; ++i) out += char(value >> (8 * i));
    return out;
}

std::string fingerprintOf(const std::vector<RawRow>& rows, Table table = Table::Payment) {
    RowFingerprint fingerprint;
    for (const RawRow& row : rows) fingerprint.add(table, row);
    return fingerprint.hex();
}

RawRow rowOf(std::vector<Cell> values) {
    RawRow row;
    row.values = std::move(values);
    return row;
}

TEST(RowFingerprintTest, IsTheXxh3OfTheTaggedCells) {
    RowFingerprint fingerprint;
    std::string expected = "\x1cpayment\x1d";  // the table, once
    // Enough rows to cross the internal 64 KiB buffer several times.
    for (int i = 0; i < 20000; ++i) {
        RawRow row;
        const std::string date = std::string("2026-10-") + char('0' + i % 10);
        row.values = {std::to_string(i), std::nullopt, date};
        fingerprint.add(Table::Payment, row);
        expected += "\x1a" + littleEndian(std::uint64_t(i), 8) + "\x1e" + "\x1f" + littleEndian(date.size(), 4) + date + "\n";
    }
    // One call over the whole text: the buffering must not change the value.
    const XXH128_hash_t whole = XXH3_128bits(expected.data(), expected.size());
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016llx%016llx", (unsigned long long)whole.high64,
                  (unsigned long long)whole.low64);
    EXPECT_EQ(fingerprint.hex(), hex);
}

TEST(RowFingerprintTest, AnIntegerAndItsDigitsAreOneValue) {
    // SQLite gives integers, PostgreSQL and CSV their digits: the same rows either way.
    Cell number;
    number.setInteger(-42);
    Cell big;
    big.setInteger(INT64_MIN);
    EXPECT_EQ(fingerprintOf({rowOf({number, big})}),
              fingerprintOf({rowOf({Cell("-42"), Cell("-9223372036854775808")})}));
    // Other spellings of a number are other text.
    Cell twelve;
    twelve.setInteger(12);
    for (const char* text : {"012", "+12", "12 ", "12.0"})
        EXPECT_NE(fingerprintOf({rowOf({twelve})}), fingerprintOf({rowOf({Cell(text)})})) << text;
    Cell zero;
    zero.setInteger(0);
    EXPECT_EQ(fingerprintOf({rowOf({zero})}), fingerprintOf({rowOf({Cell("0")})}));
    EXPECT_NE(fingerprintOf({rowOf({zero})}), fingerprintOf({rowOf({Cell("-0")})}));
}

TEST(RowFingerprintTest, CellBoundariesTablesAndNullsCount) {
    EXPECT_NE(fingerprintOf({rowOf({Cell("ab"), Cell("c")})}), fingerprintOf({rowOf({Cell("a"), Cell("bc")})}));
    EXPECT_NE(fingerprintOf({rowOf({Cell("")})}), fingerprintOf({rowOf({Cell(std::nullopt)})}));
    EXPECT_NE(fingerprintOf({rowOf({Cell("a")}), rowOf({Cell("b")})}), fingerprintOf({rowOf({Cell("a"), Cell("b")})}));
    EXPECT_NE(fingerprintOf({rowOf({Cell("a")})}, Table::Payment), fingerprintOf({rowOf({Cell("a")})}, Table::Invoice));
    // Rows of two tables that interleave (invoices and their payments) keep their tables.
    RowFingerprint interleaved, grouped;
    interleaved.add(Table::Invoice, rowOf({Cell("1")}));
    interleaved.add(Table::Payment, rowOf({Cell("1")}));
    interleaved.add(Table::Invoice, rowOf({Cell("2")}));
    grouped.add(Table::Invoice, rowOf({Cell("1")}));
    grouped.add(Table::Invoice, rowOf({Cell("2")}));
    grouped.add(Table::Payment, rowOf({Cell("1")}));
    EXPECT_NE(interleaved.hex(), grouped.hex());
}

TEST(RowFingerprintTest, ADecodedRowIsItsFieldsTaggedApartFromCells) {
    RowFingerprint fingerprint;
    const Payment payment{7, 70, *Date::parse("2026-10-07"), Money::fromCents(-700)};
    fingerprint.add(Table::Payment, payment);
    const std::string expected = std::string("\x1cpayment\x1d") + "\x01" +  // the table once, a decoded row
                                 "\x1a" + littleEndian(7, 8) + "\x1a" + littleEndian(70, 8) + "\x1a" +
                                 littleEndian(std::uint64_t(payment.paidOn.days()), 8) + "\x1a" +
                                 littleEndian(std::uint64_t(-700), 8) + "\n";
    const XXH128_hash_t whole = XXH3_128bits(expected.data(), expected.size());
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016llx%016llx", (unsigned long long)whole.high64,
                  (unsigned long long)whole.low64);
    EXPECT_EQ(fingerprint.hex(), hex);

    // The same values as cells are another row: a row that decoded differs from one that did not.
    RowFingerprint cells;
    Cell id, invoice, cents;
    id.setInteger(7);
    invoice.setInteger(70);
    cents.setInteger(-700);
    cells.add(Table::Payment, rowOf({id, invoice, Cell("2026-10-07"), cents}));
    EXPECT_NE(cells.hex(), hex);
}

TEST(RowFingerprintTest, EveryFieldOfAnEntityCounts) {
    Order order;
    order.id = 1;
    order.orderNo = "SO-1";
    order.customerId = 2;
    order.salespersonId = 3;
    order.orderDate = *Date::parse("2026-10-01");
    order.amount = Money::fromCents(100);
    auto of = [](const Order& o) {
        RowFingerprint f;
        f.add(Table::Orders, o);
        return f.hex();
    };
    const std::string base = of(order);
    std::vector<Order> changed(7, order);
    changed[0].id = 9;
    changed[1].orderNo = "SO-9";
    changed[2].customerId = 9;
    changed[3].salespersonId = 9;
    changed[4].orderDate = order.orderDate.plusDays(1);
    changed[5].amount = Money::fromCents(101);
    changed[6].status = OrderStatus::Cancelled;
    for (std::size_t i = 0; i < changed.size(); ++i) EXPECT_NE(of(changed[i]), base) << "field " << i;
    EXPECT_EQ(of(order), base);
}

TEST(RowFingerprintTest, NoRowsIsTheKnownXxh3OfNothing) {
    // xxHash's published XXH3-128 of the empty input: the digits are in canonical order.
    EXPECT_EQ(RowFingerprint().hex(), "99aa06d3014798d86001c324468d497f");
}

}  // namespace
}  // namespace yewu
