// CsvSource: RFC 4180 parsing through libcsv, encodings through ICU, line numbers
// for quarantine, header maps, client-side ordering.
#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "connectors/CsvSource.h"
#include "connectors/SourceError.h"
#include "connectors/TableReader.h"

namespace yewu {
namespace {

class CsvSourceTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("yewu-csv-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
        config_ = new Poco::Util::MapConfiguration;
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    void write(const std::string& name, const std::string& bytes) {
        std::ofstream(dir_ / name, std::ios::binary) << bytes;
    }

    std::vector<RawRow> readAll(Table table, std::vector<std::string> columns, std::vector<std::string> orderBy = {},
                                std::size_t chunkRows = 2) {
        CsvSource source(dir_.string(), *config_, "csv:test");
        auto cursor = source.open(ScanRequest{table, std::move(columns), std::move(orderBy), chunkRows});
        std::vector<RawRow> rows, chunk;
        while (cursor->next(chunk))
            for (auto& r : chunk) rows.push_back(std::move(r));
        return rows;
    }

    std::filesystem::path dir_;
    Poco::AutoPtr<Poco::Util::MapConfiguration> config_;
};

TEST_F(CsvSourceTest, QuotesEmbeddedLineBreaksNullsAndLineNumbers) {
    write("payment.csv",
          "\xEF\xBB\xBFid,invoice_id,paid_on,amount_cents\r\n"
          "1,10,\"2026-01-02\",100\r\n"
          "\r\n"
          "2,,\"a,b\r\n\"\"c\"\"\",\"\"\r\n"
          "3,12,2026-01-04,300");
    const auto rows = readAll(Table::Payment, {"id", "invoice_id", "paid_on", "amount_cents"});
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].rowNumber, 2);
    EXPECT_EQ(*rows[0].values[2], "2026-01-02");
    EXPECT_EQ(rows[1].rowNumber, 4);  // after a blank line 3
    EXPECT_FALSE(rows[1].values[1].has_value()) << "an unquoted empty field is NULL";
    EXPECT_EQ(*rows[1].values[2], "a,b\r\n\"c\"");
    EXPECT_EQ(*rows[1].values[3], "") << "a quoted empty field is the empty string";
    EXPECT_EQ(rows[2].rowNumber, 6);  // row 2 spans lines 4 and 5
    EXPECT_EQ(*rows[2].values[3], "300");
}

TEST_F(CsvSourceTest, GbkIsDetectedAndConverted) {
    // 张三,华东 in GBK.
    write("salesperson.csv", "id,name,region\n7,\xD5\xC5\xC8\xFD,\xBB\xAA\xB6\xAB\n");
    const auto rows = readAll(Table::Salesperson, {"id", "name", "region"});
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(*rows[0].values[1], "张三");
    EXPECT_EQ(*rows[0].values[2], "华东");
}

TEST_F(CsvSourceTest, DeclaredEncodingThatDoesNotFitFailsWithTheOffset) {
    config_->setString("source.csv.encoding", "UTF-8");
    write("salesperson.csv", "id,name\n7,\xD5\xC5\xC8\xFD\n");
    try {
        readAll(Table::Salesperson, {"id", "name"});
        FAIL() << "expected SourceError";
    } catch (const SourceError& e) {
        EXPECT_NE(e.message().find("offset 10"), std::string::npos) << e.message();
        EXPECT_NE(e.message().find("source.csv.encoding"), std::string::npos) << e.message();
    }
}

TEST_F(CsvSourceTest, HeaderMapAndMissingColumns) {
    config_->setString("source.csv.payment.map.amount_cents", "金额(分)");
    write("payment.csv", "id,invoice_id,paid_on,金额(分)\n1,10,2026-01-02,100\n");
    const auto rows = readAll(Table::Payment, {"id", "amount_cents"});
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(*rows[0].values[1], "100");
    try {
        readAll(Table::Payment, {"id", "paid_on", "currency_code"});
        FAIL() << "expected SourceError";
    } catch (const SourceError& e) {
        EXPECT_NE(e.message().find((dir_ / "payment.csv").string() + " lacks column(s) currency_code"),
                  std::string::npos)
            << e.message();
        EXPECT_NE(e.message().find("got id, invoice_id, paid_on, 金额(分)"), std::string::npos) << e.message();
    }
}

TEST_F(CsvSourceTest, MissingFileIsAnEmptyTable) {
    EXPECT_TRUE(readAll(Table::Visit, {"id"}).empty());
}

TEST_F(CsvSourceTest, OrdersIntegerColumnsNumericallyAndTextByBytes) {
    write("invoice.csv", "id,invoice_no\n10,B\n9,A\n100,C\n9,0\n");
    const auto byId = readAll(Table::Invoice, {"id", "invoice_no"}, {"id"});
    ASSERT_EQ(byId.size(), 4u);
    EXPECT_EQ(*byId[0].values[0], "9");
    EXPECT_EQ(*byId[0].values[1], "A") << "ties keep file order";
    EXPECT_EQ(*byId[1].values[1], "0");
    EXPECT_EQ(*byId[2].values[0], "10");
    EXPECT_EQ(*byId[3].values[0], "100");
    const auto byNumber = readAll(Table::Invoice, {"id", "invoice_no"}, {"invoice_no"});
    EXPECT_EQ(*byNumber[0].values[1], "0");
    EXPECT_EQ(*byNumber[3].values[1], "C");
}

TEST_F(CsvSourceTest, BadRowIsQuarantinedWithFileAndLine) {
    write("payment.csv", "id,invoice_id,paid_on,amount_cents\n1,10,2026-01-02,100\n2,10,2026-01-03\n3,10,x,5\n");
    CsvSource source(dir_.string(), *config_, "csv:test");
    RowAccounting accounting;
    TableReader<Payment> reader(source, Table::Payment, {"id", "invoice_id", "paid_on", "amount_cents"}, {"id"},
                                &RowDecoder::payment, accounting);
    int used = 0;
    while (reader.next()) {
        reader.use();
        ++used;
    }
    EXPECT_EQ(used, 1);
    ASSERT_EQ(accounting.quarantined().size(), 2u);
    const auto& fieldCount = accounting.quarantined()[0];
    EXPECT_EQ(fieldCount.location, (dir_ / "payment.csv").string() + " row 3");
    EXPECT_EQ(fieldCount.reason, "has 3 fields, the header has 4");
    const auto& badDate = accounting.quarantined()[1];
    EXPECT_EQ(badDate.location, (dir_ / "payment.csv").string() + " row 4");
    EXPECT_EQ(badDate.field, "paid_on");
}

}  // namespace
}  // namespace yewu
