// ExternalSorter: sorts a stream of RawRows with bounded memory, for sources
// that cannot sort server-side. Rows are collected until they take about
// `memoryBytes`, then each such run is sorted and written to an anonymous temp
// file (std::tmpfile, gone when closed); the runs are merged when read back. A
// table that fits in memory never touches the disk.
//
// Use: add() every row, then next() until it returns false. Throws SourceError
// when a temp file cannot be written or read (a full disk). Not thread-safe.
// Default budget 64 MB (config source.sort_memory_mb).
#pragma once

#include <cstdio>
#include <memory>
#include <queue>
#include <vector>

#include "RowOrder.h"
#include "Source.h"

namespace yewu {

class ExternalSorter {
public:
    explicit ExternalSorter(RowOrder order, std::size_t memoryBytes = std::size_t(64) << 20);
    ~ExternalSorter();
    ExternalSorter(const ExternalSorter&) = delete;
    ExternalSorter& operator=(const ExternalSorter&) = delete;

    void add(RawRow row);
    // Replaces `chunk` with up to `maxRows` next rows in order; false (and empty) at the end.
    bool next(std::vector<RawRow>& chunk, std::size_t maxRows);

    std::size_t runsSpilled() const { return runs_.size(); }

private:
    struct Run;
    void spill();
    void startMerge();

    RowOrder order_;
    std::size_t memoryBytes_;
    std::size_t bufferedBytes_ = 0;
    std::vector<RawRow> buffer_;
    std::vector<std::unique_ptr<Run>> runs_;
    bool merging_ = false;
    std::size_t position_ = 0;  // into buffer_, when nothing was spilled
    // Heap of run indexes, smallest head row first.
    std::vector<std::size_t> heap_;
};

}  // namespace yewu
