#include "JobRegistry.h"

#include <stdexcept>

#include "AppraisalJob.h"
#include "ConfigError.h"
#include "ContractsJob.h"
#include "KpiJob.h"
#include "ReceivablesJob.h"

namespace yewu {

POCO_IMPLEMENT_EXCEPTION(ConfigError, Poco::RuntimeException, "Configuration error")

void JobRegistry::add(JobInfo info) {
    for (const auto& job : jobs_)
        if (job.name == info.name) throw std::logic_error("job registered twice: " + info.name);
    jobs_.push_back(std::move(info));
}

const JobInfo& JobRegistry::find(const std::string& name) const {
    std::string known;
    for (const auto& job : jobs_) {
        if (job.name == name) return job;
        known += (known.empty() ? "" : ", ") + job.name;
    }
    throw ConfigError("Unknown job '" + name + "'. Known: " + known);
}

void registerAllJobs(JobRegistry& registry) {
    registerReceivablesJob(registry);
    registerKpiJob(registry);
    registerAppraisalJob(registry);
    registerContractsJob(registry);
}

}  // namespace yewu
