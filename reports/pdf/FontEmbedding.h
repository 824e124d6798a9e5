// embedFontSubset: puts a TrueType subset built by subsetFont() into a PDF as
// the font file of a Type0/CIDFontType2 font PoDoFo created without embedding,
// together with the glyph widths (/W) and the ToUnicode map that make its text
// measure, copy and search right.
//
// Why by hand: PoDoFo 0.9.8's own embedding subsets the font again (parsing and
// rebuilding it, loading every glyph through FreeType for its width) and
// deflates the result at zlib's default level; for a contract that was a
// quarter of the CPU. Our subset is already minimal, its widths are known, and
// deflating it at level 4 (1.5% larger than the default level) takes 70% of
// the time. The objects written are the ones PoDoFo writes (FontFile2 with
// Length1, W, ToUnicode with bfchar entries), minus the optional CIDSet.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "Podofo.h"

namespace yewu {

struct EmbeddedGlyph {
    std::uint16_t glyph = 0;  // in the subset
    char32_t codePoint = 0;   // what it prints, for ToUnicode
    double width = 0;         // advance in 1/1000 em, for /W
};

// `font` is a PdfFontCID made with ePdfFont_Subsetting and without ePdfFont_Embedded,
// so PoDoFo writes neither widths nor a font file of its own;
// `subset` the font file its metrics were built from. Throws PoDoFo's PdfError.
void embedFontSubset(PoDoFo::PdfMemDocument& document, PoDoFo::PdfFont& font, const std::string& subset,
                     std::vector<EmbeddedGlyph> glyphs);

}  // namespace yewu
