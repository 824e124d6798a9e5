// Ratio: an exact fraction of two integers (cents over cents, visits over a
// target), kept exact until the moment a spreadsheet cell needs a double.
//
// ratioOf() and growthOf() return nullopt where DESIGN.md says "none": a
// denominator of 0 (no target, nothing due, a month without sales), so a
// report shows an empty cell and never infinity or 0%.
#pragma once

#include <cstdint>
#include <optional>

namespace yewu {

struct Ratio {
    std::int64_t numerator = 0;
    std::int64_t denominator = 1;  // never 0

    // The only conversion to floating point; for writing the cell.
    double value() const { return double(numerator) / double(denominator); }
    bool operator==(const Ratio& o) const {
        // Cross-multiplication in 128 bits: cents up to 9.2e18 cannot overflow it.
        return __int128(numerator) * o.denominator == __int128(o.numerator) * denominator;
    }
};

// numerator / denominator; nullopt when the denominator is not positive.
inline std::optional<Ratio> ratioOf(std::int64_t numerator, std::int64_t denominator) {
    if (denominator <= 0) return std::nullopt;
    return Ratio{numerator, denominator};
}

// Growth (current - previous) / previous (环比, 同比); nullopt when previous is not positive.
inline std::optional<Ratio> growthOf(std::int64_t current, std::int64_t previous) {
    if (previous <= 0) return std::nullopt;
    return Ratio{current - previous, previous};
}

}  // namespace yewu
