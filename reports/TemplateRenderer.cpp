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
    return renderText(it->second, data);
}

std::string TemplateRenderer::renderText(const std::string& templateText, const TemplateObject& data) {
    installMarkdownEscape();
    return mstch::render(templateText, toNode(TemplateValue(data)));
}

}  // namespace yewu
