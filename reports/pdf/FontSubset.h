// subsetFont: a small TrueType font holding only the glyphs of the given
// characters, renumbered 0..n-1, with a cmap that maps exactly those characters.
//
// Why hand-written: PoDoFo 0.9.8's subsetter keeps glyph ids, so a subset of
// wqy-zenhei (41,561 glyphs) still carries full-length loca and hmtx tables:
// about 400 KB per document that PoDoFo then deflates, 40% of a contract's CPU.
// Renumbering shrinks the font PoDoFo sees (and so the one it embeds) to the
// glyphs used, ~70 KB for a contract; no Debian C/C++ library subsets TrueType
// (HarfBuzz's subsetter is not in bookworm's libharfbuzz-dev), and the format
// makes it a table copy with a few rewritten fields.
//
// Kept: head (long loca), hhea and maxp (new glyph counts), hmtx (one long
// metric per glyph), loca, glyf (composite glyphs' component ids rewritten; their
// components are kept too), a format 4 cmap, post as format 3 (no glyph names),
// name with its first seven names only, and OS/2, cvt, fpgm, prep unchanged
// (hinting, which glyph programs may call). Tables that index glyphs
// (GSUB, GPOS, kern, bitmaps, vertical metrics...) are dropped: the layout
// engine places glyphs itself and never uses them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace yewu {

// `characters`: (code point <= U+FFFF, glyph id in `font`) pairs; glyph 0 is always
// glyph 0 of the result. Throws ReportError for a font without head, hhea, maxp,
// hmtx, loca or glyf (a CFF font) or with inconsistent tables.
std::string subsetFont(std::string_view font,
                       std::vector<std::pair<char32_t, std::uint16_t>> characters);

}  // namespace yewu
