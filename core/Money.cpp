#include "Money.h"

#include <limits>

namespace yewu {

std::string Money::format(bool withSign) const {
    // Work on the magnitude as unsigned so INT64_MIN formats too.
    const bool negative = cents_ < 0;
    const std::uint64_t magnitude =
        negative ? std::uint64_t(0) - static_cast<std::uint64_t>(cents_) : static_cast<std::uint64_t>(cents_);
    const std::string whole = std::to_string(magnitude / 100);
    const unsigned fraction = static_cast<unsigned>(magnitude % 100);

    std::string grouped;
    grouped.reserve(whole.size() + whole.size() / 3);
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i != 0 && (whole.size() - i) % 3 == 0) grouped.push_back(',');
        grouped.push_back(whole[i]);
    }
    std::string out;
    if (negative) out.push_back('-');
    if (withSign) out += "\xC2\xA5";  // ¥
    out += grouped;
    out.push_back('.');
    out.push_back(static_cast<char>('0' + fraction / 10));
    out.push_back(static_cast<char>('0' + fraction % 10));
    return out;
}

std::optional<Money> Money::parse(std::string_view text) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
        negative = text[i] == '-';
        ++i;
    }
    static constexpr std::string_view yen = "\xC2\xA5";
    if (text.substr(i, yen.size()) == yen) i += yen.size();

    std::uint64_t whole = 0;
    int digits = 0;
    int digitsSinceComma = -1;  // -1: no comma seen yet
    constexpr std::uint64_t limit = std::uint64_t(std::numeric_limits<std::int64_t>::max()) / 100 + 1;
    for (; i < text.size() && text[i] != '.'; ++i) {
        const char c = text[i];
        if (c == ',') {
            if (digits == 0 || (digitsSinceComma != -1 && digitsSinceComma != 3)) return std::nullopt;
            if (digitsSinceComma == -1 && digits > 3) return std::nullopt;
            digitsSinceComma = 0;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        whole = whole * 10 + static_cast<std::uint64_t>(c - '0');
        if (whole > limit) return std::nullopt;
        ++digits;
        if (digitsSinceComma != -1) ++digitsSinceComma;
    }
    if (digits == 0 || (digitsSinceComma != -1 && digitsSinceComma != 3)) return std::nullopt;

    std::uint64_t fraction = 0;
    if (i < text.size()) {  // at '.'
        ++i;
        const std::size_t decimals = text.size() - i;
        if (decimals == 0 || decimals > 2) return std::nullopt;
        for (; i < text.size(); ++i) {
            if (text[i] < '0' || text[i] > '9') return std::nullopt;
            fraction = fraction * 10 + static_cast<std::uint64_t>(text[i] - '0');
        }
        if (decimals == 1) fraction *= 10;
    }
    // Stay unsigned until the range is known: INT64_MIN's magnitude is INT64_MAX + 1.
    const std::uint64_t magnitude = whole * 100 + fraction;
    constexpr std::uint64_t maxPositive = std::uint64_t(std::numeric_limits<std::int64_t>::max());
    if (magnitude > maxPositive + (negative ? 1 : 0)) return std::nullopt;
    if (negative) return Money::fromCents(static_cast<std::int64_t>(std::uint64_t(0) - magnitude));
    return Money::fromCents(static_cast<std::int64_t>(magnitude));
}

}  // namespace yewu
