#include "StopSignals.h"

#include <signal.h>
#include <unistd.h>

namespace yewu {

namespace {

CancellationToken token;

extern "C" void onStopSignal(int signal) {
    token.request(signal);
    static const char message[] = "yewu: stopping at the next safe point (send the signal again to kill)\n";
    const ssize_t ignored = ::write(STDERR_FILENO, message, sizeof message - 1);
    (void)ignored;
}

}  // namespace

CancellationToken& stopRequest() { return token; }

void installStopSignals() {
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;  // no SA_RESTART: a blocking call returns EINTR
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGINT, &action, nullptr);
}

}  // namespace yewu
