#include "DisplayWidth.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace yewu {

int displayWidth(std::string_view utf8) {
    const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(utf8.size());
    int width = 0;
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) {  // an invalid sequence shows as one replacement character
            width += 1;
            continue;
        }
        const auto category = u_charType(c);
        if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK ||
            category == U_FORMAT_CHAR) {
            continue;
        }
        const auto eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        width += (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) ? 2 : 1;
    }
    return width;
}

int columnWidthFor(int longest, int minWidth, int maxWidth) {
    return std::clamp(longest + 2, minWidth, std::max(minWidth, maxWidth));
}

void ColumnWidths::fitWidth(std::size_t column, int width) {
    if (column >= widest_.size()) widest_.resize(column + 1, 0);
    widest_[column] = std::max(widest_[column], width);
}

int ColumnWidths::width(std::size_t column, int minWidth, int maxWidth) const {
    if (column >= widest_.size()) return minWidth;
    return columnWidthFor(widest_[column], minWidth, maxWidth);
}

}  // namespace yewu
