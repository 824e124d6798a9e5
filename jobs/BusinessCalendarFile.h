// Reads business-calendar files (config/calendar/cn-<year>.ini; format in
// that file's comments) into a core BusinessCalendar.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/BusinessCalendar.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace yewu {

// Adds the days of one file to `calendar`. Throws ConfigError naming the file
// and the key for an unreadable file, a malformed day or range, or a contradiction.
void loadBusinessCalendarFile(const std::filesystem::path& path, BusinessCalendar& calendar);

// The files named by schedule.calendar (comma-separated), or else every
// <data dir>/config/calendar/*.ini, in name order. Empty when there are none.
std::vector<std::filesystem::path> businessCalendarFiles(const Poco::Util::AbstractConfiguration& config);

}  // namespace yewu
