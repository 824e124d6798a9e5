// The receivables job: the aging workbook finance opens every morning.
#pragma once

#include "JobRegistry.h"

namespace yewu {

void registerReceivablesJob(JobRegistry& registry);

}  // namespace yewu
