#include "TextLayout.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "FontSet.h"
#include "reports/ReportError.h"

namespace yewu {

namespace {

icu::BreakIterator& lineIterator() {
    // One per thread: a break iterator holds the text it is working on.
    thread_local std::unique_ptr<icu::BreakIterator> it = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> bi(
            icu::BreakIterator::createLineInstance(icu::Locale("zh_CN"), status));
        if (U_FAILURE(status) || !bi) throw ReportError(std::string("ICU line break iterator: ") + u_errorName(status));
        return bi;
    }();
    return *it;
}

bool isSpace(char32_t cp) { return cp == ' ' || cp == 0x3000 || cp == '\t'; }

std::string describe(char32_t cp) {
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", unsigned(cp));
    std::string utf8;
    icu::UnicodeString(UChar32(cp)).toUTF8String(utf8);
    return "'" + utf8 + "' (" + code + ")";
}

// Break opportunities: boundary[i] is true when a line may start at glyph i.
// Glyphs are BMP characters, so glyph i is UTF-16 unit i.
std::vector<bool> boundaries(const std::vector<Glyph>& glyphs, std::size_t begin, std::size_t end) {
    icu::UnicodeString text;
    for (std::size_t i = begin; i < end; ++i) text.append(UChar(glyphs[i].cp));
    std::vector<bool> can(end - begin + 1, false);
    icu::BreakIterator& bi = lineIterator();
    bi.setText(text);
    for (int32_t p = bi.first(); p != icu::BreakIterator::DONE; p = bi.next()) can[std::size_t(p)] = true;
    return can;
}

void breakHardLine(const std::vector<Glyph>& glyphs, std::size_t begin, std::size_t end, double size,
                   double maxWidth, std::vector<TextLine>& lines) {
    if (begin == end) {
        lines.push_back(TextLine{begin, begin, 0});
        return;
    }
    const std::vector<bool> can = boundaries(glyphs, begin, end);
    const double scale = size / 1000.0;
    std::size_t lineBegin = begin, lineEnd = begin;  // [lineBegin, lineEnd) accepted so far (with spaces)
    double width = 0;                                // width of the accepted part, trailing spaces included

    auto trimmedEnd = [&](std::size_t b, std::size_t e) {
        while (e > b && isSpace(glyphs[e - 1].cp)) --e;
        return e;
    };
    auto emit = [&](std::size_t b, std::size_t e) {
        const std::size_t t = trimmedEnd(b, e);
        lines.push_back(TextLine{b, t, textWidth(glyphs, b, t, size)});
    };

    std::size_t segBegin = begin;
    for (std::size_t i = begin + 1; i <= end; ++i) {
        if (!can[i - begin]) continue;
        const std::size_t segEnd = i;
        const std::size_t segTrim = trimmedEnd(segBegin, segEnd);
        const double segWidth = textWidth(glyphs, segBegin, segEnd, size);
        const double segVisible = textWidth(glyphs, segBegin, segTrim, size);
        if (width + segVisible <= maxWidth + 1e-6) {
            width += segWidth;
            lineEnd = segEnd;
        } else {
            if (lineEnd > lineBegin) emit(lineBegin, lineEnd);
            lineBegin = lineEnd = segBegin;
            width = 0;
            if (segVisible <= maxWidth + 1e-6) {
                width = segWidth;
                lineEnd = segEnd;
            } else {  // wider than a line: break by character
                std::size_t k = segBegin;
                while (k < segTrim) {
                    double w = 0;
                    std::size_t j = k;
                    while (j < segTrim && (j == k || w + glyphs[j].advance * scale <= maxWidth + 1e-6))
                        w += glyphs[j++].advance * scale;
                    if (j < segTrim) {
                        lines.push_back(TextLine{k, j, w});
                        k = j;
                    } else {
                        lineBegin = k;
                        lineEnd = segEnd;
                        width = textWidth(glyphs, k, segEnd, size);
                        break;
                    }
                }
            }
        }
        segBegin = segEnd;
    }
    if (lineEnd > lineBegin) emit(lineBegin, lineEnd);
}

}  // namespace

