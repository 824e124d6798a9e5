// The portal's salesperson -> team lookup, read through the real SQLite source.
#include <Poco/AutoPtr.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Util/MapConfiguration.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "bench/Generator.h"
#include "jobs/SalespersonTeamDirectory.h"

namespace yewu {
namespace {

using namespace Poco::Data::Keywords;

TEST(SalespersonTeamDirectoryTest, ReadsTeamsFromTheSourceAndSurvivesABadSource) {
    const auto db = std::filesystem::temp_directory_path() / ("yewu-teams-" + std::to_string(::getpid()) + ".db");
    GeneratorOptions options;
    options.dbPath = db.string();
    options.scale = 0.005;
    options.seed = 3;
    options.end = *Month::parse("2026-10");
    options.months = 2;
    generateDemoData(options);

    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", db.string());
    std::vector<std::string> ids, teams;
    session << "SELECT CAST(id AS TEXT), team FROM salesperson ORDER BY id", into(ids), into(teams), now;
    ASSERT_GE(ids.size(), 2u);

    Poco::AutoPtr<Poco::Util::AbstractConfiguration> config(new Poco::Util::MapConfiguration);
    SalespersonTeamDirectory directory("sqlite:" + db.string(), config, std::chrono::seconds(600));
    for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(directory.teamOf(ids[i]), teams[i]) << ids[i];
    EXPECT_EQ(directory.teamOf("no-such-id"), "");

    SalespersonTeamDirectory broken("sqlite:/nonexistent/dir/x.db", config, std::chrono::seconds(600));
    EXPECT_EQ(broken.teamOf(ids[0]), "");  // reported on stderr, never thrown
    std::filesystem::remove(db);
}

}  // namespace
}  // namespace yewu
