#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "bench/Generator.h"

namespace yewu {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

GeneratorOptions demoOptions(const std::string& path, std::uint64_t seed = 7) {
    GeneratorOptions options;
    options.dbPath = path;
    options.scale = 0.01;
    options.seed = seed;
    options.end = Month(2026, 10);  // period 2024-11-01 .. 2026-10-31
    return options;
}

// One database at scale 0.01 shared by the invariant checks; generating it takes ~0.1 s.
class GeneratorTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        Poco::Data::SQLite::Connector::registerConnector();
        dir_ = std::make_unique<Poco::TemporaryFile>();
        dir_->createDirectories();
        path_ = dir_->path() + "/demo.db";
        report_ = generateDemoData(demoOptions(path_));
        session_ = std::make_unique<Poco::Data::Session>("SQLite", path_);
    }
    static void TearDownTestSuite() {
        session_.reset();
        dir_.reset();  // removes the directory and the databases in it
    }

    static std::int64_t count(const std::string& sql) {
        Poco::Int64 value = 0;
        *session_ << sql, into(value), now;
        return value;
    }

    static std::unique_ptr<Poco::TemporaryFile> dir_;
    static std::string path_;
    static GeneratorReport report_;
    static std::unique_ptr<Poco::Data::Session> session_;
};

std::unique_ptr<Poco::TemporaryFile> GeneratorTest::dir_;
std::string GeneratorTest::path_;
GeneratorReport GeneratorTest::report_;
std::unique_ptr<Poco::Data::Session> GeneratorTest::session_;

TEST_F(GeneratorTest, SameSeedGivesByteIdenticalFile) {
    const std::string again = dir_->path() + "/again.db";
    generateDemoData(demoOptions(again));
    const std::string a = readAll(path_), b = readAll(again);
    ASSERT_GT(a.size(), 100000u);
    EXPECT_TRUE(a == b) << "two runs with the same seed differ";

    const std::string other = dir_->path() + "/other.db";
    generateDemoData(demoOptions(other, 8));
    EXPECT_FALSE(readAll(other) == a) << "a different seed gave the same data";
}

TEST_F(GeneratorTest, LeavesNoTemporaryFileAndReplacesAnExistingDatabase) {
    EXPECT_FALSE(Poco::File(path_ + ".tmp").exists());
    const std::string path = dir_->path() + "/replaced.db";
    std::ofstream(path) << "not a database";
    const GeneratorReport report = generateDemoData(demoOptions(path));
    EXPECT_EQ(report.rows, report_.rows);
    EXPECT_EQ(readAll(path), readAll(path_));
}

TEST_F(GeneratorTest, RejectsBadOptions) {
    GeneratorOptions options = demoOptions(dir_->path() + "/bad.db");
    options.scale = 0;
    EXPECT_THROW(generateDemoData(options), Poco::InvalidArgumentException);
    options = demoOptions("");
    EXPECT_THROW(generateDemoData(options), Poco::InvalidArgumentException);
    options = demoOptions(dir_->path() + "/bad.db");
    options.months = 0;
    EXPECT_THROW(generateDemoData(options), Poco::InvalidArgumentException);
    EXPECT_FALSE(Poco::File(dir_->path() + "/bad.db").exists());
}

TEST_F(GeneratorTest, RowCountsScaleAndMatchTheReport) {
    for (const char* table : {"salesperson", "customer", "orders", "order_line", "invoice",
                              "payment", "visit", "target", "rating"}) {
        ASSERT_TRUE(report_.rows.contains(table)) << table;
        EXPECT_EQ(report_.rows.at(table), count(std::string("SELECT COUNT(*) FROM ") + table))
            << table;
    }
    EXPECT_EQ(report_.rows.at("salesperson"), 5);
    EXPECT_EQ(report_.rows.at("customer"), 200);
    EXPECT_EQ(report_.rows.at("orders"), 10000);
    // Scale 1: ~900,000 invoices, ~1,200,000 payments, ~600,000 visits.
    EXPECT_NEAR(report_.rows.at("invoice"), 9000, 400);
    EXPECT_NEAR(report_.rows.at("payment"), 12000, 1200);
    EXPECT_NEAR(report_.rows.at("visit"), 6000, 600);
    const std::int64_t lines = report_.rows.at("order_line");
    EXPECT_GT(lines, 20000);
    EXPECT_LT(lines, 27000);
    // Most salesperson-months have a target and a rating, not all.
    const std::int64_t months =
        count("SELECT COUNT(*) FROM (SELECT DISTINCT salesperson_id, month FROM target)");
    EXPECT_EQ(months, report_.rows.at("target")) << "duplicate salesperson-month targets";
    EXPECT_LT(report_.rows.at("target"), 5 * 24);
    EXPECT_GT(report_.rows.at("target"), 5 * 24 * 80 / 100);
    EXPECT_LT(report_.rows.at("rating"), 5 * 24);
    EXPECT_GT(report_.rows.at("rating"), 5 * 24 * 70 / 100);
}

