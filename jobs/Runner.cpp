#include "Runner.h"

#include <Poco/Exception.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <iostream>

#include "ConfigError.h"
#include "Ledger.h"
#include "OutLock.h"
#include "connectors/Source.h"

namespace yewu {

std::filesystem::path dataDir(const Poco::Util::AbstractConfiguration& config) {
    return config.getString("paths.data_dir", YEWU_DATA_DIR);
}

std::filesystem::path queriesDir(const Poco::Util::AbstractConfiguration& config) {
    if (config.has("source.queries")) return config.getString("source.queries");
    return dataDir(config) / "config" / "queries" / "canonical";
}

Runner::Runner(const JobRegistry& registry, const Poco::Util::AbstractConfiguration& config)
    : registry_(registry), config_(config) {}

RunOutcome Runner::run(const RunRequest& request) {
    const JobInfo& info = registry_.find(request.job);
    std::unique_ptr<Job> job = info.create();
    const std::string period = job->periodKey(request.params);

    RunOutcome outcome;
    outcome.dir = request.outDir / request.job / period;

    OutLock lock(request.outDir);
    Ledger ledger(request.outDir);
    ledger.markAbandonedRuns();
    OutputSet::removeStaleTemps(outcome.dir);

    std::string sourceName = request.sourceUri;
    std::unique_ptr<Source> source;
    try {
        source = openSource(request.sourceUri, config_, queriesDir(config_).string());
        sourceName = source->describe();
    } catch (const Poco::Exception&) {
        // Recorded below as the run's failure; the name may hold credentials, so keep only the scheme.
        sourceName = request.sourceUri.substr(0, request.sourceUri.find(':'));
    }
    outcome.runId = ledger.startRun(request.job, period, request.paramsText, sourceName);

    OutputSet outputs(outcome.dir);
    try {
        if (!source) source = openSource(request.sourceUri, config_, queriesDir(config_).string());
        JobContext context(config_, request.params, *source, outputs, outcome.accounting);
        job->run(context);
        if (!outcome.accounting.balanced())
            throw Poco::AssertionViolationException("row accounting does not balance (read != used + quarantined)");
        outcome.outputs = outputs.publish(request.job, period);
        const bool quarantined = !outcome.accounting.quarantined().empty();
        outcome.status = "succeeded";
        outcome.exitCode = quarantined && request.params.strict ? 3 : 0;
    } catch (const Poco::Exception& e) {
        outcome.error = e.displayText();
    } catch (const std::exception& e) {
        outcome.error = e.what();
    }
    if (!outcome.error.empty()) {
        outputs.discard();
        outcome.outputs.clear();
        outcome.status = "failed";
        outcome.exitCode = 1;
    }
    ledger.finishRun(outcome.runId, outcome.status, outcome.exitCode, outcome.error, outcome.accounting,
                     outcome.outputs);
    return outcome;
}

}  // namespace yewu
