// The contracts job: a sales contract (销售合同) PDF for every confirmed order
// that does not have one yet, run incrementally every night.
#pragma once

#include "JobRegistry.h"

namespace yewu {

void registerContractsJob(JobRegistry& registry);

}  // namespace yewu
