#include "TemplateRenderer.h"

#include <fstream>
#include <mstch/mstch.hpp>
#include <sstream>

#include "MarkdownDocument.h"
#include "ReportError.h"

namespace yewu {

namespace {

mstch::node toNode(const TemplateValue& value) {
    return std::visit(
        [](const auto& v) -> mstch::node {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool>) {
                return v;
            } else if constexpr (std::is_same_v<T, TemplateValue::List>) {
                mstch::array a;
                for (const auto& item : v) a.push_back(toNode(item));
                return a;
            } else {
                mstch::map m;
                for (const auto& [key, item] : v) m[key] = toNode(item);
                return m;
            }
        },
        value.value());
}

// mstch's escape hook is a process-wide std::function: install ours once.
void installMarkdownEscape() {
    static const bool installed = [] {
        mstch::config::escape = [](const std::string& s) { return escapeMarkdown(s); };
        return true;
    }();
    (void)installed;
}

}  // namespace

TemplateRenderer::TemplateRenderer(std::filesystem::path templatesDir) : dir_(std::move(templatesDir)) {}

std::string TemplateRenderer::render(const std::string& locale, const std::string& name, const TemplateObject& data) {
    return renderText(text(locale, name), data);
}

std::string TemplateRenderer::fixedText(const std::string& locale, const std::string& name) {
    return templateText(text(locale, name), false);
}

std::string TemplateRenderer::literalText(const std::string& locale, const std::string& name) {
    return templateText(text(locale, name), true);
}

std::string TemplateRenderer::templateText(const std::string& source, bool withSections) {
    std::string out;
    int depth = 0;  // inside {{#section}} or {{^inverted}}: printed for some data only
    for (std::size_t at = 0; at < source.size();) {
        const auto open = source.find("{{", at);
        if (depth == 0 || withSections)
            out.append(source, at, open == std::string::npos ? std::string::npos : open - at);
        if (open == std::string::npos) break;
        const auto close = source.find("}}", open + 2);
        if (close == std::string::npos) break;
        const char kind = open + 2 < source.size() ? source[open + 2] : ' ';
        if (kind == '#' || kind == '^') ++depth;
        if (kind == '/' && depth > 0) --depth;
        at = close + 2;
        if (at < source.size() && source[at] == '}') ++at;  // {{{triple}}}
    }
    return out;
}

const std::string& TemplateRenderer::text(const std::string& locale, const std::string& name) {
    const std::string key = locale + "/" + name;
    auto it = cache_.find(key);
    if (it == cache_.end()) {
        const auto path = dir_ / locale / name;
        std::ifstream in(path, std::ios::binary);
        if (!in) throw ReportError("template not found: " + path.string());
        std::ostringstream text;
        text << in.rdbuf();
        it = cache_.emplace(key, text.str()).first;
    }
    return it->second;
}

std::string TemplateRenderer::renderText(const std::string& templateText, const TemplateObject& data) {
    installMarkdownEscape();
    return mstch::render(templateText, toNode(TemplateValue(data)));
}

}  // namespace yewu
