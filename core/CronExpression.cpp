#include "CronExpression.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace yewu {

namespace {

const std::array<const char*, 12> kMonthNames = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
const std::array<const char*, 7> kDayNames = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

struct FieldSpec {
    const char* name;
    int min;
    int max;
    const char* const* names;  // nullptr, or names for min..
    int nameCount;
};

std::vector<std::string> split(std::string_view text, char sep) {
    std::vector<std::string> parts;
    std::string current;
    for (char c : text) {
        if (c == sep) {
            parts.push_back(current);
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    parts.push_back(current);
    return parts;
}

std::vector<std::string> splitWhitespace(std::string_view text) {
    std::vector<std::string> parts;
    std::string current;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!current.empty()) parts.push_back(current);
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    if (!current.empty()) parts.push_back(current);
    return parts;
}

[[noreturn]] void fail(const FieldSpec& field, const std::string& text, const std::string& why) {
    throw std::invalid_argument(std::string("cron ") + field.name + " field '" + text + "': " + why);
}

int parseValue(const FieldSpec& field, const std::string& item, const std::string& text) {
    if (text.empty()) fail(field, item, "missing value");
    if (std::isdigit(static_cast<unsigned char>(text[0]))) {
        int value = 0;
        for (char c : text) {
            if (!std::isdigit(static_cast<unsigned char>(c))) fail(field, item, "not a number: " + text);
            value = value * 10 + (c - '0');
            if (value > 1000) break;
        }
        if (value < field.min || value > field.max)
            fail(field, item, text + " is out of range " + std::to_string(field.min) + "-" + std::to_string(field.max));
        return value;
    }
    std::string lower;
    for (char c : text) lower.push_back(char(std::tolower(static_cast<unsigned char>(c))));
    for (int i = 0; field.names && i < field.nameCount; ++i)
        if (lower == field.names[i]) return field.names == kMonthNames.data() ? i + 1 : i;
    fail(field, item, "unknown name '" + text + "'");
}

// Sets bits value - offset for every value the field text selects.
template <std::size_t N>
void parseField(const FieldSpec& field, const std::string& text, std::bitset<N>& bits, bool dayOfWeek = false) {
    if (text.empty()) fail(field, text, "empty");
    for (const std::string& item : split(text, ',')) {
        if (item.empty()) fail(field, text, "empty list item");
        std::string range = item;
        int step = 1;
        if (const auto slash = item.find('/'); slash != std::string::npos) {
            range = item.substr(0, slash);
            const std::string stepText = item.substr(slash + 1);
            if (stepText.empty() || stepText.find_first_not_of("0123456789") != std::string::npos)
                fail(field, item, "step must be a positive number");
            step = std::stoi(stepText.substr(0, 4));
            if (step < 1) fail(field, item, "step must be at least 1");
        }
        int low, high;
        if (range == "*") {
            low = field.min;
            high = field.max;
        } else if (const auto dash = range.find('-'); dash != std::string::npos) {
            low = parseValue(field, item, range.substr(0, dash));
            high = parseValue(field, item, range.substr(dash + 1));
            if (low > high) fail(field, item, "range goes backwards");
        } else {
            low = parseValue(field, item, range);
            high = item.find('/') != std::string::npos ? field.max : low;  // "N/S" runs to the maximum
        }
        for (int v = low; v <= high; v += step) bits.set(std::size_t(dayOfWeek ? v % 7 : v));
    }
}

const FieldSpec kMinute{"minute", 0, 59, nullptr, 0};
const FieldSpec kHour{"hour", 0, 23, nullptr, 0};
const FieldSpec kDayOfMonth{"day-of-month", 1, 31, nullptr, 0};
const FieldSpec kMonth{"month", 1, 12, kMonthNames.data(), 12};
const FieldSpec kDayOfWeek{"day-of-week", 0, 7, kDayNames.data(), 7};

std::string expandMacro(const std::string& text) {
    if (text == "@yearly" || text == "@annually") return "0 0 1 1 *";
    if (text == "@monthly") return "0 0 1 * *";
    if (text == "@weekly") return "0 0 * * 0";
    if (text == "@daily" || text == "@midnight") return "0 0 * * *";
    if (text == "@hourly") return "0 * * * *";
    throw std::invalid_argument("unknown cron macro '" + text +
                                "' (known: @yearly @annually @monthly @weekly @daily @midnight @hourly)");
}

}  // namespace

CivilMinute CivilMinute::plusMinutes(int n) const {
    int total = minute + n;
    int days = total / 1440;
    total %= 1440;
    if (total < 0) {
        total += 1440;
        --days;
    }
    return CivilMinute{date.plusDays(days), total};
}

std::string CivilMinute::iso() const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "T%02d:%02d", minute / 60, minute % 60);
    return date.iso() + buf;
}

