// Pipelined: two ways for a job to use a second core.
//
// runPipelined runs a producer on a worker thread and hands what it emits to a
// consumer on the calling thread, in batches through a bounded queue. A job uses
// it to overlap reading and checking rows with writing them (a workbook's detail
// sheet), so two cores share the work while memory stays bounded by
// `batchRows * (capacity + 2)` items.
//
// Errors travel both ways: an exception in the producer reaches the caller after
// the consumer stops; an exception in the consumer makes the producer's next emit
// throw, and the caller rethrows the consumer's exception once the worker has
// finished. Either way no thread outlives the call.
//
// Written by hand because the standard library has no bounded queue and the
// batch hand-off is a dozen lines; Poco's NotificationQueue would allocate a
// notification per item and is unbounded.
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

template <class Item>
class BatchQueue {
public:
    struct Abandoned {};  // thrown to the producer when the consumer has given up

    BatchQueue(std::size_t batchRows, std::size_t capacity)
        : batchRows_(batchRows), capacity_(capacity) {
        filling_.reserve(batchRows_);
    }

    // Producer side.
    void push(Item&& item) {
        filling_.push_back(std::move(item));
        if (filling_.size() >= batchRows_) flush();
    }
    void close(std::exception_ptr error) {
        if (!error) try {
                flush();
            } catch (const Abandoned&) {
            }
        std::lock_guard lock(mutex_);
        closed_ = true;
        error_ = error;
        changed_.notify_all();
    }

    // Consumer side: the next batch into `batch` (its old storage is handed back for
    // reuse), false when the producer has finished; rethrows the producer's error.
    bool pop(std::vector<Item>& batch) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !full_.empty() || closed_; });
        if (error_) std::rethrow_exception(error_);
        if (full_.empty()) return false;
        batch.clear();
        if (batch.capacity() > 0) spare_.push_back(std::move(batch));
        batch = std::move(full_.front());
        full_.pop_front();
        changed_.notify_all();
        return true;
    }
    void abandon() {
        std::lock_guard lock(mutex_);
        abandoned_ = true;
        changed_.notify_all();
    }

private:
    void flush() {
        if (filling_.empty()) return;
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return full_.size() < capacity_ || abandoned_; });
        if (abandoned_) throw Abandoned{};
        full_.push_back(std::move(filling_));
        if (!spare_.empty()) {
            filling_ = std::move(spare_.back());
            spare_.pop_back();
        } else {
            filling_ = std::vector<Item>();
            filling_.reserve(batchRows_);
        }
        changed_.notify_all();
    }

    const std::size_t batchRows_, capacity_;
    std::vector<Item> filling_;  // the producer's alone
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::vector<Item>> full_;
    std::vector<std::vector<Item>> spare_;
    bool closed_ = false;
    bool abandoned_ = false;
    std::exception_ptr error_;
};

// produce(emit) runs on a worker thread and calls emit(Item&&) for each item;
// consume(Item&) runs on the calling thread for each, in emission order.
template <class Item, class Produce, class Consume>
void runPipelined(Produce&& produce, Consume&& consume, std::size_t batchRows = 512,
                  std::size_t capacity = 4) {
    BatchQueue<Item> queue(batchRows, capacity);
    std::thread worker([&] {
        try {
            produce([&](Item&& item) { queue.push(std::move(item)); });
            queue.close(nullptr);
        } catch (const typename BatchQueue<Item>::Abandoned&) {
            queue.close(nullptr);
        } catch (...) {
            queue.close(std::current_exception());
        }
    });
    try {
        std::vector<Item> batch;
        while (queue.pop(batch))
            for (Item& item : batch) consume(item);
    } catch (...) {
        queue.abandon();
        worker.join();
        throw;
    }
    worker.join();
}

// Runs `background` on a worker thread and `foreground` on the calling thread, and
// returns when both have finished. The first error is rethrown, the calling thread's
// first: it is the one a job's caller would have seen without the worker.
template <class Background, class Foreground>
void runAlongside(Background&& background, Foreground&& foreground) {
    std::exception_ptr backgroundError;
    std::thread worker([&] {
        try {
            background();
        } catch (...) {
            backgroundError = std::current_exception();
        }
    });
    try {
        foreground();
    } catch (...) {
        worker.join();
        throw;
    }
    worker.join();
    if (backgroundError) std::rethrow_exception(backgroundError);
}

}  // namespace yewu
