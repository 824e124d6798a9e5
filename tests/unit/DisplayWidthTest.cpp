#include <gtest/gtest.h>

#include "reports/xlsx/DisplayWidth.h"

namespace yewu {
namespace {

TEST(DisplayWidth, AsciiCountsOnePerCharacter) {
    EXPECT_EQ(displayWidth(""), 0);
    EXPECT_EQ(displayWidth("INV-2026-000123"), 15);
    EXPECT_EQ(displayWidth("=SUM(A1:A3)"), 11);
}

TEST(DisplayWidth, CjkIdeographsAndPunctuationCountTwo) {
    EXPECT_EQ(displayWidth("账龄汇总"), 8);
    EXPECT_EQ(displayWidth("信用期(天)"), 10);        // ASCII parentheses stay narrow
    EXPECT_EQ(displayWidth("DSO（天）"), 9);          // fullwidth parentheses are wide
    EXPECT_EQ(displayWidth("是，否。「引号」"), 16);  // CJK punctuation
    EXPECT_EQ(displayWidth("𠮷"), 2);                 // outside the BMP
}

TEST(DisplayWidth, KanaHangulAndFullwidthFormsCountTwo) {
    EXPECT_EQ(displayWidth("カタカナ"), 8);
    EXPECT_EQ(displayWidth("ひらがな"), 8);
    EXPECT_EQ(displayWidth("한국상사"), 8);
    EXPECT_EQ(displayWidth("ＡＢＣ１２３"), 12);
}

TEST(DisplayWidth, MixedTextAndNarrowSymbols) {
    EXPECT_EQ(displayWidth("华东精密 Co., Ltd."), 8 + 10);
    EXPECT_EQ(displayWidth("¥1,234.56"), 9);  // ¥ is narrow
    EXPECT_EQ(displayWidth("ｱｲｳ"), 3);        // halfwidth katakana
    EXPECT_EQ(displayWidth("café"), 4);
}

TEST(DisplayWidth, CombiningMarksAndFormatCharactersTakeNoColumn) {
    EXPECT_EQ(displayWidth("cafe\xCC\x81"), 4);  // e + combining acute
    EXPECT_EQ(displayWidth("a\u200Bb"), 2);      // zero width space
}

TEST(DisplayWidth, InvalidUtf8CountsOnePerBadSequence) {
    EXPECT_EQ(displayWidth("ab\xFF"), 3);
    EXPECT_EQ(displayWidth("\xE8\xB4"), 1);  // truncated 3-byte sequence
    EXPECT_EQ(displayWidth(std::string_view("a\0b", 3)), 3);
}

TEST(ColumnWidthFor, PadsAndClamps) {
    EXPECT_EQ(columnWidthFor(0), 6);
    EXPECT_EQ(columnWidthFor(3), 6);
    EXPECT_EQ(columnWidthFor(10), 12);
    EXPECT_EQ(columnWidthFor(58), 60);
    EXPECT_EQ(columnWidthFor(500), 60);
    EXPECT_EQ(columnWidthFor(500, 6, 80), 80);
    EXPECT_EQ(columnWidthFor(1, 8, 4), 8);  // a max below the min gives the min
}

TEST(ColumnWidths, KeepsTheWidestPerColumn) {
    ColumnWidths widths;
    widths.fit(0, "客户编号");
    widths.fit(0, "12");
    widths.fit(2, "华东精密机械有限公司");
    widths.fitWidth(2, 5);
    EXPECT_EQ(widths.columns(), 3u);
    EXPECT_EQ(widths.width(0), 10);
    EXPECT_EQ(widths.width(1), 6);  // nothing fitted
    EXPECT_EQ(widths.width(2), 22);
    EXPECT_EQ(widths.width(7), 6);  // beyond the columns seen
    EXPECT_EQ(widths.width(2, 6, 15), 15);
}

}  // namespace
}  // namespace yewu
