// Unit tests for core/ChineseAmount: 人民币大写 by the conventions of Chinese
// financial documents (zeros inside a group and across 万/亿 groups, 整, 角/分),
// the English words of the en contract, and the rejected amounts.
#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <stdexcept>
#include <string>

#include "core/ChineseAmount.h"

namespace yewu {
namespace {

std::string zh(std::int64_t cents) {
    return chineseCapitalAmount(Money::fromCents(cents));
}
std::string en(std::int64_t cents) {
    return englishAmountWords(Money::fromCents(cents));
}

struct Case {
    std::int64_t cents;
    const char* expected;
};

// Readable test names and failure messages: "cents_100405" and "¥1,004.05 -> 壹仟零肆元零伍分".
void PrintTo(const Case& c, std::ostream* os) {
    *os << Money::fromCents(c.cents).format() << " -> " << c.expected;
}
std::string caseName(const ::testing::TestParamInfo<Case>& info) {
    return "cents_" + std::to_string(info.param.cents);
}

class ChineseCapital : public ::testing::TestWithParam<Case> {};

TEST_P(ChineseCapital, Writes) {
    EXPECT_EQ(zh(GetParam().cents), GetParam().expected)
        << Money::fromCents(GetParam().cents).format();
}

INSTANTIATE_TEST_SUITE_P(Issue, ChineseCapital,
                         ::testing::Values(Case{0, "零元整"},                      // 0.00
                                           Case{100000000, "壹佰万元整"},          // 1,000,000.00
                                           Case{100405, "壹仟零肆元零伍分"},       // 1,004.05
                                           Case{10000001010, "壹亿零壹拾元壹角"},  // 100,000,010.10
                                           Case{1050, "壹拾元伍角"},               // 10.50
                                           Case{10000000, "壹拾万元整"}),
                         caseName);  // 100,000.00

INSTANTIATE_TEST_SUITE_P(FractionOnly, ChineseCapital,
                         ::testing::Values(Case{5, "伍分"},  // bank forms: no leading 零元
                                           Case{1, "壹分"}, Case{50, "伍角"}, Case{55, "伍角伍分"},
                                           Case{99, "玖角玖分"}, Case{10, "壹角"}),
                         caseName);

INSTANTIATE_TEST_SUITE_P(YuanAndFraction, ChineseCapital,
                         ::testing::Values(Case{100, "壹元整"},
                                           Case{105, "壹元零伍分"},  // 角 zero: 零 before 分
                                           Case{150, "壹元伍角"},    // no 整 after 角
                                           Case{1234, "壹拾贰元叁角肆分"},
                                           Case{10005, "壹佰元零伍分"},
                                           Case{1000, "壹拾元整"},  // 壹拾, never a bare 拾
                                           Case{1900, "壹拾玖元整"}),
                         caseName);

INSTANTIATE_TEST_SUITE_P(
    ZerosInsideAGroup, ChineseCapital,
    ::testing::Values(Case{100100, "壹仟零壹元整"}, Case{100500, "壹仟零伍元整"},
                      Case{101000, "壹仟零壹拾元整"}, Case{110000, "壹仟壹佰元整"},
                      Case{100000, "壹仟元整"},  // trailing zeros write nothing
                      Case{20000, "贰佰元整"}, Case{20500, "贰佰零伍元整"},
                      Case{123456789, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"}),
    caseName);

INSTANTIATE_TEST_SUITE_P(
    ZerosAcrossGroups, ChineseCapital,
    ::testing::Values(Case{1000500, "壹万零伍元整"},                    // 10,005.00
                      Case{10010000, "壹拾万零壹佰元整"},               // 100,100.00
                      Case{101010101, "壹佰零壹万零壹佰零壹元零壹分"},  // 1,010,101.01
                      Case{100000000001, "壹拾亿元零壹分"},             // 1,000,000,000.01
                      Case{2000000000, "贰仟万元整"},                   // 20,000,000.00
                      Case{10000000000, "壹亿元整"},                    // 100,000,000.00
                      Case{10700050, "壹拾万柒仟元伍角"},  // 107,000.50: 万 place zero before 仟
                      Case{10100000, "壹拾万壹仟元整"},    // 101,000.00
                      Case{100000500000, "壹拾亿零伍仟元整"},      // an all-zero 万 group
                      Case{10000100000000, "壹仟亿零壹佰万元整"},  // 100,001,000,000.00
                      Case{12000000000, "壹亿贰仟万元整"},         // 120,000,000.00
                      Case{10001000000, "壹亿零壹万元整"},         // 100,010,000.00
                      Case{1000000, "壹万元整"}, Case{1100000, "壹万壹仟元整"},
                      Case{1001000, "壹万零壹拾元整"}, Case{5000000500, "伍仟万零伍元整"}),
    caseName);

INSTANTIATE_TEST_SUITE_P(
    Range, ChineseCapital,
    ::testing::Values(Case{99999999999999,
                           "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
                      Case{10000000000000, "壹仟亿元整"},
                      Case{99999999999900, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整"}),
    caseName);

TEST(ChineseCapitalErrors, NegativeIsRejected) {
    EXPECT_THROW(zh(-1), std::invalid_argument);
    EXPECT_THROW(zh(-100), std::invalid_argument);
    try {
        zh(-12345);
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("negative amount -¥123.45"), std::string::npos)
            << e.what();
    }
}

TEST(ChineseCapitalErrors, BeyondOneWanYiIsRejected) {
    EXPECT_NO_THROW(zh(kMaxWordsAmount.cents()));
    EXPECT_THROW(zh(kMaxWordsAmount.cents() + 1),
                 std::invalid_argument);  // ¥1,000,000,000,000.00 = 1 万亿
    EXPECT_THROW(zh(INT64_MAX), std::invalid_argument);
    EXPECT_THROW(zh(INT64_MIN), std::invalid_argument);
    try {
        zh(100000000000000);
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(
            std::string(e.what()).find("beyond the supported range (at most ¥999,999,999,999.99)"),
            std::string::npos)
            << e.what();
    }
}

// Every amount up to ¥100,000 by a step that visits every digit pattern of the last five places
// at least once: no 零 doubled, none at the start or before 元/万/亿, and 整 only without 角/分.
TEST(ChineseCapitalProperties, NoDoubledOrDanglingZeros) {
    for (std::int64_t cents = 0; cents <= 10000000; cents += 37) {
        const std::string s = zh(cents);
        EXPECT_EQ(s.find("零零"), std::string::npos) << cents << " " << s;
        EXPECT_EQ(s.find("零元"), cents == 0 ? 0 : std::string::npos) << cents << " " << s;
        EXPECT_EQ(s.find("零万"), std::string::npos) << cents << " " << s;
        if (cents != 0) {
            EXPECT_NE(s.rfind("零", 0), 0u) << cents << " " << s;
        }
        const bool whole = cents % 100 == 0;
        EXPECT_EQ(s.size() >= 3 && s.compare(s.size() - 3, 3, "整") == 0, whole)
            << cents << " " << s;
    }
}

TEST(EnglishWords, Amounts) {
    EXPECT_EQ(en(0), "zero yuan");
    EXPECT_EQ(en(5), "five fen");
    EXPECT_EQ(en(100405), "one thousand four yuan and five fen");
    EXPECT_EQ(en(1050), "ten yuan and fifty fen");
    EXPECT_EQ(en(100000000), "one million yuan");
    EXPECT_EQ(en(10000001010), "one hundred million ten yuan and ten fen");
    EXPECT_EQ(en(2100), "twenty-one yuan");
    EXPECT_EQ(en(11500), "one hundred fifteen yuan");
    EXPECT_EQ(en(123456789),
              "one million two hundred thirty-four thousand five hundred sixty-seven yuan and "
              "eighty-nine fen");
    EXPECT_EQ(en(100000000001), "one billion yuan and one fen");
    EXPECT_EQ(en(kMaxWordsAmount.cents()),
              "nine hundred ninety-nine billion nine hundred ninety-nine million nine hundred "
              "ninety-nine thousand "
              "nine hundred ninety-nine yuan and ninety-nine fen");
    EXPECT_THROW(en(-1), std::invalid_argument);
    EXPECT_THROW(en(kMaxWordsAmount.cents() + 1), std::invalid_argument);
}

}  // namespace
}  // namespace yewu
