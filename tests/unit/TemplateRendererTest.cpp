#include "reports/TemplateRenderer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "reports/MarkdownDocument.h"

namespace yewu {
namespace {

std::string paragraphText(const Document& doc, std::size_t i = 0) { return plainText(doc.blocks.at(i).text); }

TEST(TemplateRendererTest, MarkdownAndMustacheInDataPrintLiterally) {
    const std::string name = "*王* **五** | {{x}} <b>&amp; # [a](b) _c_ `d` 1. \\";
    const auto md = TemplateRenderer::renderText("姓名：{{name}}\n", {{"name", name}});
    const Document doc = parseMarkdown(md);
    ASSERT_EQ(doc.blocks.size(), 1u);
    EXPECT_EQ(paragraphText(doc), "姓名：" + name);
    for (const auto& run : doc.blocks[0].text) EXPECT_FALSE(run.bold);
}

TEST(TemplateRendererTest, SignatureCellsPrintLiterallyInTheirColumn) {
    const std::string name = "O'Brien & Co. | `x` (3*4)\n二";
    const auto md = TemplateRenderer::renderText("```signature\n考核人：{{{a}}} | 复核人：{{{b}}}\n```\n",
                                                 {{"a", signatureCell(name)}, {"b", signatureCell("A_B")}});
    const Document doc = parseMarkdown(md);
    ASSERT_EQ(doc.blocks.size(), 1u);
    ASSERT_EQ(doc.blocks[0].signers.size(), 1u);
    EXPECT_EQ(doc.blocks[0].signers[0].left, "考核人：O'Brien & Co. / 'x' (3*4) 二");
    EXPECT_EQ(doc.blocks[0].signers[0].right, "复核人：A_B");
}

TEST(TemplateRendererTest, FixedTextIsWhatPrintsWhateverTheData) {
    const auto dir = std::filesystem::temp_directory_path() / ("yewu-fixed-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "zh-CN");
    std::ofstream(dir / "zh-CN" / "t.md") << "{{! 注释不印 }}合同{{no}}甲方：{{{seller}}}{{#net}}净{{^x}}否{{/x}}{{/net}}乙方";
    TemplateRenderer templates(dir);
    EXPECT_EQ(templates.fixedText("zh-CN", "t.md"), "合同甲方：乙方");
    EXPECT_EQ(templates.literalText("zh-CN", "t.md"), "合同甲方：净否乙方");
    std::filesystem::remove_all(dir);
}

TEST(TemplateRendererTest, DataInTableCellsStaysInItsCell) {
    const auto md = TemplateRenderer::renderText(
        "| a | b |\n|---|---|\n{{#rows}}| {{x}} | {{y}} |\n{{/rows}}",
        {{"rows", TemplateList{TemplateObject{{"x", "p|q"}, {"y", "¥1,234.50"}}}}});
    const Document doc = parseMarkdown(md);
    ASSERT_EQ(doc.blocks.size(), 1u);
    ASSERT_EQ(doc.blocks[0].kind, Block::Kind::Table);
    ASSERT_EQ(doc.blocks[0].table.rows.size(), 1u);
    EXPECT_EQ(plainText(doc.blocks[0].table.rows[0][0]), "p|q");
    EXPECT_EQ(plainText(doc.blocks[0].table.rows[0][1]), "¥1,234.50");
}

TEST(TemplateRendererTest, LineStartsInDataDoNotBecomeBlocks) {
    for (const std::string v : {"# heading", "- item", "1. item", "---", "> quote", "<!-- pagebreak -->"}) {
        const Document doc = parseMarkdown(TemplateRenderer::renderText("{{v}}\n", {{"v", v}}));
        ASSERT_EQ(doc.blocks.size(), 1u) << v;
        EXPECT_EQ(doc.blocks[0].kind, Block::Kind::Paragraph) << v;
        EXPECT_EQ(paragraphText(doc), v);
    }
}

TEST(TemplateRendererTest, SectionsAndBooleans) {
    const auto md = TemplateRenderer::renderText("{{#on}}yes{{/on}}{{^on}}no{{/on}}", {{"on", false}});
    EXPECT_EQ(md, "no");
}

TEST(MarkdownDocumentTest, BlocksOfTheLetterSyntax) {
    const Document doc = parseMarkdown(
        "# Title\n\nSome **bold** text\nnext line\n\n- a\n- b\n\n---\n\n<!-- pagebreak -->\n\n"
        "| n | v |\n|:--|--:|\n| x | 1 |\n\n```signature\n考核人： | 复核人：\n员工：\n```\n");
    ASSERT_EQ(doc.blocks.size(), 7u);
    EXPECT_EQ(doc.blocks[0].kind, Block::Kind::Heading);
    EXPECT_EQ(doc.blocks[0].level, 1);
    EXPECT_EQ(doc.blocks[1].kind, Block::Kind::Paragraph);
    ASSERT_EQ(doc.blocks[1].text.size(), 3u);
    EXPECT_TRUE(doc.blocks[1].text[1].bold);
    EXPECT_EQ(paragraphText(doc, 1), "Some bold text\nnext line");
    EXPECT_EQ(doc.blocks[2].kind, Block::Kind::BulletList);
    EXPECT_EQ(doc.blocks[2].items.size(), 2u);
    EXPECT_EQ(doc.blocks[3].kind, Block::Kind::Rule);
    EXPECT_EQ(doc.blocks[4].kind, Block::Kind::PageBreak);
    EXPECT_EQ(doc.blocks[5].kind, Block::Kind::Table);
    EXPECT_EQ(doc.blocks[5].table.align[0], ColumnAlign::Left);
    EXPECT_EQ(doc.blocks[5].table.align[1], ColumnAlign::Right);
    EXPECT_EQ(doc.blocks[6].kind, Block::Kind::Signature);
    ASSERT_EQ(doc.blocks[6].signers.size(), 2u);
    EXPECT_EQ(doc.blocks[6].signers[0].left, "考核人：");
    EXPECT_EQ(doc.blocks[6].signers[0].right, "复核人：");
    EXPECT_EQ(doc.blocks[6].signers[1].right, "");
}

}  // namespace
}  // namespace yewu
