#include "TrueTypeCollection.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
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

std::uint32_t checksum(const std::string& b) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 4 <= b.size(); i += 4) sum += be32(b, i);
    return sum;
}

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

bool zeroUnusedMetrics(std::string& font) {
    if (font.size() < 12) return false;
    const std::uint16_t tables = be16(font, 4);
    struct Where {
        std::size_t record = 0, offset = 0, length = 0;
        bool found = false;
    } head, hhea, loca, hmtx;
    for (std::uint16_t i = 0; i < tables; ++i) {
        const std::size_t r = 12 + 16u * i;
        if (r + 16 > font.size()) return false;
        const std::uint32_t tag = be32(font, r);
        Where w{r, be32(font, r + 8), be32(font, r + 12), true};
        if (w.offset + w.length > font.size()) return false;
        if (tag == 0x68656164u) head = w;       // head
        else if (tag == 0x68686561u) hhea = w;  // hhea
        else if (tag == 0x6c6f6361u) loca = w;  // loca
        else if (tag == 0x686d7478u) hmtx = w;  // hmtx
    }
    if (!head.found || !hhea.found || !loca.found || !hmtx.found || head.length < 54 || hhea.length < 36)
        return false;
    const bool longOffsets = be16(font, head.offset + 50) == 1;
    const std::size_t glyphs = loca.length / (longOffsets ? 4 : 2) - 1;
    const std::size_t longMetrics = be16(font, hhea.offset + 34);
    if (longMetrics == 0 || longMetrics > glyphs || hmtx.length < 4 * longMetrics + 2 * (glyphs - longMetrics))
        return false;
    auto offsetOf = [&](std::size_t g) -> std::uint32_t {
        return longOffsets ? be32(font, loca.offset + 4 * g) : 2u * be16(font, loca.offset + 2 * g);
    };
    for (std::size_t g = 0; g < glyphs; ++g) {
        if (g == 0 || offsetOf(g + 1) != offsetOf(g)) continue;  // keep .notdef and every outline
        if (g < longMetrics)
            put32(font, hmtx.offset + 4 * g, 0);
        else
            font[hmtx.offset + 4 * longMetrics + 2 * (g - longMetrics)] =
                font[hmtx.offset + 4 * longMetrics + 2 * (g - longMetrics) + 1] = 0;
    }
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < hmtx.length; i += 4) {
        std::uint32_t word = 0;
        for (std::size_t k = 0; k < 4; ++k)
            word = (word << 8) | (i + k < hmtx.length ? std::uint8_t(font[hmtx.offset + i + k]) : 0);
        sum += word;
    }
    put32(font, hmtx.record + 4, sum);
    put32(font, head.offset + 8, 0);
    std::string padded = font;
    padded.resize((padded.size() + 3) & ~std::size_t(3), '\0');
    put32(font, head.offset + 8, 0xB1B0AFBAu - checksum(padded));
    return true;
}

}  // namespace yewu
