// PageContent: the operators of one page description (PDF content stream),
// written as text with std::to_chars.
//
// Why by hand: PdfPainter formats every coordinate through an std::ostream
// (num_put, then printf's exact decimal conversion) and re-encodes every
// string through PdfString and the font's encoding; that was a fifth of the
// CPU of rendering a letter. The operators here are the few our layout uses,
// written as PdfPainter writes them (ISO 32000-1, 8.2 and 9.4); numbers get
// at most three decimals (1/1000 pt), below anything a viewer can show.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace yewu {

class PageContent {
public:
    void save() { out_ += "q\n"; }
    void restore() { out_ += "Q\n"; }
    // Colours as PdfPainter::SetColor and SetStrokingColor set them: DeviceRGB grays.
    void fillGray(double gray);
    void strokeGray(double gray);
    void lineWidth(double width);
    void fillRectangle(double x, double y, double w, double h);
    void strokeLine(double x1, double y1, double x2, double y2);
    void transform(double a, double b, double c, double d, double e, double f);
    // Draws the form XObject `name` (a page resource) at the origin.
    void drawXObject(std::string_view name);
    // One line of text in font resource `font` (a Type0 font with Identity-H encoding):
    // `glyphs` are its glyph ids. renderMode 0 fills, 2 fills and strokes (fake bold).
    void text(std::string_view font, double size, double x, double y, const std::vector<std::uint16_t>& glyphs,
              int renderMode = 0);

    const std::string& data() const { return out_; }

private:
    void number(double value);
    void numbers(std::initializer_list<double> values);

    std::string out_;
};

}  // namespace yewu
