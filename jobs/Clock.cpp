#include "Clock.h"

#include <cstdio>
#include <stdexcept>
#include <thread>

namespace yewu {

Instant SystemClock::now() const {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

bool SystemClock::sleepUntil(Instant until, const CancellationToken& cancel) {
    while (!cancel.requested()) {
        const auto left = until - std::chrono::system_clock::now();
        if (left <= std::chrono::seconds(0)) return true;
        std::this_thread::sleep_for(std::min<std::chrono::system_clock::duration>(left, std::chrono::seconds(1)));
    }
    return false;
}

std::string isoUtc(Instant t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss hms{t - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                  int(hms.seconds().count()));
    return buf;
}

Instant parseIsoUtc(const std::string& text) {
    int y, mo, d, h, mi, s;
    char z = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 || z != 'Z')
        throw std::invalid_argument("not a UTC time YYYY-MM-DDTHH:MM:SSZ: '" + text + "'");
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(mo)},
                                          std::chrono::day{unsigned(d)}};
    if (!ymd.ok()) throw std::invalid_argument("not a UTC time: '" + text + "'");
    return std::chrono::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s};
}

}  // namespace yewu
