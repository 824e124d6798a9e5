#include "Date.h"

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace yewu {

namespace {

std::chrono::year_month_day toYmd(std::int32_t days) {
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days}}};
}

bool parseDigits(std::string_view s, int& out) {
    if (s.empty()) return false;
    out = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

// The day number of the first of each month of 1900-2199, for parse(): the civil-to-days
// arithmetic on every date of every row read cost more than the rest of parsing.
constexpr int kFirstTabledYear = 1900, kTabledYears = 300;
struct MonthStarts {
    std::int32_t days[kTabledYears * 12];
};
constexpr MonthStarts monthStarts() {
    MonthStarts t{};
    for (int i = 0; i < kTabledYears * 12; ++i)
        t.days[i] = std::chrono::sys_days{std::chrono::year{kFirstTabledYear + i / 12} /
                                          std::chrono::month{unsigned(i % 12 + 1)} / 1}
                        .time_since_epoch()
                        .count();
    return t;
}
constexpr MonthStarts kMonthStarts = monthStarts();

}  // namespace

Date Date::fromYmd(int year, unsigned month, unsigned day) {
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                          std::chrono::day{day}};
    if (!ymd.ok()) {
        throw std::invalid_argument("not a calendar date: " + std::to_string(year) + "-" +
                                    std::to_string(month) + "-" + std::to_string(day));
    }
    return Date(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

std::optional<Date> Date::parse(std::string_view text) {
    Date date;
    if (!parse(text, date)) return std::nullopt;
    return date;
}

bool Date::parse(std::string_view text, Date& out) {
    if (text.size() > 10 && (text[10] == ' ' || text[10] == 'T')) text = text.substr(0, 10);
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    // The eight digits are checked together and the day against its month's length,
    // without year_month_day::ok(): every date of every row read comes through here.
    const auto digit = [&](std::size_t i) { return unsigned(text[i]) - unsigned('0'); };
    const unsigned y0 = digit(0), y1 = digit(1), y2 = digit(2), y3 = digit(3), m0 = digit(5), m1 = digit(6),
                   d0 = digit(8), d1 = digit(9);
    // A non-digit wrapped around to more than 9.
    if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) | (m1 > 9) | (d0 > 9) | (d1 > 9)) return false;
    const int y = int(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
    const unsigned m = m0 * 10 + m1, d = d0 * 10 + d1;
    static constexpr unsigned monthDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return false;
    const bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    if (d > monthDays[m - 1] + (m == 2 && leap ? 1 : 0)) return false;
    if (y >= kFirstTabledYear && y < kFirstTabledYear + kTabledYears) {
        out = Date(kMonthStarts.days[(y - kFirstTabledYear) * 12 + int(m) - 1] + int(d) - 1);
        return true;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    out = Date(std::chrono::sys_days{ymd}.time_since_epoch().count());
    return true;
}

int Date::year() const { return int(toYmd(days_).year()); }
unsigned Date::month() const { return unsigned(toYmd(days_).month()); }
unsigned Date::day() const { return unsigned(toYmd(days_).day()); }

std::string Date::iso() const {
    const auto ymd = toYmd(days_);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()));
    return buf;
}

Month::Month(int year, unsigned month) : year_(year), month_(month) {
    if (month < 1 || month > 12) throw std::invalid_argument("month out of range: " + std::to_string(month));
}

std::optional<Month> Month::parse(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    int y, m;
    if (!parseDigits(text.substr(0, 4), y) || !parseDigits(text.substr(5, 2), m)) return std::nullopt;
    if (m < 1 || m > 12) return std::nullopt;
    return Month(y, unsigned(m));
}

Date Month::first() const { return Date::fromYmd(year_, month_, 1); }

Date Month::last() const {
    const std::chrono::year_month_day_last ymdl{std::chrono::year{year_},
                                                std::chrono::month_day_last{std::chrono::month{month_}}};
    return Date::fromDays(std::chrono::sys_days{ymdl}.time_since_epoch().count());
}

Month Month::plusMonths(int n) const {
    const int index = year_ * 12 + int(month_) - 1 + n;
    const int y = index >= 0 ? index / 12 : (index - 11) / 12;
    return Month(y, unsigned(index - y * 12 + 1));
}

std::string Month::iso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u", year_, month_);
    return buf;
}

}  // namespace yewu
