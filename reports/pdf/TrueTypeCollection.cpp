#include "TrueTypeCollection.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

#include "reports/ReportError.h"

namespace yewu {

namespace {

std::uint32_t be32(const std::string& b, std::size_t at) {
    if (at + 4 > b.size()) throw ReportError("truncated font file");
    return (std::uint32_t(std::uint8_t(b[at])) << 24) | (std::uint32_t(std::uint8_t(b[at + 1])) << 16) |
           (std::uint32_t(std::uint8_t(b[at + 2])) << 8) | std::uint32_t(std::uint8_t(b[at + 3]));
}
std::uint16_t be16(const std::string& b, std::size_t at) {
    if (at + 2 > b.size()) throw ReportError("truncated font file");
    return std::uint16_t((std::uint8_t(b[at]) << 8) | std::uint8_t(b[at + 1]));
}
void put32(std::string& b, std::size_t at, std::uint32_t v) {
    b[at] = char(v >> 24);
    b[at + 1] = char(v >> 16);
    b[at + 2] = char(v >> 8);
    b[at + 3] = char(v);
}

// Sum of the big-endian uint32 words of b[from, to) (to - from a multiple of 4, within b).
std::uint32_t wordSum(const std::string& b, std::size_t from, std::size_t to) {
    const auto* p = reinterpret_cast<const unsigned char*>(b.data());
    std::uint32_t sum = 0;
    for (std::size_t i = from; i + 4 <= to; i += 4)
        sum += (std::uint32_t(p[i]) << 24) | (std::uint32_t(p[i + 1]) << 16) | (std::uint32_t(p[i + 2]) << 8) |
               std::uint32_t(p[i + 3]);
    return sum;
}

std::uint32_t checksum(const std::string& b) { return wordSum(b, 0, b.size() & ~std::size_t(3)); }

}  // namespace

std::string extractTrueTypeFace(const std::filesystem::path& path, unsigned face) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ReportError("cannot read font file " + path.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string file = buffer.str();
    if (file.size() < 12) throw ReportError("not a font file: " + path.string());
    if (file.compare(0, 4, "ttcf") != 0) return file;  // already standalone

    const std::uint32_t faces = be32(file, 8);
    if (face >= faces) throw ReportError("font collection " + path.string() + " has no face " + std::to_string(face));
    const std::uint32_t dir = be32(file, 12 + 4 * face);
    const std::uint16_t tables = be16(file, dir + 4);

    struct Table {
        std::uint32_t tag, sum, offset, length;
    };
    std::vector<Table> records;
    for (std::uint16_t i = 0; i < tables; ++i) {
        const std::size_t r = dir + 12 + 16u * i;
        records.push_back({be32(file, r), be32(file, r + 4), be32(file, r + 8), be32(file, r + 12)});
        if (std::size_t(records.back().offset) + records.back().length > file.size())
            throw ReportError("corrupt font collection " + path.string());
    }

    const std::size_t headerSize = 12 + 16u * tables;
    std::string out(file, dir, 12);  // sfnt version, numTables, searchRange, entrySelector, rangeShift
    out.resize(headerSize, '\0');
    std::size_t headOffset = 0;
    for (std::uint16_t i = 0; i < tables; ++i) {
        const Table& t = records[i];
        const std::size_t at = out.size();
        out.append(file, t.offset, t.length);
        out.resize((out.size() + 3) & ~std::size_t(3), '\0');
        const std::size_t r = 12 + 16u * i;
        put32(out, r, t.tag);
        put32(out, r + 4, t.sum);
        put32(out, r + 8, std::uint32_t(at));
        put32(out, r + 12, t.length);
        if (t.tag == 0x68656164u) headOffset = at;  // 'head'
    }
    if (headOffset) {  // checkSumAdjustment = 0xB1B0AFBA - sum of the whole font with it zeroed
        put32(out, headOffset + 8, 0);
        put32(out, headOffset + 8, 0xB1B0AFBAu - checksum(out));
    }
    return out;
}

std::string keepGlyphs(const std::string& font, const std::vector<std::uint16_t>& glyphs) {
    if (font.size() < 12) throw ReportError("not a TrueType font");
    const std::uint16_t count = be16(font, 4);
    struct Record {
        std::uint32_t tag, offset, length;
    };
    std::vector<Record> records;
    const Record* head = nullptr;
    const Record* loca = nullptr;
    const Record* glyf = nullptr;
    const Record* hhea = nullptr;
    const Record* hmtx = nullptr;
    records.reserve(count);
    for (std::uint16_t i = 0; i < count; ++i) {
        const std::size_t r = 12 + 16u * i;
        records.push_back({be32(font, r), be32(font, r + 8), be32(font, r + 12)});
        if (std::size_t(records.back().offset) + records.back().length > font.size())
            throw ReportError("corrupt TrueType font");
    }
    for (const Record& r : records) {
        if (r.tag == 0x68656164u) head = &r;
        if (r.tag == 0x6c6f6361u) loca = &r;
        if (r.tag == 0x676c7966u) glyf = &r;
        if (r.tag == 0x68686561u) hhea = &r;
        if (r.tag == 0x686d7478u) hmtx = &r;
    }
    if (!head || !loca || !glyf || !hhea || !hmtx || head->length < 54 || hhea->length < 36)
        throw ReportError("TrueType font without head, loca, glyf, hhea or hmtx");
    const bool longOffsets = be16(font, head->offset + 50) == 1;
    const std::size_t total = loca->length / (longOffsets ? 4 : 2) - 1;
    const std::size_t longMetrics = be16(font, hhea->offset + 34);
    if (longMetrics == 0 || longMetrics > total || hmtx->length < 4 * longMetrics + 2 * (total - longMetrics))
        throw ReportError("TrueType font with inconsistent hmtx");
    std::vector<std::uint32_t> offsets(total + 1);
    {
        const auto* p = reinterpret_cast<const unsigned char*>(font.data()) + loca->offset;
        for (std::size_t g = 0; g <= total; ++g)
            offsets[g] = longOffsets ? (std::uint32_t(p[4 * g]) << 24) | (std::uint32_t(p[4 * g + 1]) << 16) |
                                           (std::uint32_t(p[4 * g + 2]) << 8) | std::uint32_t(p[4 * g + 3])
                                     : 2u * ((std::uint32_t(p[2 * g]) << 8) | std::uint32_t(p[2 * g + 1]));
    }
    auto start = [&](std::size_t g) { return offsets[g]; };

    // The glyphs to keep, with the components of composite glyphs.
    std::vector<bool> keep(total, false);
    std::vector<std::uint16_t> pending(glyphs.begin(), glyphs.end());
    pending.push_back(0);
    while (!pending.empty()) {
        const std::uint16_t g = pending.back();
        pending.pop_back();
        if (g >= total || keep[g]) continue;
        keep[g] = true;
        const std::uint32_t b = start(g), e = start(g + 1);
        if (e <= b || e - b < 10 || glyf->offset + std::size_t(e) > font.size()) continue;
        if (std::int16_t(be16(font, glyf->offset + b)) >= 0) continue;  // simple glyph
        std::size_t p = glyf->offset + b + 10;
        const std::size_t end = glyf->offset + e;
        for (;;) {  // composite: flags, glyphIndex, arguments, transform
            if (p + 4 > end) break;
            const std::uint16_t flags = be16(font, p);
            pending.push_back(be16(font, p + 2));
            p += 4 + ((flags & 0x0001) ? 4 : 2);
            if (flags & 0x0008) p += 2;
            else if (flags & 0x0040) p += 4;
            else if (flags & 0x0080) p += 8;
            if (!(flags & 0x0020)) break;
        }
    }

    std::string newGlyf, newLoca, newHmtx(font, hmtx->offset, hmtx->length);
    newLoca.resize(loca->length, '\0');
    for (std::size_t g = 0; g <= total; ++g) {
        const std::uint32_t at = std::uint32_t(newGlyf.size());
        if (longOffsets)
            put32(newLoca, 4 * g, at);
        else
            newLoca[2 * g] = char((at / 2) >> 8), newLoca[2 * g + 1] = char(at / 2);
        if (g == total) break;
        if (keep[g]) {
            const std::uint32_t b = start(g), e = start(g + 1);
            if (e > b) newGlyf.append(font, glyf->offset + b, e - b);
            if (newGlyf.size() % (longOffsets ? 1 : 2)) newGlyf += '\0';
        } else if (g < longMetrics) {
            put32(newHmtx, 4 * g, 0);
        } else {
            newHmtx[4 * longMetrics + 2 * (g - longMetrics)] = newHmtx[4 * longMetrics + 2 * (g - longMetrics) + 1] = 0;
        }
    }

    // Reassemble: same table order, new offsets and checksums.
    std::string out(font, 0, 12 + 16u * count);
    out.reserve(font.size() - glyf->length + newGlyf.size() + 4 * count);
    std::size_t headAt = 0;
    std::uint32_t fileSum = 0;
    for (std::uint16_t i = 0; i < count; ++i) {
        const Record& r = records[i];
        std::string_view data(font.data() + r.offset, r.length);
        if (&r == glyf) data = newGlyf;
        if (&r == loca) data = newLoca;
        if (&r == hmtx) data = newHmtx;
        const std::size_t at = out.size();
        out.append(data);
        out.resize((out.size() + 3) & ~std::size_t(3), '\0');
        if (&r == head) {
            headAt = at;
            put32(out, at + 8, 0);
        }
        const std::uint32_t sum = wordSum(out, at, out.size());
        fileSum += sum;
        const std::size_t rec = 12 + 16u * i;
        put32(out, rec + 4, sum);
        put32(out, rec + 8, std::uint32_t(at));
        put32(out, rec + 12, std::uint32_t(data.size()));
    }
    put32(out, headAt + 8, 0xB1B0AFBAu - (fileSum + wordSum(out, 0, 12 + 16u * count)));
    return out;
}

}  // namespace yewu
