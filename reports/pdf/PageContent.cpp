#include "PageContent.h"

#include <charconv>
#include <cmath>

namespace yewu {

void PageContent::number(double value) {
    if (std::fabs(value) < 0.0005) value = 0;  // no "-0"
    char text[48];
    char* end = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, 3).ptr;
    while (end[-1] == '0') --end;  // "12.500" -> "12.5", "3.000" -> "3"
    if (end[-1] == '.') --end;
    out_.append(text, end);
}

void PageContent::numbers(std::initializer_list<double> values) {
    for (double v : values) {
        number(v);
        out_ += ' ';
    }
}

void PageContent::fillGray(double gray) {
    numbers({gray, gray, gray});
    out_ += "rg\n";
}

void PageContent::strokeGray(double gray) {
    numbers({gray, gray, gray});
    out_ += "RG\n";
}

void PageContent::lineWidth(double width) {
    numbers({width});
    out_ += "w\n";
}

void PageContent::fillRectangle(double x, double y, double w, double h) {
    numbers({x, y, w, h});
    out_ += "re\nf\n";
}

void PageContent::strokeLine(double x1, double y1, double x2, double y2) {
    numbers({x1, y1});
    out_ += "m\n";
    numbers({x2, y2});
    out_ += "l\nS\n";
}

void PageContent::transform(double a, double b, double c, double d, double e, double f) {
    numbers({a, b, c, d, e, f});
    out_ += "cm\n";
}

void PageContent::drawXObject(std::string_view name) {
    out_ += "q\n1 0 0 1 0 0 cm\n/";
    out_ += name;
    out_ += " Do\nQ\n";
}

void PageContent::text(std::string_view font, double size, double x, double y,
                       const std::vector<std::uint16_t>& glyphs, int renderMode) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    out_ += "BT\n/";
    out_ += font;
    out_ += ' ';
    numbers({size});
    out_ += "Tf\n";
    if (renderMode != 0) {
        out_ += char('0' + renderMode);
        out_ += " Tr\n";
    }
    numbers({x, y});
    out_ += "Td\n<";
    for (std::uint16_t g : glyphs) {
        const char hex[4] = {kHex[g >> 12], kHex[(g >> 8) & 15], kHex[(g >> 4) & 15], kHex[g & 15]};
        out_.append(hex, 4);
    }
    out_ += "> Tj\n";
    if (renderMode != 0) out_ += "0 Tr\n";
    out_ += "ET\n";
}

}  // namespace yewu
