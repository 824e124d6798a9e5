// Deflate: every compressed stream of our PDFs (FlateDecode, zlib format) is
// made here, with libdeflate rather than zlib.
//
// Why: deflating was 40% of the CPU of rendering the appraisal letters and
// team packs: each letter carries ~45 KB of font subsets and a ~15 KB page
// description. On those, libdeflate at level 6 is 2.9x faster than zlib at
// the levels we used (4 for fonts, PoDoFo's default 6 for pages) and its
// output is 2% smaller (bench/README.md). libdeflate compresses whole
// buffers, which is what a PDF stream is here.
#pragma once

#include <string>
#include <string_view>

namespace PoDoFo {
class PdfMemDocument;
}

namespace yewu {

// Levels of libdeflate (1..12): a document's own streams; the same where speed
// counts more than the last 1% of size (the month's ~500 appraisal letters: ~60 ms
// less CPU, 1% more bytes, bench/README.md); what a renderer makes once and embeds
// in every document (its shared font subset).
constexpr int kDocumentDeflateLevel = 6;
constexpr int kFastDeflateLevel = 1;
constexpr int kSharedDeflateLevel = 12;

// `data` in zlib format (FlateDecode). Throws ReportError when libdeflate cannot
// allocate its compressor.
std::string deflateStream(std::string_view data, int level = kDocumentDeflateLevel);

// PoDoFo appends page descriptions unfiltered (PdfRenderer sets its default filter
// to none); this deflates every stream of `document` that has no filter yet.
void deflateUnfilteredStreams(PoDoFo::PdfMemDocument& document, int level = kDocumentDeflateLevel);

}  // namespace yewu
