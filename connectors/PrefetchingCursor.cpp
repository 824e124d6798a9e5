#include "PrefetchingCursor.h"

namespace yewu {

PrefetchingCursor::PrefetchingCursor(std::unique_ptr<RowCursor> inner, std::size_t depth)
    : inner_(std::move(inner)), readAhead_([this](std::vector<RawRow>& chunk) { return inner_->next(chunk); }, depth) {}

bool PrefetchingCursor::next(std::vector<RawRow>& chunk) {
    if (readAhead_.next(chunk)) return true;
    chunk.clear();
    return false;
}

}  // namespace yewu
