// Civil dates and calendar months, as the KPI and aging definitions use them.
//
// Date is a proleptic Gregorian day held as days since 1970-01-01, so
// differences and offsets are plain integer arithmetic. Month is a calendar
// month "YYYY-MM" with its first and last day.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace yewu {

class Date {
public:
    constexpr Date() = default;
    // Throws std::invalid_argument for a day that does not exist.
    static Date fromYmd(int year, unsigned month, unsigned day);
    static constexpr Date fromDays(std::int32_t daysSinceEpoch) { return Date(daysSinceEpoch); }
    // Strict ISO "YYYY-MM-DD" (a trailing " hh:mm:ss" time part is accepted and ignored,
    // since SQL sources often return DATE columns as timestamps). nullopt when invalid.
    static std::optional<Date> parse(std::string_view text);
    // The same into `out`, for the decoders: an optional<Date> returned through memory
    // stalled the load of its flag (a third of parse's time).
    static bool parse(std::string_view text, Date& out);

    constexpr std::int32_t days() const { return days_; }
    int year() const;
    unsigned month() const;
    unsigned day() const;
    std::string iso() const;  // "YYYY-MM-DD"

    constexpr Date plusDays(std::int32_t n) const { return Date(days_ + n); }
    constexpr std::int32_t operator-(Date other) const { return days_ - other.days_; }
    constexpr auto operator<=>(const Date&) const = default;

private:
    constexpr explicit Date(std::int32_t d) : days_(d) {}
    std::int32_t days_ = 0;
};

class Month {
public:
    constexpr Month() = default;
    // Throws std::invalid_argument when month is not 1..12.
    Month(int year, unsigned month);
    static Month of(Date d) { return Month(d.year(), d.month()); }
    // Strict "YYYY-MM"; nullopt when invalid.
    static std::optional<Month> parse(std::string_view text);

    constexpr int year() const { return year_; }
    constexpr unsigned month() const { return month_; }
    Date first() const;
    Date last() const;
    bool contains(Date d) const { return first() <= d && d <= last(); }
    Month plusMonths(int n) const;
    std::string iso() const;  // "YYYY-MM"

    constexpr auto operator<=>(const Month&) const = default;

private:
    int year_ = 1970;
    unsigned month_ = 1;
};

}  // namespace yewu
