// Unit tests for the contracts register in yewu::Ledger (table `contract`): the
// latest record per order, and records of runs that did not succeed never count,
// so a run killed or failed after rendering leaves no contract "issued".
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "jobs/Ledger.h"

namespace yewu {
namespace {

namespace fs = std::filesystem;

class ContractRegister : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("yewu-contract-register-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        ledger_ = std::make_unique<Ledger>(dir_);
    }
    void TearDown() override {
        ledger_.reset();
        fs::remove_all(dir_);
    }

    // One run of the contracts job that records `records` and ends with `status`.
    void runWith(const std::vector<ContractRecord>& records, const std::string& status) {
        const std::int64_t id = ledger_->startRun("contracts", "", "--test", "test");
        ledger_->recordContracts(id, records);
        if (status != "running")
            ledger_->finishRun(id, status, status == "succeeded" ? 0 : 1, "", RowAccounting{}, {});
    }

    static ContractRecord issued(const std::string& no, int revision, const std::string& sha,
                                 const std::string& date = "2026-10-05") {
        return ContractRecord{no,   revision, sha, date.substr(0, 7) + "/HT-" + no + ".pdf",
                              date, "issued"};
    }

    fs::path dir_;
    std::unique_ptr<Ledger> ledger_;
};

TEST_F(ContractRegister, EmptyAtFirst) {
    EXPECT_TRUE(ledger_->contracts("0000-01-01", "9999-12-31").empty());
}

TEST_F(ContractRegister, LatestRevisionPerOrder) {
    runWith({issued("SO-1", 1, "a"), issued("SO-2", 1, "b")}, "succeeded");
    runWith({issued("SO-1", 2, "c")}, "succeeded");
    const auto all = ledger_->contracts("0000-01-01", "9999-12-31");
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].orderNo, "SO-1");
    EXPECT_EQ(all[0].revision, 2);
    EXPECT_EQ(all[0].contentSha256, "c");
    EXPECT_EQ(all[1].orderNo, "SO-2");
    EXPECT_EQ(all[1].revision, 1);
}

TEST_F(ContractRegister, FailedInterruptedAndRunningRunsDoNotCount) {
    runWith({issued("SO-1", 1, "a")}, "succeeded");
    runWith({issued("SO-1", 2, "b")}, "failed");
    runWith({issued("SO-1", 3, "c")}, "interrupted");
    runWith({issued("SO-1", 4, "d")}, "running");  // killed before it finished
    const auto all = ledger_->contracts("0000-01-01", "9999-12-31");
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].revision, 1);
    EXPECT_EQ(all[0].contentSha256, "a");
    ledger_->markAbandonedRuns();
    EXPECT_EQ(ledger_->contracts("0000-01-01", "9999-12-31")[0].revision, 1);
}

TEST_F(ContractRegister, ACancellationIsTheLatestRecord) {
    runWith({issued("SO-1", 1, "a")}, "succeeded");
    runWith({ContractRecord{"SO-1", 1, "a", "", "2026-10-05", "cancelled"}}, "succeeded");
    const auto all = ledger_->contracts("0000-01-01", "9999-12-31");
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].state, "cancelled");
    EXPECT_EQ(all[0].path, "");
}

TEST_F(ContractRegister, RegenerationOfTheSameRevisionIsTheLatest) {
    runWith({issued("SO-1", 2, "x")}, "succeeded");
    runWith({issued("SO-1", 2, "x")}, "succeeded");
    const auto all = ledger_->contracts("0000-01-01", "9999-12-31");
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].revision, 2);
}

TEST_F(ContractRegister, DateWindowIsInclusive) {
    runWith({issued("SO-1", 1, "a", "2026-09-30"), issued("SO-2", 1, "b", "2026-10-01"),
             issued("SO-3", 1, "c", "2026-10-31"), issued("SO-4", 1, "d", "2026-11-01")},
            "succeeded");
    const auto october = ledger_->contracts("2026-10-01", "2026-10-31");
    ASSERT_EQ(october.size(), 2u);
    EXPECT_EQ(october[0].orderNo, "SO-2");
    EXPECT_EQ(october[1].orderNo, "SO-3");
}

TEST_F(ContractRegister, SurvivesReopening) {
    runWith({issued("SO-1", 1, "a")}, "succeeded");
    ledger_ = std::make_unique<Ledger>(dir_);
    EXPECT_EQ(ledger_->contracts("0000-01-01", "9999-12-31").size(), 1u);
}

}  // namespace
}  // namespace yewu
