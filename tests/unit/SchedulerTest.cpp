// Unit tests for yewu::Scheduler with an injectable clock and launcher:
// catch-up after simulated downtime, catch_up off, retries with backoff,
// alerts on final failure, interrupted runs staying due, and the loop.
#include <gtest/gtest.h>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "delivery/AlertSink.h"
#include "jobs/ConfigError.h"
#include "jobs/JobRegistry.h"
#include "jobs/ScheduleConfig.h"
#include "jobs/Scheduler.h"

namespace yewu {
namespace {

class FakeClock : public Clock {
public:
    explicit FakeClock(Instant start) : now_(start) {}
    Instant now() const override { return now_; }
    bool sleepUntil(Instant until, const CancellationToken& cancel) override {
        if (cancel.requested()) return false;
        sleeps.push_back(until - now_);
        if (until > now_) now_ = until;
        return true;
    }
    void set(Instant t) { now_ = t; }
    std::vector<std::chrono::seconds> sleeps;

private:
    Instant now_;
};

// Records each request; `behaviour` decides the outcome of the n-th call (1-based).
class FakeLauncher : public JobLauncher {
public:
    std::function<RunOutcome(int call, const RunRequest&)> behaviour = [](int call, const RunRequest&) {
        RunOutcome o;
        o.runId = call;
        o.status = "succeeded";
        return o;
    };
    RunOutcome launch(const RunRequest& request) override {
        requests.push_back(request);
        return behaviour(int(requests.size()), request);
    }
    std::vector<RunRequest> requests;
};

class RecordingSink : public AlertSink {
public:
    void send(const Alert& alert) override { alerts.push_back(alert); }
    std::vector<Alert> alerts;
};

RunOutcome failed(int call, const std::string& error) {
    RunOutcome o;
    o.runId = call;
    o.status = "failed";
    o.exitCode = 1;
    o.error = error;
    return o;
}

// Shanghai is UTC+8 without DST: "2026-10-13 09:00" local is 01:00 UTC.
Instant local(const std::string& text) {
    return parseIsoUtc(text.substr(0, 10) + "T" + text.substr(11, 5) + ":00Z") - std::chrono::hours(8);
}

class SchedulerTest : public ::testing::Test {
protected:
    void SetUp() override {
        out = std::filesystem::temp_directory_path() /
              ("yewu-scheduler-test-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(out);
        registerAllJobs(registry);
        config = new Poco::Util::MapConfiguration;
        config->setString("schedule.timezone", "Asia/Shanghai");
        config->setString("schedule.alert_to", "ops@example.com");
        config->setString("schedule.receivables.cron", "30 1 * * *");
        config->setString("schedule.receivables.as_of", "yesterday");
    }
    void TearDown() override { std::filesystem::remove_all(out); }

    std::unique_ptr<Scheduler> make() {
        settings = loadScheduleSettings(*config, registry);
        ledger = std::make_unique<ScheduleLedger>(out);
        return std::make_unique<Scheduler>(settings, launcher, clock, *ledger, &sink, cancel, out, "sqlite:none.db");
    }

    std::filesystem::path out;
    JobRegistry registry;
    Poco::AutoPtr<Poco::Util::MapConfiguration> config;
    ScheduleSettings settings;
    std::unique_ptr<ScheduleLedger> ledger;
    FakeClock clock{local("2026-10-10 12:00")};
    FakeLauncher launcher;
    RecordingSink sink;
    CancellationToken cancel;
};

TEST_F(SchedulerTest, FirstSightRunsNothingForThePast) {
    auto scheduler = make();
    EXPECT_EQ(scheduler->runDue(), 0);
    EXPECT_TRUE(launcher.requests.empty());
    ASSERT_TRUE(ledger->lastFire("receivables"));
}

TEST_F(SchedulerTest, CatchUpAfterDowntimeRunsOnceForTheLatestMissedFire) {
    auto scheduler = make();
    scheduler->runDue();  // baseline at 2026-10-10 12:00
    clock.set(local("2026-10-13 09:00"));  // down over three fire times
    EXPECT_EQ(scheduler->runDue(), 0);
    ASSERT_EQ(launcher.requests.size(), 1u);
    EXPECT_EQ(launcher.requests[0].job, "receivables");
    ASSERT_TRUE(launcher.requests[0].params.asOf);
    EXPECT_EQ(launcher.requests[0].params.asOf->iso(), "2026-10-12");  // yesterday of the 13th's fire
    EXPECT_EQ(launcher.requests[0].sourceUri, "sqlite:none.db");
    EXPECT_EQ(isoUtc(*ledger->lastFire("receivables")), isoUtc(local("2026-10-13 01:30")));
    // Nothing more is due until the next fire time.
    EXPECT_EQ(scheduler->runDue(), 0);
    EXPECT_EQ(launcher.requests.size(), 1u);
    // A restart (a new scheduler over the same ledger) remembers it.
    auto restarted = make();
    restarted->runDue();
    EXPECT_EQ(launcher.requests.size(), 1u);
}

TEST_F(SchedulerTest, CatchUpOffSkipsAMissedFireButRunsOnTime) {
    config->setString("schedule.receivables.catch_up", "false");
    auto scheduler = make();
    scheduler->runDue();
    clock.set(local("2026-10-13 09:00"));
    scheduler->runDue();
    EXPECT_TRUE(launcher.requests.empty());
    EXPECT_EQ(isoUtc(*ledger->lastFire("receivables")), isoUtc(local("2026-10-13 01:30")));  // skipped, recorded
    clock.set(local("2026-10-14 01:31"));  // within the grace period: on time
    scheduler->runDue();
    ASSERT_EQ(launcher.requests.size(), 1u);
    EXPECT_EQ(launcher.requests[0].params.asOf->iso(), "2026-10-13");
}

TEST_F(SchedulerTest, RetriesWithBackoffThenSucceeds) {
    config->setString("schedule.receivables.retries", "3");
    config->setString("schedule.receivables.retry_delay", "5m");
    launcher.behaviour = [](int call, const RunRequest&) {
        if (call <= 2) return failed(call, "database is locked");
        RunOutcome o;
        o.runId = call;
        o.status = "succeeded";
        return o;
    };
    auto scheduler = make();
    scheduler->runDue();
    clock.set(local("2026-10-11 01:30"));
    EXPECT_EQ(scheduler->runDue(), 0);
    EXPECT_EQ(launcher.requests.size(), 3u);
    EXPECT_EQ(clock.sleeps, (std::vector<std::chrono::seconds>{std::chrono::minutes(5), std::chrono::minutes(10)}));
    EXPECT_TRUE(sink.alerts.empty());
}

TEST_F(SchedulerTest, FinalFailureSendsOneAlertWithTheError) {
    config->setString("schedule.receivables.retries", "1");
    config->setString("schedule.receivables.retry_delay", "30s");
    launcher.behaviour = [](int call, const RunRequest&) { return failed(call, "source went away: disk I/O error"); };
    auto scheduler = make();
    scheduler->runDue();
    clock.set(local("2026-10-11 01:30"));
    EXPECT_EQ(scheduler->runDue(), 1);
    EXPECT_EQ(launcher.requests.size(), 2u);
    ASSERT_EQ(sink.alerts.size(), 1u);
    EXPECT_EQ(sink.alerts[0].to, (std::vector<std::string>{"ops@example.com"}));
    EXPECT_NE(sink.alerts[0].subject.find("receivables"), std::string::npos);
    EXPECT_NE(sink.alerts[0].body.find("source went away: disk I/O error"), std::string::npos);
    EXPECT_NE(sink.alerts[0].body.find("run id:    2"), std::string::npos);
    // Recorded as failed: not run again at the next start.
    auto restarted = make();
    EXPECT_EQ(restarted->runDue(), 0);
    EXPECT_EQ(launcher.requests.size(), 2u);
}

TEST_F(SchedulerTest, ConfigurationErrorsAreNotRetried) {
    launcher.behaviour = [](int, const RunRequest&) -> RunOutcome { throw ConfigError("--period expects YYYY-MM"); };
    auto scheduler = make();
    scheduler->runDue();
    clock.set(local("2026-10-11 01:30"));
    EXPECT_EQ(scheduler->runDue(), 1);
    EXPECT_EQ(launcher.requests.size(), 1u);
    ASSERT_EQ(sink.alerts.size(), 1u);
    EXPECT_NE(sink.alerts[0].body.find("configuration error"), std::string::npos);
}

TEST_F(SchedulerTest, AnInterruptedRunStaysDue) {
    launcher.behaviour = [](int call, const RunRequest&) {
        RunOutcome o = failed(call, "interrupted: stopped by signal 15; nothing published");
        o.status = "interrupted";
        return o;
    };
    auto scheduler = make();
    scheduler->runDue();
    clock.set(local("2026-10-11 01:30"));
    scheduler->runDue();
    EXPECT_EQ(launcher.requests.size(), 1u);  // no retry of an interrupted run
    EXPECT_TRUE(sink.alerts.empty());
    launcher.behaviour = FakeLauncher().behaviour;
    clock.set(local("2026-10-11 02:00"));  // the next start
    make()->runDue();
    ASSERT_EQ(launcher.requests.size(), 2u);
    EXPECT_EQ(launcher.requests[1].params.asOf->iso(), "2026-10-10");
}

TEST_F(SchedulerTest, LoopFiresEveryDayAndStopsOnRequest) {
    config->setString("schedule.kpi_like.cron", "0 2 1 * *");
    config->setString("schedule.kpi_like.job", "receivables");
    config->setString("schedule.kpi_like.period", "previous_month");
    auto scheduler = make();
    launcher.behaviour = [this](int call, const RunRequest&) {
        if (call == 40) cancel.request(15);
        RunOutcome o;
        o.runId = call;
        o.status = "succeeded";
        return o;
    };
    EXPECT_EQ(scheduler->loop(), 0);
    ASSERT_EQ(launcher.requests.size(), 40u);
    // From 10 October: receivables on the 11th ... ; the monthly entry on 1 November, for October.
    EXPECT_EQ(launcher.requests[0].params.asOf->iso(), "2026-10-10");
    int monthly = 0;
    for (const auto& r : launcher.requests)
        if (r.params.period) {
            ++monthly;
            EXPECT_EQ(r.params.period->iso(), "2026-10");
            EXPECT_EQ(r.params.today.iso(), "2026-11-01");
        }
    EXPECT_EQ(monthly, 1);
    EXPECT_EQ(launcher.requests[38].params.asOf->iso(), "2026-11-16");
}

TEST_F(SchedulerTest, ConfigurationIsChecked) {
    config->setString("schedule.receivables.asof", "yesterday");
    EXPECT_THROW(loadScheduleSettings(*config, registry), ConfigError);
    config->remove("schedule.receivables.asof");
    config->setString("schedule.nosuchjob.cron", "0 1 * * *");
    EXPECT_THROW(loadScheduleSettings(*config, registry), ConfigError);
    config->remove("schedule.nosuchjob.cron");
    config->setString("schedule.receivables.cron", "0 25 * * *");
    EXPECT_THROW(loadScheduleSettings(*config, registry), ConfigError);
    config->setString("schedule.receivables.cron", "0 1 * * *");
    config->setString("schedule.timezone", "Nowhere/Special");
    EXPECT_THROW(loadScheduleSettings(*config, registry), ConfigError);
}

TEST_F(SchedulerTest, ShortFormFromTheIssue) {
    config->remove("schedule.receivables.cron");
    config->setString("schedule.receivables", "30 1 * * *");
    const auto s = loadScheduleSettings(*config, registry);
    ASSERT_EQ(s.entries.size(), 1u);
    EXPECT_EQ(s.entries[0].schedule.cron().text(), "30 1 * * *");
    EXPECT_EQ(s.entries[0].params.at("as_of"), "yesterday");
}

}  // namespace
}  // namespace yewu
