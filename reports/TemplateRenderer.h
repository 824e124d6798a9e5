// TemplateRenderer: Mustache templates (mstch) that produce Markdown.
//
// {{name}} is escaped for Markdown (escapeMarkdown), not for HTML as mstch
// does by default, so a person or customer name containing Markdown or
// Mustache syntax prints literally; {{{name}}} inserts Markdown as is (only
// for text the program itself builds). Values are strings, booleans, lists and
// objects only: format money and numbers before passing them (mstch prints
// doubles as 1.23457e+06). Templates are read from <dir>/<locale>/<name> and
// cached. Throws ReportError for a missing template file; not thread safe.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace yewu {

class TemplateValue {
public:
    using List = std::vector<TemplateValue>;
    using Object = std::vector<std::pair<std::string, TemplateValue>>;

    TemplateValue() : value_(std::string()) {}
    TemplateValue(std::string s) : value_(std::move(s)) {}
    TemplateValue(const char* s) : value_(std::string(s)) {}
    TemplateValue(bool b) : value_(b) {}
    TemplateValue(List l) : value_(std::move(l)) {}
    TemplateValue(Object o) : value_(std::move(o)) {}

    const std::variant<std::string, bool, List, Object>& value() const { return value_; }

private:
    std::variant<std::string, bool, List, Object> value_;
};

using TemplateObject = TemplateValue::Object;
using TemplateList = TemplateValue::List;

class TemplateRenderer {
public:
    explicit TemplateRenderer(std::filesystem::path templatesDir);

    // Renders <dir>/<locale>/<name> with `data` into Markdown.
    std::string render(const std::string& locale, const std::string& name, const TemplateObject& data);
    // The template's own text, as read from its file (cached). Throws ReportError.
    const std::string& text(const std::string& locale, const std::string& name);
    // The text the template prints whatever its data: its text without {{! comments }},
    // {{tags}} and {{#sections}}...{{/sections}}.
    std::string fixedText(const std::string& locale, const std::string& name);
    // All the text the template itself may print: fixedText() with what its sections print
    // for some data. A renderer's shared subset when most documents print most sections.
    std::string literalText(const std::string& locale, const std::string& name);
    // Renders template text directly (tests).
    static std::string renderText(const std::string& templateText, const TemplateObject& data);

private:
    static std::string templateText(const std::string& source, bool withSections);
    std::filesystem::path dir_;
    std::map<std::string, std::string> cache_;
};

}  // namespace yewu
