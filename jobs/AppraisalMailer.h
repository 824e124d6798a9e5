// AppraisalMailer: mails the published appraisal pack of a month, exactly
// once per recipient (yewu run appraisal --period P --send | --dry-run).
//
//   each active salesperson: letters/<id>.pdf and people/<id>.xlsx
//   each manager (a salesperson named as manager_id by active members of a
//   team): for every team they manage, teams/<team>.pdf (the team pack) and
//   teams/<team>.xlsx (the team's KPI workbook: the KPI workbook's sheets
//   for that team's members only)
//
// Before anything is sent it reconciles the pack with the current
// salesperson table (read from the source) and lists everyone who will not
// get a mail and why (no address, no letter, no manager, unreadable row):
// nobody is skipped silently. Texts come from templates/<locale>/
// mail_appraisal.txt and mail_team.txt (first line: subject; then a blank
// line and the body). Config: [appraisal] mail_cc, mail_bcc (comma-separated
// addresses added to every mail), require_approval (false): --send refuses
// until `yewu approve appraisal P` recorded an approval of exactly the
// published manifest. [smtp]: see MailConfig.h.
//
// Exactly once: every mail is a row of the Outbox (see Outbox.h). A rerun
// sends only rows not yet sent; a row whose documents or address changed
// after it was sent is reported and not sent again; a row left 'sending' by a
// run that died between the end of DATA and the server's answer being
// recorded is reported as "possibly sent" and not sent again. Both are sent
// again only when named with --resend ADDRESS: a sent one with a new
// Message-ID (it is a second, deliberate mail), a possibly sent one with the
// same Message-ID (if the first copy did arrive, it is the same message).
// Message-IDs are derived from job, period, recipient, role, address and the
// attachments' SHA-256, so a duplicate is recognisable by people and servers.
// Mails go out over smtp.connections connections at once (default 4), each
// reused for all its mails.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "core/Date.h"
#include "reports/Locale.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace yewu {

class CancellationToken;
class MailTransport;

struct AppraisalMailRequest {
    Month period;
    Locale locale = Locale::ZhCN;
    std::string sourceUri;            // where the salesperson table (addresses, managers) is read
    std::filesystem::path outDir;     // OUT
    bool dryRun = false;              // write .eml files to OUT/appraisal/<period>/mail-preview/, send nothing
    std::vector<std::string> resend;  // addresses to send again deliberately
    // Polled between mails (not owned; null: never): a stop request ends the run after the
    // mail in flight, leaving the rest pending.
    const CancellationToken* cancel = nullptr;
};

class AppraisalMailer {
public:
    // transport: null for SMTP from [smtp]; tests pass their own (not owned).
    AppraisalMailer(const Poco::Util::AbstractConfiguration& config, MailTransport* transport = nullptr);

    // Reconciles, then sends (or previews) and reports on `report`. Returns 0 when every
    // planned mail is sent (or was already), 1 when anyone did not get theirs. Throws
    // ConfigError (exit 2) for a missing pack, missing smtp.from, an unknown --resend address
    // or a missing approval; takes the OUT lock (Poco::FileException when held).
    int run(const AppraisalMailRequest& request, std::ostream& report);

    // OUT/appraisal/<period>/ when its manifest.json exists, else empty.
    static std::filesystem::path publishedPack(const std::filesystem::path& outDir, Month period);
    // Records that `by` approved the published pack (its manifest's SHA-256) now.
    // Throws ConfigError when there is no published pack.
    static void approve(const std::filesystem::path& outDir, Month period, const std::string& by,
                        std::ostream& report);

private:
    const Poco::Util::AbstractConfiguration& config_;
    MailTransport* transport_;
};

}  // namespace yewu
