// CancellableSource: the Source a job sees during a run. It forwards to the
// real source and, at every chunk of rows, polls the run's stop request
// (throwing RunInterrupted) and feeds the progress display. Doing this at the
// source means every job, present and future, stops promptly and shows
// progress without code of its own.
#pragma once

#include <mutex>

#include "CancellationToken.h"
#include "Progress.h"
#include "connectors/Source.h"

namespace yewu {

class CancellableSource : public Source {
public:
    // Neither pointer is owned; either may be null.
    CancellableSource(Source& inner, const CancellationToken* cancel, Progress* progress)
        : inner_(inner), cancel_(cancel), progress_(progress) {}

    std::string describe() const override { return inner_.describe(); }
    std::string origin(Table table) const override { return inner_.origin(table); }
    // Opens are serialised: jobs may open tables from several threads, and a source's
    // connection for probing queries is not shared safely. Cursors then run in parallel.
    std::unique_ptr<RowCursor> open(const ScanRequest& request) override;

private:
    std::mutex openMutex_;
    Source& inner_;
    const CancellationToken* cancel_;
    Progress* progress_;
};

}  // namespace yewu
