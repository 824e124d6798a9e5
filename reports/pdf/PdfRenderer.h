// PdfRenderer: lays out Documents on A4 pages with our own layout engine and
// writes them with PoDoFo.
//
// - Text: per character the Latin font (code points below U+2000) or the CJK
//   font, falling back to the other; widths from the fonts' metrics; lines
//   broken with ICU's zh_CN line BreakIterator (kinsoku, amounts and e-mail
//   addresses kept whole), a run wider than the line broken by character.
//   Bold: the Latin bold font when configured; otherwise (and always for CJK,
//   whose font has no bold face) the glyphs are drawn filled and stroked.
// - Fonts are embedded as subsets with ToUnicode maps (CID TrueType, Identity
//   encoding). Font files are read once per process and shared by every
//   document (see FontSet).
// - Tables: column widths fitted to content, numbers right-aligned, rows never
//   split across pages, the header row repeated on each page.
// - Each page: optional letterhead (page 1 of letterheadPdf, drawn under the
//   page), optional diagonal watermark, the section's header text, and a
//   footer "第 N 页 / 共 M 页" ("Page N of M"), numbered per section, after the
//   section's footer text when it has one (a contract number).
// - Signature blocks: two columns side by side; a label too long for 60% of
//   its column wraps onto more lines, and the line to sign on follows the last.
// - Nothing is drawn outside the margins (header and footer are inside them).
// - Output is reproducible: the creation date and the document ID (an MD5 of
//   the info dictionary, which PoDoFo computes) come from the spec only.
//
// Failure: throws ReportError naming the document, e.g. for a character no
// configured font has ("... no font has '𠮷' (U+20BB7)"), a missing font or
// letterhead file, or a table row taller than a page. Not thread safe.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "reports/Document.h"
#include "reports/Locale.h"
#include "reports/pdf/Deflate.h"

namespace yewu {

struct PdfFontFiles {
    std::filesystem::path cjk = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";  // .ttc: face 0 is used
    std::filesystem::path latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    // Empty (the default): bold Latin is the regular font drawn filled and stroked, which saves
    // embedding a third subset (~3 KB per letter). Set it for a real bold face.
    std::filesystem::path latinBold;
};

struct PdfPageStyle {
    double marginTopMm = 20, marginBottomMm = 18, marginLeftMm = 20, marginRightMm = 20;
    double bodySize = 10.5;                 // points (五号)
    std::string watermark;                  // empty: none
    std::filesystem::path letterheadPdf;    // empty: none
    Locale locale = Locale::ZhCN;           // footer wording
    // Text most documents of this renderer share (their template, the company's
    // details). Its characters' glyphs, with the footer's and the watermark's, are
    // subset and compressed once per renderer and embedded as one font in every
    // document; a document subsets only the rest. Empty: each document has a single
    // subset of its own.
    std::string commonText;
};

struct PdfSection {
    Document document;
    std::string header;  // small text at the top of each page of the section; empty: none
    std::string footer;  // printed before the page number on each page ("合同编号：HT-…"); empty: none
};

struct PdfDocumentSpec {
    std::string name;          // how errors name the document
    std::string title, author, subject;
    std::string creationDate;  // "YYYY-MM-DD": fixed, so reruns are byte-identical
    std::vector<PdfSection> sections;  // page numbers restart with each section
    int deflateLevel = kDocumentDeflateLevel;  // for the document's own streams
    // false: one subset per font of the document's own, even where the renderer has a
    // shared one (PdfPageStyle::commonText). Smaller for a document that prints many
    // documents' worth of other text: the split's second font tables cost more there.
    bool sharedSubsets = true;
};

// A renderer is used by one thread at a time; renderers on different threads
// work independently (each thread reads its own copy of the fonts).
class PdfRenderer {
public:
    // Reads the fonts (once per thread per file) and the letterhead. Throws ReportError.
    explicit PdfRenderer(PdfPageStyle style, PdfFontFiles fonts = {});
    ~PdfRenderer();
    PdfRenderer(const PdfRenderer&) = delete;
    PdfRenderer& operator=(const PdfRenderer&) = delete;

    // The PDF file's bytes; *pageCount (when given) receives the number of pages.
    std::string render(const PdfDocumentSpec& spec, int* pageCount = nullptr) const;
    // Writes render(spec) to path; returns the number of pages.
    int write(const PdfDocumentSpec& spec, const std::string& path) const;

    struct Impl;  // defined in PdfRenderer.cpp (PoDoFo types stay out of this header)

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace yewu
