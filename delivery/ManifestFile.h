// ManifestFile: a manifest.json (DESIGN.md "Outputs"), the list of a job's
// published files that the Runner writes (jobs/OutputSet) and the portal
// reads (portal/ManifestCatalog), read and written as a stream of entries,
// never as a whole document in memory.
//
// Why: the contracts job keeps one manifest for every contract it ever issued
// and rewrites it each night, and the portal re-reads it. Parsed as a
// Poco::JSON document and rebuilt as one, each entry cost ~9 KB at the peak
// (11,066 entries: 157 MB for a run with nothing new), so a year of contracts
// would have needed gigabytes. As a stream an entry costs its ManifestEntry.
// The text is Poco's: strings are escaped by Poco::JSON::Stringifier and the
// layout is the one Poco::JSON::Object::stringify(out, 2) gives
// (tests/unit/ManifestFileTest.cpp compares the two).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <ostream>
#include <string>

namespace yewu {

struct ManifestEntry {
    std::string path;     // relative to the manifest's folder
    std::string kind;     // receivables_workbook, kpi_workbook, ...
    std::string subject;  // salesperson id, team or order number ("" for none)
    std::int64_t rows = 0;
    std::int64_t bytes = 0;
    std::string sha256;
};

// Which members an entry had (a manifest written by yewu has them all).
enum ManifestField : unsigned {
    kManifestPath = 1, kManifestKind = 2, kManifestRows = 4, kManifestBytes = 8, kManifestSha256 = 16,
    kManifestSubject = 32
};

struct ManifestHeader {
    std::string job, period;
};

// Calls onEntry for each entry of "files", in file order, with the members it had.
// Throws Poco::Exception when the file cannot be read, is not JSON, or has no job,
// period or files; an entry without a path or kind throws too.
ManifestHeader readManifest(const std::filesystem::path& path,
                            const std::function<void(const ManifestEntry&, unsigned fields)>& onEntry);

// The entries by path; also throws when an entry lacks rows, bytes or sha256.
std::map<std::string, ManifestEntry> readManifestEntries(const std::filesystem::path& path);

void writeManifest(std::ostream& out, const std::string& job, const std::string& period,
                   const std::map<std::string, ManifestEntry>& entries);

}  // namespace yewu
