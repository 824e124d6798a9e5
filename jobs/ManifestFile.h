// ManifestFile: a manifest.json (DESIGN.md "Outputs") read and written as a
// stream of entries, never as a whole document in memory.
//
// Why: the contracts job keeps one manifest for every contract it ever issued
// and rewrites it each night. Parsed as a Poco::JSON document and rebuilt as
// one, each entry cost ~9 KB at its peak (11,066 entries: 157 MB for a run
// with nothing new), so a year of contracts would have needed gigabytes. As a
// stream an entry costs its OutputRecord. The text is Poco's: strings are
// escaped by Poco::JSON::Stringifier and the layout is the one
// Poco::JSON::Object::stringify(out, 2) gives (tests/unit/ManifestFileTest.cpp
// compares the two).
#pragma once

#include <filesystem>
#include <map>
#include <ostream>
#include <string>

#include "OutputSet.h"

namespace yewu {

// The entries of the manifest at `path`, by path. Throws Poco::Exception when the
// file is not a manifest (OutputSet then rebuilds it from the run's files alone).
std::map<std::string, OutputRecord> readManifestEntries(const std::filesystem::path& path);

void writeManifest(std::ostream& out, const std::string& job, const std::string& period,
                   const std::map<std::string, OutputRecord>& entries);

}  // namespace yewu
