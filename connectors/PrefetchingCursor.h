// PrefetchingCursor: reads the next chunks of an inner cursor on its own
// thread while the caller decodes and checks the current one, so a source
// whose reading costs CPU in this process (SQLite stepping and converting
// cells) uses a second core. Rows arrive exactly as the inner cursor gives
// them, in the same order; decoding, accounting and quarantine stay on the
// caller's thread, so results do not depend on timing.
//
// At most `depth` chunks wait ahead of the caller. An exception from the inner
// cursor is rethrown by next() where the rows ran out. Destroying the cursor
// stops and joins the thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "Source.h"

namespace yewu {

class PrefetchingCursor : public RowCursor {
public:
    explicit PrefetchingCursor(std::unique_ptr<RowCursor> inner, std::size_t depth = 2);
    ~PrefetchingCursor() override;
    PrefetchingCursor(const PrefetchingCursor&) = delete;
    PrefetchingCursor& operator=(const PrefetchingCursor&) = delete;

    // Swaps the next chunk into `chunk`; the caller's old rows go back to the
    // reading thread to be refilled, so their strings keep their capacity.
    bool next(std::vector<RawRow>& chunk) override;

private:
    void readAhead();

    std::unique_ptr<RowCursor> inner_;
    const std::size_t depth_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::vector<RawRow>> ready_;
    std::vector<std::vector<RawRow>> spare_;
    bool finished_ = false;  // the inner cursor is exhausted (or failed)
    bool stopping_ = false;  // the caller is gone
    std::exception_ptr error_;
    std::thread thread_;
};

}  // namespace yewu
