// Cell: integers read as numbers whether the source typed them or gave digits,
// and as the same text either way.
#include <gtest/gtest.h>

#include "connectors/Cell.h"

using namespace yewu;

TEST(CellTest, ToIntegerTakesTypedNumbersAndExactDecimalText) {
    std::int64_t n = 0;
    Cell typed;
    typed.setInteger(-9007199254740993);
    EXPECT_TRUE(typed.toInteger(n));
    EXPECT_EQ(n, -9007199254740993);
    EXPECT_EQ(*typed, "-9007199254740993");
    EXPECT_TRUE(Cell("42").toInteger(n));
    EXPECT_EQ(n, 42);
    EXPECT_TRUE(Cell("-7").toInteger(n));
    EXPECT_EQ(n, -7);
    for (const char* bad : {"", " 42", "42 ", "4x2", "1.5", "+3", "99999999999999999999"})
        EXPECT_FALSE(Cell(bad).toInteger(n)) << "'" << bad << "'";
    EXPECT_FALSE(Cell().toInteger(n));
}

TEST(CellTest, TypedAndTextIntegersAreEqual) {
    Cell typed;
    typed.setInteger(123);
    EXPECT_EQ(typed, Cell("123"));
    EXPECT_NE(typed, Cell("0123"));
    EXPECT_NE(Cell(), Cell(""));
    EXPECT_LT(Cell(), Cell(""));
}
