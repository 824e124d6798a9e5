#include "TieSortingCursor.h"

#include <algorithm>
#include <iterator>

namespace yewu {

TieSortingCursor::TieSortingCursor(std::unique_ptr<RowCursor> inner, RowOrder order)
    : inner_(std::move(inner)), order_(std::move(order)) {}

bool TieSortingCursor::next(std::vector<RawRow>& chunk) {
    while (true) {
        if (held_.empty()) {
            if (innerDone_ || !inner_->next(held_)) {
                innerDone_ = true;
                chunk.clear();
                return false;
            }
            continue;
        }
        if (innerDone_) break;
        if (!inner_->next(incoming_)) {
            innerDone_ = true;
            break;
        }
        // Rows that continue held_'s last run join it; they are few (duplicates) unless a
        // run spans whole chunks, in which case the loop reads on.
        std::size_t joining = 0;
        while (joining < incoming_.size() && order_.sameFirstKey(held_.back(), incoming_[joining])) ++joining;
        if (joining > 0) {
            held_.insert(held_.end(), std::make_move_iterator(incoming_.begin()),
                         std::make_move_iterator(incoming_.begin() + std::ptrdiff_t(joining)));
            incoming_.erase(incoming_.begin(), incoming_.begin() + std::ptrdiff_t(joining));
        }
        if (!incoming_.empty()) break;
    }
    sortRuns();
    // Deliver held_; the next chunk is held in its place, and the caller's old rows
    // become the buffer the inner cursor refills (their strings keep their capacity).
    chunk.swap(held_);
    held_.swap(incoming_);
    return true;
}

void TieSortingCursor::sortRuns() {
    const auto less = [this](const RawRow& a, const RawRow& b) {
        if (const int c = order_.compareKeys(a, b)) return c < 0;
        if (a.values != b.values) return a.values < b.values;  // NULL before any text
        return a.rowNumber < b.rowNumber;
    };
    std::vector<std::int64_t> numbers;
    for (auto run = held_.begin(); run != held_.end();) {
        auto end = std::next(run);
        while (end != held_.end() && order_.sameFirstKey(*run, *end)) ++end;
        // Runs usually arrive sorted (a database returns ties in insertion order).
        if (end - run > 1 && !std::is_sorted(run, end, less)) {
            numbers.clear();
            for (auto row = run; row != end; ++row) numbers.push_back(row->rowNumber);
            std::sort(run, end, less);
            for (std::size_t i = 0; i < numbers.size(); ++i) run[std::ptrdiff_t(i)].rowNumber = numbers[i];
        }
        run = end;
    }
}

}  // namespace yewu
