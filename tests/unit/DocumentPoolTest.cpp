// DocumentPool: documents rendered on worker threads are the bytes a renderer on
// the calling thread gives; errors from making a renderer or writing a document
// reach the caller.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "jobs/DocumentPool.h"
#include "reports/MarkdownDocument.h"
#include "reports/ReportError.h"

namespace yewu {
namespace {

PdfDocumentSpec letter(int i) {
    PdfDocumentSpec spec;
    spec.name = "letter " + std::to_string(i);
    spec.title = "绩效考核通知书 " + std::to_string(i);
    spec.creationDate = "2026-10-31";
    spec.sections.push_back(PdfSection{
        parseMarkdown(
            "# 绩效考核通知书\n\n尊敬的王小明（第 " + std::to_string(i) +
            " 号）：\n\n| 项目 | 得分 |\n|---|---:|\n| 销售完成率 | 98.5 |\n| 回款率 | 87.0 |\n"),
        "示例贸易有限公司",
        {}});
    return spec;
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every FlateDecode stream of a PDF, inflated by zlib (font files, CMaps, pages).
std::vector<std::string> inflatedStreams(const std::string& pdf) {
    std::vector<std::string> out;
    for (std::size_t at = pdf.find("stream\n"); at != std::string::npos; at = pdf.find("stream\n", at + 1)) {
        if (at >= 3 && pdf.compare(at - 3, 3, "end") == 0) continue;
        const std::size_t begin = at + 7, end = pdf.find("endstream", begin);
        if (end == std::string::npos) break;
        std::string data(1 << 20, '\0');
        uLongf size = data.size();
        if (uncompress(reinterpret_cast<Bytef*>(data.data()), &size,
                       reinterpret_cast<const Bytef*>(pdf.data() + begin), uLong(end - begin)) == Z_OK) {
            data.resize(size);
            out.push_back(data);
        }
    }
    return out;
}

class DocumentPoolTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("yewu-pool-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
};

TEST_F(DocumentPoolTest, WorkersWriteWhatTheCallingThreadWouldRender) {
    {
        OutputSet outputs(dir_);
        DocumentPool pool(
            2, [] { return std::make_unique<PdfRenderer>(PdfPageStyle{}); }, 2);
        for (int i = 0; i < 12; ++i)
            pool.submit(letter(i), outputs.create(std::to_string(i) + ".pdf", "letter"));
        pool.finish();
        // The workers hashed what they wrote: the records hold the published files' hashes.
        for (const OutputRecord& r : outputs.publish("test", "")) {
            EXPECT_EQ(r.sha256, sha256File(dir_ / r.path)) << r.path;
            EXPECT_EQ(r.bytes, std::int64_t(std::filesystem::file_size(dir_ / r.path))) << r.path;
        }
    }
    PdfRenderer here{PdfPageStyle{}};
    for (int i = 0; i < 12; ++i)
        EXPECT_EQ(slurp(dir_ / (std::to_string(i) + ".pdf")), here.render(letter(i)))
            << "letter " << i;
}

TEST_F(DocumentPoolTest, WhenSeveralFailTheEarliestSubmittedIsReported) {
    for (int attempt = 0; attempt < 5; ++attempt) {
        OutputSet outputs(dir_);
        DocumentPool pool(
            2, [] { return std::make_unique<PdfRenderer>(PdfPageStyle{}); }, 4);
        PdfDocumentSpec slow = letter(0), fast = letter(1);
        slow.name = "the long document";
        fast.name = "the short document";
        std::string text;
        for (int i = 0; i < 300; ++i)
            text +=
                "第 " + std::to_string(i) + " 段：尊敬的王小明，现将您本月的考核结果通知如下。\n\n";
        slow.sections[0].document = parseMarkdown(text + "缺字：\U0001F600");
        fast.sections[0].document = parseMarkdown("缺字：\U0001F600");
        try {
            pool.submit(slow, outputs.create("slow.pdf", "letter"));
            pool.submit(fast, outputs.create("fast.pdf", "letter"));
            pool.finish();
            FAIL() << "expected a ReportError";
        } catch (const ReportError& e) {
            EXPECT_NE(e.message().find("the long document"), std::string::npos) << e.message();
        }
    }
}

TEST_F(DocumentPoolTest, ASharedSubsetIsEmbeddedAndTheRestIsTheDocumentsOwn) {
    PdfPageStyle style;
    style.commonText =
        "绩效考核通知书尊敬的号：项目得分销售完成率回款示例贸易有限公司第页共 /0123456789";
    PdfRenderer one{style}, other{style};
    const std::string bytes = one.render(letter(3));
    EXPECT_EQ(bytes, other.render(letter(3)));  // the shared subset depends on the text alone
    EXPECT_NE(bytes.find("YWCJKS+"), std::string::npos);  // the shared CJK subset
    EXPECT_NE(bytes.find("YWCJKR+"), std::string::npos);  // 王小明 are the letter's own

    PdfDocumentSpec fixed = letter(0);
    fixed.sections[0].document = parseMarkdown("# 绩效考核通知书\n\n项目得分\n");
    fixed.sections[0].header = "示例贸易有限公司";
    const std::string onlyShared = one.render(fixed);
    EXPECT_NE(onlyShared.find("YWCJKS+"), std::string::npos);
    EXPECT_EQ(onlyShared.find("YWCJKR+"),
              std::string::npos);  // nothing left for a subset of its own
}

TEST_F(DocumentPoolTest, TheSharedSubsetHoldsOnlyWhatTheCjkFontDraws) {
    // Latin letters are drawn with the Latin font even though the CJK face has them:
    // in the shared CJK subset they would be bytes in every document for nothing.
    PdfPageStyle style;
    style.commonText = "合同ABC";
    PdfRenderer renderer{style};
    PdfDocumentSpec spec = letter(0);
    spec.sections[0].document = parseMarkdown("合同\n");
    const std::string pdf = renderer.render(spec);
    ASSERT_NE(pdf.find("YWCJKS+"), std::string::npos);
    const auto streams = inflatedStreams(pdf);
    ASSERT_FALSE(streams.empty());
    int cmaps = 0;
    for (const std::string& s : streams) {
        if (s.find("beginbfchar") == std::string::npos) continue;
        ++cmaps;
        EXPECT_EQ(s.find("> <0041>"), std::string::npos) << s;  // 'A' in no font of this document
        EXPECT_EQ(s.find("> <0042>"), std::string::npos) << s;
    }
    EXPECT_GE(cmaps, 2);  // the shared CJK subset and the footer's Latin digits
}

TEST_F(DocumentPoolTest, ADocumentCanDeclineTheSharedSubset) {
    PdfPageStyle style;
    style.commonText = "绩效考核通知书项目得分";
    PdfRenderer renderer{style};
    PdfDocumentSpec spec = letter(1);
    spec.sharedSubsets = false;
    const std::string pdf = renderer.render(spec);
    EXPECT_EQ(pdf.find("YWCJKS+"), std::string::npos);
    EXPECT_NE(pdf.find("YWCJKR+"), std::string::npos);
}

TEST_F(DocumentPoolTest, TableBordersAreDrawnOnceEach) {
    // A header and two rows of three cells: each cell draws its edges, but the page
    // strokes 4 column lines (each the table's height) and 4 row lines, not 18.
    PdfDocumentSpec spec;
    spec.name = "table";
    spec.title = "table";
    spec.creationDate = "2026-10-31";
    spec.sections.push_back(
        PdfSection{parseMarkdown("| 项目 | 目标 | 实际 |\n|---|---:|---:|\n| 销售 | 1 | 2 |\n| 回款 | 3 | 4 |\n"), "", {}});
    const std::string pdf = PdfRenderer{PdfPageStyle{}}.render(spec);
    int strokes = 0;
    for (const std::string& s : inflatedStreams(pdf)) {
        if (s.find(" Tj\n") == std::string::npos) continue;  // a page description
        for (std::size_t at = s.find(" l\nS\n"); at != std::string::npos; at = s.find(" l\nS\n", at + 1)) ++strokes;
    }
    EXPECT_EQ(strokes, 8);
}

TEST_F(DocumentPoolTest, ARendererThatCannotBeMadeFailsTheConstructor) {
    EXPECT_THROW(DocumentPool(2,
                              [] {
                                  PdfFontFiles fonts;
                                  fonts.cjk = "/nonexistent/font.ttc";
                                  return std::make_unique<PdfRenderer>(PdfPageStyle{}, fonts);
                              }),
                 ReportError);
}

TEST_F(DocumentPoolTest, ARenderErrorReachesFinishAndStopsTheRest) {
    OutputSet outputs(dir_);
    DocumentPool pool(
        2, [] { return std::make_unique<PdfRenderer>(PdfPageStyle{}); }, 2);
    PdfDocumentSpec broken = letter(0);
    broken.sections[0].document =
        parseMarkdown("缺字：\U0001F600");  // no font has it: the document fails
    std::atomic<int> rendered{0};
    EXPECT_THROW(
        {
            pool.submit(broken, outputs.create("0.pdf", "letter"));
            for (int i = 1; i < 50; ++i)
                pool.submit(letter(i), outputs.create(std::to_string(i) + ".pdf", "letter"),
                            [&](int) { ++rendered; });
            pool.finish();
        },
        ReportError);
    EXPECT_LT(rendered.load(), 49);
}

}  // namespace
}  // namespace yewu
