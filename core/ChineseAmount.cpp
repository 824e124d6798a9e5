#include "ChineseAmount.h"

#include <array>
#include <cstdint>
#include <stdexcept>

namespace yewu {

namespace {

constexpr std::array<const char*, 10> kDigits = {"零", "壹", "贰", "叁", "肆",
                                                 "伍", "陆", "柒", "捌", "玖"};
constexpr std::array<const char*, 4> kPlaces = {"", "拾", "佰",
                                                "仟"};            // within a group of four digits
constexpr std::array<const char*, 3> kGroups = {"", "万", "亿"};  // between groups

void checkRange(Money amount, const char* what) {
    if (amount.isNegative())
        throw std::invalid_argument(std::string(what) + ": negative amount " + amount.format() +
                                    " cannot be written in words");
    if (amount > kMaxWordsAmount)
        throw std::invalid_argument(std::string(what) + ": amount " + amount.format() +
                                    " is beyond the supported range (at most " +
                                    kMaxWordsAmount.format() + ")");
}

// The yuan figure (1 .. 999,999,999,999) in capitals, without 元.
std::string chineseYuan(std::int64_t yuan) {
    std::array<int, 3> groups{};  // [0] ones group, [1] 万 group, [2] 亿 group
    for (auto& g : groups) {
        g = int(yuan % 10000);
        yuan /= 10000;
    }
    std::string out;
    bool zeroPending = false;  // zeros seen since the last digit written
    for (int gi = 2; gi >= 0; --gi) {
        const int g = groups[std::size_t(gi)];
        if (g == 0) {
            if (!out.empty()) zeroPending = true;
            continue;
        }
        // A group that does not start with thousands continues a run of zeros from the group
        // before.
        if (!out.empty() && g < 1000) zeroPending = true;
        for (int place = 3; place >= 0; --place) {
            int d = g;
            for (int k = 0; k < place; ++k) d /= 10;
            d %= 10;
            if (d == 0) {
                if (!out.empty()) zeroPending = true;
                continue;
            }
            if (zeroPending) out += kDigits[0];
            zeroPending = false;
            out += kDigits[std::size_t(d)];
            out += kPlaces[std::size_t(place)];
        }
        out += kGroups[std::size_t(gi)];
        // Zeros ending a group are not written before the next group's 仟 (壹拾万柒仟):
        // only an all-zero group or a next group without 仟 brings a 零.
        zeroPending = false;
    }
    return out;
}

constexpr std::array<const char*, 20> kSmall = {
    "zero",     "one",     "two",     "three",     "four",     "five",    "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
constexpr std::array<const char*, 10> kTens = {"",      "",      "twenty",  "thirty", "forty",
                                               "fifty", "sixty", "seventy", "eighty", "ninety"};

std::string englishBelowThousand(int n) {
    std::string out;
    if (n >= 100) {
        out = std::string(kSmall[std::size_t(n / 100)]) + " hundred";
        n %= 100;
        if (n == 0) return out;
        out += " ";
    }
    if (n < 20) return out + kSmall[std::size_t(n)];
    out += kTens[std::size_t(n / 10)];
    if (n % 10) out += std::string("-") + kSmall[std::size_t(n % 10)];
    return out;
}

std::string englishNumber(std::int64_t n) {
    if (n == 0) return "zero";
    static constexpr std::array<const char*, 4> scales = {"", " thousand", " million", " billion"};
    std::string out;
    std::int64_t divisor = 1'000'000'000;
    for (int s = 3; s >= 0; --s, divisor /= 1000) {
        const int part = int(n / divisor % 1000);
        if (part == 0) continue;
        if (!out.empty()) out += " ";
        out += englishBelowThousand(part) + scales[std::size_t(s)];
    }
    return out;
}

}  // namespace

std::string chineseCapitalAmount(Money amount) {
    checkRange(amount, "chineseCapitalAmount");
    const std::int64_t yuan = amount.cents() / 100;
    const int jiao = int(amount.cents() / 10 % 10);
    const int fen = int(amount.cents() % 10);
    if (amount.isZero()) return "零元整";
    std::string out;
    if (yuan > 0) out = chineseYuan(yuan) + "元";
    if (jiao == 0 && fen == 0) return out + "整";
    if (jiao > 0)
        out += std::string(kDigits[std::size_t(jiao)]) + "角";
    else if (yuan > 0)
        out += kDigits[0];  // 壹元零伍分
    if (fen > 0) out += std::string(kDigits[std::size_t(fen)]) + "分";
    return out;
}

std::string englishAmountWords(Money amount) {
    checkRange(amount, "englishAmountWords");
    const std::int64_t yuan = amount.cents() / 100;
    const int fen = int(amount.cents() % 100);
    if (yuan == 0 && fen != 0) return englishNumber(fen) + " fen";
    std::string out = englishNumber(yuan) + " yuan";
    if (fen != 0) out += " and " + englishNumber(fen) + " fen";
    return out;
}

}  // namespace yewu
