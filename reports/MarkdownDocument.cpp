#include "MarkdownDocument.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cctype>
#include <cstring>
#include <memory>

#include "ReportError.h"

namespace yewu {

namespace {

struct ParserDeleter {
    void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};

bool isType(cmark_node* node, const char* name) { return std::strcmp(cmark_node_get_type_string(node), name) == 0; }

void appendText(RichText& out, std::string_view text, bool bold) {
    if (text.empty()) return;
    if (!out.empty() && out.back().bold == bold) {
        out.back().text += text;
        return;
    }
    out.push_back(TextRun{std::string(text), bold});
}

// Collects the inline content of `node` (a paragraph, heading, item or cell).
void collectInlines(cmark_node* node, RichText& out, bool bold) {
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
        switch (cmark_node_get_type(child)) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE:
                appendText(out, cmark_node_get_literal(child) ? cmark_node_get_literal(child) : "", bold);
                break;
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_LINEBREAK:
                appendText(out, "\n", bold);
                break;
            case CMARK_NODE_STRONG:
                collectInlines(child, out, true);
                break;
            case CMARK_NODE_HTML_INLINE:
                break;  // markup, not text
            default:  // emphasis, links, images, strikethrough: their text
                collectInlines(child, out, bold);
                break;
        }
    }
}

RichText inlinesOf(cmark_node* node) {
    RichText out;
    collectInlines(node, out, false);
    return out;
}

// The text of a list item: its paragraphs joined by line breaks.
RichText itemText(cmark_node* item) {
    RichText out;
    for (cmark_node* child = cmark_node_first_child(item); child; child = cmark_node_next(child)) {
        if (!out.empty()) appendText(out, "\n", false);
        collectInlines(child, out, false);
    }
    return out;
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return "";
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

void addSignature(Document& doc, std::string_view literal) {
    Block block;
    block.kind = Block::Kind::Signature;
    std::size_t pos = 0;
    while (pos < literal.size()) {
        auto end = literal.find('\n', pos);
        if (end == std::string_view::npos) end = literal.size();
        const std::string_view line = literal.substr(pos, end - pos);
        pos = end + 1;
        if (trim(line).empty()) continue;
        const auto bar = line.find(" | ");
        SignatureLine s;
        if (bar == std::string_view::npos) {
            s.left = trim(line);
        } else {
            s.left = trim(line.substr(0, bar));
            s.right = trim(line.substr(bar + 3));
        }
        block.signers.push_back(std::move(s));
    }
    doc.blocks.push_back(std::move(block));
}

void addTable(Document& doc, cmark_node* table) {
    Block block;
    block.kind = Block::Kind::Table;
    const int columns = cmark_gfm_extensions_get_table_columns(table);
    const uint8_t* align = cmark_gfm_extensions_get_table_alignments(table);
    for (int i = 0; i < columns; ++i) {
        const uint8_t a = align ? align[i] : 0;
        block.table.align.push_back(a == 'l'   ? ColumnAlign::Left
                                    : a == 'c' ? ColumnAlign::Center
                                    : a == 'r' ? ColumnAlign::Right
                                               : ColumnAlign::Auto);
    }
    for (cmark_node* row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
        std::vector<RichText> cells;
        for (cmark_node* cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell))
            cells.push_back(inlinesOf(cell));
        cells.resize(columns);
        if (cmark_gfm_extensions_get_table_row_is_header(row))
            block.table.header = std::move(cells);
        else
            block.table.rows.push_back(std::move(cells));
    }
    doc.blocks.push_back(std::move(block));
}

void addBlocks(Document& doc, cmark_node* parent) {
    for (cmark_node* node = cmark_node_first_child(parent); node; node = cmark_node_next(node)) {
        Block block;
        switch (cmark_node_get_type(node)) {
            case CMARK_NODE_HEADING:
                block.kind = Block::Kind::Heading;
                block.level = cmark_node_get_heading_level(node);
                block.text = inlinesOf(node);
                doc.blocks.push_back(std::move(block));
                break;
            case CMARK_NODE_PARAGRAPH:
                block.kind = Block::Kind::Paragraph;
                block.text = inlinesOf(node);
                doc.blocks.push_back(std::move(block));
                break;
            case CMARK_NODE_LIST: {
                block.kind = Block::Kind::BulletList;
                const bool ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
                int number = cmark_node_get_list_start(node);
                for (cmark_node* item = cmark_node_first_child(node); item; item = cmark_node_next(item)) {
                    RichText text = itemText(item);
                    if (ordered) text.insert(text.begin(), TextRun{std::to_string(number++) + ". ", false});
                    block.items.push_back(std::move(text));
                }
                doc.blocks.push_back(std::move(block));
                break;
            }
            case CMARK_NODE_THEMATIC_BREAK:
                block.kind = Block::Kind::Rule;
                doc.blocks.push_back(std::move(block));
                break;
            case CMARK_NODE_HTML_BLOCK: {
                const char* literal = cmark_node_get_literal(node);
                if (literal && trim(literal) == "<!-- pagebreak -->") {
                    block.kind = Block::Kind::PageBreak;
                    doc.blocks.push_back(std::move(block));
                }
                break;  // any other HTML is dropped
            }
            case CMARK_NODE_CODE_BLOCK: {
                const char* info = cmark_node_get_fence_info(node);
                const char* literal = cmark_node_get_literal(node);
                if (info && trim(info) == "signature") {
                    addSignature(doc, literal ? literal : "");
                } else {
                    block.kind = Block::Kind::Paragraph;
                    std::string text = literal ? literal : "";
                    while (!text.empty() && text.back() == '\n') text.pop_back();
                    block.text.push_back(TextRun{text, false});
                    doc.blocks.push_back(std::move(block));
                }
                break;
            }
            case CMARK_NODE_BLOCK_QUOTE:
                addBlocks(doc, node);
                break;
            default:
                if (isType(node, "table")) addTable(doc, node);
                break;
        }
    }
}

}  // namespace

std::string plainText(const RichText& text) {
    std::string out;
    for (const auto& run : text) out += run.text;
    return out;
}

Document parseMarkdown(std::string_view markdown) {
    cmark_gfm_core_extensions_ensure_registered();
    std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
    if (!parser) throw ReportError("cmark-gfm: cannot create a parser");
    if (cmark_syntax_extension* table = cmark_find_syntax_extension("table"))
        cmark_parser_attach_syntax_extension(parser.get(), table);
    else
        throw ReportError("cmark-gfm: the table extension is not available");
    cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
    std::unique_ptr<cmark_node, NodeDeleter> root(cmark_parser_finish(parser.get()));
    Document doc;
    addBlocks(doc, root.get());
    return doc;
}

std::string escapeMarkdown(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\r') continue;
        if (c == '\n' || c == '\t') {
            out += ' ';
        } else if (u < 0x80 && std::ispunct(u)) {
            out += '\\';
            out += c;
        } else {
            out += c;
        }
    }
    return out;
}

std::string signatureCell(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        else if (c == '`') c = '\'';
    for (std::size_t at; (at = out.find(" | ")) != std::string::npos;) out.replace(at, 3, " / ");
    return out;
}

}  // namespace yewu
