#include "TimeZone.h"

#include <date/tz.h>

#include <cstdio>

#include "ConfigError.h"

namespace yewu {

TimeZone TimeZone::locate(const std::string& name) {
    TimeZone zone;
    zone.name_ = name;
    try {
        zone.zone_ = date::locate_zone(name);
    } catch (const std::exception& e) {
        throw ConfigError("unknown time zone '" + name + "' (not in the system tz database /usr/share/zoneinfo: " +
                          e.what() + ")");
    }
    return zone;
}

CivilMinute TimeZone::localMinute(Instant t) const {
    const date::local_seconds local = zone_->to_local(t);
    const auto day = date::floor<date::days>(local);
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day);
    return CivilMinute{Date::fromDays(std::int32_t(day.time_since_epoch().count())), int(minutes.count())};
}

TimeZone::Mapping TimeZone::toInstant(CivilMinute c) const {
    const date::local_seconds local{std::chrono::days{c.date.days()} + std::chrono::minutes{c.minute}};
    const date::local_info info = zone_->get_info(local);
    switch (info.result) {
        case date::local_info::nonexistent:
            return Mapping{info.second.begin, Kind::Gap};
        case date::local_info::ambiguous:
            return Mapping{Instant{local.time_since_epoch() - info.first.offset}, Kind::Repeated};
        default:
            return Mapping{Instant{local.time_since_epoch() - info.first.offset}, Kind::Unique};
    }
}

std::string TimeZone::format(Instant t) const {
    const date::sys_info info = zone_->get_info(t);
    const CivilMinute c = localMinute(t);
    const auto offset = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
    char buf[64];
    std::snprintf(buf, sizeof buf, " %02d:%02d %s (%c%02d:%02d)", c.minute / 60, c.minute % 60, info.abbrev.c_str(),
                  offset < 0 ? '-' : '+', int(std::abs(offset) / 60), int(std::abs(offset) % 60));
    return c.date.iso() + buf;
}

}  // namespace yewu
