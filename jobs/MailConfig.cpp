#include "MailConfig.h"

#include <Poco/Exception.h>
#include <Poco/Util/AbstractConfiguration.h>

#include "ConfigError.h"

namespace yewu {

SmtpSettings smtpSettingsFromConfig(const Poco::Util::AbstractConfiguration& config) {
    SmtpSettings s;
    try {
        s.host = config.getString("smtp.host", s.host);
        s.port = config.getInt("smtp.port", s.port);
        const std::string tls = config.getString("smtp.tls", "none");
        if (tls == "starttls") s.tls = SmtpSettings::Tls::StartTls;
        else if (tls != "none") throw ConfigError("smtp.tls must be none or starttls, got '" + tls + "'");
        s.from = config.getString("smtp.from", "");
        s.fromName = config.getString("smtp.from_name", "");
        s.user = config.getString("smtp.user", "");
        s.password = config.getString("smtp.password", "");
        s.caFile = config.getString("smtp.ca_file", "");
        s.verifyPeer = config.getBool("smtp.tls_verify", true);
        s.heloName = config.getString("smtp.helo", "");
        s.timeoutSeconds = config.getInt("smtp.timeout", s.timeoutSeconds);
        s.ratePerSecond = config.getDouble("smtp.rate", 0);
        s.maxAttempts = config.getInt("smtp.max_attempts", s.maxAttempts);
        s.retryDelayMs = config.getInt("smtp.retry_delay_ms", s.retryDelayMs);
        s.connections = config.getInt("smtp.connections", s.connections);
    } catch (const ConfigError&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw ConfigError("[smtp]: " + e.displayText());  // Poco names the value, never the password key's value
    }
    if (s.port < 1 || s.port > 65535) throw ConfigError("smtp.port must be 1..65535");
    if (s.timeoutSeconds < 1) throw ConfigError("smtp.timeout must be at least 1 (seconds)");
    if (s.ratePerSecond < 0) throw ConfigError("smtp.rate must not be negative");
    if (s.maxAttempts < 1 || s.maxAttempts > 100) throw ConfigError("smtp.max_attempts must be 1..100");
    if (s.connections < 1 || s.connections > 8) throw ConfigError("smtp.connections must be 1..8");
    if (s.retryDelayMs < 0) throw ConfigError("smtp.retry_delay_ms must not be negative");
    if (s.from.find_first_of(" <>\r\n") != std::string::npos)
        throw ConfigError("smtp.from must be a plain address (a@b), got '" + s.from + "'");
    return s;
}

}  // namespace yewu
