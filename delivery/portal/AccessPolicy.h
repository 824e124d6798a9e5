// AccessPolicy: who may download what, decided only from the manifest entry's
// kind and subject (DESIGN.md "Outputs") and the user's role:
//
//   admin        everything;
//   finance      the kinds in financeKinds (receivables and KPI workbooks);
//   manager      of team T: kinds in managerKinds whose team is T — a team
//                kind (teamKinds: team_pack, team_kpi_workbook, kpi_workbook)
//                whose subject is T, or a per-salesperson kind
//                (appraisal_letter, personal_kpi_workbook) whose salesperson
//                belongs to T — plus, when managerSeesCompanyKpi, the
//                company-wide kpi_workbook (subject "");
//   salesperson  with id N: kinds in salespersonKinds whose subject is N.
//
// Deny by default: a kind nobody listed (contract, quarantine_report, or a
// kind added later) is for admins until it is added to a list in config
// (portal.finance_kinds, portal.manager_kinds, portal.salesperson_kinds).
// A salesperson's team is the entry's team (teams.json beside the manifest),
// else what teamOfSalesperson says (the source's salesperson table, then the
// salesperson's portal user: see PortalServer.h).
#pragma once

#include <functional>
#include <set>
#include <string>

#include "ManifestCatalog.h"
#include "PortalUser.h"

namespace yewu {

struct AccessRules {
    std::set<std::string> financeKinds{"receivables_workbook", "kpi_workbook", "personal_kpi_workbook",
                                       "team_kpi_workbook"};
    std::set<std::string> managerKinds{"kpi_workbook", "personal_kpi_workbook", "team_kpi_workbook", "team_pack",
                                       "appraisal_letter"};
    std::set<std::string> teamKinds{"team_pack", "team_kpi_workbook", "kpi_workbook"};  // subject is a team
    std::set<std::string> salespersonKinds{"personal_kpi_workbook", "appraisal_letter"};
    bool managerSeesCompanyKpi = true;
};

class AccessPolicy {
public:
    // teamOfSalesperson: fallback for entries whose team is unknown (e.g. PortalUserStore).
    AccessPolicy(AccessRules rules, std::function<std::string(const std::string&)> teamOfSalesperson);

    bool mayDownload(const PortalUser& user, const CatalogEntry& entry) const;

private:
    AccessRules rules_;
    std::function<std::string(const std::string&)> teamOfSalesperson_;
};

}  // namespace yewu
