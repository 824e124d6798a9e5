#include "FontEmbedding.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "Deflate.h"
#include "reports/ReportError.h"

namespace yewu {

using namespace PoDoFo;

namespace {

PdfObject* resolve(PdfMemDocument& document, PdfObject* object) {
    return object && object->IsReference() ? document.GetObjects().GetObject(object->GetReference())
                                           : object;
}

// The ToUnicode CMap: glyph -> UTF-16BE, in bfchar blocks of at most 100 entries.
std::string toUnicodeCMap(const std::vector<EmbeddedGlyph>& glyphs) {
    std::string cmap =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo\n<< /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    for (std::size_t i = 0; i < glyphs.size(); i += 100) {
        const std::size_t n = std::min<std::size_t>(100, glyphs.size() - i);
        cmap += std::to_string(n) + " beginbfchar\n";
        for (std::size_t k = i; k < i + n; ++k) {
            char entry[32];
            std::snprintf(entry, sizeof entry, "<%04X> <%04X>\n", unsigned(glyphs[k].glyph),
                          unsigned(glyphs[k].codePoint));
            cmap += entry;
        }
        cmap += "endbfchar\n";
    }
    cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    return cmap;
}

}  // namespace

PreparedFontFile prepareFontFile(const std::string& subset, std::vector<EmbeddedGlyph> glyphs,
                                 int level) {
    std::sort(glyphs.begin(), glyphs.end(),
              [](const auto& a, const auto& b) { return a.glyph < b.glyph; });
    glyphs.erase(std::unique(glyphs.begin(), glyphs.end(),
                             [](const auto& a, const auto& b) { return a.glyph == b.glyph; }),
                 glyphs.end());
    PreparedFontFile file;
    file.length = subset.size();
    file.deflated = deflateStream(subset, level);
    file.toUnicode = deflateStream(toUnicodeCMap(glyphs), level);
    file.glyphs = std::move(glyphs);
    return file;
}

void embedFontFile(PdfMemDocument& document, PdfFont& font, const PreparedFontFile& file) {
    PdfDictionary& type0 = font.GetObject()->GetDictionary();
    PdfObject* descendants = resolve(document, type0.GetKey("DescendantFonts"));
    if (!descendants || !descendants->IsArray() || descendants->GetArray().empty())
        throw ReportError("PDF font without a descendant font");
    PdfObject* cidFont = resolve(document, &descendants->GetArray()[0]);
    PdfObject* descriptor =
        cidFont ? resolve(document, cidFont->GetDictionary().GetKey("FontDescriptor")) : nullptr;
    if (!descriptor) throw ReportError("PDF font without a font descriptor");

    // /W [first [w w w ...] first [...]]: one array per run of consecutive glyph ids.
    const auto& glyphs = file.glyphs;
    PdfArray widths;
    for (std::size_t i = 0; i < glyphs.size();) {
        std::size_t j = i + 1;
        while (j < glyphs.size() && glyphs[j].glyph == glyphs[j - 1].glyph + 1) ++j;
        PdfArray run;
        for (std::size_t k = i; k < j; ++k)
            run.push_back(PdfVariant(pdf_int64(std::floor(glyphs[k].width + 0.5))));
        widths.push_back(PdfVariant(pdf_int64(glyphs[i].glyph)));
        widths.push_back(run);
        i = j;
    }
    if (!widths.empty()) cidFont->GetDictionary().AddKey(PdfName("W"), widths);

    auto rawStream = [&](const std::string& data) {
        PdfObject* object = document.GetObjects().CreateObject();
        PdfMemoryInputStream input(data.data(), pdf_long(data.size()));
        object->GetStream()->SetRawData(&input, pdf_long(data.size()));
        object->GetDictionary().AddKey(PdfName::KeyFilter, PdfName("FlateDecode"));
        return object;
    };
    type0.AddKey(PdfName("ToUnicode"), rawStream(file.toUnicode)->Reference());
    PdfObject* fontFile = rawStream(file.deflated);
    fontFile->GetDictionary().AddKey(PdfName("Length1"), PdfVariant(pdf_int64(file.length)));
    descriptor->GetDictionary().AddKey(PdfName("FontFile2"), fontFile->Reference());
}

}  // namespace yewu
