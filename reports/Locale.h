// The document locales. Chinese first, English second.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace yewu {

enum class Locale { ZhCN, En };

// "zh-CN" / "en"; nullopt for anything else.
std::optional<Locale> parseLocale(std::string_view text);
std::string_view localeName(Locale locale);

}  // namespace yewu
