#include "ExternalSorter.h"

#include <algorithm>
#include <cstring>

#include "SourceError.h"

namespace yewu {

namespace {

void write(std::FILE* f, const void* data, std::size_t size) {
    if (size && std::fwrite(data, 1, size, f) != size) throw SourceError("cannot write a sort run to a temp file");
}

bool read(std::FILE* f, void* data, std::size_t size) {
    if (!size) return true;
    const std::size_t n = std::fread(data, 1, size, f);
    if (n == size) return true;
    if (n == 0 && std::feof(f)) return false;
    throw SourceError("cannot read a sort run back from its temp file");
}

std::size_t footprint(const RawRow& row) {
    std::size_t bytes = sizeof(RawRow) + row.values.size() * sizeof(Cell);
    for (const auto& v : row.values)
        if (v && v->size() > 15) bytes += v->size() + 1;  // beyond the small-string buffer
    return bytes;
}

}  // namespace

// One sorted run in a temp file: rowNumber, value count, then per value a length
// (UINT32_MAX for NULL) and the bytes.
struct ExternalSorter::Run {
    std::FILE* file = nullptr;
    RawRow head;
    bool hasHead = false;

    ~Run() {
        if (file) std::fclose(file);
    }

    void advance() {
        std::int64_t number = 0;
        hasHead = read(file, &number, sizeof number);
        if (!hasHead) return;
        std::uint32_t count = 0;
        if (!read(file, &count, sizeof count)) throw SourceError("sort run temp file is truncated");
        head.rowNumber = number;
        head.values.assign(count, std::nullopt);
        for (auto& value : head.values) {
            std::uint32_t size = 0;
            if (!read(file, &size, sizeof size)) throw SourceError("sort run temp file is truncated");
            if (size == UINT32_MAX) continue;
            std::string text(size, '\0');
            if (!read(file, text.data(), size)) throw SourceError("sort run temp file is truncated");
            value = std::move(text);
        }
    }
};

ExternalSorter::ExternalSorter(RowOrder order, std::size_t memoryBytes)
    : order_(std::move(order)), memoryBytes_(std::max<std::size_t>(memoryBytes, 1)) {}

ExternalSorter::~ExternalSorter() = default;

void ExternalSorter::add(RawRow row) {
    bufferedBytes_ += footprint(row);
    buffer_.push_back(std::move(row));
    if (bufferedBytes_ >= memoryBytes_) spill();
}

void ExternalSorter::spill() {
    std::sort(buffer_.begin(), buffer_.end(), order_);
    auto run = std::make_unique<Run>();
    run->file = std::tmpfile();
    if (!run->file) throw SourceError(std::string("cannot create a temp file to sort rows: ") + std::strerror(errno));
    for (const RawRow& row : buffer_) {
        write(run->file, &row.rowNumber, sizeof row.rowNumber);
        const auto count = std::uint32_t(row.values.size());
        write(run->file, &count, sizeof count);
        for (const auto& value : row.values) {
            const std::uint32_t size = value ? std::uint32_t(value->size()) : UINT32_MAX;
            write(run->file, &size, sizeof size);
            if (value) write(run->file, value->data(), value->size());
        }
    }
    if (std::fflush(run->file) != 0) throw SourceError("cannot write a sort run to a temp file");
    runs_.push_back(std::move(run));
    buffer_.clear();
    buffer_.shrink_to_fit();
    bufferedBytes_ = 0;
}

void ExternalSorter::startMerge() {
    merging_ = true;
    if (runs_.empty()) {
        std::sort(buffer_.begin(), buffer_.end(), order_);
        return;
    }
    if (!buffer_.empty()) spill();
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        std::rewind(runs_[i]->file);
        runs_[i]->advance();
        if (runs_[i]->hasHead) heap_.push_back(i);
    }
    auto greater = [this](std::size_t a, std::size_t b) { return order_(runs_[b]->head, runs_[a]->head); };
    std::make_heap(heap_.begin(), heap_.end(), greater);
}

bool ExternalSorter::next(std::vector<RawRow>& chunk, std::size_t maxRows) {
    chunk.clear();
    if (!merging_) startMerge();
    if (runs_.empty()) {
        while (chunk.size() < maxRows && position_ < buffer_.size()) chunk.push_back(std::move(buffer_[position_++]));
        if (position_ >= buffer_.size()) {
            buffer_.clear();
            buffer_.shrink_to_fit();
        }
        return !chunk.empty();
    }
    auto greater = [this](std::size_t a, std::size_t b) { return order_(runs_[b]->head, runs_[a]->head); };
    while (chunk.size() < maxRows && !heap_.empty()) {
        std::pop_heap(heap_.begin(), heap_.end(), greater);
        Run& run = *runs_[heap_.back()];
        chunk.push_back(std::move(run.head));
        run.advance();
        if (run.hasHead)
            std::push_heap(heap_.begin(), heap_.end(), greater);
        else
            heap_.pop_back();
    }
    return !chunk.empty();
}

}  // namespace yewu
