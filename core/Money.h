// Money: an amount in integer cents (分). Never floating point.
//
// Formatting follows the receivables and letter conventions: "¥1,234,567.89",
// "-¥12.00". parse() accepts exactly what format() writes, plus the plain
// forms "1234.5", "-12", "1,234.56" without the currency sign.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace yewu {

class Money {
public:
    constexpr Money() = default;
    static constexpr Money fromCents(std::int64_t cents) { return Money(cents); }

    constexpr std::int64_t cents() const { return cents_; }
    constexpr bool isZero() const { return cents_ == 0; }
    constexpr bool isPositive() const { return cents_ > 0; }
    constexpr bool isNegative() const { return cents_ < 0; }

    // "¥1,234,567.89" / "-¥12.00"; withSign=false gives "1,234,567.89".
    std::string format(bool withSign = true) const;
    // Returns nullopt for anything that is not a well-formed amount with at most two decimals.
    static std::optional<Money> parse(std::string_view text);

    constexpr Money operator+(Money o) const { return Money(cents_ + o.cents_); }
    constexpr Money operator-(Money o) const { return Money(cents_ - o.cents_); }
    constexpr Money operator-() const { return Money(-cents_); }
    constexpr Money& operator+=(Money o) { cents_ += o.cents_; return *this; }
    constexpr Money& operator-=(Money o) { cents_ -= o.cents_; return *this; }
    constexpr auto operator<=>(const Money&) const = default;

private:
    constexpr explicit Money(std::int64_t cents) : cents_(cents) {}
    std::int64_t cents_ = 0;
};

}  // namespace yewu
