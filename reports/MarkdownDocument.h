// parseMarkdown: CommonMark + GFM tables (cmark-gfm and its table extension)
// into a Document.
//
// Syntax beyond CommonMark, for letters and contracts:
//   - a line `<!-- pagebreak -->` (an HTML comment block) starts a new page;
//   - a fenced block with info string `signature` is a signature block, one
//     line per row of signer lines, the two columns separated by ` | `:
//         ```signature
//         考核人（签字）： | 复核人（签字）：
//         日期： | 日期：
//         ```
//   - soft line breaks inside a paragraph are kept as line breaks (like
//     cmark's --hardbreaks), so template lines stay lines.
// Other HTML, images and links print their text only; emphasis prints as plain
// text, strong emphasis as bold; ordered lists print as bullet lists with their
// numbers. Throws ReportError only when cmark cannot allocate a parser.
#pragma once

#include <string_view>

#include "Document.h"

namespace yewu {

Document parseMarkdown(std::string_view markdown);

// Escapes text so Markdown prints it literally: every ASCII punctuation
// character gets a backslash (CommonMark allows that for all of them, and GFM
// tables honour "\|"), and line breaks become spaces.
std::string escapeMarkdown(std::string_view text);

// Text for a cell of a signature block, which Markdown prints literally (a fenced
// block: escapes would show): one line, " | " becomes " / " (it would split the
// columns) and backticks become apostrophes (three would end the block). Templates
// put it in with {{{triple}}} braces.
std::string signatureCell(std::string_view text);

}  // namespace yewu
