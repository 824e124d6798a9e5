// TimeZone: an IANA time zone from the system tz database (/usr/share/zoneinfo,
// read through Howard Hinnant's date/tz built with USE_OS_TZDB=1: nothing is
// downloaded). libstdc++ 12 has no std::chrono::tzdb, hence the library.
//
// Maps instants to civil minutes and back. A civil minute that does not exist
// (spring-forward gap) maps to the first valid instant after the gap, i.e. the
// moment of the transition; one that exists twice (fall-back) maps to its
// earlier occurrence only.
#pragma once

#include <memory>
#include <string>

#include "Clock.h"
#include "core/CronExpression.h"

namespace date {
class time_zone;
}

namespace yewu {

class TimeZone {
public:
    enum class Kind { Unique, Gap, Repeated };
    struct Mapping {
        Instant instant;
        Kind kind = Kind::Unique;
    };

    // Throws ConfigError naming the zone when the system tz database does not know it.
    static TimeZone locate(const std::string& name);

    const std::string& name() const { return name_; }
    CivilMinute localMinute(Instant t) const;  // the civil minute containing t
    Mapping toInstant(CivilMinute local) const;
    // "2026-10-08 06:00 CST (+08:00)", for people.
    std::string format(Instant t) const;

private:
    std::string name_;
    const date::time_zone* zone_ = nullptr;  // owned by the process-wide tz database
};

}  // namespace yewu
