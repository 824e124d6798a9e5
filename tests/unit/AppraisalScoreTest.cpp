#include "core/AppraisalScore.h"

#include <gtest/gtest.h>

namespace yewu {
namespace {

AppraisalInput allNinety() {
    AppraisalInput in;
    in.salesAttainment = Ratio{9, 10};
    in.collectionRate = Ratio{90, 100};
    in.visitAttainment = Ratio{27, 30};
    in.attitude = 90;
    in.satisfaction = 90;
    return in;
}

TEST(AppraisalScoreTest, AllComponentsWeightedByDefault) {
    AppraisalInput in;
    in.salesAttainment = Ratio{1, 1};    // 100
    in.collectionRate = Ratio{8, 10};    // 80
    in.visitAttainment = Ratio{1, 2};    // 50
    in.attitude = 70;
    in.satisfaction = 60;
    const auto r = scoreAppraisal(in);
    // (50*100 + 15*80 + 10*50 + 15*70 + 10*60) / 100 = 83.5
    ASSERT_TRUE(r.totalTenths);
    EXPECT_EQ(*r.totalTenths, 835);
    EXPECT_EQ(r.grade, 'B');
    EXPECT_FALSE(r.rescaled);
}

TEST(AppraisalScoreTest, RatioComponentsAreCappedAt120) {
    AppraisalInput in = allNinety();
    in.salesAttainment = Ratio{250, 100};  // 250% -> 120
    const auto r = scoreAppraisal(in);
    EXPECT_EQ(r.components[0].scoreTenths, 1200);
    EXPECT_EQ(r.components[0].score, (Ratio{120, 1}));
    // (50*120 + 50*90) / 100 = 105
    EXPECT_EQ(*r.totalTenths, 1050);
    EXPECT_EQ(r.grade, 'A');
}

TEST(AppraisalScoreTest, CapIsConfigurable) {
    AppraisalPolicy policy;
    policy.capPercent = 150;
    AppraisalInput in = allNinety();
    in.salesAttainment = Ratio{2, 1};
    EXPECT_EQ(scoreAppraisal(in, policy).components[0].scoreTenths, 1500);
}

TEST(AppraisalScoreTest, MissingComponentIsDroppedAndWeightsRescaled) {
    AppraisalInput in = allNinety();
    in.salesAttainment = Ratio{1, 1};  // 100
    in.collectionRate.reset();         // nothing due
    const auto r = scoreAppraisal(in);
    EXPECT_TRUE(r.rescaled);
    EXPECT_FALSE(r.components[1].present);
    // (50*100 + 10*90 + 15*90 + 10*90) / 85 = 8150 / 85 = 95.88 -> 95.9
    EXPECT_EQ(*r.totalTenths, 959);
    EXPECT_EQ(r.components[0].effectiveWeight, (Ratio{5000, 85}));
    EXPECT_EQ(roundHalfUp(r.components[0].effectiveWeight, 10), 588);  // 58.8
}

TEST(AppraisalScoreTest, MissingRatingsAreDropped) {
    AppraisalInput in;
    in.salesAttainment = Ratio{3, 4};   // 75
    in.collectionRate = Ratio{1, 1};    // 100
    in.visitAttainment = Ratio{1, 1};   // 100
    const auto r = scoreAppraisal(in);
    EXPECT_TRUE(r.rescaled);
    EXPECT_FALSE(r.components[3].present);
    EXPECT_FALSE(r.components[4].present);
    // (50*75 + 15*100 + 10*100) / 75 = 6250 / 75 = 83.33 -> 83.3
    EXPECT_EQ(*r.totalTenths, 833);
    EXPECT_EQ(r.grade, 'B');
}

TEST(AppraisalScoreTest, NothingToScore) {
    const auto r = scoreAppraisal(AppraisalInput{});
    EXPECT_FALSE(r.totalTenths);
    EXPECT_EQ(r.grade, 0);
}

TEST(AppraisalScoreTest, ZeroWeightIsNotDropped) {
    AppraisalPolicy policy;
    policy.weights = {100, 0, 0, 0, 0};
    AppraisalInput in;
    in.salesAttainment = Ratio{1, 1};
    const auto r = scoreAppraisal(in, policy);
    EXPECT_FALSE(r.rescaled);
    EXPECT_EQ(*r.totalTenths, 1000);
}

// 0.5 × 89.9 + 45 = 89.95 exactly; as doubles it is 89.94999… and naive rounding gives 89.9.
TEST(AppraisalScoreTest, HalfUpAtTheGradeBoundary8995) {
    AppraisalInput in = allNinety();
    in.salesAttainment = Ratio{899, 1000};
    const auto r = scoreAppraisal(in);
    EXPECT_EQ(*r.totalTenths, 900);
    EXPECT_EQ(formatTenths(*r.totalTenths), "90.0");
    EXPECT_EQ(r.grade, 'A');
}

TEST(AppraisalScoreTest, JustBelowTheBoundaryRoundsDown) {
    AppraisalInput in = allNinety();
    in.salesAttainment = Ratio{89899, 100000};  // total 89.9495
    const auto r = scoreAppraisal(in);
    EXPECT_EQ(*r.totalTenths, 899);
    EXPECT_EQ(r.grade, 'B');
}

TEST(AppraisalScoreTest, ExactlyNinetyIsA) {
    const auto r = scoreAppraisal(allNinety());
    EXPECT_EQ(*r.totalTenths, 900);
    EXPECT_EQ(r.grade, 'A');
}

TEST(AppraisalScoreTest, GradeBoundaries) {
    AppraisalPolicy p;
    EXPECT_EQ(p.grade(900), 'A');
    EXPECT_EQ(p.grade(899), 'B');
    EXPECT_EQ(p.grade(800), 'B');
    EXPECT_EQ(p.grade(799), 'C');
    EXPECT_EQ(p.grade(600), 'C');
    EXPECT_EQ(p.grade(599), 'D');
    EXPECT_EQ(p.grade(0), 'D');
}

TEST(AppraisalScoreTest, LargeAmountsStayExact) {
    AppraisalInput in = allNinety();
    in.salesAttainment = Ratio{999'999'999'999, 1'000'000'000'000};  // just under 100%
    in.collectionRate = Ratio{123'456'789'011, 987'654'321'099};
    const auto r = scoreAppraisal(in);
    ASSERT_TRUE(r.totalTenths);
    EXPECT_EQ(r.components[0].scoreTenths, 1000);  // 99.9999999999 -> 100.0
}

TEST(AppraisalScoreTest, HelpersRoundAndParse) {
    EXPECT_EQ(roundHalfUp(Ratio{1, 3}, 1000), 333);
    EXPECT_EQ(roundHalfUp(Ratio{1, 20}, 10), 1);   // 0.05 -> 0.1
    EXPECT_EQ(roundHalfUp(Ratio{-1, 20}, 10), 0);  // -0.05 -> -0.0 (half up)
    EXPECT_EQ(formatTenths(835), "83.5");
    EXPECT_EQ(formatTenths(-5), "-0.5");
    EXPECT_EQ(parseTenths("90"), 900);
    EXPECT_EQ(parseTenths("89.5"), 895);
    EXPECT_FALSE(parseTenths("89.55"));
    EXPECT_FALSE(parseTenths("abc"));
}

TEST(AppraisalScoreTest, InvalidPolicyThrows) {
    AppraisalPolicy p;
    p.weights = {0, 0, 0, 0, 0};
    EXPECT_THROW(scoreAppraisal(allNinety(), p), std::invalid_argument);
    p = AppraisalPolicy{};
    p.gradeTenths = {800, 900, 600};
    EXPECT_THROW(scoreAppraisal(allNinety(), p), std::invalid_argument);
}

}  // namespace
}  // namespace yewu
