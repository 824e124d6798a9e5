// Clock: the scheduler's only view of time, so tests can drive it (a fake
// clock whose sleepUntil() just jumps) instead of waiting for real minutes.
#pragma once

#include <chrono>

#include "CancellationToken.h"

namespace yewu {

using Instant = std::chrono::sys_seconds;

class Clock {
public:
    virtual ~Clock() = default;
    virtual Instant now() const = 0;
    // Returns at `until`, or early (false) once `cancel` is requested.
    virtual bool sleepUntil(Instant until, const CancellationToken& cancel) = 0;
};

// The system clock; sleeps in steps of at most a second so a stop request is seen promptly.
class SystemClock : public Clock {
public:
    Instant now() const override;
    bool sleepUntil(Instant until, const CancellationToken& cancel) override;
};

// "2026-11-27T01:02:03Z".
std::string isoUtc(Instant t);
// Parses isoUtc's format; throws std::invalid_argument.
Instant parseIsoUtc(const std::string& text);

}  // namespace yewu
