// Document: the small block model that templates become and the PDF layout
// engine lays out. Markdown (cmark-gfm) is parsed into it by parseMarkdown();
// it holds no third-party types, so jobs and tests can build one directly.
//
// Blocks: heading, paragraph (runs of plain and bold text, hard line breaks as
// '\n' inside run text), bullet list, horizontal rule, table, explicit page
// break and signature block (two columns of signer lines).
#pragma once

#include <string>
#include <vector>

namespace yewu {

struct TextRun {
    std::string text;  // UTF-8; '\n' is a forced line break
    bool bold = false;
};

using RichText = std::vector<TextRun>;

enum class ColumnAlign { Auto, Left, Center, Right };  // Auto: right when every body cell is a number

struct TableBlock {
    std::vector<RichText> header;
    std::vector<ColumnAlign> align;  // one per column
    std::vector<std::vector<RichText>> rows;
};

struct SignatureLine {
    std::string left;   // e.g. "考核人（签字）："
    std::string right;  // may be empty
};

struct Block {
    enum class Kind { Heading, Paragraph, BulletList, Rule, Table, PageBreak, Signature };
    Kind kind = Kind::Paragraph;
    int level = 0;                      // Heading: 1..6
    RichText text;                      // Heading, Paragraph
    std::vector<RichText> items;        // BulletList
    TableBlock table;                   // Table
    std::vector<SignatureLine> signers; // Signature
};

struct Document {
    std::vector<Block> blocks;
};

// Plain text of rich text (runs concatenated).
std::string plainText(const RichText& text);

}  // namespace yewu
