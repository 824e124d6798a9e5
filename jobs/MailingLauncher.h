// MailingLauncher: a JobLauncher for the scheduler that, after an appraisal
// run with send = true (or dry_run = true), mails the pack exactly as
// `yewu run appraisal --send` does (AppraisalMailer). A mailing that leaves
// anyone without their mail makes the run count as failed (exit 1) with the
// mailer's report as the error, so the scheduler retries it (a retry sends
// only what is still pending) and finally alerts.
#pragma once

#include <iostream>
#include <sstream>

#include "AppraisalMailer.h"
#include "CancellationToken.h"
#include "JobLauncher.h"

namespace yewu {

class MailingLauncher : public JobLauncher {
public:
    // inner, config and cancel are not owned and must outlive this launcher.
    MailingLauncher(JobLauncher& inner, const Poco::Util::AbstractConfiguration& config,
                    const CancellationToken* cancel)
        : inner_(inner), config_(config), cancel_(cancel) {}

    RunOutcome launch(const RunRequest& request) override {
        RunOutcome outcome = inner_.launch(request);
        const JobParams& p = request.params;
        if (request.job != "appraisal" || !(p.send || p.dryRun) || outcome.exitCode == 1 || outcome.exitCode == 2)
            return outcome;
        const Month month = p.period.value_or(Month::of(p.today).plusMonths(-1));
        std::ostringstream report;
        const int code = AppraisalMailer(config_).run(
            AppraisalMailRequest{month, p.locale, request.sourceUri, request.outDir, p.dryRun, {}, cancel_}, report);
        std::cerr << report.str();
        if (code != 0) {
            outcome.exitCode = 1;
            outcome.status = "failed";
            outcome.error = "the pack was published, but not everyone got their mail:\n" + report.str();
        }
        return outcome;
    }

private:
    JobLauncher& inner_;
    const Poco::Util::AbstractConfiguration& config_;
    const CancellationToken* cancel_;
};

}  // namespace yewu
