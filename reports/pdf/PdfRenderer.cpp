#include "PdfRenderer.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "Deflate.h"
#include "FontEmbedding.h"
#include "FontSet.h"
#include "PageContent.h"
#include "Podofo.h"
#include "TextLayout.h"
#include "reports/ReportError.h"

namespace yewu {

namespace {

using namespace PoDoFo;

constexpr double kMm = 72.0 / 25.4;
constexpr double kPageWidth = 595.276;   // A4 in points
constexpr double kPageHeight = 841.890;
constexpr double kLeading = 1.5;         // line height / font size for body text
constexpr double kTableLeading = 1.35;
constexpr double kCellPadX = 4, kCellPadY = 3;
constexpr double kSmallSize = 8.5;       // header and footer

// ---- the display list a laid-out page becomes ---------------------------------------------

struct TextOp {
    double x, y, size;
    FontSlot slot;
    bool fakeBold;
    double gray;
    std::string utf8;
    bool shared = false;  // drawn with the renderer's shared subset of the slot's font
};
struct LineOp {
    double x1, y1, x2, y2, width, gray;
};
struct RectOp {
    double x, y, w, h, gray;
};
struct PageOps {
    int section = 0;
    int number = 0;  // within its section, from 1
    std::vector<RectOp> rects;
    std::vector<LineOp> lines;
    std::vector<TextOp> texts;
};

bool isNumberCell(const std::string& text) {
    static const std::regex number(R"(^\s*[-+]?(¥|\$|€)?\s?[-+]?[0-9][0-9,]*(\.[0-9]+)?\s?%?\s*$)");
    return std::regex_match(text, number);
}

bool isBlank(const std::string& text) { return text.find_first_not_of(" \t\n") == std::string::npos; }

}  // namespace

// The glyphs of PdfPageStyle::commonText in one slot's font: subset, deflated and
// measured once, embedded in every document that draws any of them.
struct SharedSubset {
    std::unordered_set<char32_t> characters;
    std::string fontFile;
    PreparedFontFile prepared;
};

struct PdfRenderer::Impl {
    PdfPageStyle style;
    std::shared_ptr<FontFace> fonts[kFontSlots];
    std::optional<SharedSubset> shared[kFontSlots];
    std::unique_ptr<PdfMemDocument> letterhead;
    double left, right, top, bottom;  // the margin box, PDF coordinates
    double ascent = 0.93, descent = 0.24;
};

namespace {

// Lays out one document's sections into pages of drawing operations.
class Layouter {
public:
    Layouter(PdfRenderer::Impl& impl, const std::string& docName)
        : impl_(impl),
          shaper_(*impl.fonts[kLatin], impl.fonts[kLatinBold].get(), *impl.fonts[kCjk]),
          name_(docName) {}

    void layoutSection(const PdfSection& section, int index) {
        section_ = index;
        sectionPages_ = 0;
        headerLines_.clear();
        headerGlyphs_.clear();
        if (!section.header.empty()) {
            headerGlyphs_ = shaper_.shape(section.header, false, name_);
            headerLines_ = breakLines(headerGlyphs_, kSmallSize, width());
            if (headerLines_.size() > 3) headerLines_.resize(3);
        }
        newPage();
        for (const Block& block : section.document.blocks) layoutBlock(block);
    }

    std::vector<PageOps>& pages() { return pages_; }
    TextShaper& shaper() { return shaper_; }

    // Where the footer's baseline goes, inside the bottom margin line.
    double footerBaseline() const { return impl_.bottom + impl_.descent * kSmallSize + 1; }

private:
    double width() const { return impl_.right - impl_.left; }
    double contentTop() const {
        if (headerLines_.empty()) return impl_.top;
        return impl_.top - headerLines_.size() * kSmallSize * 1.3 - 8;
    }
    double contentBottom() const { return impl_.bottom + kSmallSize * 1.3 + 10; }
    PageOps& page() { return pages_.back(); }
    bool atPageTop() const { return y_ >= contentTop() - 0.01; }
    bool fits(double h) const { return y_ - h >= contentBottom() - 0.01; }
    void ensure(double h) {
        if (!fits(h) && !atPageTop()) newPage();
    }

