#include "PrefetchingCursor.h"

namespace yewu {

PrefetchingCursor::PrefetchingCursor(std::unique_ptr<RowCursor> inner, std::size_t depth)
    : inner_(std::move(inner)), depth_(depth < 1 ? 1 : depth) {
    thread_ = std::thread([this] { readAhead(); });
}

PrefetchingCursor::~PrefetchingCursor() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void PrefetchingCursor::readAhead() {
    try {
        while (true) {
            std::vector<RawRow> chunk;
            {
                std::unique_lock lock(mutex_);
                changed_.wait(lock, [&] { return ready_.size() < depth_ || stopping_; });
                if (stopping_) return;
                if (!spare_.empty()) {
                    chunk = std::move(spare_.back());
                    spare_.pop_back();
                }
            }
            const bool more = inner_->next(chunk);
            std::lock_guard lock(mutex_);
            if (more) ready_.push_back(std::move(chunk));
            if (!more) finished_ = true;
            changed_.notify_all();
            if (!more) return;
        }
    } catch (...) {
        std::lock_guard lock(mutex_);
        error_ = std::current_exception();
        finished_ = true;
        changed_.notify_all();
    }
}

bool PrefetchingCursor::next(std::vector<RawRow>& chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
    if (ready_.empty()) {
        chunk.clear();
        if (error_) std::rethrow_exception(error_);
        return false;
    }
    if (chunk.capacity() > 0) spare_.push_back(std::move(chunk));
    chunk = std::move(ready_.front());
    ready_.pop_front();
    changed_.notify_all();
    return true;
}

}  // namespace yewu
