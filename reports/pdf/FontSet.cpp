#include "FontSet.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <map>
#include <mutex>

#include "FontSubset.h"
#include "TrueTypeCollection.h"
#include "reports/ReportError.h"

namespace yewu {

namespace {

// Each thread that renders has its own FreeType library and font cache: an
// FT_Library and its faces must not be used by two threads at once, and
// FontFace caches widths as it measures. PoDoFo's metrics keep a pointer to the
// library, so it outlives the faces: the cache is emptied first, and the
// library is only freed when no face of it is still in use.
struct ThreadFonts {
    FT_Library library = nullptr;
    std::map<std::string, std::shared_ptr<FontFace>> cache;
    ~ThreadFonts() {
        bool inUse = false;
        for (const auto& [path, face] : cache) inUse = inUse || face.use_count() > 1;
        if (inUse) return;  // a renderer outlives its thread: leave it all to the process exit
        cache.clear();
        if (library) FT_Done_FreeType(library);
    }
};

// The standalone face of each font file, extracted once per process (reading and
// rebuilding wqy-zenhei's 11 MB face took ~50 ms of every rendering thread).
std::shared_ptr<const std::string> extractedFace(const std::filesystem::path& path) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const std::string>> faces;
    std::lock_guard lock(mutex);
    auto& face = faces[path.string()];
    if (!face) face = std::make_shared<const std::string>(extractTrueTypeFace(path, 0));
    return face;
}

ThreadFonts& threadFonts() {
    thread_local ThreadFonts fonts;
    return fonts;
}

FT_Library* freetype() {
    ThreadFonts& fonts = threadFonts();
    if (!fonts.library && FT_Init_FreeType(&fonts.library) != 0) throw ReportError("cannot initialise FreeType");
    return &fonts.library;
}

}  // namespace

FontFace::FontFace(const std::filesystem::path& path) : file_(path.string()) {
    // The face (~11 MB for wqy-zenhei) is only ever read, so every thread's FreeType face
    // and subsets read the one extracted copy: data_ wraps it without owning it (each
    // thread has its own PdfRefCountedBuffer, whose count is not atomic).
    bytes_ = extractedFace(path);
    data_ = PoDoFo::PdfRefCountedBuffer(const_cast<char*>(bytes_->data()), bytes_->size());
    data_.SetTakePossesion(false);
    try {
        metrics_ = std::make_unique<PoDoFo::PdfFontMetricsFreetype>(freetype(), data_, false);
    } catch (const PoDoFo::PdfError& e) {
        throw ReportError("cannot load font " + file_ + ": " + PoDoFo::PdfError::ErrorMessage(e.GetError()));
    }
    ascent_ = metrics_->GetPdfAscent() / 1000.0;
    descent_ = -metrics_->GetPdfDescent() / 1000.0;
}

FontFace::~FontFace() = default;

float FontFace::advance(char32_t cp) {
    const auto it = advances_.find(cp);
    if (it != advances_.end()) return it->second;
    float width = -1;
    // Characters beyond the BMP become two UTF-16 units in PoDoFo's Identity
    // encoding and never get a glyph: treat them as not covered.
    if (cp <= 0xFFFF) {
        const long glyph = metrics_->GetGlyphId(long(cp));
        if (glyph != 0) width = float(metrics_->GetGlyphWidth(int(glyph)));
    }
    advances_.emplace(cp, width);
    return width;
}

std::uint16_t FontFace::glyphId(char32_t cp) const {
    return cp <= 0xFFFF ? std::uint16_t(metrics_->GetGlyphId(long(cp))) : 0;
}

PoDoFo::PdfFontMetricsFreetype* FontFace::newMetrics(
    const char* subsetPrefix, const std::vector<std::pair<char32_t, std::uint16_t>>& characters) const {
    return metricsOver(subset(characters), subsetPrefix);
}

std::string FontFace::subset(const std::vector<std::pair<char32_t, std::uint16_t>>& characters) const {
    return subsetFont(std::string_view(data_.GetBuffer(), data_.GetSize()), characters);
}

PoDoFo::PdfFontMetricsFreetype* FontFace::metricsOver(const std::string& fontFile, const char* subsetPrefix) {
    PoDoFo::PdfRefCountedBuffer buffer(fontFile.size());
    std::copy(fontFile.begin(), fontFile.end(), buffer.GetBuffer());
    return new PoDoFo::PdfFontMetricsFreetype(freetype(), buffer, false, subsetPrefix);
}

std::shared_ptr<FontFace> FontFace::shared(const std::filesystem::path& path) {
    auto& slot = threadFonts().cache[path.string()];
    if (!slot) slot = std::make_shared<FontFace>(path);
    return slot;
}

}  // namespace yewu