CronExpression CronExpression::parse(std::string_view text) {
    CronExpression cron;
    cron.text_ = std::string(text);
    std::vector<std::string> fields = splitWhitespace(text);
    if (fields.size() == 1 && fields[0].starts_with("@")) fields = splitWhitespace(expandMacro(fields[0]));

    if (fields.size() >= 3 && fields[2].starts_with("@")) {
        if (fields[2] == "@first_workday")
            cron.daySpec_ = DaySpec::FirstWorkday;
        else if (fields[2] == "@workdays")
            cron.daySpec_ = DaySpec::Workdays;
        else
            throw std::invalid_argument("unknown day spec '" + fields[2] + "' (known: @first_workday, @workdays)");
        if (fields.size() == 3) {
            fields.push_back("*");
            fields.push_back("*");
        }
        if (fields.size() != 5 || fields[4] != "*")
            throw std::invalid_argument("'" + cron.text_ + "': a day spec takes 'minute hour " + fields[2] +
                                        " [month *]'");
        fields[2] = "*";
    }
    if (fields.size() != 5)
        throw std::invalid_argument("'" + cron.text_ + "': a cron expression has 5 fields (minute hour day-of-month "
                                    "month day-of-week), found " + std::to_string(fields.size()));

    parseField(kMinute, fields[0], cron.minutes_);
    parseField(kHour, fields[1], cron.hours_);
    parseField(kDayOfMonth, fields[2], cron.daysOfMonth_);
    parseField(kMonth, fields[3], cron.months_);
    parseField(kDayOfWeek, fields[4], cron.daysOfWeek_, true);
    cron.domStar_ = fields[2].starts_with("*");
    cron.dowStar_ = fields[4].starts_with("*");
    return cron;
}

bool CronExpression::matchesDay(Date day, const BusinessCalendar* calendar) const {
    if (!months_.test(day.month())) return false;
    switch (daySpec_) {
        case DaySpec::FirstWorkday:
        case DaySpec::Workdays:
            if (!calendar) throw std::logic_error("'" + text_ + "' needs a business calendar");
            return daySpec_ == DaySpec::Workdays ? calendar->isWorkday(day)
                                                 : calendar->firstWorkday(Month::of(day)) == day;
        case DaySpec::Fields:
            break;
    }
    const bool dom = daysOfMonth_.test(day.day());
    const bool dow = daysOfWeek_.test(std::size_t(weekday(day)));
    if (domStar_ || dowStar_) return dom && dow;
    return dom || dow;
}

bool CronExpression::matches(CivilMinute t, const BusinessCalendar* calendar) const {
    return hours_.test(std::size_t(t.minute / 60)) && minutes_.test(std::size_t(t.minute % 60)) &&
           matchesDay(t.date, calendar);
}

std::optional<CivilMinute> CronExpression::nextAfter(CivilMinute t, const BusinessCalendar* calendar,
                                                     int years) const {
    const CivilMinute start = t.plusMinutes(1);
    const Date last = start.date.plusDays(366 * years);
    for (Date day = start.date; day <= last; day = day.plusDays(1)) {
        if (!matchesDay(day, calendar)) continue;
        for (int m = day == start.date ? start.minute : 0; m < 1440; ++m)
            if (hours_.test(std::size_t(m / 60)) && minutes_.test(std::size_t(m % 60))) return CivilMinute{day, m};
    }
    return std::nullopt;
}

}  // namespace yewu
