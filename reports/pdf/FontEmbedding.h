// embedFontFile: puts a TrueType subset built by subsetFont() into a PDF as
// the font file of a Type0/CIDFontType2 font PoDoFo created without embedding,
// together with the glyph widths (/W) and the ToUnicode map that make its text
// measure, copy and search right.
//
// Why by hand: PoDoFo 0.9.8's own embedding subsets the font again (parsing and
// rebuilding it, loading every glyph through FreeType for its width) and
// deflates the result with zlib; for a contract that was a quarter of the CPU.
// Our subset is already minimal, its widths are known, and it is deflated by
// libdeflate (Deflate.h says why). The objects written are the ones PoDoFo writes (FontFile2 with
// Length1, W, ToUnicode with bfchar entries), minus the optional CIDSet.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "Deflate.h"
#include "Podofo.h"

namespace yewu {

struct EmbeddedGlyph {
    std::uint16_t glyph = 0;  // in the subset
    char32_t codePoint = 0;   // what it prints, for ToUnicode
    double width = 0;         // advance in 1/1000 em, for /W
};

// A font file ready to embed: the subset deflated, its glyphs' widths and
// ToUnicode map. Preparing is the costly part (deflating the outlines), so a
// renderer prepares the subset its documents share once and embeds it in each.
struct PreparedFontFile {
    std::size_t length = 0;             // of the font file before compression (/Length1)
    std::string deflated;               // the font file, FlateDecode
    std::string toUnicode;              // the CMap, FlateDecode
    std::vector<EmbeddedGlyph> glyphs;  // by glyph id, one each
};

// level: libdeflate's; a renderer's shared subset, made once, uses kSharedDeflateLevel.
PreparedFontFile prepareFontFile(const std::string& subset, std::vector<EmbeddedGlyph> glyphs,
                                 int level = kDocumentDeflateLevel);

// `font` is a PdfFontCID made with ePdfFont_Subsetting and without ePdfFont_Embedded,
// so PoDoFo writes neither widths nor a font file of its own. Throws PoDoFo's PdfError.
void embedFontFile(PoDoFo::PdfMemDocument& document, PoDoFo::PdfFont& font,
                   const PreparedFontFile& file);

}  // namespace yewu