    void newPage() {
        pages_.push_back(PageOps{});
        page().section = section_;
        page().number = ++sectionPages_;
        y_ = contentTop();
        // The section header, inside the top margin line, with a rule under it.
        if (!headerLines_.empty()) {
            const double lh = kSmallSize * 1.3;
            double y = impl_.top;
            for (const auto& line : headerLines_) {
                emitLine(headerGlyphs_, line, impl_.left, y - impl_.ascent * kSmallSize - (lh - kSmallSize) / 2,
                         kSmallSize, 0.35);
                y -= lh;
            }
            page().lines.push_back(LineOp{impl_.left, y - 3, impl_.right, y - 3, 0.5, 0.55});
        }
    }

    // Baseline for a line box whose top is `top`.
    double baselineIn(double top, double lineHeight, double size) const {
        return top - (lineHeight - (impl_.ascent + impl_.descent) * size) / 2 - impl_.ascent * size;
    }

    void emitLine(const std::vector<Glyph>& glyphs, const TextLine& line, double x, double baseline, double size,
                  double gray = 0) {
        std::size_t i = line.begin;
        while (i < line.end) {
            std::size_t j = i + 1;
            while (j < line.end && glyphs[j].slot == glyphs[i].slot && glyphs[j].fakeBold == glyphs[i].fakeBold) ++j;
            page().texts.push_back(
                TextOp{x, baseline, size, glyphs[i].slot, glyphs[i].fakeBold, gray, utf8Of(glyphs, i, j)});
            x += textWidth(glyphs, i, j, size);
            i = j;
        }
    }

    // Lines of text flowing down the page, split across pages between lines.
    void flowText(const RichText& text, double size, double indent, bool center, double spaceAfter) {
        const auto glyphs = shaper_.shape(text, name_);
        const double lh = size * kLeading;
        const auto lines = breakLines(glyphs, size, width() - indent);
        for (const auto& line : lines) {
            ensure(lh);
            const double x = center ? impl_.left + (width() - line.width) / 2 : impl_.left + indent;
            emitLine(glyphs, line, x, baselineIn(y_, lh, size), size);
            y_ -= lh;
        }
        y_ -= spaceAfter;
    }

    void layoutBlock(const Block& block) {
        const double body = impl_.style.bodySize;
        switch (block.kind) {
            case Block::Kind::Heading: {
                const double size = block.level == 1 ? body + 6 : block.level == 2 ? body + 2.5 : body + 1;
                RichText bold = block.text;
                for (auto& run : bold) run.bold = true;
                if (!atPageTop()) y_ -= size * 0.5;
                ensure(size * kLeading + body * kLeading * 2);  // keep with what follows
                flowText(bold, size, 0, block.level == 1, size * 0.35);
                break;
            }
            case Block::Kind::Paragraph:
                flowText(block.text, body, 0, false, body * 0.5);
                break;
            case Block::Kind::BulletList:
                layoutBullets(block.items, body);
                break;
            case Block::Kind::Rule:
                ensure(body);
                page().lines.push_back(LineOp{impl_.left, y_ - body / 2, impl_.right, y_ - body / 2, 0.6, 0.5});
                y_ -= body;
                break;
            case Block::Kind::Table:
                layoutTable(block.table, body - 1);
                break;
            case Block::Kind::PageBreak:
                if (!atPageTop()) newPage();
                break;
            case Block::Kind::Signature:
                layoutSignature(block.signers, body);
                break;
        }
    }

    void layoutBullets(const std::vector<RichText>& items, double size) {
        const double indent = size * 1.4;
        const double lh = size * kLeading;
        const auto bullet = shaper_.shape("•", false, name_);
        for (const auto& item : items) {
            const auto glyphs = shaper_.shape(item, name_);
            const auto lines = breakLines(glyphs, size, width() - indent);
            for (std::size_t i = 0; i < lines.size(); ++i) {
                ensure(lh);
                const double baseline = baselineIn(y_, lh, size);
                if (i == 0) emitLine(bullet, TextLine{0, bullet.size(), 0}, impl_.left + size * 0.4, baseline, size);
                emitLine(glyphs, lines[i], impl_.left + indent, baseline, size);
                y_ -= lh;
            }
            y_ -= size * 0.15;
        }
        y_ -= size * 0.4;
    }

    struct Cell {
        std::vector<Glyph> glyphs;
        std::vector<TextLine> lines;
    };

