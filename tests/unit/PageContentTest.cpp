// PageContent: the content-stream operators PdfRenderer writes, byte for byte, and
// Deflate: FlateDecode data that zlib itself inflates back.
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include "reports/pdf/Deflate.h"
#include "reports/pdf/PageContent.h"

using namespace yewu;

TEST(PageContentTest, WritesOperatorsWithShortNumbers) {
    PageContent page;
    page.drawXObject("XOb1");
    page.fillGray(0.2);
    page.fillRectangle(56.6929, 700, 481.89, 0.5);
    page.strokeGray(0);
    page.lineWidth(0.75);
    page.strokeLine(56.69291, 650.0004, 538.5, 650.0004);
    page.save();
    page.transform(0.7071, 0.7071, -0.7071, 0.7071, 100.12345, -0.0001);
    page.restore();
    EXPECT_EQ(page.data(),
              "q\n1 0 0 1 0 0 cm\n/XOb1 Do\nQ\n"
              "0.2 0.2 0.2 rg\n56.693 700 481.89 0.5 re\nf\n"
              "0 0 0 RG\n0.75 w\n56.693 650 m\n538.5 650 l\nS\n"
              "q\n0.707 0.707 -0.707 0.707 100.123 0 cm\nQ\n");
}

TEST(PageContentTest, TextIsGlyphIdsInHexWithFakeBoldAsFillAndStroke) {
    PageContent page;
    page.text("Ft3", 10.5, 72, 720.25, {0x0001, 0x00AB, 0x1F2E});
    page.text("Ft7", 9, 0, -12.5, {0xFFFF}, 2);
    EXPECT_EQ(page.data(),
              "BT\n/Ft3 10.5 Tf\n72 720.25 Td\n<000100AB1F2E> Tj\nET\n"
              "BT\n/Ft7 9 Tf\n2 Tr\n0 -12.5 Td\n<FFFF> Tj\n0 Tr\nET\n");
}

TEST(DeflateTest, ZlibInflatesWhatLibdeflateWrote) {
    std::string data;
    for (int i = 0; i < 5000; ++i) data += "BT /Ft3 10.5 Tf " + std::to_string(i) + " 700 Td <0001> Tj ET\n";
    for (int level : {kDocumentDeflateLevel, kSharedDeflateLevel}) {
        const std::string packed = deflateStream(data, level);
        EXPECT_LT(packed.size(), data.size() / 5);
        std::string back(data.size(), '\0');
        uLongf size = uLongf(back.size());
        ASSERT_EQ(uncompress(reinterpret_cast<Bytef*>(back.data()), &size,
                             reinterpret_cast<const Bytef*>(packed.data()), uLong(packed.size())),
                  Z_OK);
        EXPECT_EQ(size, data.size());
        EXPECT_EQ(back, data);
    }
    EXPECT_EQ(deflateStream("").empty(), false);  // an empty stream is still a zlib stream
}
