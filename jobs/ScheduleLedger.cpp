#include "ScheduleLedger.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include "Ledger.h"

namespace yewu {

using namespace Poco::Data::Keywords;

ScheduleLedger::ScheduleLedger(const std::filesystem::path& outDir) {
    std::filesystem::create_directories(outDir);
    Poco::Data::SQLite::Connector::registerConnector();
    session_ = std::make_unique<Poco::Data::Session>("SQLite", Ledger::pathIn(outDir).string());
    *session_ << "PRAGMA busy_timeout = 10000", now;
    *session_ << "CREATE TABLE IF NOT EXISTS schedule_fire ("
                 " entry TEXT NOT NULL, fire_time TEXT NOT NULL, status TEXT NOT NULL, run_id INTEGER,"
                 " attempts INTEGER, recorded_at TEXT NOT NULL)",
        now;
}

ScheduleLedger::~ScheduleLedger() = default;

std::optional<Instant> ScheduleLedger::lastFire(const std::string& entry) {
    std::string name = entry;
    std::vector<std::string> times;
    // ISO UTC text sorts like the instants it names.
    *session_ << "SELECT MAX(fire_time) FROM schedule_fire WHERE entry = ? HAVING COUNT(*) > 0", use(name),
        into(times), now;
    if (times.empty() || times[0].empty()) return std::nullopt;
    return parseIsoUtc(times[0]);
}

void ScheduleLedger::recordFire(const std::string& entry, Instant fire, const std::string& status,
                                std::int64_t runId, int attempts) {
    std::string name = entry, time = isoUtc(fire), st = status, recorded = utcNow();
    *session_ << "INSERT INTO schedule_fire (entry, fire_time, status, run_id, attempts, recorded_at)"
                 " VALUES (?, ?, ?, ?, ?, ?)",
        use(name), use(time), use(st), use(runId), use(attempts), use(recorded), now;
}

}  // namespace yewu
