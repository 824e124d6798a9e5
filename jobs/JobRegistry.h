// JobRegistry: every job, registered by name in one explicit list
// (registerAllJobs), each with the one-line description `yewu jobs` prints.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "Job.h"

namespace yewu {

struct JobInfo {
    std::string name;
    std::string description;
    std::function<std::unique_ptr<Job>()> create;
};

class JobRegistry {
public:
    // A duplicate name is a programming error: throws std::logic_error.
    void add(JobInfo info);
    // Throws ConfigError for an unknown name, listing the known ones.
    const JobInfo& find(const std::string& name) const;
    const std::vector<JobInfo>& all() const { return jobs_; }

private:
    std::vector<JobInfo> jobs_;
};

// The one place that knows every job.
void registerAllJobs(JobRegistry& registry);

}  // namespace yewu
