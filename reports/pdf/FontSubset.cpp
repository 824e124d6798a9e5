#include "FontSubset.h"

#include <algorithm>
#include <map>
#include <string_view>

#include "reports/ReportError.h"

namespace yewu {

namespace {

constexpr std::uint32_t tag(const char* t) {
    return (std::uint32_t(std::uint8_t(t[0])) << 24) | (std::uint32_t(std::uint8_t(t[1])) << 16) |
           (std::uint32_t(std::uint8_t(t[2])) << 8) | std::uint32_t(std::uint8_t(t[3]));
}

std::uint32_t be32(std::string_view b, std::size_t at) {
    if (at + 4 > b.size()) throw ReportError("truncated TrueType font");
    return (std::uint32_t(std::uint8_t(b[at])) << 24) |
           (std::uint32_t(std::uint8_t(b[at + 1])) << 16) |
           (std::uint32_t(std::uint8_t(b[at + 2])) << 8) | std::uint32_t(std::uint8_t(b[at + 3]));
}
std::uint16_t be16(std::string_view b, std::size_t at) {
    if (at + 2 > b.size()) throw ReportError("truncated TrueType font");
    return std::uint16_t((std::uint8_t(b[at]) << 8) | std::uint8_t(b[at + 1]));
}
void put16(std::string& b, std::size_t at, std::uint16_t v) {
    b[at] = char(v >> 8);
    b[at + 1] = char(v);
}
void put32(std::string& b, std::size_t at, std::uint32_t v) {
    put16(b, at, std::uint16_t(v >> 16));
    put16(b, at + 2, std::uint16_t(v));
}
void append16(std::string& b, std::uint16_t v) {
    b += char(v >> 8);
    b += char(v);
}
void append32(std::string& b, std::uint32_t v) {
    append16(b, std::uint16_t(v >> 16));
    append16(b, std::uint16_t(v));
}

std::uint32_t wordSum(std::string_view b) {
    std::uint32_t sum = 0;
    std::size_t i = 0;
    for (; i + 4 <= b.size(); i += 4) sum += be32(b, i);
    if (i < b.size()) {  // a table's checksum pads its last word with zeros
        std::uint32_t last = 0;
        for (std::size_t k = 0; k < 4; ++k)
            last = (last << 8) | (i + k < b.size() ? std::uint8_t(b[i + k]) : 0u);
        sum += last;
    }
    return sum;
}

// Composite glyph records: calls f(offset of the component's glyph index) for each.
template <class F>
void forEachComponent(std::string_view glyph, F&& f) {
    if (glyph.size() < 10 || std::int16_t(be16(glyph, 0)) >= 0) return;  // empty or simple
    std::size_t p = 10;
    for (;;) {
        if (p + 4 > glyph.size()) return;
        const std::uint16_t flags = be16(glyph, p);
        f(p + 2);
        p += 4 + ((flags & 0x0001) ? 4 : 2);
        if (flags & 0x0008)
            p += 2;
        else if (flags & 0x0040)
            p += 4;
        else if (flags & 0x0080)
            p += 8;
        if (!(flags & 0x0020)) return;
    }
}

// A format 4 cmap (platform 3, encoding 1) with one segment per run of consecutive
// code points whose glyph ids are consecutive too.
std::string buildCmap(const std::vector<std::pair<char32_t, std::uint16_t>>& map) {
    struct Segment {
        std::uint16_t start, end, firstGlyph;
    };
    std::vector<Segment> segments;
    for (const auto& [cp, glyph] : map) {
        if (!segments.empty() && segments.back().end + 1u == cp &&
            segments.back().firstGlyph + (cp - segments.back().start) == glyph)
            segments.back().end = std::uint16_t(cp);
        else
            segments.push_back({std::uint16_t(cp), std::uint16_t(cp), glyph});
    }
    segments.push_back({0xFFFF, 0xFFFF, 0});  // the required last segment (maps to glyph 0)
    const auto count = std::uint16_t(segments.size());
    std::uint16_t power = 1, log2 = 0;
    while (power * 2 <= count) power *= 2, ++log2;

    std::string sub;
    append16(sub, 4);
    append16(sub, 0);  // length, set below
    append16(sub, 0);  // language
    append16(sub, std::uint16_t(count * 2));
    append16(sub, std::uint16_t(power * 2));
    append16(sub, log2);
    append16(sub, std::uint16_t(count * 2 - power * 2));
    for (const auto& s : segments) append16(sub, s.end);
    append16(sub, 0);  // reservedPad
    for (const auto& s : segments) append16(sub, s.start);
    for (const auto& s : segments)  // idDelta: glyph = (code + delta) mod 65536
        append16(sub, s.start == 0xFFFF ? 1 : std::uint16_t(s.firstGlyph - s.start));
    for (std::size_t i = 0; i < segments.size(); ++i) append16(sub, 0);  // idRangeOffset
    if (sub.size() > 0xFFFF) throw ReportError("too many characters for one font subset");
    put16(sub, 2, std::uint16_t(sub.size()));

    std::string cmap;
    append16(cmap, 0);  // version
    append16(cmap, 1);  // one encoding record
    append16(cmap, 3);  // Windows
    append16(cmap, 1);  // Unicode BMP
    append32(cmap, 12);
    return cmap + sub;
}

// The name table with only the records a PDF reader or FreeType may look at
// (names 0-6: copyright, family, style, unique id, full name, version, PostScript
// name); licence texts and descriptions are most of DejaVu's 15 KB table.
std::string essentialNames(std::string_view name) {
    if (name.size() < 6 || be16(name, 0) != 0) return std::string(name);  // format 1: as it is
    const std::uint16_t count = be16(name, 2), storage = be16(name, 4);
    std::string records, strings;
    std::uint16_t kept = 0;
    for (std::uint16_t i = 0; i < count; ++i) {
        const std::size_t r = 6 + 12u * i;
        const std::uint16_t id = be16(name, r + 6), length = be16(name, r + 8),
                            offset = be16(name, r + 10);
        if (id > 6 || std::size_t(storage) + offset + length > name.size()) continue;
        records.append(name.substr(r, 8));
        append16(records, length);
        append16(records, std::uint16_t(strings.size()));
        strings.append(name.substr(std::size_t(storage) + offset, length));
        ++kept;
    }
    std::string out;
    append16(out, 0);
    append16(out, kept);
    append16(out, std::uint16_t(6 + records.size()));
    return out + records + strings;
}

}  // namespace

std::string subsetFont(std::string_view font,
                       std::vector<std::pair<char32_t, std::uint16_t>> characters) {
    if (font.size() < 12) throw ReportError("not a TrueType font");
    std::map<std::uint32_t, std::string_view> tables;
    const std::uint16_t count = be16(font, 4);
    for (std::uint16_t i = 0; i < count; ++i) {
        const std::size_t r = 12 + 16u * i;
        const std::uint32_t offset = be32(font, r + 8), length = be32(font, r + 12);
        if (std::size_t(offset) + length > font.size()) throw ReportError("corrupt TrueType font");
        tables[be32(font, r)] = font.substr(offset, length);
    }
    for (const char* required : {"head", "hhea", "maxp", "hmtx", "loca", "glyf"})
        if (!tables.count(tag(required)))
            throw ReportError(std::string("TrueType font without a ") + required + " table");
    const std::string_view head = tables[tag("head")], hhea = tables[tag("hhea")],
                           maxp = tables[tag("maxp")], hmtx = tables[tag("hmtx")],
                           loca = tables[tag("loca")], glyf = tables[tag("glyf")];
    if (head.size() < 54 || hhea.size() < 36 || maxp.size() < 6)
        throw ReportError("corrupt TrueType font header");
    const bool longOffsets = be16(head, 50) == 1;
    const std::size_t total = be16(maxp, 4);
    const std::size_t longMetrics = be16(hhea, 34);
    if (loca.size() < (total + 1) * (longOffsets ? 4 : 2) || longMetrics == 0 ||
        longMetrics > total || hmtx.size() < 4 * longMetrics + 2 * (total - longMetrics))
        throw ReportError("TrueType font with inconsistent loca or hmtx");
    auto glyphData = [&](std::size_t g) -> std::string_view {
        const std::size_t b = longOffsets ? be32(loca, 4 * g) : 2u * be16(loca, 2 * g);
        const std::size_t e = longOffsets ? be32(loca, 4 * g + 4) : 2u * be16(loca, 2 * g + 2);
        if (e < b || e > glyf.size()) throw ReportError("TrueType font with a glyph outside glyf");
        return glyf.substr(b, e - b);
    };

    // New glyph order: .notdef, the characters' glyphs, then components of composites.
    std::sort(characters.begin(), characters.end());
    characters.erase(std::unique(characters.begin(), characters.end(),
                                 [](const auto& a, const auto& b) { return a.first == b.first; }),
                     characters.end());
    std::vector<std::uint16_t> order{0};
    std::map<std::uint16_t, std::uint16_t> renumbered{{0, 0}};
    auto add = [&](std::uint16_t old) {
        if (old >= total) throw ReportError("glyph id beyond the font's glyph count");
        if (renumbered.emplace(old, std::uint16_t(order.size())).second) order.push_back(old);
    };
    std::vector<std::uint16_t> byCharacter;
    for (const auto& [cp, glyph] : characters) byCharacter.push_back(glyph);
    std::sort(byCharacter.begin(), byCharacter.end());
    for (std::uint16_t g : byCharacter) add(g);
    for (std::size_t i = 0; i < order.size(); ++i)  // grows while composites add components
        forEachComponent(glyphData(order[i]),
                         [&](std::size_t at) { add(be16(glyphData(order[i]), at)); });
    if (order.size() > 0xFFFF) throw ReportError("too many glyphs for one font subset");
    const auto n = std::uint16_t(order.size());

    std::string newGlyf, newLoca, newHmtx;
    for (std::uint16_t old : order) {
        append32(newLoca, std::uint32_t(newGlyf.size()));
        std::string data(glyphData(old));
        forEachComponent(data,
                         [&](std::size_t at) { put16(data, at, renumbered.at(be16(data, at))); });
        newGlyf += data;
        newGlyf.resize((newGlyf.size() + 3) & ~std::size_t(3), '\0');
        const std::size_t metric = std::min<std::size_t>(old, longMetrics - 1);
        append16(newHmtx, be16(hmtx, 4 * metric));
        append16(newHmtx, old < longMetrics
                              ? be16(hmtx, 4 * old + 2)
                              : be16(hmtx, 4 * longMetrics + 2 * (old - longMetrics)));
    }
    append32(newLoca, std::uint32_t(newGlyf.size()));

    std::vector<std::pair<char32_t, std::uint16_t>> cmap;
    for (const auto& [cp, glyph] : characters)
        if (cp < 0xFFFF && glyph != 0) cmap.emplace_back(cp, renumbered.at(glyph));

    std::map<std::uint32_t, std::string> out;
    out[tag("head")] = std::string(head);
    put16(out[tag("head")], 50, 1);  // long loca offsets
    put32(out[tag("head")], 8, 0);   // checkSumAdjustment, set last
    out[tag("hhea")] = std::string(hhea);
    put16(out[tag("hhea")], 34, n);
    out[tag("maxp")] = std::string(maxp);
    put16(out[tag("maxp")], 4, n);
    out[tag("hmtx")] = std::move(newHmtx);
    out[tag("loca")] = std::move(newLoca);
    out[tag("glyf")] = std::move(newGlyf);
    out[tag("cmap")] = buildCmap(cmap);
    if (const auto post = tables.find(tag("post"));
        post != tables.end() && post->second.size() >= 32) {
        std::string p(post->second.substr(0, 32));
        put32(p, 0, 0x00030000);  // format 3: no glyph names
        out[tag("post")] = std::move(p);
    }
    if (const auto name = tables.find(tag("name")); name != tables.end())
        out[tag("name")] = essentialNames(name->second);
    for (const char* keep : {"OS/2", "cvt ", "fpgm", "prep"})
        if (const auto t = tables.find(tag(keep)); t != tables.end())
            out[t->first] = std::string(t->second);

    // The file: directory sorted by tag (std::map), tables 4-byte aligned, checksums.
    const auto numTables = std::uint16_t(out.size());
    std::uint16_t power = 1, log2 = 0;
    while (power * 2 <= numTables) power *= 2, ++log2;
    std::string file;
    append32(file, 0x00010000);
    append16(file, numTables);
    append16(file, std::uint16_t(power * 16));
    append16(file, log2);
    append16(file, std::uint16_t(numTables * 16 - power * 16));
    file.resize(12 + 16u * numTables, '\0');
    std::size_t headAt = 0, record = 12;
    for (const auto& [t, data] : out) {
        const std::size_t at = file.size();
        if (t == tag("head")) headAt = at;
        file += data;
        file.resize((file.size() + 3) & ~std::size_t(3), '\0');
        put32(file, record, t);
        put32(file, record + 4, wordSum(data));
        put32(file, record + 8, std::uint32_t(at));
        put32(file, record + 12, std::uint32_t(data.size()));
        record += 16;
    }
    put32(file, headAt + 8, 0xB1B0AFBAu - wordSum(file));
    return file;
}

}  // namespace yewu