    void layoutTable(const TableBlock& table, double size) {
        const std::size_t columns = std::max(table.header.size(), table.align.size());
        if (columns == 0) return;
        auto shapeRow = [&](const std::vector<RichText>& row, bool bold) {
            std::vector<Cell> cells(columns);
            for (std::size_t c = 0; c < columns && c < row.size(); ++c) {
                RichText text = row[c];
                if (bold)
                    for (auto& run : text) run.bold = true;
                cells[c].glyphs = shaper_.shape(text, name_);
            }
            return cells;
        };
        std::vector<Cell> header = shapeRow(table.header, true);
        std::vector<std::vector<Cell>> rows;
        rows.reserve(table.rows.size());
        for (const auto& row : table.rows) rows.push_back(shapeRow(row, false));

        // Alignment: as the table says, else right for columns of numbers.
        std::vector<ColumnAlign> align(columns, ColumnAlign::Auto);
        for (std::size_t c = 0; c < columns; ++c) {
            if (c < table.align.size()) align[c] = table.align[c];
            if (align[c] != ColumnAlign::Auto) continue;
            bool any = false, all = true;
            for (const auto& row : table.rows) {
                const std::string text = c < row.size() ? plainText(row[c]) : "";
                if (isBlank(text) || text == "—" || text == "-") continue;
                any = true;
                if (!isNumberCell(text)) all = false;
            }
            align[c] = any && all ? ColumnAlign::Right : ColumnAlign::Left;
        }

        // Column widths fitted to content.
        std::vector<double> natural(columns, 0), minimum(columns, 0);
        auto measure = [&](const std::vector<Cell>& row) {
            for (std::size_t c = 0; c < columns; ++c) {
                natural[c] = std::max(natural[c], longestLine(row[c].glyphs, size) + 2 * kCellPadX);
                minimum[c] = std::max(minimum[c], longestUnbreakable(row[c].glyphs, size) + 2 * kCellPadX);
            }
        };
        measure(header);
        for (const auto& row : rows) measure(row);
        std::vector<double> widths(columns);
        double sumNatural = 0, sumMin = 0;
        for (std::size_t c = 0; c < columns; ++c) {
            minimum[c] = std::min(minimum[c], natural[c]);
            sumNatural += natural[c];
            sumMin += minimum[c];
        }
        const double avail = width();
        for (std::size_t c = 0; c < columns; ++c) {
            if (sumNatural <= avail)  // room for everything: share the rest by content
                widths[c] = natural[c] + (avail - sumNatural) * natural[c] / sumNatural;
            else if (sumMin <= avail)
                widths[c] = minimum[c] + (avail - sumMin) * (natural[c] - minimum[c]) / (sumNatural - sumMin);
            else  // even whole words do not fit: forced breaks
                widths[c] = minimum[c] * avail / sumMin;
        }

        const double lh = size * kTableLeading;
        auto breakRow = [&](std::vector<Cell>& row) {
            std::size_t most = 1;
            for (std::size_t c = 0; c < columns; ++c) {
                row[c].lines = breakLines(row[c].glyphs, size, widths[c] - 2 * kCellPadX);
                most = std::max(most, row[c].lines.size());
            }
            return most * lh + 2 * kCellPadY;
        };
        const double headerHeight = table.header.empty() ? 0 : breakRow(header);
        const double pageRoom = contentTop() - contentBottom();

        auto drawRow = [&](const std::vector<Cell>& row, double height, bool isHeader) {
            const double top = y_;
            if (isHeader) page().rects.push_back(RectOp{impl_.left, top - height, avail, height, 0.90});
            double x = impl_.left;
            for (std::size_t c = 0; c < columns; ++c) {
                double lineTop = top - kCellPadY;
                for (const auto& line : row[c].lines) {
                    double lx = x + kCellPadX;
                    if (align[c] == ColumnAlign::Right) lx = x + widths[c] - kCellPadX - line.width;
                    if (align[c] == ColumnAlign::Center) lx = x + (widths[c] - line.width) / 2;
                    emitLine(row[c].glyphs, line, lx, baselineIn(lineTop, lh, size), size);
                    lineTop -= lh;
                }
                page().lines.push_back(LineOp{x, top, x, top - height, 0.5, 0.55});
                x += widths[c];
            }
            page().lines.push_back(LineOp{impl_.right, top, impl_.right, top - height, 0.5, 0.55});
            page().lines.push_back(LineOp{impl_.left, top, impl_.right, top, 0.5, 0.55});
            page().lines.push_back(LineOp{impl_.left, top - height, impl_.right, top - height, 0.5, 0.55});
            y_ -= height;
        };

        bool headerOnPage = false;
        for (std::size_t r = 0; r < rows.size() || (r == 0 && rows.empty()); ++r) {
            const double height = rows.empty() ? 0 : breakRow(rows[r]);
            if (headerHeight + height > pageRoom + 0.01)
                throw ReportError(name_ + ": a table row is taller than a page");
            if (!fits((headerOnPage ? 0 : headerHeight) + height)) {
                newPage();
                headerOnPage = false;
            }
            if (!headerOnPage && headerHeight > 0) {
                drawRow(header, headerHeight, true);
                headerOnPage = true;
            }
            if (rows.empty()) break;
            drawRow(rows[r], height, false);
            headerOnPage = true;
        }
        y_ -= size * 0.8;
    }

