#include "Aging.h"

#include <algorithm>
#include <stdexcept>

namespace yewu {

AgingBuckets::AgingBuckets() : bounds_{0, 30, 60, 90, 180} {}

AgingBuckets::AgingBuckets(std::vector<int> upperBounds) : bounds_(std::move(upperBounds)) {
    if (bounds_.empty() || bounds_.front() != 0)
        throw std::invalid_argument("aging buckets must start at 0 (the current bucket)");
    for (std::size_t i = 1; i < bounds_.size(); ++i)
        if (bounds_[i] <= bounds_[i - 1])
            throw std::invalid_argument("aging bucket bounds must increase strictly: " +
                                        std::to_string(bounds_[i - 1]) + " then " + std::to_string(bounds_[i]));
}

AgingBuckets AgingBuckets::parse(std::string_view text) {
    std::vector<int> bounds;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        std::string_view part = text.substr(start, comma - start);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        if (part.empty() || part.size() > 6 || part.find_first_not_of("0123456789") != std::string_view::npos)
            throw std::invalid_argument("aging bucket bound is not a whole number of days: '" +
                                        std::string(part) + "' in '" + std::string(text) + "'");
        bounds.push_back(std::stoi(std::string(part)));
        start = comma + 1;
    }
    return AgingBuckets(std::move(bounds));
}

std::size_t AgingBuckets::indexFor(int daysPastDue) const {
    // First bound that is >= days; past the last bound: the open-ended bucket.
    return std::size_t(std::lower_bound(bounds_.begin(), bounds_.end(), daysPastDue) - bounds_.begin());
}

std::string AgingBuckets::rangeLabel(std::size_t index) const {
    if (index == 0) return "";
    if (index >= bounds_.size()) return ">" + std::to_string(bounds_.back());
    return std::to_string(bounds_[index - 1] + 1) + "-" + std::to_string(bounds_[index]);
}

}  // namespace yewu
