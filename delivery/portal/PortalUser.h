// PortalUser: one account of the download portal, as stored in the users file
// (portal.users_file). Roles decide what the account may download (see
// AccessPolicy.h): finance, manager (of a team), salesperson (with an id),
// admin.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "PortalCrypto.h"

namespace yewu {

enum class PortalRole { Finance, Manager, Salesperson, Admin };

// "finance" -> Finance ...; nullopt for anything else.
std::optional<PortalRole> parsePortalRole(const std::string& text);
std::string portalRoleName(PortalRole role);

struct ApiToken {
    std::string id;         // 8 hex digits, printed so a token can be revoked by id
    std::string sha256;     // SHA-256 of the whole token text; the token itself is never stored
    std::string createdAt;  // UTC, ISO 8601
};

struct PortalUser {
    std::string name;
    PortalRole role = PortalRole::Salesperson;
    std::string salespersonId;  // salesperson: the canonical salesperson.id they are
    std::string team;           // manager: the team they manage (salesperson: their team, optional)
    PasswordHash password;
    std::vector<ApiToken> tokens;
};

}  // namespace yewu
