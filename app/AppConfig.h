// The layered configuration of DESIGN.md: INI file (--config, default
// config/yewu.ini when present) < environment (YEWU_SECTION__KEY) <
// -D section.key=value. Secrets (passwords, tokens) come only from the
// environment: a secret key found in the INI file or on the command line is a
// configuration error.
#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Util/LayeredConfiguration.h>

#include <string>
#include <vector>

namespace yewu {

// Throws ConfigError for an unreadable INI file, a malformed -D or a secret outside the environment.
Poco::AutoPtr<Poco::Util::LayeredConfiguration> loadConfiguration(const std::string& iniPath,
                                                                  const std::vector<std::string>& defines);

}  // namespace yewu
