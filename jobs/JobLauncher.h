// JobLauncher: how the scheduler starts a run. RunnerLauncher goes through the
// Runner exactly as `yewu run` does; tests substitute launchers that fail on
// purpose or record what they were asked to run.
#pragma once

#include "Runner.h"

namespace yewu {

class JobLauncher {
public:
    virtual ~JobLauncher() = default;
    // Same contract as Runner::run: ConfigError for a request that can never run,
    // any other exception (e.g. the OUT lock is held) for a failure worth retrying.
    virtual RunOutcome launch(const RunRequest& request) = 0;
};

class RunnerLauncher : public JobLauncher {
public:
    explicit RunnerLauncher(Runner& runner) : runner_(runner) {}
    RunOutcome launch(const RunRequest& request) override { return runner_.run(request); }

private:
    Runner& runner_;
};

}  // namespace yewu
