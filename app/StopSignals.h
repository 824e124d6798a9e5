// SIGTERM and SIGINT ask yewu to stop gracefully: the handler only sets the
// process's CancellationToken (and says so on stderr); runs poll it. The
// handler resets itself (SA_RESETHAND), so a second signal kills at once,
// which is safe too: outputs are unnamed temp files until published.
#pragma once

#include "jobs/CancellationToken.h"

namespace yewu {

// The process-wide stop request.
CancellationToken& stopRequest();
// Installs the handlers for SIGTERM and SIGINT. Idempotent.
void installStopSignals();

}  // namespace yewu
