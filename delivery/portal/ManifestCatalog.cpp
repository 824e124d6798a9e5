#include "ManifestCatalog.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <iostream>

#include "PortalCrypto.h"
#include "delivery/ManifestFile.h"

namespace yewu {

namespace fs = std::filesystem;

std::string CatalogEntry::fileName() const {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

const CatalogEntry* ManifestCatalog::Snapshot::find(const std::string& id) const {
    const auto it = byId.find(id);
    return it == byId.end() ? nullptr : &entries[it->second];
}

ManifestCatalog::ManifestCatalog(fs::path outDir, std::chrono::milliseconds refreshInterval)
    : outDir_(std::move(outDir)), refreshInterval_(refreshInterval), current_(std::make_shared<Snapshot>()) {}

std::string ManifestCatalog::idOf(const std::string& job, const std::string& period, const std::string& path) {
    return portal_crypto::sha256Hex(job + "\n" + period + "\n" + path).substr(0, 32);
}

namespace {

bool stampOf(const fs::path& p, long long& mtimeNs, unsigned long long& size, unsigned long long& inode) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    mtimeNs = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
    size = static_cast<unsigned long long>(st.st_size);
    inode = st.st_ino;
    return true;
}

bool isInside(const fs::path& child, const fs::path& root) {
    auto c = child.begin();
    for (auto r = root.begin(); r != root.end(); ++r, ++c) {
        if (r->empty()) continue;  // a trailing separator
        if (c == child.end() || *c != *r) return false;
    }
    return c != child.end();
}

// A manifest path we are willing to resolve: relative, normal, no "..", no NUL, no backslash.
bool acceptablePath(const std::string& path) {
    if (path.empty() || path.size() > 1024 || path.find('\0') != std::string::npos ||
        path.find('\\') != std::string::npos || path.front() == '/')
        return false;
    const fs::path p(path);
    if (p.is_absolute() || p.lexically_normal().generic_string() != path) return false;
    for (const auto& part : p)
        if (part == ".." || part == ".") return false;
    return true;
}

std::map<std::string, std::string> readTeams(const fs::path& file) {
    std::map<std::string, std::string> teams;
    try {
        std::ifstream in(file, std::ios::binary);
        Poco::JSON::Parser parser;
        auto root = parser.parse(in).extract<Poco::JSON::Object::Ptr>();
        auto map = root->getObject("teams");
        if (!map) return teams;
        for (const auto& [key, value] : *map) teams[key] = value.convert<std::string>();
    } catch (const Poco::Exception& e) {
        std::cerr << "yewu serve: ignoring unreadable " << file.string() << ": " << e.displayText() << "\n";
    }
    return teams;
}

}  // namespace

std::shared_ptr<const ManifestCatalog::Snapshot> ManifestCatalog::snapshot(bool force) {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (!force && checkedAt_.time_since_epoch().count() != 0 && now - checkedAt_ < refreshInterval_) return current_;
    checkedAt_ = now;

    // OUT/<job>/<period>/{manifest.json, teams.json}, and OUT/<job>/manifest.json for jobs that keep
    // one manifest for all periods (contracts); nothing deeper.
    std::map<std::string, ManifestStamp> stamps;
    std::error_code ec;
    for (auto job = fs::directory_iterator(outDir_, ec); !ec && job != fs::directory_iterator(); job.increment(ec)) {
        if (!job->is_directory(ec) || job->path().filename().string().starts_with(".")) continue;
        for (const char* name : {"manifest.json", "teams.json"}) {
            ManifestStamp s;
            const fs::path p = job->path() / name;
            if (stampOf(p, s.mtimeNs, s.size, s.inode)) stamps[p.string()] = s;
        }
        std::error_code ec2;
        for (auto period = fs::directory_iterator(job->path(), ec2); !ec2 && period != fs::directory_iterator();
             period.increment(ec2)) {
            if (!period->is_directory(ec2)) continue;
            for (const char* name : {"manifest.json", "teams.json"}) {
                ManifestStamp s;
                const fs::path p = period->path() / name;
                if (stampOf(p, s.mtimeNs, s.size, s.inode)) stamps[p.string()] = s;
            }
        }
    }
    if (stamps != stamps_ || force) {
        if (stamps != stamps_) current_ = rebuild(stamps);
        stamps_ = std::move(stamps);
    }
    return current_;
}

std::shared_ptr<const ManifestCatalog::Snapshot> ManifestCatalog::rebuild(
    const std::map<std::string, ManifestStamp>& stamps) {
    auto snap = std::make_shared<Snapshot>();
    std::error_code ec;
    const fs::path root = fs::canonical(outDir_, ec);
    if (ec) return snap;

    // Teams per period folder, and per period across jobs as a fallback.
    std::map<fs::path, std::map<std::string, std::string>> teamsByFolder;
    std::map<std::string, std::map<std::string, std::string>> teamsByPeriod;
    for (const auto& [file, stamp] : stamps) {
        const fs::path p(file);
        if (p.filename() != "teams.json") continue;
        auto teams = readTeams(p);
        auto& merged = teamsByPeriod[p.parent_path().filename().string()];
        for (const auto& [sp, team] : teams) merged.emplace(sp, team);
        teamsByFolder[p.parent_path()] = std::move(teams);
    }

    for (const auto& [file, stamp] : stamps) {
        const fs::path manifestPath(file);
        if (manifestPath.filename() != "manifest.json") continue;
        const fs::path dir = manifestPath.parent_path();
        try {
            // Streamed (ManifestFile.h says why); the entries are kept until the whole file
            // has read well, so a broken manifest adds nothing.
            std::vector<ManifestEntry> listed;
            const ManifestHeader header =
                readManifest(manifestPath, [&](const ManifestEntry& entry, unsigned) { listed.push_back(entry); });
            const std::string& job = header.job;
            const std::string& period = header.period;
            ++snap->manifests;
            const auto* folderTeams = teamsByFolder.count(dir) ? &teamsByFolder[dir] : nullptr;
            const auto& periodTeams = teamsByPeriod[dir.filename().string()];
            for (ManifestEntry& f : listed) {
                CatalogEntry e;
                e.job = job;
                e.period = period;
                e.path = std::move(f.path);
                e.kind = std::move(f.kind);
                e.subject = std::move(f.subject);
                e.sha256 = std::move(f.sha256);
                e.bytes = f.bytes;
                e.rows = f.rows;
                if (!acceptablePath(e.path)) {
                    std::cerr << "yewu serve: " << manifestPath.string() << ": refusing path '" << e.path << "'\n";
                    continue;
                }
                std::error_code fe;
                const fs::path resolved = fs::canonical(dir / e.path, fe);
                if (fe || !isInside(resolved, root) || !fs::is_regular_file(resolved, fe)) {
                    if (!fe && !isInside(resolved, root))
                        std::cerr << "yewu serve: " << manifestPath.string() << ": '" << e.path
                                  << "' resolves outside OUT; skipped\n";
                    continue;
                }
                e.file = resolved;
                if (!e.subject.empty()) {
                    if (folderTeams && folderTeams->count(e.subject)) e.team = folderTeams->at(e.subject);
                    else if (periodTeams.count(e.subject)) e.team = periodTeams.at(e.subject);
                }
                e.id = idOf(job, period, e.path);
                // A job-wide manifest (no period) lists "<period>/<file>": show it under that folder.
                if (e.period.empty() && e.path.find('/') != std::string::npos) e.period = e.path.substr(0, e.path.find('/'));
                snap->entries.push_back(std::move(e));
            }
        } catch (const Poco::Exception& e) {
            std::cerr << "yewu serve: ignoring unreadable " << manifestPath.string() << ": " << e.displayText()
                      << "\n";
        } catch (const std::exception& e) {
            std::cerr << "yewu serve: ignoring unreadable " << manifestPath.string() << ": " << e.what() << "\n";
        }
    }
    std::sort(snap->entries.begin(), snap->entries.end(), [](const CatalogEntry& a, const CatalogEntry& b) {
        if (a.job != b.job) return a.job < b.job;
        if (a.period != b.period) return a.period > b.period;
        return a.path < b.path;
    });
    for (std::size_t i = 0; i < snap->entries.size(); ++i) snap->byId[snap->entries[i].id] = i;
    return snap;
}

}  // namespace yewu
