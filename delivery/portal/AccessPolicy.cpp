#include "AccessPolicy.h"

namespace yewu {

AccessPolicy::AccessPolicy(AccessRules rules, std::function<std::string(const std::string&)> teamOfSalesperson)
    : rules_(std::move(rules)), teamOfSalesperson_(std::move(teamOfSalesperson)) {}

bool AccessPolicy::mayDownload(const PortalUser& user, const CatalogEntry& entry) const {
    switch (user.role) {
        case PortalRole::Admin:
            return true;
        case PortalRole::Finance:
            return rules_.financeKinds.count(entry.kind) > 0;
        case PortalRole::Salesperson:
            return !user.salespersonId.empty() && rules_.salespersonKinds.count(entry.kind) > 0 &&
                   entry.subject == user.salespersonId;
        case PortalRole::Manager: {
            if (user.team.empty() || rules_.managerKinds.count(entry.kind) == 0) return false;
            if (entry.kind == "kpi_workbook" && entry.subject.empty()) return rules_.managerSeesCompanyKpi;
            if (rules_.teamKinds.count(entry.kind)) return entry.subject == user.team;
            if (entry.subject.empty()) return false;
            std::string team = entry.team;
            if (team.empty() && teamOfSalesperson_) team = teamOfSalesperson_(entry.subject);
            return !team.empty() && team == user.team;
        }
    }
    return false;
}

}  // namespace yewu
