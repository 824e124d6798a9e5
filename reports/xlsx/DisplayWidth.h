// How wide text shows in a spreadsheet column, for setting column widths
// (libxlsxwriter has no autofit).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace yewu {

// Display columns of UTF-8 text: East Asian wide and fullwidth characters (CJK
// ideographs and punctuation, kana, Hangul, fullwidth forms) count 2, combining
// marks and format characters 0, everything else 1. An invalid byte counts 1.
int displayWidth(std::string_view utf8);

// Excel column width for content whose widest cell is `longest` display columns:
// two columns of padding, clamped to [minWidth, maxWidth].
int columnWidthFor(int longest, int minWidth = 6, int maxWidth = 60);

// The widest content seen per column, fed as cells are written.
class ColumnWidths {
public:
    void fit(std::size_t column, std::string_view text) { fitWidth(column, displayWidth(text)); }
    void fitWidth(std::size_t column, int width);
    // columnWidthFor() of the widest content; minWidth when nothing was fitted.
    int width(std::size_t column, int minWidth = 6, int maxWidth = 60) const;
    std::size_t columns() const { return widest_.size(); }

private:
    std::vector<int> widest_;
};

}  // namespace yewu
