#include "Progress.h"

#include <unistd.h>

#include <cstdio>
#include <ostream>

namespace yewu {

namespace {

std::string grouped(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return (n < 0 ? "-" : "") + out;
}

std::string clock(double seconds) {
    const long s = long(seconds + 0.5);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

}  // namespace

Progress::Mode Progress::modeFor(bool quiet) {
    if (quiet) return Mode::Off;
    return ::isatty(STDERR_FILENO) ? Mode::Bar : Mode::Lines;
}

Progress::Progress(std::string label, Mode mode, std::ostream& out, std::chrono::milliseconds interval)
    : label_(std::move(label)),
      mode_(mode),
      out_(out),
      interval_(mode == Mode::Bar ? std::chrono::milliseconds(200) : interval),
      start_(Clock::now()),
      lastRender_(start_) {}

Progress::~Progress() { finish(); }

void Progress::expect(std::int64_t total, const std::string& unit) {
    std::lock_guard lock(mutex_);
    total_ = total;
    totalInDocuments_ = unit == "documents";
}

void Progress::addRows(std::int64_t n) {
    std::lock_guard lock(mutex_);
    rows_ += n;
    maybeRender();
}

void Progress::addDocument() {
    std::lock_guard lock(mutex_);
    ++documents_;
    maybeRender();
}

std::string Progress::status() const {
    std::lock_guard lock(mutex_);
    return statusLocked();
}

std::string Progress::statusLocked() const {
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    const std::int64_t done = totalInDocuments_ ? documents_ : rows_;
    const char* unit = totalInDocuments_ ? "documents" : "rows";
    std::string text = grouped(rows_) + " rows";
    if (documents_) text += ", " + grouped(documents_) + (documents_ == 1 ? " document" : " documents");
    if (elapsed > 0.05) text += ", " + grouped(std::int64_t(double(done) / elapsed)) + " " + unit + "/s";
    if (total_ > 0) {
        const double fraction = std::min(1.0, double(done) / double(total_));
        text += ", " + std::to_string(int(fraction * 100)) + "% of ~" + grouped(total_) + " " + unit;
        if (done > 0 && done < total_) text += ", ETA " + clock(elapsed * double(total_ - done) / double(done));
    } else if (expectedDuration_.count() > 0) {
        const double expected = double(expectedDuration_.count());
        text += ", ~" + std::to_string(int(std::min(0.99, elapsed / expected) * 100)) + "%";
        text += elapsed < expected ? ", ETA ~" + clock(expected - elapsed) : std::string(", ETA soon");
    }
    return text;
}

void Progress::maybeRender() {
    if (mode_ == Mode::Off || finished_) return;
    const auto now = Clock::now();
    if (now - lastRender_ < interval_) return;
    lastRender_ = now;
    rendered_ = true;
    if (mode_ == Mode::Lines) {
        out_ << "progress: " << label_ << ": " << statusLocked() << "\n" << std::flush;
        return;
    }
    std::string bar;
    const std::int64_t done = totalInDocuments_ ? documents_ : rows_;
    double fraction = -1;
    if (total_ > 0) fraction = std::min(1.0, double(done) / double(total_));
    else if (expectedDuration_.count() > 0)
        fraction = std::min(0.99, std::chrono::duration<double>(now - start_).count() / double(expectedDuration_.count()));
    if (fraction >= 0) {
        const int width = 24, filled = int(fraction * width);
        bar = "[" + std::string(std::size_t(filled), '#') + std::string(std::size_t(width - filled), '.') + "] ";
    }
    // \r and "erase line": redraw in place.
    out_ << "\r\033[K" << label_ << " " << bar << statusLocked() << std::flush;
}

void Progress::finish() {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    finished_ = true;
    if (mode_ == Mode::Bar && rendered_) out_ << "\r\033[K" << std::flush;
    if (mode_ == Mode::Lines && rendered_) out_ << "progress: " << label_ << ": finished, " << statusLocked() << "\n" << std::flush;
}

}  // namespace yewu
