// yewu_render_md: renders a Markdown file to PDF with the PDF engine, for the
// engine's integration tests (tests/integration/test_pdf_engine.py).
//
//   yewu_render_md IN.md OUT.pdf [--header TEXT] [--watermark TEXT]
//                  [--letterhead PDF] [--locale zh-CN|en] [--date YYYY-MM-DD]
//                  [--section IN2.md]... [--repeat N]
// Exit 0 done, 1 with the error on stderr.
#include <fstream>
#include <iostream>
#include <sstream>

#include "reports/MarkdownDocument.h"
#include "reports/ReportError.h"
#include "reports/pdf/PdfRenderer.h"

namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

int main(int argc, char** argv) {
    using namespace yewu;
    if (argc < 3) {
        std::cerr << "usage: yewu_render_md IN.md OUT.pdf [options]\n";
        return 2;
    }
    try {
        PdfPageStyle style;
        PdfDocumentSpec spec;
        spec.name = argv[1];
        spec.title = "test document";
        spec.creationDate = "2026-11-01";
        std::string header;
        int repeat = 1;  // render this many times in one process (profiling)
        std::vector<std::string> inputs{argv[1]};
        for (int i = 3; i + 1 < argc; i += 2) {
            const std::string option = argv[i], value = argv[i + 1];
            if (option == "--header") header = value;
            else if (option == "--watermark") style.watermark = value;
            else if (option == "--letterhead") style.letterheadPdf = value;
            else if (option == "--locale") style.locale = parseLocale(value).value_or(Locale::ZhCN);
            else if (option == "--date") spec.creationDate = value;
            else if (option == "--section") inputs.push_back(value);
            else if (option == "--repeat") repeat = std::stoi(value);
            else throw std::runtime_error("unknown option " + option);
        }
        for (const auto& input : inputs) spec.sections.push_back(PdfSection{parseMarkdown(readFile(input)), header, {}});
        PdfRenderer renderer(style);
        int pages = 0;
        for (int i = 0; i < repeat; ++i) pages = renderer.write(spec, argv[2]);
        std::cout << pages << "\n";
        return 0;
    } catch (const Poco::Exception& e) {
        std::cerr << "yewu_render_md: " << e.displayText() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "yewu_render_md: " << e.what() << "\n";
    }
    return 1;
}
