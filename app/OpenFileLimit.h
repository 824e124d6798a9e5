// raiseOpenFileLimit: lifts this process's soft limit on open files to its hard
// limit, at start-up.
//
// Why: a job keeps every output it writes open (an unnamed temp file) until it
// publishes them all at once, so a run of a day's contracts or a month's
// appraisal (510 letters and packs, 510 workbooks) holds over a thousand files
// open. The usual soft limit, under cron and systemd alike, is 1,024; the hard
// limit (systemd: 524,288) is what the administrator meant to allow.
#pragma once

namespace yewu {

void raiseOpenFileLimit();

}  // namespace yewu