TEST_F(GeneratorTest, TinyScaleStillHasATeamAndCustomers) {
    GeneratorOptions options = demoOptions(dir_->path() + "/tiny.db");
    options.scale = 0.0001;
    const GeneratorReport report = generateDemoData(options);
    EXPECT_EQ(report.rows.at("salesperson"), 1);
    EXPECT_GE(report.rows.at("customer"), 3);
    EXPECT_EQ(report.rows.at("orders"), 100);
}

TEST_F(GeneratorTest, EveryTeamHasOneManagerOverItsMembers) {
    EXPECT_GE(count("SELECT COUNT(DISTINCT team) FROM salesperson"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM (SELECT team FROM salesperson GROUP BY team "
                    "HAVING SUM(manager_id IS NULL) <> 1)"),
              0);
    EXPECT_EQ(
        count("SELECT COUNT(*) FROM salesperson s LEFT JOIN salesperson m ON m.id = s.manager_id "
              "WHERE s.manager_id IS NOT NULL AND (m.id IS NULL OR m.team <> s.team "
              "OR m.manager_id IS NOT NULL OR m.active <> 1)"),
        0);
    EXPECT_GE(count("SELECT COUNT(*) FROM salesperson WHERE active = 0"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) - COUNT(DISTINCT email) FROM salesperson"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM salesperson WHERE email NOT LIKE '%_@example.com.cn'"),
              0);
}

TEST_F(GeneratorTest, CustomersAreComplete) {
    EXPECT_EQ(count("SELECT COUNT(*) FROM customer WHERE salesperson_id NOT IN "
                    "(SELECT id FROM salesperson WHERE active = 1)"),
              0);
    EXPECT_EQ(
        count("SELECT COUNT(*) FROM customer WHERE payment_terms_days NOT IN (30, 45, 60, 90) "
              "OR length(tax_id) <> 18 OR credit_limit_cents <= 0 OR name NOT LIKE '%公司' "
              "OR phone NOT GLOB '1[0-9][0-9]-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'"),
        0);
    EXPECT_EQ(count("SELECT COUNT(*) - COUNT(DISTINCT name) FROM customer"), 0);
    // About 30% are new within the period.
    EXPECT_EQ(count("SELECT COUNT(*) FROM customer WHERE created_on >= '2024-11-01'"), 60);
    EXPECT_EQ(count("SELECT COUNT(*) FROM customer WHERE created_on > '2026-10-31'"), 0);
}

TEST_F(GeneratorTest, OrdersAddUpAndRespectTheirCustomers) {
    EXPECT_EQ(count("SELECT COUNT(*) FROM orders o WHERE amount_cents <> "
                    "(SELECT SUM(amount_cents) FROM order_line l WHERE l.order_id = o.id)"),
              0);
    EXPECT_EQ(
        count("SELECT COUNT(*) FROM order_line WHERE amount_cents <> quantity * unit_price_cents "
              "OR quantity <= 0 OR unit_price_cents <= 0 OR line_no NOT BETWEEN 1 AND 5"),
        0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM orders o LEFT JOIN customer c ON c.id = o.customer_id "
                    "WHERE c.id IS NULL OR o.order_date < c.created_on"),
              0);
    EXPECT_EQ(
        count(
            "SELECT COUNT(*) FROM orders WHERE salesperson_id NOT IN (SELECT id FROM salesperson)"),
        0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM orders WHERE order_date NOT BETWEEN '2024-11-01' AND "
                    "'2026-10-31'"),
              0);
    EXPECT_EQ(count("SELECT COUNT(*) - COUNT(DISTINCT order_no) FROM orders"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM orders WHERE order_no NOT GLOB "
                    "'SO-[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9]*' "
                    "OR substr(order_no, 4, 6) <> replace(substr(order_date, 1, 7), '-', '')"),
              0);
    EXPECT_EQ(
        count(
            "SELECT COUNT(*) FROM orders WHERE status NOT IN ('confirmed', 'cancelled', 'draft')"),
        0);
    const std::int64_t cancelled = count("SELECT COUNT(*) FROM orders WHERE status = 'cancelled'");
    EXPECT_GT(cancelled, 400);  // ~5% of 10,000
    EXPECT_LT(cancelled, 600);
    EXPECT_GT(count("SELECT COUNT(*) FROM orders WHERE status = 'draft'"), 0);
    // Mostly taken by the customer's own salesperson.
    EXPECT_GT(count("SELECT COUNT(*) FROM orders o JOIN customer c ON c.id = o.customer_id "
                    "WHERE o.salesperson_id = c.salesperson_id"),
              8000);
    // Seasonality: the Spring Festival month is the quietest.
    EXPECT_LT(count("SELECT COUNT(*) FROM orders WHERE order_date LIKE '2026-02-%'"),
              count("SELECT COUNT(*) FROM orders WHERE order_date LIKE '2025-12-%'"));
}

