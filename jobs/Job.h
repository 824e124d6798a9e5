// Job: one named unit of work (receivables, kpi, ...). A job reads like the
// sentence that describes it: open the source, stream rows through
// validation, aggregate, render into the outputs the runner gives it.
//
// Jobs never publish: they write to OutputSet temp files, and the Runner
// renames them into place, writes the manifest and records the ledger only
// when run() returns normally. A job signals failure by throwing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/Date.h"
#include "core/Quarantine.h"
#include "reports/Locale.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace yewu {

class CancellationToken;
class Ledger;
class OutputSet;
class Progress;
class Source;

struct JobParams {
    std::optional<Date> asOf;      // --as-of
    std::optional<Month> period;   // --period
    Locale locale = Locale::ZhCN;
    bool send = false;
    bool dryRun = false;
    bool strict = false;
    Date today;                    // the clock's date, for defaults ("as of today")
    // Incremental document jobs (contracts): only what is dated on or after this day (--since),
    // and only this one subject, regenerated even when unchanged (--order NO). Other jobs ignore them.
    std::optional<Date> since;
    std::string order;
};

class JobContext {
public:
    JobContext(const Poco::Util::AbstractConfiguration& config, const JobParams& params, Source& source,
               OutputSet& outputs, RowAccounting& accounting)
        : config(config), params(params), source(source), outputs(outputs), accounting(accounting) {}

    const Poco::Util::AbstractConfiguration& config;
    const JobParams& params;
    Source& source;
    OutputSet& outputs;
    RowAccounting& accounting;
    // The run's ledger and id (set by the Runner), for jobs that keep their own records there,
    // like the contracts job's register of issued contracts. Records written during run() belong
    // to the run and count only if the run succeeds (status 'succeeded').
    Ledger* ledger = nullptr;
    std::int64_t runId = 0;
    // Set by the Runner (never null during a run). The Runner already polls the stop
    // request at every chunk of source rows and every new output file; a job with long
    // work between those may call cancellation->throwIfRequested() itself, and may tell
    // progress->expect(total, "documents") when it knows how many documents it will write.
    const CancellationToken* cancellation = nullptr;
    Progress* progress = nullptr;
};

class Job {
public:
    virtual ~Job() = default;
    // The folder name under OUT/<job>/ for these parameters ("2026-10-31", "2026-10").
    // Throws ConfigError when a required parameter is missing or does not apply.
    virtual std::string periodKey(const JobParams& params) const = 0;
    virtual void run(JobContext& context) = 0;
};

}  // namespace yewu
