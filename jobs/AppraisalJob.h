// The appraisal job: each active salesperson's monthly appraisal letter
// (绩效考核通知书), one pack per team for the managers, and the personal KPI
// workbooks.
#pragma once

#include "JobRegistry.h"

namespace yewu {

void registerAppraisalJob(JobRegistry& registry);

}  // namespace yewu
