// FontFace and the per-thread font cache. Each font file is read (and a
// .ttc face extracted) once per process; every rendering thread's FontFace
// reads those bytes in place, and every document builds its PDF font objects
// from them (not copied), which is what keeps a one-page letter at a few
// milliseconds (reading the font per document costs 20–35 ms, see PITFALLS.md).
//
// Widths are cached per code point. A FontFace belongs to the thread that got
// it from shared(): renderers on other threads get their own.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "Podofo.h"

namespace yewu {

class FontFace {
public:
    // Throws ReportError when the file cannot be read or is not a TrueType font.
    explicit FontFace(const std::filesystem::path& path);
    ~FontFace();

    // Advance width in 1/1000 em, or a negative value when the font has no glyph.
    float advance(char32_t cp);
    bool covers(char32_t cp) { return advance(cp) >= 0; }
    double ascent() const { return ascent_; }    // em
    double descent() const { return descent_; }  // em, positive
    const std::string& file() const { return file_; }

    // The glyph id of a character, 0 when the font has none.
    std::uint16_t glyphId(char32_t cp) const;

    // A new metrics object for one document's PdfFont (the font takes ownership
    // of it), over a subset of the font holding only the glyphs of `characters`
    // ((code point, glyphId()) pairs), renumbered (subsetFont), so PoDoFo copies,
    // subsets and deflates a small file. subsetPrefix: "ABCDEF+".
    PoDoFo::PdfFontMetricsFreetype* newMetrics(const char* subsetPrefix,
                                               const std::vector<std::pair<char32_t, std::uint16_t>>& characters) const;
    // The two steps of newMetrics: the subset's font file, and metrics over a font file.
    std::string subset(const std::vector<std::pair<char32_t, std::uint16_t>>& characters) const;
    static PoDoFo::PdfFontMetricsFreetype* metricsOver(const std::string& fontFile, const char* subsetPrefix);

    // This thread's instance for `path`.
    static std::shared_ptr<FontFace> shared(const std::filesystem::path& path);

private:
    std::string file_;
    std::shared_ptr<const std::string> bytes_;  // the standalone font file, shared by every thread
    PoDoFo::PdfRefCountedBuffer data_;          // bytes_ without a copy, for the measuring metrics
    std::unique_ptr<PoDoFo::PdfFontMetricsFreetype> metrics_;  // for measuring
    std::unordered_map<char32_t, float> advances_;
    double ascent_ = 0.9, descent_ = 0.25;
};

}  // namespace yewu
