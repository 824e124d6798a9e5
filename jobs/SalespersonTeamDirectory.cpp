#include "SalespersonTeamDirectory.h"

#include <Poco/Exception.h>

#include <iostream>

#include "Runner.h"
#include "connectors/Source.h"

namespace yewu {

SalespersonTeamDirectory::SalespersonTeamDirectory(std::string sourceUri,
                                                   Poco::AutoPtr<Poco::Util::AbstractConfiguration> config,
                                                   std::chrono::seconds maxAge)
    : uri_(std::move(sourceUri)), config_(std::move(config)), maxAge_(maxAge) {}

std::string SalespersonTeamDirectory::teamOf(const std::string& salespersonId) {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (!loaded_ || now - loadedAt_ > maxAge_) {
        loaded_ = true;
        loadedAt_ = now;
        reload();
    }
    const auto it = teams_.find(salespersonId);
    return it == teams_.end() ? "" : it->second;
}

void SalespersonTeamDirectory::reload() {
    try {
        auto source = openSource(uri_, *config_, queriesDir(*config_).string());
        auto cursor = source->open(ScanRequest{Table::Salesperson, {"id", "team"}, {"id"}});
        std::map<std::string, std::string> teams;
        for (std::vector<RawRow> chunk; cursor->next(chunk);)
            for (const auto& row : chunk)
                if (row.values.size() == 2 && row.values[0] && row.values[1]) teams[*row.values[0]] = *row.values[1];
        teams_ = std::move(teams);
    } catch (const Poco::Exception& e) {
        std::cerr << "yewu serve: cannot read the salespeople's teams from the source: " << e.displayText() << "\n";
    }
}

}  // namespace yewu
