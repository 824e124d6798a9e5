#include "AppraisalScore.h"

#include <numeric>
#include <stdexcept>

namespace yewu {

namespace {

using Int = __int128;

Int gcd128(Int a, Int b) {
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b != 0) {
        const Int t = a % b;
        a = b;
        b = t;
    }
    return a;
}

Int mul(Int a, Int b) {
    Int r;
    if (__builtin_mul_overflow(a, b, &r)) throw std::overflow_error("appraisal score: arithmetic overflow");
    return r;
}

Int add(Int a, Int b) {
    Int r;
    if (__builtin_add_overflow(a, b, &r)) throw std::overflow_error("appraisal score: arithmetic overflow");
    return r;
}

// An exact fraction with a positive denominator, kept reduced.
struct Fraction {
    Int num = 0;
    Int den = 1;

    static Fraction of(Int n, Int d) {
        if (d < 0) n = -n, d = -d;
        const Int g = gcd128(n, d);
        return g > 1 ? Fraction{n / g, d / g} : Fraction{n, d};
    }
    Fraction operator+(const Fraction& o) const {
        const Int g = gcd128(den, o.den);
        return of(add(mul(num, o.den / g), mul(o.num, den / g)), mul(den / g, o.den));
    }
    Fraction times(Int k) const { return of(mul(num, k), den); }
    bool operator<(const Fraction& o) const { return mul(num, o.den) < mul(o.num, den); }
};

// floor(a / b) for b > 0.
Int floorDiv(Int a, Int b) {
    Int q = a / b;
    if ((a % b != 0) && (a < 0)) --q;
    return q;
}

// round half up of f × scale.
std::int64_t roundScaled(const Fraction& f, std::int64_t scale) {
    // floor(f × scale + 1/2) = floor((2 × num × scale + den) / (2 × den))
    return std::int64_t(floorDiv(add(mul(mul(f.num, scale), 2), f.den), mul(f.den, 2)));
}

Ratio toRatio(const Fraction& f) {
    if (f.num > INT64_MAX || f.num < INT64_MIN || f.den > INT64_MAX)
        throw std::overflow_error("appraisal score: value out of range");
    return Ratio{std::int64_t(f.num), std::int64_t(f.den)};
}

}  // namespace

char AppraisalPolicy::grade(std::int64_t totalTenths) const {
    if (totalTenths >= gradeTenths[0]) return 'A';
    if (totalTenths >= gradeTenths[1]) return 'B';
    if (totalTenths >= gradeTenths[2]) return 'C';
    return 'D';
}

void AppraisalPolicy::validate() const {
    int sum = 0;
    for (int w : weights) {
        if (w < 0 || w > 1000) throw std::invalid_argument("appraisal weights must be integers 0..1000");
        sum += w;
    }
    if (sum == 0) throw std::invalid_argument("appraisal weights are all 0");
    if (capPercent < 100 || capPercent > 1000) throw std::invalid_argument("appraisal cap must be 100..1000");
    if (!(gradeTenths[0] >= gradeTenths[1] && gradeTenths[1] >= gradeTenths[2]))
        throw std::invalid_argument("appraisal grade thresholds must satisfy A >= B >= C");
}

AppraisalResult scoreAppraisal(const AppraisalInput& input, const AppraisalPolicy& policy) {
    policy.validate();
    AppraisalResult result;
    const std::optional<Ratio> ratios[3] = {input.salesAttainment, input.collectionRate, input.visitAttainment};
    const std::optional<int> ratings[2] = {input.attitude, input.satisfaction};

    Fraction scores[kAppraisalComponents];
    Int presentWeight = 0;
    for (int i = 0; i < kAppraisalComponents; ++i) {
        AppraisalComponentScore& c = result.components[i];
        c.component = AppraisalComponent(i);
        c.weight = policy.weights[i];
        if (i < 3) {
            c.ratio = ratios[i];
            if (ratios[i] && ratios[i]->denominator > 0) {
                c.present = true;
                const Fraction pct = Fraction::of(mul(ratios[i]->numerator, 100), ratios[i]->denominator);
                const Fraction cap = Fraction::of(policy.capPercent, 1);
                scores[i] = cap < pct ? cap : pct;
            }
        } else if (ratings[i - 3]) {
            c.present = true;
            scores[i] = Fraction::of(*ratings[i - 3], 1);
        }
        if (c.present) {
            c.score = toRatio(scores[i]);
            c.scoreTenths = roundScaled(scores[i], 10);
        }
        if (c.weight > 0 && !c.present) result.rescaled = true;
        if (c.weight > 0 && c.present) presentWeight += c.weight;
    }
    if (presentWeight == 0) return result;

    Fraction total;
    for (int i = 0; i < kAppraisalComponents; ++i) {
        AppraisalComponentScore& c = result.components[i];
        if (!c.present || c.weight == 0) continue;
        c.effectiveWeight = toRatio(Fraction::of(Int(c.weight) * 100, presentWeight));
        total = total + Fraction::of(mul(scores[i].num, c.weight), mul(scores[i].den, presentWeight));
    }
    result.totalTenths = roundScaled(total, 10);
    result.grade = policy.grade(*result.totalTenths);
    return result;
}

std::int64_t roundHalfUp(const Ratio& r, std::int64_t scale) { return roundScaled(Fraction::of(r.numerator, r.denominator), scale); }

std::string formatTenths(std::int64_t tenths) {
    const bool negative = tenths < 0;
    const std::uint64_t v = negative ? std::uint64_t(-(tenths + 1)) + 1 : std::uint64_t(tenths);
    return (negative ? "-" : "") + std::to_string(v / 10) + "." + std::to_string(v % 10);
}

std::optional<std::int64_t> parseTenths(const std::string& text) {
    if (text.empty() || text.size() > 12) return std::nullopt;
    std::int64_t whole = 0, tenth = 0;
    std::size_t i = 0;
    bool digits = false;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, digits = true) whole = whole * 10 + (text[i] - '0');
    if (!digits) return std::nullopt;
    if (i < text.size()) {
        if (text[i] != '.' || i + 2 != text.size() || text[i + 1] < '0' || text[i + 1] > '9') return std::nullopt;
        tenth = text[i + 1] - '0';
    }
    return whole * 10 + tenth;
}

}  // namespace yewu