TEST_F(GeneratorTest, InvoicesFollowConfirmedOrders) {
    EXPECT_EQ(count("SELECT COUNT(*) FROM invoice i LEFT JOIN orders o ON o.id = i.order_id "
                    "LEFT JOIN customer c ON c.id = i.customer_id "
                    "WHERE o.id IS NULL OR c.id IS NULL OR o.status <> 'confirmed' "
                    "OR i.amount_cents <> o.amount_cents OR i.customer_id <> o.customer_id "
                    "OR i.salesperson_id <> o.salesperson_id"),
              0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM invoice i JOIN orders o ON o.id = i.order_id "
                    "WHERE i.invoice_date < o.order_date OR i.invoice_date > date(o.order_date, "
                    "'+10 days') "
                    "OR i.invoice_date > '2026-10-31'"),
              0);
    EXPECT_EQ(
        count("SELECT COUNT(*) FROM invoice i JOIN customer c ON c.id = i.customer_id "
              "WHERE i.due_date <> date(i.invoice_date, '+' || c.payment_terms_days || ' days')"),
        0);
    EXPECT_EQ(count("SELECT COUNT(*) - COUNT(DISTINCT invoice_no) FROM invoice"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) - COUNT(DISTINCT order_id) FROM invoice"), 0);
}

TEST_F(GeneratorTest, PaymentsNeverExceedTheInvoiceNorTheEnd) {
    EXPECT_EQ(count("SELECT COUNT(*) FROM payment p LEFT JOIN invoice i ON i.id = p.invoice_id "
                    "WHERE i.id IS NULL OR p.amount_cents <= 0 OR p.paid_on < i.invoice_date "
                    "OR p.paid_on > '2026-10-31'"),
              0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM invoice i WHERE amount_cents < "
                    "(SELECT SUM(amount_cents) FROM payment p WHERE p.invoice_id = i.id)"),
              0);
    // Open and overdue receivables exist at the end, and so do fully paid and instalment invoices.
    const std::string paid =
        "(SELECT COALESCE(SUM(amount_cents), 0) FROM payment p WHERE p.invoice_id = i.id)";
    EXPECT_GT(
        count("SELECT COUNT(*) FROM invoice i WHERE due_date < '2026-07-01' AND amount_cents > " +
              paid),
        0);
    EXPECT_GT(
        count("SELECT COUNT(*) FROM invoice i WHERE due_date > '2026-10-31' AND amount_cents > " +
              paid),
        0);
    EXPECT_GT(count("SELECT COUNT(*) FROM invoice i WHERE amount_cents = " + paid), 5000);
    EXPECT_GT(count("SELECT COUNT(*) FROM (SELECT invoice_id FROM payment GROUP BY invoice_id "
                    "HAVING COUNT(*) > 1)"),
              0);
}

TEST_F(GeneratorTest, VisitsTargetsAndRatingsAreInRange) {
    EXPECT_EQ(
        count(
            "SELECT COUNT(*) FROM visit WHERE visit_date NOT BETWEEN '2024-11-01' AND '2026-10-31' "
            "OR kind NOT IN ('上门拜访', '电话拜访', '视频会议') "
            "OR outcome NOT IN ('意向明确', '需跟进', '已成交', '无需求') "
            "OR customer_id NOT IN (SELECT id FROM customer) "
            "OR salesperson_id NOT IN (SELECT id FROM salesperson)"),
        0);
    const std::int64_t visits = count("SELECT COUNT(*) FROM visit");
    const std::int64_t own = count(
        "SELECT COUNT(*) FROM visit v JOIN customer c ON c.id = v.customer_id "
        "WHERE v.salesperson_id = c.salesperson_id");
    EXPECT_GT(own * 100, visits * 70);
    EXPECT_EQ(count("SELECT COUNT(*) FROM target WHERE sales_target_cents < 0 OR visit_target <= 0 "
                    "OR month NOT BETWEEN '2024-11' AND '2026-10'"),
              0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM rating WHERE attitude_score NOT BETWEEN 50 AND 100 "
                    "OR satisfaction_score NOT BETWEEN 50 AND 100 OR month NOT BETWEEN '2024-11' "
                    "AND '2026-10'"),
              0);
}

}  // namespace
}  // namespace yewu
