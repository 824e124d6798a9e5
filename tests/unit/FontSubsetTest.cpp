// subsetFont against FreeType: every kept character maps to a glyph with the
// original's outline (composites resolved through renumbered components) and
// advance, and nothing else is left in the font.
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reports/ReportError.h"
#include "reports/pdf/FontSubset.h"
#include "reports/pdf/TrueTypeCollection.h"

namespace yewu {
namespace {

class Face {
public:
    Face(FT_Library library, const std::string& bytes) : bytes_(bytes) {
        if (FT_New_Memory_Face(library, reinterpret_cast<const FT_Byte*>(bytes_.data()),
                               FT_Long(bytes_.size()), 0, &face_) != 0)
            throw std::runtime_error("FreeType cannot open the font");
    }
    ~Face() { FT_Done_Face(face_); }
    FT_Face get() const { return face_; }
    FT_UInt glyph(char32_t cp) const { return FT_Get_Char_Index(face_, cp); }

    // The unscaled outline (composites flattened) and advance of a glyph.
    std::pair<std::vector<long>, long> shape(FT_UInt glyph) const {
        EXPECT_EQ(FT_Load_Glyph(face_, glyph, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING), 0);
        std::vector<long> points;
        const FT_Outline& o = face_->glyph->outline;
        for (int i = 0; i < o.n_points; ++i)
            points.insert(points.end(), {o.points[i].x, o.points[i].y, o.tags[i] & 1});
        for (int i = 0; i < o.n_contours; ++i) points.push_back(o.contours[i]);
        return {points, face_->glyph->metrics.horiAdvance};
    }

private:
    std::string bytes_;
    FT_Face face_ = nullptr;
};

class FontSubsetTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_EQ(FT_Init_FreeType(&library_), 0); }
    void TearDown() override { FT_Done_FreeType(library_); }

    void expectSameGlyphs(const std::string& path, const std::u32string& text) {
        const std::string font = extractTrueTypeFace(path, 0);
        Face original(library_, font);
        std::vector<std::pair<char32_t, std::uint16_t>> characters;
        for (char32_t c : text) characters.emplace_back(c, std::uint16_t(original.glyph(c)));
        const std::string subset = subsetFont(font, characters);
        Face small(library_, subset);

        std::u32string distinct = text;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        for (char32_t c : distinct) {
            ASSERT_NE(original.glyph(c), 0u)
                << "test text must be covered: U+" << std::hex << unsigned(c);
            ASSERT_NE(small.glyph(c), 0u) << "U+" << std::hex << unsigned(c);
            EXPECT_EQ(small.shape(small.glyph(c)), original.shape(original.glyph(c)))
                << "U+" << std::hex << unsigned(c);
        }
        EXPECT_EQ(small.glyph(U'Z' + 1000), 0u);  // not asked for: not mapped
        EXPECT_LE(small.get()->num_glyphs,
                  FT_Long(distinct.size() + 1 + 8));  // + .notdef and components
        EXPECT_LT(subset.size(), font.size() / 20);
        EXPECT_EQ(subsetFont(font, characters), subset);  // reproducible
    }

    FT_Library library_ = nullptr;
};

TEST_F(FontSubsetTest, ChineseFromTheCollectionKeepsOutlinesAndAdvances) {
    expectSameGlyphs(
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        U"销售合同第页共人民币大写壹贰叁肆伍陆柒捌玖拾佰仟万亿元整，。、（）《》：¥0123");
}

TEST_F(FontSubsetTest, LatinCompositesKeepTheirComponents) {
    // DejaVu Sans builds accented letters from components.
    expectSameGlyphs("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                     U"Page of Zoë café Ångström ñ ü 1,234.56");
}

TEST_F(FontSubsetTest, RejectsAFontWithoutOutlines) {
    EXPECT_THROW(subsetFont(std::string(64, '\0'), {{U'A', 1}}), ReportError);
}

}  // namespace
}  // namespace yewu
