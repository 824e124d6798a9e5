// ManifestFile: the streamed manifest is byte for byte what Poco's JSON document
// gave (so manifests did not change), and reading it back returns every entry.
#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "delivery/ManifestFile.h"
#include "jobs/OutputSet.h"

using namespace yewu;

namespace {

// How OutputSet::publish wrote manifests before: a whole Poco::JSON document.
std::string pocoDocument(const std::string& job, const std::string& period,
                         const std::map<std::string, OutputRecord>& entries) {
    Poco::JSON::Object manifest(Poco::JSON_PRESERVE_KEY_ORDER);
    manifest.set("job", job);
    manifest.set("period", period);
    Poco::JSON::Array files;
    for (const auto& [path, r] : entries) {
        Poco::JSON::Object f(Poco::JSON_PRESERVE_KEY_ORDER);
        f.set("path", r.path);
        f.set("kind", r.kind);
        f.set("bytes", r.bytes);
        f.set("sha256", r.sha256);
        f.set("rows", r.rows);
        f.set("subject", r.subject);
        files.add(f);
    }
    manifest.set("files", files);
    std::ostringstream text;
    manifest.stringify(text, 2);
    text << "\n";
    return text.str();
}

std::string streamed(const std::string& job, const std::string& period,
                     const std::map<std::string, OutputRecord>& entries) {
    std::ostringstream out;
    writeManifest(out, job, period, entries);
    return out.str();
}

std::map<std::string, OutputRecord> sample(int n) {
    std::map<std::string, OutputRecord> entries;
    for (int i = 0; i < n; ++i) {
        OutputRecord r{"2026-10/HT-SO-" + std::to_string(i) + ".pdf", "contract", "SO \"引号\" \\ /\t" + std::to_string(i),
                       i, 60000 + i, std::string(64, char('a' + i % 6))};
        entries[r.path] = r;
    }
    return entries;
}

}  // namespace

TEST(ManifestFileTest, WritesWhatPocosDocumentWrote) {
    for (int n : {0, 1, 3}) {
        SCOPED_TRACE(std::to_string(n) + " entries");
        EXPECT_EQ(streamed("contracts", "", sample(n)), pocoDocument("contracts", "", sample(n)));
        EXPECT_EQ(streamed("kpi", "2026-10", sample(n)), pocoDocument("kpi", "2026-10", sample(n)));
    }
}

TEST(ManifestFileTest, ReadsBackEveryEntry) {
    const auto path = std::filesystem::temp_directory_path() / ("yewu-manifest-" + std::to_string(::getpid()) + ".json");
    const auto entries = sample(5);
    {
        std::ofstream out(path, std::ios::binary);
        writeManifest(out, "contracts", "", entries);
    }
    const auto back = readManifestEntries(path);
    ASSERT_EQ(back.size(), entries.size());
    for (const auto& [p, r] : entries) {
        const OutputRecord& b = back.at(p);
        EXPECT_EQ(b.kind, r.kind);
        EXPECT_EQ(b.subject, r.subject);
        EXPECT_EQ(b.rows, r.rows);
        EXPECT_EQ(b.bytes, r.bytes);
        EXPECT_EQ(b.sha256, r.sha256);
    }
    {
        std::ofstream out(path, std::ios::binary);
        out << R"({"job": "x", "period": "", "files": [{"path": "a.pdf", "kind": "contract"}]})";
    }
    EXPECT_THROW(readManifestEntries(path), Poco::Exception);  // an entry without rows, bytes, sha256
    std::filesystem::remove(path);
}
