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
#include <cstdint>
#include <string>

namespace yewu {

std::string extractTrueTypeFace(const std::filesystem::path& path, unsigned face = 0);

}  // namespace yewu
