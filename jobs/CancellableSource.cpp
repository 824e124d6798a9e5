#include "CancellableSource.h"

namespace yewu {

namespace {

class CancellableCursor : public RowCursor {
public:
    CancellableCursor(std::unique_ptr<RowCursor> inner, const CancellationToken* cancel, Progress* progress)
        : inner_(std::move(inner)), cancel_(cancel), progress_(progress) {}

    bool next(std::vector<RawRow>& chunk) override {
        if (cancel_) cancel_->throwIfRequested();
        const bool more = inner_->next(chunk);
        if (progress_) progress_->addRows(std::int64_t(chunk.size()));
        return more;
    }

private:
    std::unique_ptr<RowCursor> inner_;
    const CancellationToken* cancel_;
    Progress* progress_;
};

}  // namespace

std::unique_ptr<RowCursor> CancellableSource::open(const ScanRequest& request) {
    if (cancel_) cancel_->throwIfRequested();
    std::lock_guard lock(openMutex_);
    return std::make_unique<CancellableCursor>(inner_.open(request), cancel_, progress_);
}

}  // namespace yewu
