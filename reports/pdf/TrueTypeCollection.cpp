#include "TrueTypeCollection.h"

#include <cstdint>
#include <fstream>
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
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw ReportError("cannot read font file " + path.string());
    std::string file(std::size_t(in.tellg()), '\0');
    in.seekg(0);
    if (!in.read(file.data(), std::streamsize(file.size()))) throw ReportError("cannot read font file " + path.string());
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
    std::size_t size = headerSize;
    for (const Table& t : records) size += (std::size_t(t.length) + 3) & ~std::size_t(3);
    std::string out(file, dir, 12);  // sfnt version, numTables, searchRange, entrySelector, rangeShift
    out.reserve(size);               // exactly: appending would double an 11 MB face's capacity
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

}  // namespace yewu