    void layoutSignature(const std::vector<SignatureLine>& signers, double size) {
        const double gap = size * 2;
        const double column = (width() - gap) / 2;
        const double rowHeight = size * 3.2;
        if (!fits(rowHeight * signers.size() + size)) {
            if (!atPageTop()) newPage();
        }
        y_ -= size;
        for (const auto& s : signers) {
            // Each label broken to 60% of its column (a seller's or buyer's name may need two
            // lines); the line to sign on follows the label's last line.
            const auto left = shaper_.shape(s.left, false, name_), right = shaper_.shape(s.right, false, name_);
            const auto leftLines = breakLines(left, size, column * 0.6);
            const auto rightLines = breakLines(right, size, column * 0.6);
            const std::size_t most = std::max<std::size_t>({1, leftLines.size(), rightLines.size()});
            const double height = rowHeight + double(most - 1) * size * kLeading;
            ensure(height);
            const double baseline = y_ - height + size * 0.9;
            auto cell = [&](const std::vector<Glyph>& glyphs, const std::vector<TextLine>& lines, double x) {
                if (glyphs.empty() || lines.empty()) return;
                double lineBaseline = baseline + double(lines.size() - 1) * size * kLeading;
                for (const TextLine& line : lines) {
                    emitLine(glyphs, line, x, lineBaseline, size);
                    lineBaseline -= size * kLeading;
                }
                const double end = lines.back().width;
                page().lines.push_back(LineOp{x + end + 4, baseline - 2, x + column, baseline - 2, 0.6, 0.2});
            };
            cell(left, leftLines, impl_.left);
            cell(right, rightLines, impl_.left + column + gap);
            y_ -= height;
        }
        y_ -= size;
    }

