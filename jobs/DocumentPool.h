// DocumentPool: renders PDF documents on worker threads, each thread with its
// own PdfRenderer (and so its own fonts), while the job's thread goes on
// reading rows and filling templates. Every document is written to the
// OutputSet file it was submitted with (created, and so opened, by the worker);
// the job publishes them after finish().
//
// At most `queueLimit` documents wait; submit() blocks beyond that, so memory
// stays bounded. A rendering error is rethrown by the next submit() or by
// finish(), once the documents in progress have ended, and no further documents
// are started; when several fail, the error is that of the earliest submitted,
// the one a single thread would have met, so a run fails the same way every time. Destroying the
// pool drops what has not started and joins the threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "OutputSet.h"
#include "reports/pdf/PdfRenderer.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace yewu {

// [pdf] threads: how many documents render at once; default one per core.
// Throws ConfigError for a value outside 1..64.
int pdfThreads(const Poco::Util::AbstractConfiguration& config);

class DocumentPool {
public:
    using MakeRenderer = std::function<std::unique_ptr<PdfRenderer>()>;

    // threads < 1 means 1. makeRenderer runs once on each worker thread; the
    // constructor returns when every thread has its renderer, and rethrows the
    // error of one that could not get it (missing fonts, a bad letterhead).
    DocumentPool(int threads, MakeRenderer makeRenderer, std::size_t queueLimit = 8);
    ~DocumentPool();
    DocumentPool(const DocumentPool&) = delete;
    DocumentPool& operator=(const DocumentPool&) = delete;

    // Queues the document; `done(pages)` then runs on the worker thread that wrote it.
    void submit(PdfDocumentSpec spec, OutputFile& file, std::function<void(int pages)> done = {});
    // Waits until every submitted document is written; rethrows the first error.
    void finish();
    // Time the workers spent rendering and writing, summed over threads.
    std::chrono::steady_clock::duration busy() const;

private:
    struct Task {
        PdfDocumentSpec spec;
        OutputFile* file = nullptr;
        std::function<void(int)> done;
        std::uint64_t sequence = 0;  // submission order
    };
    void work(const MakeRenderer& makeRenderer);

    std::size_t queueLimit_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Task> queue_;
    std::size_t running_ = 0;
    int starting_ = 0;  // threads still making their renderer
    bool stopping_ = false;
    std::exception_ptr error_;
    std::uint64_t errorSequence_ = UINT64_MAX;  // of the document error_ came from
    std::uint64_t nextSequence_ = 0;
    std::chrono::steady_clock::duration busy_{};
    std::vector<std::thread> threads_;
};

}  // namespace yewu
