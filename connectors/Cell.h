// Cell: one value of a RawRow as its source gave it: NULL, text, or an integer
// the source already holds as one (SQLite's INTEGER cells).
//
// It reads like std::optional<std::string>: an integer's text is its decimal
// digits, exactly as a text source (CSV, PostgreSQL's text protocol) gives
// them, made on first use. Readers that want the number (toInteger(): the
// decoder, the orderings, the duplicate-key scan) or only the digits
// (RowFingerprint) never format it into a string and parse it back, which was
// a tenth of the CPU of reading the KPI tables at scale 1.
//
// Not thread-safe: the first text() of an integer fills a cache, so a row is
// read by one thread at a time (cursors hand whole chunks over).
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace yewu {

class Cell {
public:
    Cell() = default;
    Cell(std::nullopt_t) {}
    Cell(std::string text) : kind_(Kind::Text), text_(std::move(text)) {}
    Cell(const char* text) : Cell(std::string(text)) {}
    Cell(std::optional<std::string> text) {
        if (text) *this = std::move(*text);
    }

    bool has_value() const { return kind_ != Kind::Null; }
    explicit operator bool() const { return has_value(); }
    bool isInteger() const { return kind_ == Kind::Integer; }
    // The number of an integer cell (isInteger()).
    std::int64_t integer() const { return integer_; }

    // The text of a non-NULL cell; an integer's decimal digits.
    const std::string& operator*() const {
        if (kind_ == Kind::Integer && !digitsReady_) {
            char digits[24];
            text_.assign(digits, std::to_chars(digits, digits + sizeof digits, integer_).ptr);
            digitsReady_ = true;
        }
        return text_;
    }
    const std::string* operator->() const { return &**this; }

    // The cell as a whole number: an integer cell's number, or text that is exactly a
    // decimal integer (as text sources give ids and cents). False for NULL, empty or
    // any other text.
    bool toInteger(std::int64_t& out) const {
        if (kind_ == Kind::Integer) {
            out = integer_;
            return true;
        }
        if (kind_ == Kind::Null || text_.empty()) return false;
        const char* end = text_.data() + text_.size();
        const auto [ptr, ec] = std::from_chars(text_.data(), end, out);
        return ec == std::errc() && ptr == end;
    }

    void reset() { kind_ = Kind::Null; }
    void setInteger(std::int64_t value) {
        kind_ = Kind::Integer;
        integer_ = value;
        digitsReady_ = false;
    }
    // Keeps the string's capacity: a reused chunk allocates nothing for short values.
    // A reused cell mostly gets text of the length it had (dates, codes), so the bytes are
    // overwritten in place: std::string::assign's general path was a twentieth of the KPI
    // job's CPU.
    void setText(std::string_view text) {
        kind_ = Kind::Text;
        if (text_.size() != text.size()) text_.resize(text.size());
        if (!text.empty()) std::memcpy(text_.data(), text.data(), text.size());
    }
    Cell& operator=(std::string text) {
        kind_ = Kind::Text;
        text_ = std::move(text);
        return *this;
    }
    Cell& operator=(std::nullopt_t) {
        reset();
        return *this;
    }
    Cell& operator=(std::optional<std::string> text) {
        if (text)
            *this = std::move(*text);
        else
            reset();
        return *this;
    }

    // The same value: both NULL, or the same text (integers: the same number).
    friend bool operator==(const Cell& a, const Cell& b) {
        if (a.kind_ == Kind::Integer && b.kind_ == Kind::Integer) return a.integer_ == b.integer_;
        if (!a.has_value() || !b.has_value()) return a.has_value() == b.has_value();
        return *a == *b;
    }
    // NULL first, then by text (bytes), as std::optional<std::string> orders.
    friend bool operator<(const Cell& a, const Cell& b) {
        if (!a.has_value() || !b.has_value()) return !a.has_value() && b.has_value();
        return *a < *b;
    }

private:
    enum class Kind : std::uint8_t { Null, Text, Integer };
    Kind kind_ = Kind::Null;
    mutable bool digitsReady_ = false;
    std::int64_t integer_ = 0;
    mutable std::string text_;
};

}  // namespace yewu
