// BusinessCalendar: which civil days are workdays, for schedules such as
// "@first_workday". A day is a workday when it is a listed make-up workday
// (调休上班), otherwise when it is not a listed public holiday and falls on
// Monday..Friday. Pure: the calendar files are read by jobs/ and fed in here.
//
// Years with no calendar data fall back to Monday..Friday; covers(year) tells
// callers so they can warn instead of silently guessing.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "Date.h"

namespace yewu {

class BusinessCalendar {
public:
    // A day both holiday and make-up workday is a contradiction: throws std::invalid_argument.
    void addHoliday(Date day, const std::string& name);
    void addWorkday(Date day, const std::string& name);
    // Declares that the holidays of `year` are all listed (so Mon..Fri fallback is not a guess).
    void addCoveredYear(int year) { years_.insert(year); }

    bool covers(int year) const { return years_.count(year) != 0; }
    const std::set<int>& coveredYears() const { return years_; }
    bool isWorkday(Date day) const;
    // The holiday's or make-up day's name ("春节"), or "" for an ordinary day.
    std::string nameOf(Date day) const;
    // The first workday of the month (always exists: at most a few weeks of holidays).
    Date firstWorkday(Month month) const;

private:
    std::map<Date, std::string> holidays_;
    std::map<Date, std::string> workdays_;
    std::set<int> years_;
};

// 0 = Sunday .. 6 = Saturday.
int weekday(Date day);

}  // namespace yewu
