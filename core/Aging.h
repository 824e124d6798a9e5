// Receivable aging as DESIGN.md defines it: open(inv, d), days past due and
// the bucket a number of days falls in.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "Date.h"
#include "Money.h"

namespace yewu {

// Buckets by days past due. With upper bounds {0, 30, 60, 90, 180} (the default)
// the buckets are: <= 0 (current), 1-30, 31-60, 61-90, 91-180, > 180.
class AgingBuckets {
public:
    AgingBuckets();  // the DESIGN.md defaults
    // Throws std::invalid_argument unless bounds are strictly increasing and start at 0.
    explicit AgingBuckets(std::vector<int> upperBounds);
    // "0,30,60,90,180"; throws std::invalid_argument naming the bad part.
    static AgingBuckets parse(std::string_view text);

    std::size_t count() const { return bounds_.size() + 1; }
    std::size_t indexFor(int daysPastDue) const;
    // Index 0 is the current bucket; the last is open-ended.
    bool isOverdue(std::size_t index) const { return index > 0; }
    // "1-30", "31-60", ..., ">180"; index 0 has no range label (it is "current").
    std::string rangeLabel(std::size_t index) const;
    // First bucket index whose lower bound is at least `days` past due (e.g. 91 -> "91-180").
    const std::vector<int>& upperBounds() const { return bounds_; }

private:
    std::vector<int> bounds_;
};

inline int daysPastDue(Date asOf, Date dueDate) { return asOf - dueDate; }

}  // namespace yewu
