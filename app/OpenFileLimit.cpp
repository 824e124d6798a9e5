#include "OpenFileLimit.h"

#include <sys/resource.h>

namespace yewu {

void raiseOpenFileLimit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == limit.rlim_max) return;
    // An unlimited hard limit cannot be a soft one (the kernel caps it at fs.nr_open,
    // 1,048,576 by default).
    limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? 1048576 : limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);  // best effort: jobs report running out clearly
}

}  // namespace yewu
