#include "BusinessCalendarFile.h"

#include <Poco/AutoPtr.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/IniFileConfiguration.h>

#include <algorithm>

#include "ConfigError.h"
#include "Runner.h"

namespace yewu {

namespace {

Date parseDay(const std::filesystem::path& path, const std::string& key, const std::string& text) {
    const auto day = Date::parse(text);
    if (!day || text.size() != 10)
        throw ConfigError(path.string() + ": " + key + ": '" + text + "' is not a day YYYY-MM-DD");
    return *day;
}

template <class Add>
void addDays(const Poco::Util::AbstractConfiguration& ini, const std::filesystem::path& path,
             const std::string& section, Add add) {
    Poco::Util::AbstractConfiguration::Keys keys;
    ini.keys(section, keys);
    for (const auto& name : keys) {
        const std::string key = section + "." + name;
        Poco::StringTokenizer items(ini.getString(key), ",",
                                    Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        for (const auto& item : items) {
            const auto dots = item.find("..");
            const Date first = parseDay(path, key, Poco::trim(item.substr(0, dots)));
            const Date last = dots == std::string::npos ? first : parseDay(path, key, Poco::trim(item.substr(dots + 2)));
            if (last < first) throw ConfigError(path.string() + ": " + key + ": range '" + item + "' goes backwards");
            if (last - first > 31) throw ConfigError(path.string() + ": " + key + ": range '" + item + "' is over a month");
            for (Date d = first; d <= last; d = d.plusDays(1)) {
                try {
                    add(d, name);
                } catch (const std::invalid_argument& e) {
                    throw ConfigError(path.string() + ": " + e.what());
                }
            }
        }
    }
}

}  // namespace

void loadBusinessCalendarFile(const std::filesystem::path& path, BusinessCalendar& calendar) {
    Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini;
    try {
        ini = new Poco::Util::IniFileConfiguration(path.string());
    } catch (const Poco::Exception& e) {
        throw ConfigError("cannot read business calendar " + path.string() + ": " + e.displayText());
    }
    addDays(*ini, path, "holidays", [&](Date d, const std::string& n) { calendar.addHoliday(d, n); });
    addDays(*ini, path, "workdays", [&](Date d, const std::string& n) { calendar.addWorkday(d, n); });
    if (!ini->has("calendar.year")) throw ConfigError(path.string() + ": missing [calendar] year = YYYY");
    try {
        calendar.addCoveredYear(ini->getInt("calendar.year"));
    } catch (const Poco::Exception& e) {
        throw ConfigError(path.string() + ": [calendar] year: " + e.displayText());
    }
}

std::vector<std::filesystem::path> businessCalendarFiles(const Poco::Util::AbstractConfiguration& config) {
    std::vector<std::filesystem::path> files;
    if (config.has("schedule.calendar")) {
        Poco::StringTokenizer names(config.getString("schedule.calendar"), ",",
                                    Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        for (const auto& name : names) files.emplace_back(name);
        return files;
    }
    const auto dir = dataDir(config) / "config" / "calendar";
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".ini") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace yewu
