// PortalUserStore: the portal's accounts in one JSON file (portal.users_file,
// default OUT/portal-users.json), readable by nobody but its owner (0600).
//
//   {"users": [{"name", "role", "salesperson_id", "team",
//               "password": {"algorithm": "pbkdf2-sha256", "iterations", "salt", "hash"},
//               "tokens": [{"id", "sha256", "created"}]}]}
//
// Passwords are stored only as PBKDF2 hashes, tokens only as SHA-256 hashes.
// Changes (`yewu user ...`) rewrite the whole file atomically (temp file in
// the same folder, fsync, rename), and a running server notices the new file
// on its next lookup (inode/size/mtime check), so a revoked token stops
// working at once without a restart. Two `yewu user` commands racing on the
// same file may lose one change (last writer wins); they are run by hand.
//
// Thread-safe. Lookup methods never throw for a missing file (no users);
// a malformed file throws Poco::DataFormatException naming it.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "PortalUser.h"

namespace yewu {

class PortalUserStore {
public:
    explicit PortalUserStore(std::filesystem::path file);

    const std::filesystem::path& file() const { return file_; }

    std::optional<PortalUser> find(const std::string& name);
    std::vector<PortalUser> all();
    // The user when name exists and password matches; nullopt otherwise. For an unknown
    // name a dummy hash is still computed, so timing does not tell which names exist.
    std::optional<PortalUser> authenticatePassword(const std::string& name, const std::string& password);
    // The user owning this bearer token ("yewu_<id>_<secret>"), or nullopt.
    std::optional<PortalUser> authenticateToken(const std::string& token);
    // The team of the salesperson user with this salesperson id ("" when none is known).
    std::string teamOfSalesperson(const std::string& salespersonId);

    // Throws Poco::ExistsException when the name is taken, Poco::InvalidArgumentException
    // for an empty name or a role without its required --salesperson-id / --team.
    void add(PortalUser user, const std::string& password,
             int iterations = portal_crypto::kDefaultIterations);
    // Throws Poco::NotFoundException for an unknown name.
    void remove(const std::string& name);
    void setPassword(const std::string& name, const std::string& password);
    // Creates a token and returns its text; only its hash is stored.
    std::string createToken(const std::string& name);
    // Revokes the token with this id, or every token of the user when id is empty.
    // Returns how many were revoked. Throws Poco::NotFoundException for an unknown name.
    int revokeTokens(const std::string& name, const std::string& tokenId);

private:
    void reloadIfChanged();  // with mutex_ held
    void save();             // with mutex_ held
    PortalUser* findLocked(const std::string& name);

    std::filesystem::path file_;
    std::mutex mutex_;
    std::vector<PortalUser> users_;
    struct Stamp {
        bool exists = false;
        unsigned long long inode = 0, size = 0;
        long long mtimeNs = 0;
        bool operator==(const Stamp&) const = default;
    } stamp_;
    bool loaded_ = false;
};

}  // namespace yewu
