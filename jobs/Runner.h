// Runner: runs one job the way every job is run. It takes the OUT lock,
// records the run in the ledger, opens the source, lets the job write its
// outputs, then either publishes them all (files renamed into place,
// manifest.json, ledger rows) or, when the job throws, publishes nothing and
// records the failure with its message.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "CancellationToken.h"
#include "Job.h"
#include "JobRegistry.h"
#include "OutputSet.h"
#include "Progress.h"

namespace yewu {

struct RunRequest {
    std::string job;
    JobParams params;
    std::string sourceUri;
    std::filesystem::path outDir;
    std::string paramsText;  // the parameters as the user gave them, for the ledger
};

struct RunOutcome {
    int exitCode = 0;  // DESIGN.md: 0 done, 1 failed, 3 done with quarantined rows under --strict
    std::int64_t runId = 0;
    std::string status;
    std::string error;
    std::filesystem::path dir;  // OUT/<job>/<period>
    std::vector<OutputRecord> outputs;
    RowAccounting accounting;
};

class Runner {
public:
    Runner(const JobRegistry& registry, const Poco::Util::AbstractConfiguration& config);
    // Throws ConfigError (exit 2) before anything is recorded, for an unknown job or
    // parameters the job cannot take. Every later failure is returned as exit code 1.
    // A stop request (SIGTERM/SIGINT) ends the run as status 'interrupted', exit code 1,
    // with nothing published.
    RunOutcome run(const RunRequest& request);

    // The stop request polled during runs (not owned; null: never stops early).
    void setCancellation(const CancellationToken* cancel) { cancel_ = cancel; }
    // How progress is shown on stderr (default Off).
    void setProgressMode(Progress::Mode mode) { progressMode_ = mode; }

private:
    const JobRegistry& registry_;
    const Poco::Util::AbstractConfiguration& config_;
    const CancellationToken* cancel_ = nullptr;
    Progress::Mode progressMode_ = Progress::Mode::Off;
};

// The folder holding config/ and templates/: config key paths.data_dir, or the source tree.
std::filesystem::path dataDir(const Poco::Util::AbstractConfiguration& config);
// The SQL mapping folder: source.queries, or <data dir>/config/queries/canonical.
std::filesystem::path queriesDir(const Poco::Util::AbstractConfiguration& config);

}  // namespace yewu
