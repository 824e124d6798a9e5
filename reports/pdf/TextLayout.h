// Text shaping (font per character) and line breaking for the PDF engine.
//
// shape() picks for every character the Latin font (below U+2000) or the CJK
// font, falling back to the other; a character neither covers throws
// ReportError naming the document and the character. breakLines() uses ICU's
// line BreakIterator for zh_CN (UAX #14 with CJK rules: breaks between Han
// characters, never before ，。、）》 or after （《, keeps ¥1,234,567.89 and
// e-mail addresses whole); a segment wider than the line is broken by
// character. '\n' is a forced break.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reports/Document.h"

namespace yewu {

class FontFace;

enum FontSlot : std::uint8_t { kLatin = 0, kLatinBold = 1, kCjk = 2, kFontSlots = 3 };

struct Glyph {
    char32_t cp = 0;
    FontSlot slot = kLatin;
    bool fakeBold = false;  // bold without a bold font (CJK, or Latin without one): drawn filled and stroked
    float advance = 0;      // 1/1000 em
};

struct TextLine {
    std::size_t begin = 0, end = 0;  // glyph range, trailing spaces excluded
    double width = 0;                // points
};

class TextShaper {
public:
    // latinBold may be null: bold Latin text is then the regular font drawn filled and stroked.
    TextShaper(FontFace& latin, FontFace* latinBold, FontFace& cjk) : fonts_{&latin, latinBold, &cjk} {}
    // Throws ReportError "<documentName>: no configured font has '<c>' (U+XXXX)".
    std::vector<Glyph> shape(const RichText& text, const std::string& documentName);
    std::vector<Glyph> shape(const std::string& text, bool bold, const std::string& documentName) {
        return shape(RichText{TextRun{text, bold}}, documentName);
    }
    FontFace& font(FontSlot slot) { return *fonts_[slot]; }

private:
    FontFace* fonts_[kFontSlots];
};

// Width in points of glyphs [begin, end) at `size`.
double textWidth(const std::vector<Glyph>& glyphs, std::size_t begin, std::size_t end, double size);

// Lines of at most maxWidth points (a single glyph wider than that still gets its own line).
std::vector<TextLine> breakLines(const std::vector<Glyph>& glyphs, double size, double maxWidth);

// Width of the widest segment between two break opportunities (the narrowest a column can get
// without forced breaks) and of the widest forced line, in points.
double longestUnbreakable(const std::vector<Glyph>& glyphs, double size);
double longestLine(const std::vector<Glyph>& glyphs, double size);

// UTF-8 of glyphs [begin, end).
std::string utf8Of(const std::vector<Glyph>& glyphs, std::size_t begin, std::size_t end);

}  // namespace yewu
