// ScheduleLedger: the scheduler's memory in OUT/ledger.sqlite (table
// schedule_fire): for each entry, the fire times it has dealt with and how
// (succeeded, failed, skipped, baseline). The last one is where catch-up
// starts after downtime. A fire whose run was interrupted or killed is not
// recorded, so it is caught up at the next start.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "Clock.h"

namespace Poco::Data {
class Session;
}

namespace yewu {

class ScheduleLedger {
public:
    // Opens or creates OUT/ledger.sqlite and the schedule_fire table.
    explicit ScheduleLedger(const std::filesystem::path& outDir);
    ~ScheduleLedger();

    std::optional<Instant> lastFire(const std::string& entry);
    // status: succeeded, failed, skipped (catch-up off) or baseline (first sight of the entry).
    void recordFire(const std::string& entry, Instant fire, const std::string& status, std::int64_t runId,
                    int attempts);

private:
    std::unique_ptr<Poco::Data::Session> session_;
};

}  // namespace yewu
