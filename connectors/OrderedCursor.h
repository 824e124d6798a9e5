// OrderedCursor: a RowCursor over a source that yields rows one at a time in
// its own order (a CSV file, JSON pages). Without an ORDER BY the rows pass
// straight through, a chunk at a time; with one, the first next() drains the
// source into an ExternalSorter (bounded memory, temp files beyond the budget)
// and the rows come back sorted by RowOrder.
#pragma once

#include <functional>
#include <memory>

#include "ExternalSorter.h"
#include "Source.h"

namespace yewu {

class OrderedCursor : public RowCursor {
public:
    // `produce` fills the next row and returns true, or returns false at the end; it may
    // throw SourceError. sortMemoryBytes: the sorter's budget.
    OrderedCursor(std::function<bool(RawRow&)> produce, RowOrder order, std::size_t chunkRows,
                  std::size_t sortMemoryBytes);

    bool next(std::vector<RawRow>& chunk) override;

private:
    std::function<bool(RawRow&)> produce_;
    std::unique_ptr<ExternalSorter> sorter_;
    std::size_t chunkRows_;
    bool sorted_ = false;
};

}  // namespace yewu
