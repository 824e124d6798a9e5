// Amounts in words for contracts and payment documents.
//
// chineseCapitalAmount: 人民币大写 as Chinese bank forms and contracts write it
// (the conventions of 《支付结算办法》 / 正确填写票据和结算凭证的基本规定):
//   - digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 within a group of four digits,
//     万 and 亿 between groups; "壹拾" is always written out (10.50 → 壹拾元伍角);
//   - one 零 for any run of zeros between two non-zero digits, inside a group
//     or across groups (1,004.05 → 壹仟零肆元零伍分; 100,000,010.10 →
//     壹亿零壹拾元壹角; 10,005.00 → 壹万零伍元整); a group that is all zeros
//     writes no unit (100,000,000.00 → 壹亿元整); zeros at the end of the
//     yuan figure write nothing (1,000.00 → 壹仟元整); a zero in the 万 or 元
//     place followed by a non-zero 仟 or 角 is not written (107,000.50 →
//     壹拾万柒仟元伍角), which the rules allow and most bank software does;
//   - 元 then 角 and 分; "整" only when there is neither 角 nor 分 (壹拾元伍角,
//     not 壹拾元伍角整); 零 between 元 and 分 when 角 is zero (壹元零伍分);
//   - no yuan: the fraction alone, without a leading 零元 (0.05 → 伍分, 0.50 →
//     伍角), as bank forms write it; 0.00 → 零元整.
// The prefix "人民币" is the caller's (the template writes it).
//
// englishAmountWords: the same amount in English words for the en contract,
// the way trade documents spell an amount out: "one thousand four yuan and
// five fen" (lower case, short scale, no "and" inside the number, hyphenated
// tens: "twenty-one"); "zero yuan" for 0.00; "five fen" for 0.05.
//
// Both are pure functions. They throw std::invalid_argument, with a message
// naming the amount and the limit, for a negative amount or one above
// kMaxWordsAmount (999,999,999,999.99 yuan, just under 1 万亿: contracts never
// come near it, and 万亿 needs a second level of group units).
#pragma once

#include <string>

#include "Money.h"

namespace yewu {

inline constexpr Money kMaxWordsAmount = Money::fromCents(99'999'999'999'999);

std::string chineseCapitalAmount(Money amount);
std::string englishAmountWords(Money amount);

}  // namespace yewu
