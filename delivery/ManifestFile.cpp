#include "ManifestFile.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Handler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <fstream>

namespace yewu {

namespace {

// Reports the objects of the top-level "files" array one at a time, and keeps the
// top-level job and period; every other member is ignored.
class EntriesHandler : public Poco::JSON::Handler {
public:
    explicit EntriesHandler(const std::function<void(const ManifestEntry&, unsigned)>& onEntry)
        : onEntry_(onEntry) {}

    ManifestHeader header;
    bool hasJob = false, hasPeriod = false, hasFiles = false;

    void reset() override {}
    void startObject() override {
        ++depth_;
        if (inFiles_ && depth_ == 2) {
            entry_ = ManifestEntry{};
            fields_ = 0;
        }
    }
    void endObject() override {
        if (inFiles_ && depth_ == 2) {
            if ((fields_ & (kManifestPath | kManifestKind)) != (kManifestPath | kManifestKind))
                throw Poco::DataFormatException("a manifest entry without a path or kind");
            onEntry_(entry_, fields_);
        }
        --depth_;
    }
    void startArray() override {
        if (depth_ == 1 && key_ == "files") inFiles_ = hasFiles = true;
    }
    void endArray() override {
        if (depth_ == 1) inFiles_ = false;
    }
    void key(const std::string& k) override { key_ = k; }
    void null() override {}
    void value(int v) override { number(v); }
    void value(unsigned v) override { number(std::int64_t(v)); }
    void value(Poco::Int64 v) override { number(v); }
    void value(Poco::UInt64 v) override { number(std::int64_t(v)); }
    void value(double) override {}
    void value(bool) override {}
    void value(const std::string& v) override {
        if (depth_ == 1 && key_ == "job") header.job = v, hasJob = true;
        if (depth_ == 1 && key_ == "period") header.period = v, hasPeriod = true;
        if (!inFiles_ || depth_ != 2) return;
        if (key_ == "path") entry_.path = v, fields_ |= kManifestPath;
        else if (key_ == "kind") entry_.kind = v, fields_ |= kManifestKind;
        else if (key_ == "sha256") entry_.sha256 = v, fields_ |= kManifestSha256;
        else if (key_ == "subject") entry_.subject = v, fields_ |= kManifestSubject;
    }

private:
    void number(std::int64_t v) {
        if (!inFiles_ || depth_ != 2) return;
        if (key_ == "rows") entry_.rows = v, fields_ |= kManifestRows;
        else if (key_ == "bytes") entry_.bytes = v, fields_ |= kManifestBytes;
    }

    const std::function<void(const ManifestEntry&, unsigned)>& onEntry_;
    int depth_ = 0;  // objects open
    bool inFiles_ = false;
    std::string key_;
    ManifestEntry entry_;
    unsigned fields_ = 0;
};

void writeString(std::ostream& out, const std::string& value) {
    Poco::JSON::Stringifier::formatString(value, out, Poco::JSON_WRAP_STRINGS);
}

}  // namespace

ManifestHeader readManifest(const std::filesystem::path& path,
                            const std::function<void(const ManifestEntry&, unsigned fields)>& onEntry) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Poco::FileNotFoundException("cannot read " + path.string());
    Poco::SharedPtr<EntriesHandler> handler = new EntriesHandler(onEntry);
    Poco::JSON::Parser parser(handler);
    parser.parse(in);
    if (!handler->hasJob || !handler->hasPeriod || !handler->hasFiles)
        throw Poco::DataFormatException(path.string() + " has no job, period or files");
    return handler->header;
}

std::map<std::string, ManifestEntry> readManifestEntries(const std::filesystem::path& path) {
    std::map<std::string, ManifestEntry> entries;
    constexpr unsigned kRequired = kManifestPath | kManifestKind | kManifestRows | kManifestBytes | kManifestSha256;
    readManifest(path, [&](const ManifestEntry& entry, unsigned fields) {
        if ((fields & kRequired) != kRequired)
            throw Poco::DataFormatException("a manifest entry lacks rows, bytes or sha256: " + entry.path);
        entries[entry.path] = entry;
    });
    return entries;
}

void writeManifest(std::ostream& out, const std::string& job, const std::string& period,
                   const std::map<std::string, ManifestEntry>& entries) {
    out << "{\n  \"job\": ";
    writeString(out, job);
    out << ",\n  \"period\": ";
    writeString(out, period);
    out << ",\n  \"files\": [\n";
    bool first = true;
    for (const auto& [path, r] : entries) {
        if (!first) out << ",\n";
        first = false;
        out << "    {\n      \"path\": ";
        writeString(out, r.path);
        out << ",\n      \"kind\": ";
        writeString(out, r.kind);
        out << ",\n      \"bytes\": " << r.bytes << ",\n      \"sha256\": ";
        writeString(out, r.sha256);
        out << ",\n      \"rows\": " << r.rows << ",\n      \"subject\": ";
        writeString(out, r.subject);
        out << "\n    }";
    }
    out << "\n  ]\n}\n";
}

}  // namespace yewu
