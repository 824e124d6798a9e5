#include "BusinessCalendar.h"

#include <stdexcept>

namespace yewu {

int weekday(Date day) {
    // 1970-01-01 was a Thursday (4).
    const int w = (day.days() + 4) % 7;
    return w < 0 ? w + 7 : w;
}

void BusinessCalendar::addHoliday(Date day, const std::string& name) {
    if (workdays_.count(day))
        throw std::invalid_argument(day.iso() + " is listed both as a holiday and as a make-up workday");
    holidays_[day] = name;
}

void BusinessCalendar::addWorkday(Date day, const std::string& name) {
    if (holidays_.count(day))
        throw std::invalid_argument(day.iso() + " is listed both as a holiday and as a make-up workday");
    workdays_[day] = name;
}

bool BusinessCalendar::isWorkday(Date day) const {
    if (workdays_.count(day)) return true;
    if (holidays_.count(day)) return false;
    const int w = weekday(day);
    return w != 0 && w != 6;
}

std::string BusinessCalendar::nameOf(Date day) const {
    if (auto it = holidays_.find(day); it != holidays_.end()) return it->second;
    if (auto it = workdays_.find(day); it != workdays_.end()) return it->second;
    return "";
}

Date BusinessCalendar::firstWorkday(Month month) const {
    for (Date d = month.first(); d <= month.last(); d = d.plusDays(1))
        if (isWorkday(d)) return d;
    throw std::invalid_argument("no workday at all in " + month.iso());
}

}  // namespace yewu
