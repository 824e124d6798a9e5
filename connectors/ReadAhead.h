// ReadAhead<Chunk>: fills the next chunks on a thread of its own while the
// caller works on the current one, so reading (SQLite stepping, converting and
// decoding cells) uses a second core. Chunks arrive in the order they were
// produced; what the caller does with them stays on its thread.
//
// At most `depth` chunks wait ahead of the caller. The caller's used chunks
// go back to the thread to be refilled, so their storage (rows, strings) is
// reused. An exception from `produce` is rethrown by next() where the chunks
// ran out. Destroying the ReadAhead stops and joins the thread.
//
// Written by hand for the same reason as Pipelined.h: the standard library has
// no bounded queue, and the hand-off is a few lines.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace yewu {

template <class Chunk>
class ReadAhead {
public:
    // produce(chunk) refills `chunk` (a fresh or a used one) and returns false, with
    // nothing in it, at the end. It runs on the read-ahead thread only.
    explicit ReadAhead(std::function<bool(Chunk&)> produce, std::size_t depth = 2)
        : produce_(std::move(produce)), depth_(depth < 1 ? 1 : depth) {
        thread_ = std::thread([this] { run(); });
    }
    ~ReadAhead() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    // Swaps the next chunk into `chunk`; false at the end. The caller's old chunk
    // goes back to be refilled.
    bool next(Chunk& chunk) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
        if (ready_.empty()) {
            if (error_) std::rethrow_exception(error_);
            return false;
        }
        spare_.push_back(std::move(chunk));
        chunk = std::move(ready_.front());
        ready_.pop_front();
        changed_.notify_all();
        return true;
    }

private:
    void run() {
        try {
            while (true) {
                Chunk chunk;
                {
                    std::unique_lock lock(mutex_);
                    changed_.wait(lock, [&] { return ready_.size() < depth_ || stopping_; });
                    if (stopping_) return;
                    if (!spare_.empty()) {
                        chunk = std::move(spare_.back());
                        spare_.pop_back();
                    }
                }
                const bool more = produce_(chunk);
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

    std::function<bool(Chunk&)> produce_;
    const std::size_t depth_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Chunk> ready_;
    std::vector<Chunk> spare_;
    bool finished_ = false;  // produce_ returned false (or threw)
    bool stopping_ = false;  // the caller is gone
    std::exception_ptr error_;
    std::thread thread_;  // last: started once everything above is ready
};

}  // namespace yewu
