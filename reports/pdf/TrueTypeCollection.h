// extractTrueTypeFace: one face of a TrueType collection (.ttc) as a
// standalone TrueType font, in memory.
//
// Why hand-written: PoDoFo 0.9.8 subsets only standalone TrueType (glyf)
// files, and Debian's fonts-wqy-zenhei ships only a .ttc. The alternative,
// python3-fonttools at install time, would put a generated 16 MB file in the
// build or install tree and a Python step in the build; the sfnt format makes
// this a few dozen lines (copy face N's table directory and tables into a new
// file with recomputed offsets and head.checkSumAdjustment), run once per
// process in ~20 ms.
//
// A file that is already a standalone sfnt is returned unchanged. Throws
// ReportError for a file that cannot be read, is not a font, or has no face N.
#pragma once

#include <filesystem>
#include <string>

namespace yewu {

std::string extractTrueTypeFace(const std::filesystem::path& path, unsigned face = 0);

// Zeroes the hmtx entries of glyphs without an outline in a TrueType font and
// fixes the table and font checksums. PoDoFo 0.9.8's subsetter keeps glyph ids
// (the PDF's CIDs), so a subset of a 41,000-glyph CJK font keeps every glyph's
// advance and side bearing: ~29 KB per document after Flate. PDF viewers take
// widths from the font's /W array, so the entries are dead weight; zeroed they
// compress to under 1 KB. Returns false (and leaves `font` alone) when it is not
// a TrueType font with head, hhea, loca and hmtx tables.
bool zeroUnusedMetrics(std::string& font);

}  // namespace yewu
