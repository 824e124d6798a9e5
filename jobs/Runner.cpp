#include "Runner.h"

#include <Poco/Exception.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <iostream>

#include "CancellableSource.h"
#include "Clock.h"
#include "ConfigError.h"
#include "Ledger.h"
#include "Logging.h"
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
    setLogRunId(outcome.runId);
    log().information("run %s started: %s %s (%s), source %s", std::to_string(outcome.runId), request.job, period,
                      request.paramsText, sourceName);

    // The ETA: as long as the job's last successful run took (jobs may expect() better).
    // progress.interval: how often the plain (non-terminal) progress lines come, in seconds
    // (fractions allowed, at least 0.01).
    const double interval = std::max(0.01, config_.getDouble("progress.interval", 10.0));
    Progress progress(request.job + " " + period, progressMode_, std::cerr,
                      std::chrono::milliseconds(std::int64_t(interval * 1000)));
    for (const auto& previous : ledger.history(request.job, 20)) {
        if (previous.status != "succeeded" || previous.endedAt.empty()) continue;
        try {
            // The ledger keeps whole seconds: a run that started and ended within one took under a second.
            progress.expectDuration(std::max(std::chrono::seconds(1),
                                             std::chrono::duration_cast<std::chrono::seconds>(
                                                 parseIsoUtc(previous.endedAt) - parseIsoUtc(previous.startedAt))));
        } catch (const std::invalid_argument&) {
        }
        break;
    }
    static const CancellationToken never;
    const CancellationToken& cancel = cancel_ ? *cancel_ : never;

    OutputSet outputs(outcome.dir);
    outputs.onCreate([&] {
        cancel.throwIfRequested();  // between documents
        progress.addDocument();
    });
    bool interrupted = false;
    bool misconfigured = false;
    try {
        if (!source) source = openSource(request.sourceUri, config_, queriesDir(config_).string());
        CancellableSource watched(*source, &cancel, &progress);
        JobContext context(config_, request.params, watched, outputs, outcome.accounting);
        context.cancellation = &cancel;
        context.progress = &progress;
        context.ledger = &ledger;
        context.runId = outcome.runId;
        job->run(context);
        cancel.throwIfRequested();  // the last chance not to publish
        if (!outcome.accounting.balanced())
            throw Poco::AssertionViolationException("row accounting does not balance (read != used + quarantined)");
        outcome.outputs = outputs.publish(request.job, period);
        const bool quarantined = !outcome.accounting.quarantined().empty();
        outcome.status = "succeeded";
        outcome.exitCode = quarantined && request.params.strict ? 3 : 0;
    } catch (const RunInterrupted& e) {
        interrupted = true;
        outcome.error = "interrupted: " + e.message() + "; nothing published";
    } catch (const ConfigError& e) {
        // A job that rejects its configuration is a usage error (exit 2), not a failed run.
        misconfigured = true;
        outcome.error = e.displayText();
    } catch (const Poco::Exception& e) {
        outcome.error = e.displayText();
    } catch (const std::exception& e) {
        outcome.error = e.what();
    }
    progress.finish();
    if (!outcome.error.empty()) {
        outputs.discard();
        outcome.outputs.clear();
        outcome.status = interrupted ? "interrupted" : "failed";
        outcome.exitCode = misconfigured ? 2 : 1;
    }
    ledger.finishRun(outcome.runId, outcome.status, outcome.exitCode, outcome.error, outcome.accounting,
                     outcome.outputs);
    if (interrupted) {
        log().warning("run %s interrupted: %s", std::to_string(outcome.runId), outcome.error);
    } else if (!outcome.error.empty()) {
        log().error("run %s failed, nothing published: %s", std::to_string(outcome.runId), outcome.error);
    } else {
        std::int64_t read = 0;
        for (const auto& [table, c] : outcome.accounting.counts()) read += c.read;
        log().information("run %s %s: %s file(s) in %s; %s rows read, %s quarantined", std::to_string(outcome.runId),
                          outcome.status, std::to_string(outcome.outputs.size()), outcome.dir.string(),
                          std::to_string(read), std::to_string(outcome.accounting.quarantined().size()));
    }
    setLogRunId(0);
    return outcome;
}

}  // namespace yewu
