// AlertSink: where the scheduler sends word of a run that failed for good
// (after its retries). The SMTP implementation is SmtpAlertSink; tests swap in
// their own sink.
#pragma once

#include <string>
#include <vector>

namespace yewu {

struct Alert {
    std::vector<std::string> to;  // e-mail addresses
    std::string subject;          // UTF-8
    std::string body;             // UTF-8 plain text
};

class AlertSink {
public:
    virtual ~AlertSink() = default;
    // Throws Poco::Exception (e.g. Poco::Net::SMTPException) when the alert cannot be delivered.
    virtual void send(const Alert& alert) = 0;
};

}  // namespace yewu
