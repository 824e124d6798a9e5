// AppraisalScore: the monthly appraisal score (综合评价) of DESIGN.md, exact.
//
// Components and default weights: sales attainment 50, collection rate 15,
// visit attainment 10, attitude 15, customer satisfaction 10. A ratio
// component scores min(cap, 100 × ratio) (cap 120); a rating scores as given
// (0..100). A missing component (no target, nothing due, no rating) is
// dropped and the remaining weights are rescaled to 100. The total is
// Σ weight × score / Σ weight over the components present, rounded half up
// to one decimal, computed in exact rational arithmetic (so 89.95 is 90.0,
// never 89.9 from a double); the grade is taken from the rounded total:
// A ≥ 90, B ≥ 80, C ≥ 60, D below (thresholds configurable).
//
// Pure: no I/O. Weights are non-negative integers; a component whose weight
// is 0 is treated as not part of the appraisal (never "dropped"). Throws
// std::invalid_argument for a policy that is out of range and
// std::overflow_error if exact arithmetic would overflow 128 bits (amounts
// beyond ~10^12 yuan).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "Ratio.h"

namespace yewu {

enum class AppraisalComponent { SalesAttainment = 0, CollectionRate, VisitAttainment, Attitude, Satisfaction };
inline constexpr int kAppraisalComponents = 5;

struct AppraisalPolicy {
    std::array<int, kAppraisalComponents> weights{50, 15, 10, 15, 10};
    int capPercent = 120;                     // ratio components score at most this
    std::array<int, 3> gradeTenths{900, 800, 600};  // A, B, C lower bounds in tenths of a point

    // Grade for a rounded total in tenths: 'A', 'B', 'C' or 'D'.
    char grade(std::int64_t totalTenths) const;
    void validate() const;  // throws std::invalid_argument
};

struct AppraisalInput {
    std::optional<Ratio> salesAttainment;   // sales / target
    std::optional<Ratio> collectionRate;    // collected_due / due_in_m
    std::optional<Ratio> visitAttainment;   // visits / visit_target
    std::optional<int> attitude;            // 0..100
    std::optional<int> satisfaction;        // 0..100
};

struct AppraisalComponentScore {
    AppraisalComponent component = AppraisalComponent::SalesAttainment;
    int weight = 0;                     // as configured
    bool present = false;               // false: dropped (missing)
    std::optional<Ratio> ratio;         // ratio components: the input ratio
    Ratio score;                        // exact (capped) score, 0..cap; meaningless when !present
    Ratio effectiveWeight;              // weight rescaled so present weights sum to 100
    std::int64_t scoreTenths = 0;       // score rounded half up to one decimal (for display)
};

struct AppraisalResult {
    std::array<AppraisalComponentScore, kAppraisalComponents> components;
    bool rescaled = false;                 // some weighted component was dropped
    std::optional<std::int64_t> totalTenths;  // nullopt: nothing to score
    char grade = 0;                         // 'A'..'D'; 0 when there is no total
};

AppraisalResult scoreAppraisal(const AppraisalInput& input, const AppraisalPolicy& policy = {});

// An exact ratio times `scale`, rounded half up (toward +infinity at .5): roundHalfUp({1, 3}, 1000) = 333.
std::int64_t roundHalfUp(const Ratio& r, std::int64_t scale);

// "96.3" / "-0.5" from tenths.
std::string formatTenths(std::int64_t tenths);

// Parses "90", "89.5" into tenths; nullopt for anything else (at most one decimal).
std::optional<std::int64_t> parseTenths(const std::string& text);

}  // namespace yewu
