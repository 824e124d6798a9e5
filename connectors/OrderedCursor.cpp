#include "OrderedCursor.h"

#include <algorithm>

namespace yewu {

OrderedCursor::OrderedCursor(std::function<bool(RawRow&)> produce, RowOrder order, std::size_t chunkRows,
                             std::size_t sortMemoryBytes)
    : produce_(std::move(produce)), chunkRows_(std::max<std::size_t>(chunkRows, 1)) {
    if (!order.empty()) sorter_ = std::make_unique<ExternalSorter>(std::move(order), sortMemoryBytes);
}

bool OrderedCursor::next(std::vector<RawRow>& chunk) {
    chunk.clear();
    if (!sorter_) {
        RawRow row;
        while (chunk.size() < chunkRows_ && produce_(row)) chunk.push_back(std::move(row));
        return !chunk.empty();
    }
    if (!sorted_) {
        RawRow row;
        while (produce_(row)) sorter_->add(std::move(row));
        sorted_ = true;
    }
    return sorter_->next(chunk, chunkRows_);
}

}  // namespace yewu
