// MailConfig: the [smtp] section as SmtpSettings, for every mailer.
//
//   smtp.host (localhost), smtp.port (25; 587 is usual with starttls),
//   smtp.tls (none | starttls), smtp.from (required to send), smtp.from_name,
//   smtp.user (empty: no AUTH), smtp.password (only from the environment:
//   YEWU_SMTP__PASSWORD), smtp.ca_file, smtp.tls_verify (true), smtp.helo,
//   smtp.timeout (30 s), smtp.rate (0 = no limit, messages per second),
//   smtp.max_attempts (5), smtp.retry_delay_ms (2000, doubled per retry),
//   smtp.connections (4: a mass mailing uses that many connections at once).
#pragma once

#include "delivery/SmtpSettings.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace yewu {

// Throws ConfigError naming the key for a malformed value. Does not require smtp.from.
SmtpSettings smtpSettingsFromConfig(const Poco::Util::AbstractConfiguration& config);

}  // namespace yewu
