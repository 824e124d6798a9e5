// Unit tests for yewu's logging (secrets masked, run ids on every line,
// the log tail for alerts) and the progress text.
#include <gtest/gtest.h>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "jobs/Logging.h"
#include "jobs/Progress.h"

namespace yewu {
namespace {

TEST(Logging, SecretsNeverReachTheLogFile) {
    const auto out = std::filesystem::temp_directory_path() / ("yewu-logging-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(out);
    Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
    config->setString("smtp.password", "hunter2-very-secret");
    config->setString("source.http.token", "tok-123456");
    setupLogging(LoggingOptions{out, Poco::Message::PRIO_FATAL}, *config);

    setLogRunId(42);
    log().error("cannot connect: smtp login with hunter2-very-secret refused");
    log().warning("source postgresql:host=db user=yewu password=pg-pass dbname=sales failed");
    log().information("GET https://api.example.com/x?token=tok-123456 and https://bob:pw123@host/path");
    setLogRunId(0);
    log().information("scheduler idle");

    const std::string tail = logTail(out, 10);
    EXPECT_EQ(tail.find("hunter2-very-secret"), std::string::npos) << tail;
    EXPECT_EQ(tail.find("pg-pass"), std::string::npos) << tail;
    EXPECT_EQ(tail.find("tok-123456"), std::string::npos) << tail;
    EXPECT_EQ(tail.find("pw123"), std::string::npos) << tail;
    EXPECT_NE(tail.find("password=*** dbname=sales"), std::string::npos) << tail;
    EXPECT_NE(tail.find("https://bob:***@host/path"), std::string::npos) << tail;

    std::istringstream lines(tail);
    std::string line;
    int withRun = 0, without = 0;
    while (std::getline(lines, line)) {
        if (line.find("[run 42] ") != std::string::npos) ++withRun;
        if (line.find("[run -] ") != std::string::npos) ++without;
    }
    EXPECT_EQ(withRun, 3);
    EXPECT_EQ(without, 1);
    EXPECT_EQ(logTail(out, 1).find("scheduler idle") != std::string::npos, true);
    std::filesystem::remove_all(out);
}

TEST(Progress, StatusTextWithAndWithoutATotal) {
    std::ostringstream sink;
    Progress off("kpi 2026-10", Progress::Mode::Off, sink);
    off.addRows(1234);
    off.addDocument();
    EXPECT_EQ(off.status().substr(0, 22), "1,234 rows, 1 document");
    off.expect(10, "documents");
    off.addDocument();
    EXPECT_NE(off.status().find("20% of ~10 documents"), std::string::npos) << off.status();
    EXPECT_EQ(sink.str(), "");  // Off prints nothing

    std::ostringstream lines;
    Progress plain("receivables 2026-10-31", Progress::Mode::Lines, lines, std::chrono::milliseconds(0));
    plain.expectDuration(std::chrono::seconds(100));
    plain.addRows(10);
    EXPECT_NE(lines.str().find("progress: receivables 2026-10-31: 10 rows"), std::string::npos) << lines.str();
    EXPECT_NE(lines.str().find("ETA ~"), std::string::npos) << lines.str();
}

}  // namespace
}  // namespace yewu
