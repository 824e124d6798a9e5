#include "Locale.h"

namespace yewu {

std::optional<Locale> parseLocale(std::string_view text) {
    if (text == "zh-CN" || text == "zh_CN" || text == "zh") return Locale::ZhCN;
    if (text == "en" || text == "en-US" || text == "en_US") return Locale::En;
    return std::nullopt;
}

std::string_view localeName(Locale locale) { return locale == Locale::ZhCN ? "zh-CN" : "en"; }

}  // namespace yewu
