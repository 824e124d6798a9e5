// The kpi job: the monthly sales KPI workbook a sales director opens at month-end,
// and with kpi.per_person=true one workbook per salesperson for the appraisal job.
#pragma once

#include "JobRegistry.h"

namespace yewu {

void registerKpiJob(JobRegistry& registry);

}  // namespace yewu