std::vector<Glyph> TextShaper::shape(const RichText& text, const std::string& documentName) {
    std::vector<Glyph> out;
    for (const auto& run : text) {
        const auto* s = reinterpret_cast<const uint8_t*>(run.text.data());
        const auto length = int32_t(run.text.size());
        for (int32_t i = 0; i < length;) {
            UChar32 c;
            U8_NEXT(s, i, length, c);
            if (c < 0) throw ReportError(documentName + ": text is not valid UTF-8");
            Glyph g;
            g.cp = char32_t(c);
            if (c == '\n') {
                out.push_back(g);
                continue;
            }
            if (c == '\t') g.cp = ' ';
            if (c == '\r') continue;
            // A space takes the font of the character before it, so a CJK line keeps CJK spacing.
            const bool latinFirst = isSpace(g.cp) && !out.empty() && out.back().cp != '\n'
                                        ? out.back().slot != kCjk
                                        : c < 0x2000;
            // Bold Latin: the bold font when one is configured, else the regular one drawn stroked.
            const FontSlot latinSlot = run.bold && fonts_[kLatinBold] ? kLatinBold : kLatin;
            const FontSlot order[2] = {latinFirst ? latinSlot : kCjk, latinFirst ? kCjk : latinSlot};
            bool found = false;
            for (FontSlot slot : order) {
                const float adv = fonts_[slot]->advance(g.cp);
                if (adv >= 0) {
                    g.slot = slot;
                    g.advance = adv;
                    g.fakeBold = run.bold && slot != kLatinBold;
                    found = true;
                    break;
                }
            }
            if (!found)
                throw ReportError(documentName + ": no configured font has the character " + describe(g.cp) + " (fonts " +
                                  fonts_[kLatin]->file() + ", " + fonts_[kCjk]->file() + ")");
            out.push_back(g);
        }
    }
    return out;
}

double textWidth(const std::vector<Glyph>& glyphs, std::size_t begin, std::size_t end, double size) {
    double w = 0;
    for (std::size_t i = begin; i < end; ++i) w += glyphs[i].advance;
    return w * size / 1000.0;
}

std::vector<TextLine> breakLines(const std::vector<Glyph>& glyphs, double size, double maxWidth) {
    std::vector<TextLine> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= glyphs.size(); ++i) {
        if (i == glyphs.size() || glyphs[i].cp == '\n') {
            breakHardLine(glyphs, start, i, size, maxWidth, lines);
            start = i + 1;
        }
    }
    return lines;
}

double longestUnbreakable(const std::vector<Glyph>& glyphs, double size) {
    double longest = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= glyphs.size(); ++i) {
        if (i != glyphs.size() && glyphs[i].cp != '\n') continue;
        if (i > start) {
            const std::vector<bool> can = boundaries(glyphs, start, i);
            std::size_t seg = start;
            for (std::size_t k = start + 1; k <= i; ++k) {
                if (!can[k - start]) continue;
                std::size_t e = k;
                while (e > seg && isSpace(glyphs[e - 1].cp)) --e;
                longest = std::max(longest, textWidth(glyphs, seg, e, size));
                seg = k;
            }
        }
        start = i + 1;
    }
    return longest;
}

double longestLine(const std::vector<Glyph>& glyphs, double size) {
    double longest = 0;
    for (const auto& line : breakLines(glyphs, size, 1e12)) longest = std::max(longest, line.width);
    return longest;
}

std::string utf8Of(const std::vector<Glyph>& glyphs, std::size_t begin, std::size_t end) {
    std::string out;
    for (std::size_t i = begin; i < end; ++i) {
        const char32_t c = glyphs[i].cp;
        if (c < 0x80) {
            out += char(c);
        } else if (c < 0x800) {
            out += char(0xC0 | (c >> 6));
            out += char(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += char(0xE0 | (c >> 12));
            out += char(0x80 | ((c >> 6) & 0x3F));
            out += char(0x80 | (c & 0x3F));
        } else {
            out += char(0xF0 | (c >> 18));
            out += char(0x80 | ((c >> 12) & 0x3F));
            out += char(0x80 | ((c >> 6) & 0x3F));
            out += char(0x80 | (c & 0x3F));
        }
    }
    return out;
}

}  // namespace yewu
