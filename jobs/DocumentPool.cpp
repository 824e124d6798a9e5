#include "DocumentPool.h"

#include <Poco/Exception.h>
#include <Poco/Util/AbstractConfiguration.h>

#include "ConfigError.h"

namespace yewu {

int pdfThreads(const Poco::Util::AbstractConfiguration& config) {
    const int cores = int(std::thread::hardware_concurrency());
    int threads = 0;
    try {
        threads = config.getInt("pdf.threads", cores > 0 ? cores : 1);
    } catch (const Poco::Exception& e) {
        throw ConfigError("pdf.threads: " + e.displayText());
    }
    if (threads < 1 || threads > 64)
        throw ConfigError("pdf.threads must be 1..64, got " + std::to_string(threads));
    return threads;
}

DocumentPool::DocumentPool(int threads, MakeRenderer makeRenderer, std::size_t queueLimit)
    : queueLimit_(queueLimit < 1 ? 1 : queueLimit) {
    starting_ = threads < 1 ? 1 : threads;
    for (int i = 0, n = starting_; i < n; ++i)
        threads_.emplace_back([this, makeRenderer] { work(makeRenderer); });
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return starting_ == 0; });
    if (error_) {
        lock.unlock();
        const std::exception_ptr error = error_;
        for (std::thread& t : threads_) t.join();
        std::rethrow_exception(error);
    }
}

DocumentPool::~DocumentPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        queue_.clear();
    }
    changed_.notify_all();
    for (std::thread& t : threads_) t.join();
}

void DocumentPool::work(const MakeRenderer& makeRenderer) {
    std::unique_ptr<PdfRenderer> renderer;
    try {
        renderer = makeRenderer();
    } catch (...) {
        std::lock_guard lock(mutex_);
        if (!error_) error_ = std::current_exception();
        stopping_ = true;
        --starting_;
        changed_.notify_all();
        return;
    }
    {
        std::lock_guard lock(mutex_);
        --starting_;
        changed_.notify_all();
    }
    for (;;) {
        Task task;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return !queue_.empty() || stopping_; });
            if (stopping_) break;
            task = std::move(queue_.front());
            queue_.pop_front();
            ++running_;
            changed_.notify_all();
        }
        const auto start = std::chrono::steady_clock::now();
        std::exception_ptr error;
        try {
            const int pages = renderer->write(task.spec, task.file->writePath());
            task.file->hashContent();  // here, on this core, rather than all at the end
            if (task.done) task.done(pages);
        } catch (...) {
            error = std::current_exception();
        }
        std::lock_guard lock(mutex_);
        busy_ += std::chrono::steady_clock::now() - start;
        --running_;
        if (error) {
            // The error reported is that of the earliest document submitted, as one thread
            // would have met it: another thread may fail on a later one first.
            if (task.sequence < errorSequence_) {
                error_ = error;
                errorSequence_ = task.sequence;
            }
            stopping_ = true;  // the run fails: start nothing more
            queue_.clear();
        }
        changed_.notify_all();
    }
    renderer.reset();  // on this thread, with this thread's fonts
}

void DocumentPool::submit(PdfDocumentSpec spec, OutputFile& file, std::function<void(int)> done) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return queue_.size() < queueLimit_ || error_ || stopping_; });
    if (error_) {
        changed_.wait(lock, [&] { return running_ == 0; });  // an earlier document may fail yet
        std::rethrow_exception(error_);
    }
    if (stopping_) throw std::logic_error("DocumentPool: submit after the pool stopped");
    queue_.push_back(Task{std::move(spec), &file, std::move(done), nextSequence_++});
    changed_.notify_all();
}

void DocumentPool::finish() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return (queue_.empty() && running_ == 0) || error_; });
    if (error_) {
        // Let documents in progress end before the caller unwinds and removes their files.
        changed_.wait(lock, [&] { return running_ == 0; });
        std::rethrow_exception(error_);
    }
}

std::chrono::steady_clock::duration DocumentPool::busy() const {
    std::lock_guard lock(mutex_);
    return busy_;
}

}  // namespace yewu