    PdfRenderer::Impl& impl_;
    TextShaper shaper_;
    std::string name_;
    std::vector<PageOps> pages_;
    int section_ = 0;
    int sectionPages_ = 0;
    double y_ = 0;
    std::vector<Glyph> headerGlyphs_;
    std::vector<TextLine> headerLines_;
};

// A table draws each cell's edges: rows share their borders and columns run on row
// after row. Lines of one width and gray are drawn once: a repeat is dropped and a
// segment that continues an earlier one on the same horizontal or vertical extends it
// (in that earlier one's place, so the order of differently styled lines is kept).
std::vector<LineOp> mergedLines(const std::vector<LineOp>& lines) {
    std::vector<LineOp> out;
    out.reserve(lines.size());
    for (const LineOp& l : lines) {
        const bool vertical = l.x1 == l.x2, horizontal = l.y1 == l.y2;
        bool merged = false;
        for (LineOp& m : out) {
            if (m.width != l.width || m.gray != l.gray) continue;
            if (vertical && m.x1 == m.x2 && m.x1 == l.x1) {
                const double lo = std::min(l.y1, l.y2), hi = std::max(l.y1, l.y2);
                const double mlo = std::min(m.y1, m.y2), mhi = std::max(m.y1, m.y2);
                if (lo <= mhi && hi >= mlo) {  // touching or overlapping
                    m.y1 = std::max(hi, mhi);
                    m.y2 = std::min(lo, mlo);
                    merged = true;
                    break;
                }
            } else if (horizontal && m.y1 == m.y2 && m.y1 == l.y1) {
                const double lo = std::min(l.x1, l.x2), hi = std::max(l.x1, l.x2);
                const double mlo = std::min(m.x1, m.x2), mhi = std::max(m.x1, m.x2);
                if (lo <= mhi && hi >= mlo) {
                    m.x1 = std::min(lo, mlo);
                    m.x2 = std::max(hi, mhi);
                    merged = true;
                    break;
                }
            }
        }
        if (!merged) out.push_back(l);
    }
    return out;
}

std::string footerText(Locale locale, int page, int pages) {
    if (locale == Locale::ZhCN) return "第 " + std::to_string(page) + " 页 / 共 " + std::to_string(pages) + " 页";
    return "Page " + std::to_string(page) + " of " + std::to_string(pages);
}

// "YYYY-MM-DD" -> "D:YYYYMMDD000000Z"; anything else -> a fixed epoch date.
std::string pdfDate(const std::string& iso) {
    static const std::regex day(R"(^(\d{4})-(\d{2})-(\d{2})$)");
    std::smatch m;
    if (!std::regex_match(iso, m, day)) return "D:19700101000000Z";
    return "D:" + m[1].str() + m[2].str() + m[3].str() + "000000Z";
}

PdfString pdfText(const std::string& utf8) { return PdfString(reinterpret_cast<const pdf_utf8*>(utf8.c_str())); }

// Calls f(code point, byte offset, byte length) for each character of UTF-8 text.
template <class F>
void forEachCodePoint(const std::string& utf8, F&& f) {
    const auto* text = reinterpret_cast<const uint8_t*>(utf8.data());
    const auto length = int32_t(utf8.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(text, i, length, c);
        if (c >= 0) f(char32_t(c), std::size_t(start), std::size_t(i - start));
    }
}

// `text`'s characters that documents draw with the font of `slot`: the shaper decides, so
// a Latin letter the CJK face also has is not embedded twice in every document.
std::optional<SharedSubset> sharedSubset(TextShaper& shaper, FontSlot slot, const std::string& text) {
    FontFace& face = shaper.font(slot);
    std::set<char32_t> covered;
    for (const Glyph& g : shaper.shape(text, false, "the text all documents share (template, company details)")) {
        const char32_t c = g.cp;
        if (g.slot == slot && c >= 0x20 && c <= 0xFFFF && face.glyphId(c) != 0) covered.insert(c);
    }
    if (covered.empty()) return std::nullopt;
    std::vector<std::pair<char32_t, std::uint16_t>> characters;
    for (char32_t c : covered) characters.emplace_back(c, face.glyphId(c));
    SharedSubset shared;
    shared.fontFile = face.subset(characters);
    // The subset's glyph ids, from its own cmap.
    std::unique_ptr<PdfFontMetricsFreetype> metrics(FontFace::metricsOver(shared.fontFile, "YWTEMP+"));
    std::vector<EmbeddedGlyph> glyphs;
    for (char32_t c : covered) {
        glyphs.push_back(EmbeddedGlyph{std::uint16_t(metrics->GetGlyphId(long(c))), c, face.advance(c)});
        shared.characters.insert(c);
    }
    shared.prepared = prepareFontFile(shared.fontFile, std::move(glyphs), kSharedDeflateLevel);
    return shared;
}

}  // namespace

PdfRenderer::PdfRenderer(PdfPageStyle style, PdfFontFiles fonts) : impl_(std::make_unique<Impl>()) {
    static const bool configured = [] {
        PdfError::EnableDebug(false);  // PoDoFo prints "Fixing references..." otherwise
        PdfError::EnableLogging(false);
        // Page descriptions are appended unfiltered and deflated by libdeflate before
        // writing (Deflate.h). Set once, before any renderer renders, on any thread.
        PdfStream::eDefaultFilter = ePdfFilter_None;
        return true;
    }();
    (void)configured;
    impl_->style = std::move(style);
    impl_->fonts[kLatin] = FontFace::shared(fonts.latin);
    if (!fonts.latinBold.empty()) impl_->fonts[kLatinBold] = FontFace::shared(fonts.latinBold);
    impl_->fonts[kCjk] = FontFace::shared(fonts.cjk);
    for (const auto& f : impl_->fonts) {
        if (!f) continue;
        impl_->ascent = std::max(impl_->ascent, f->ascent());
        impl_->descent = std::max(impl_->descent, f->descent());
    }
    // Only the CJK face: its outlines are most of a document's bytes and of its deflating;
    // a shared Latin subset would cost more in duplicated tables than it saves.
    // Every page's footer and watermark join the shared text.
    if (impl_->fonts[kCjk] && !impl_->style.commonText.empty()) {
        TextShaper shaper(*impl_->fonts[kLatin], impl_->fonts[kLatinBold].get(), *impl_->fonts[kCjk]);
        impl_->shared[kCjk] = sharedSubset(shaper, kCjk,
                                           impl_->style.commonText + footerText(impl_->style.locale, 0, 0) +
                                               "0123456789" + impl_->style.watermark);
    }
    const PdfPageStyle& s = impl_->style;
    impl_->left = s.marginLeftMm * kMm;
    impl_->right = kPageWidth - s.marginRightMm * kMm;
    impl_->top = kPageHeight - s.marginTopMm * kMm;
    impl_->bottom = s.marginBottomMm * kMm;
    if (impl_->right - impl_->left < 72 || impl_->top - impl_->bottom < 144)
        throw ReportError("page margins leave too little room on an A4 page");
    if (!s.letterheadPdf.empty()) {
        try {
            impl_->letterhead = std::make_unique<PdfMemDocument>();
            impl_->letterhead->Load(s.letterheadPdf.c_str());
            if (impl_->letterhead->GetPageCount() < 1) throw ReportError("letterhead PDF has no page");
        } catch (const PdfError& e) {
            throw ReportError("cannot read letterhead PDF " + s.letterheadPdf.string() + ": " +
                              PdfError::ErrorMessage(e.GetError()));
        }
    }
}

PdfRenderer::~PdfRenderer() = default;

std::string PdfRenderer::render(const PdfDocumentSpec& spec, int* pageCount) const {
    Impl& impl = *impl_;
    Layouter layout(impl, spec.name);
    for (std::size_t i = 0; i < spec.sections.size(); ++i) layout.layoutSection(spec.sections[i], int(i));
    std::vector<PageOps>& pages = layout.pages();
    std::vector<int> sectionPages(spec.sections.size(), 0);
    for (const auto& p : pages) sectionPages[p.section] = std::max(sectionPages[p.section], p.number);
    if (pageCount) *pageCount = int(pages.size());

    // Footer and watermark glyphs are shaped here, once all pages exist.
    std::vector<Glyph> watermark;
    double watermarkSize = 0;
    if (!impl.style.watermark.empty()) {
        watermark = layout.shaper().shape(impl.style.watermark, false, spec.name);
        const double em = textWidth(watermark, 0, watermark.size(), 1.0);
        const double room = std::min(impl.right - impl.left, impl.top - impl.bottom) * 0.8;
        watermarkSize = std::min(60.0, room / ((em + 1.0) * std::sqrt(0.5)));
    }

    // Footers ("第 N 页 / 共 M 页", after the section's note), centred inside the bottom margin line.
    for (PageOps& ops : pages) {
        const std::string& note = spec.sections[std::size_t(ops.section)].footer;
        const auto footer = layout.shaper().shape(
            (note.empty() ? "" : note + "    ") + footerText(impl.style.locale, ops.number, sectionPages[ops.section]),
            false, spec.name);
        double x = (impl.left + impl.right - textWidth(footer, 0, footer.size(), kSmallSize)) / 2;
        for (std::size_t i = 0; i < footer.size();) {
            std::size_t j = i + 1;
            while (j < footer.size() && footer[j].slot == footer[i].slot) ++j;
            ops.texts.push_back(TextOp{x, layout.footerBaseline(), kSmallSize, footer[i].slot, false, 0.35,
                                       utf8Of(footer, i, j)});
            x += textWidth(footer, i, j, kSmallSize);
            i = j;
        }
    }
    std::vector<TextOp> watermarkOps;  // in the rotated frame
    for (std::size_t i = 0; i < watermark.size();) {
        std::size_t j = i + 1;
        while (j < watermark.size() && watermark[j].slot == watermark[i].slot) ++j;
        watermarkOps.push_back(TextOp{textWidth(watermark, 0, i, watermarkSize), 0, watermarkSize, watermark[i].slot,
                                      false, 0.86, utf8Of(watermark, i, j)});
        i = j;
    }

    // Runs of characters in the renderer's shared subset are drawn with that font, the
    // rest with the document's own; a run is cut where that changes, at the x the glyph
    // widths give (the same widths the PDF carries, so nothing moves).
    auto splitShared = [&](std::vector<TextOp>& ops) {
        std::vector<TextOp> out;
        out.reserve(ops.size());
        for (TextOp& t : ops) {
            if (!impl.shared[t.slot]) {
                out.push_back(std::move(t));
                continue;
            }
            const auto& shared = impl.shared[t.slot]->characters;
            double x = t.x;
            std::size_t runStart = 0;
            double runWidth = 0;
            bool runShared = false, first = true;
            auto emit = [&](std::size_t end) {
                if (end == runStart) return;
                out.push_back(TextOp{x, t.y, t.size, t.slot, t.fakeBold, t.gray, t.utf8.substr(runStart, end - runStart),
                                     runShared});
                x += runWidth * t.size / 1000.0;
            };
            forEachCodePoint(t.utf8, [&](char32_t c, std::size_t at, std::size_t) {
                const bool isShared = shared.count(c) != 0;
                if (!first && isShared != runShared) {
                    emit(at);
                    runStart = at;
                    runWidth = 0;
                }
                first = false;
                runShared = isShared;
                runWidth += impl.fonts[t.slot]->advance(c);
            });
            emit(t.utf8.size());
        }
        ops = std::move(out);
    };
    if (spec.sharedSubsets) {
        for (PageOps& ops : pages) splitShared(ops.texts);
        splitShared(watermarkOps);
    }

    // The glyphs each document font draws: its PDF font is built from a copy holding only those.
    std::vector<std::pair<char32_t, std::uint16_t>> used[kFontSlots];  // (code point, glyph id)
    auto collect = [&](const TextOp& t) {
        if (t.shared) return;
        forEachCodePoint(t.utf8, [&](char32_t c, std::size_t, std::size_t) {
            used[t.slot].emplace_back(c, impl.fonts[t.slot]->glyphId(c));
        });
    };
    for (const PageOps& ops : pages)
        for (const TextOp& t : ops.texts) collect(t);
    for (const TextOp& t : watermarkOps) collect(t);
    for (auto& glyphs : used) {
        std::sort(glyphs.begin(), glyphs.end());
        glyphs.erase(std::unique(glyphs.begin(), glyphs.end()), glyphs.end());
    }

    try {
        PdfMemDocument doc;
        PdfFont* fonts[kFontSlots] = {nullptr, nullptr, nullptr};        // the document's own subsets
        PdfFont* sharedFonts[kFontSlots] = {nullptr, nullptr, nullptr};  // the renderer's shared ones
        std::vector<std::unique_ptr<PdfFont>> owned;
        // Six-letter subset tags, distinct per font so no viewer mistakes one for another.
        static const char* prefixes[kFontSlots] = {"YWLATN+", "YWLATB+", "YWCJKR+"};
        static const char* sharedPrefixes[kFontSlots] = {"YWLATS+", "YWLABS+", "YWCJKS+"};
        auto font = [&](FontSlot slot, bool shared) {
            PdfFont*& f = shared ? sharedFonts[slot] : fonts[slot];
            if (!f) {
                // Marked subsetting (so PoDoFo does not measure all 65,536 code points for
                // /W) but not embedded: embedFontFile() below writes the font file.
                int flags = ePdfFont_Subsetting;
                if (slot == kLatinBold) flags |= ePdfFont_Bold;
                PdfFontMetrics* metrics =
                    shared ? FontFace::metricsOver(impl.shared[slot]->fontFile, sharedPrefixes[slot])
                           : impl.fonts[slot]->newMetrics(prefixes[slot], used[slot]);
                f = PdfFontFactory::CreateFontObject(metrics, flags, new PdfIdentityEncoding(0, 0xffff, true),
                                                     &doc.GetObjects());
                if (!f) throw ReportError(spec.name + ": cannot create a PDF font from " + impl.fonts[slot]->file());
                owned.emplace_back(f);
            }
            return f;
        };
        std::unique_ptr<PdfXObject> letterhead;
        if (impl.letterhead) letterhead = std::make_unique<PdfXObject>(*impl.letterhead, 0, &doc);

        // Glyph ids of each PDF font (a subset renumbers them), looked up once per character.
        std::map<PdfFont*, std::unordered_map<char32_t, std::uint16_t>> glyphIds;
        std::vector<std::uint16_t> glyphs;
        auto draw = [&](PdfPage& page, PageContent& content, const TextOp& t) {
            PdfFont* f = font(t.slot, t.shared);
            page.AddResource(f->GetIdentifier(), f->GetObject()->Reference(), PdfName("Font"));
            auto& ids = glyphIds[f];
            glyphs.clear();
            forEachCodePoint(t.utf8, [&](char32_t c, std::size_t, std::size_t) {
                auto [it, added] = ids.try_emplace(c, 0);
                // Beyond the BMP there is no glyph (FontFace::advance reports such text as uncovered).
                if (added && c <= 0xFFFF) it->second = std::uint16_t(f->GetFontMetrics()->GetGlyphId(long(c)));
                glyphs.push_back(it->second);
            });
            content.fillGray(t.gray);
            if (t.fakeBold) {  // q ... Q: the text rendering mode is part of the graphics state
                content.save();
                content.strokeGray(t.gray);
                content.lineWidth(t.size * 0.035);
            }
            content.text(f->GetIdentifier().GetName(), t.size, t.x, t.y, glyphs, t.fakeBold ? 2 : 0);
            if (t.fakeBold) content.restore();
        };

        for (const PageOps& ops : pages) {
            PdfPage* page = doc.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
            PageContent content;
            if (letterhead) {
                page->AddResource(letterhead->GetIdentifier(), letterhead->GetObjectReference(), PdfName("XObject"));
                content.drawXObject(letterhead->GetIdentifier().GetName());
            }
            if (!watermark.empty()) {
                const double w = textWidth(watermark, 0, watermark.size(), watermarkSize);
                const double cx = (impl.left + impl.right) / 2, cy = (impl.top + impl.bottom) / 2;
                const double c = std::sqrt(0.5);
                content.save();
                // Rotate 45 degrees about the centre of the margin box.
                content.transform(c, c, -c, c, cx - c * (w / 2) + c * (watermarkSize * 0.35),
                                  cy - c * (w / 2) - c * (watermarkSize * 0.35));
                for (const TextOp& t : watermarkOps) draw(*page, content, t);
                content.restore();
            }
            for (const auto& r : ops.rects) {
                content.fillGray(r.gray);
                content.fillRectangle(r.x, r.y, r.w, r.h);
            }
            for (const auto& l : mergedLines(ops.lines)) {
                content.strokeGray(l.gray);
                content.lineWidth(l.width);
                content.strokeLine(l.x1, l.y1, l.x2, l.y2);
            }
            for (const auto& t : ops.texts) draw(*page, content, t);
            // Unfiltered here; deflateUnfilteredStreams() compresses it before writing.
            page->GetContentsForAppending()->GetStream()->Set(content.data().data(), pdf_long(content.data().size()));
        }

        for (int slot = 0; slot < kFontSlots; ++slot) {
            if (sharedFonts[slot]) embedFontFile(doc, *sharedFonts[slot], impl.shared[slot]->prepared);
            if (!fonts[slot]) continue;
            const PdfFontMetrics* metrics = fonts[slot]->GetFontMetrics();
            std::vector<EmbeddedGlyph> glyphs;
            for (const auto& [cp, original] : used[slot])
                glyphs.push_back(EmbeddedGlyph{std::uint16_t(metrics->GetGlyphId(long(cp))), cp,
                                               impl.fonts[slot]->advance(cp)});
            embedFontFile(doc, *fonts[slot],
                          prepareFontFile(std::string(metrics->GetFontData(), std::size_t(metrics->GetFontDataLen())),
                                          std::move(glyphs), spec.deflateLevel));
        }

        // Reproducible: fixed creation date; PoDoFo derives /ID from the info dictionary.
        PdfInfo* info = doc.GetInfo();
        info->SetTitle(pdfText(spec.title));
        if (!spec.author.empty()) info->SetAuthor(pdfText(spec.author));
        if (!spec.subject.empty()) info->SetSubject(pdfText(spec.subject));
        info->SetCreator(PdfString("yewu"));
        info->GetObject()->GetDictionary().AddKey(PdfName("CreationDate"), PdfString(pdfDate(spec.creationDate)));
        info->GetObject()->GetDictionary().RemoveKey(PdfName("ModDate"));

        deflateUnfilteredStreams(doc, spec.deflateLevel);
        PdfRefCountedBuffer buffer;
        PdfOutputDevice device(&buffer);
        doc.Write(&device);
        return std::string(buffer.GetBuffer(), device.GetLength());
    } catch (const PdfError& e) {
        std::string detail;
        for (const auto& info : e.GetCallstack())
            if (!info.GetInformation().empty()) detail = info.GetInformation();
        throw ReportError(spec.name + ": PoDoFo: " + PdfError::ErrorMessage(e.GetError()) +
                          (detail.empty() ? "" : " (" + detail + ")"));
    }
}

int PdfRenderer::write(const PdfDocumentSpec& spec, const std::string& path) const {
    int pages = 0;
    const std::string bytes = render(spec, &pages);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    out.close();
    if (!out) throw ReportError(spec.name + ": cannot write " + path);
    return pages;
}

}  // namespace yewu
