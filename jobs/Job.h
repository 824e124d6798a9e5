// Job: one named unit of work (receivables, kpi, ...). A job reads like the
// sentence that describes it: open the source, stream rows through
// validation, aggregate, render into the outputs the runner gives it.
//
// Jobs never publish: they write to OutputSet temp files, and the Runner
// renames them into place, writes the manifest and records the ledger only
// when run() returns normally. A job signals failure by throwing.
#pragma once

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
