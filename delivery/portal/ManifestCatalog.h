// ManifestCatalog: every file the portal can serve, read from the manifests
// the Runner publishes (OUT/<job>/<period>/manifest.json, DESIGN.md
// "Outputs"), and OUT/<job>/manifest.json for a job that keeps one manifest
// for all its periods (contracts). This is the ONLY way the portal finds a file: a URL carries an
// opaque id, the id is looked up here, and the path comes from the manifest
// entry, never from the URL.
//
// An entry is kept only when its manifest path is relative, has no ".." and
// no NUL, and its canonical path (symlinks resolved) is a regular file
// inside canonical OUT; anything else is skipped with a warning on stderr.
//
// Ids are the first 32 hex digits of SHA-256("<job>\n<period>\n<path>"):
// stable across reruns and restarts, so a bookmarked link keeps working.
//
// Team membership for per-salesperson files (letters, personal workbooks)
// comes from an optional teams.json next to the manifest:
//     {"teams": {"<salesperson id>": "<team>", ...}}
// written by the jobs that know the salesperson table (kpi, appraisal). When a
// folder has none, the teams.json of another job's folder for the same period
// is used. (Entries of team kinds carry their team as the subject: AccessPolicy.)
//
// Thread-safe. snapshot() re-reads the manifests at most once per
// refreshInterval (and at once with force), so bursts of requests do not
// rescan the disk; a rescan only re-parses when some manifest changed.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace yewu {

struct CatalogEntry {
    std::string id;
    std::string job;
    std::string period;   // the manifest's; for a job-wide manifest, the first folder of path
    std::string path;     // relative to the manifest's folder, as in the manifest
    std::string kind;
    std::string subject;
    std::string sha256;
    std::int64_t bytes = 0;
    std::int64_t rows = 0;
    std::string team;     // the subject salesperson's team from teams.json ("" when unknown)
    std::filesystem::path file;  // canonical absolute path, verified to lie inside OUT

    std::string fileName() const;  // last component of path
};

class ManifestCatalog {
public:
    struct Snapshot {
        std::vector<CatalogEntry> entries;          // job, period descending, path
        std::map<std::string, std::size_t> byId;
        std::size_t manifests = 0;
        const CatalogEntry* find(const std::string& id) const;
    };

    // outDir need not exist yet (an empty catalog until it does).
    explicit ManifestCatalog(std::filesystem::path outDir,
                             std::chrono::milliseconds refreshInterval = std::chrono::milliseconds(1000));

    std::shared_ptr<const Snapshot> snapshot(bool force = false);

    // The id of an entry: first 32 hex digits of SHA-256(job \n period \n path).
    static std::string idOf(const std::string& job, const std::string& period, const std::string& path);

private:
    struct ManifestStamp {
        long long mtimeNs = 0;
        unsigned long long size = 0, inode = 0;
        bool operator==(const ManifestStamp&) const = default;
    };
    std::shared_ptr<const Snapshot> rebuild(const std::map<std::string, ManifestStamp>& stamps);

    std::filesystem::path outDir_;
    std::chrono::milliseconds refreshInterval_;
    std::mutex mutex_;
    std::shared_ptr<const Snapshot> current_;
    std::map<std::string, ManifestStamp> stamps_;  // manifest and teams.json files of current_
    std::chrono::steady_clock::time_point checkedAt_{};
};

}  // namespace yewu
