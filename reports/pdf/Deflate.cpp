#include "Deflate.h"

#include <libdeflate.h>

#include <array>
#include <memory>

#include "Podofo.h"
#include "reports/ReportError.h"

namespace yewu {

using namespace PoDoFo;

namespace {

struct FreeCompressor {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

// A compressor holds its level's tables (up to ~1 MB at level 12): one per level per
// thread, made on first use, since a compressor is not to be shared between threads.
libdeflate_compressor* compressor(int level) {
    thread_local std::array<std::unique_ptr<libdeflate_compressor, FreeCompressor>, 13> compressors;
    auto& slot = compressors.at(std::size_t(level));
    if (!slot) slot.reset(libdeflate_alloc_compressor(level));
    if (!slot) throw ReportError("cannot allocate a libdeflate compressor (level " + std::to_string(level) + ")");
    return slot.get();
}

}  // namespace

std::string deflateStream(std::string_view data, int level) {
    libdeflate_compressor* c = compressor(level);
    std::string out(libdeflate_zlib_compress_bound(c, data.size()), '\0');
    // The bound is never too small, so 0 (no room) cannot happen.
    out.resize(libdeflate_zlib_compress(c, data.data(), data.size(), out.data(), out.size()));
    return out;
}

void deflateUnfilteredStreams(PdfMemDocument& document, int level) {
    for (PdfObject* object : document.GetObjects()) {
        if (!object->HasStream() || object->GetDictionary().HasKey(PdfName::KeyFilter)) continue;
        const auto* stream = dynamic_cast<const PdfMemStream*>(object->GetStream());
        if (!stream || stream->GetLength() == 0) continue;
        const std::string deflated = deflateStream({stream->Get(), std::size_t(stream->GetLength())}, level);
        PdfMemoryInputStream input(deflated.data(), pdf_long(deflated.size()));
        object->GetStream()->SetRawData(&input, pdf_long(deflated.size()));
        object->GetDictionary().AddKey(PdfName::KeyFilter, PdfName("FlateDecode"));
    }
}

}  // namespace yewu
