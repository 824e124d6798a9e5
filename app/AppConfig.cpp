#include "AppConfig.h"

#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/MapConfiguration.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "jobs/ConfigError.h"

extern char** environ;

namespace yewu {

namespace {

bool isSecretKey(const std::string& key) {
    std::string lower = key;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower.ends_with("password") || lower.ends_with("token") || lower.ends_with("secret");
}

// YEWU_SMTP__PASSWORD -> smtp.password; YEWU_SOURCE__HTTP__TOKEN -> source.http.token.
std::string envKeyToConfigKey(std::string_view name) {
    std::string key;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '_' && i + 1 < name.size() && name[i + 1] == '_') {
            key.push_back('.');
            ++i;
        } else {
            key.push_back(char(std::tolower(static_cast<unsigned char>(name[i]))));
        }
    }
    return key;
}

void rejectSecrets(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
                   const std::string& where) {
    Poco::Util::AbstractConfiguration::Keys keys;
    config.keys(prefix, keys);
    for (const auto& k : keys) {
        const std::string full = prefix.empty() ? k : prefix + "." + k;
        if (isSecretKey(full))
            throw ConfigError("secret '" + full + "' found in " + where +
                              "; secrets come only from the environment (YEWU_SECTION__KEY)");
        rejectSecrets(config, full, where);
    }
}

}  // namespace

Poco::AutoPtr<Poco::Util::LayeredConfiguration> loadConfiguration(const std::string& iniPath,
                                                                  const std::vector<std::string>& defines) {
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> config(new Poco::Util::LayeredConfiguration);

    // A lower priority number wins: -D (-200) over environment (-50) over INI (0).
    Poco::AutoPtr<Poco::Util::MapConfiguration> commandLine(new Poco::Util::MapConfiguration);
    for (const auto& define : defines) {
        const auto eq = define.find('=');
        if (eq == std::string::npos || eq == 0 || define.find('.') > eq)
            throw ConfigError("-D expects section.key=value, got '" + define + "'");
        commandLine->setString(define.substr(0, eq), define.substr(eq + 1));
    }
    rejectSecrets(*commandLine, "", "-D on the command line");
    config->add(commandLine, -200);

    Poco::AutoPtr<Poco::Util::MapConfiguration> environment(new Poco::Util::MapConfiguration);
    for (char** e = environ; *e; ++e) {
        const std::string_view entry(*e);
        const auto eq = entry.find('=');
        if (eq == std::string_view::npos || !entry.starts_with("YEWU_")) continue;
        const std::string key = envKeyToConfigKey(entry.substr(5, eq - 5));
        if (key.find('.') == std::string::npos) continue;  // not SECTION__KEY
        environment->setString(key, std::string(entry.substr(eq + 1)));
    }
    config->add(environment, -50);

    if (!iniPath.empty()) {
        if (!std::filesystem::is_regular_file(iniPath)) throw ConfigError("configuration file not found: " + iniPath);
        try {
            Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini(new Poco::Util::IniFileConfiguration(iniPath));
            rejectSecrets(*ini, "", iniPath);
            config->add(ini, 0);
        } catch (const ConfigError&) {
            throw;
        } catch (const Poco::Exception& e) {
            throw ConfigError("cannot read configuration " + iniPath + ": " + e.displayText());
        }
    }
    return config;
}

}  // namespace yewu
