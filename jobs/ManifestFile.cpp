#include "ManifestFile.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Handler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <fstream>

namespace yewu {

namespace {

// Collects the objects of the top-level "files" array into OutputRecords; ignores
// every other member, as the document reader did.
class EntriesHandler : public Poco::JSON::Handler {
public:
    explicit EntriesHandler(std::map<std::string, OutputRecord>& entries) : entries_(entries) {}

    void reset() override {}
    void startObject() override {
        ++depth_;
        if (inFiles_ && depth_ == 2) {
            current_ = OutputRecord{};
            seen_ = 0;
        }
    }
    void endObject() override {
        if (inFiles_ && depth_ == 2) {
            // path, kind, rows, bytes and sha256 are required; subject is optional.
            if ((seen_ & kRequired) != kRequired)
                throw Poco::DataFormatException("a manifest entry lacks path, kind, rows, bytes or sha256");
            entries_[current_.path] = current_;
        }
        --depth_;
    }
    void startArray() override {
        if (depth_ == 1 && key_ == "files") inFiles_ = true;
        ++arrays_;
    }
    void endArray() override {
        --arrays_;
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
        if (!inFiles_ || depth_ != 2) return;
        if (key_ == "path") current_.path = v, seen_ |= kPath;
        else if (key_ == "kind") current_.kind = v, seen_ |= kKind;
        else if (key_ == "sha256") current_.sha256 = v, seen_ |= kSha;
        else if (key_ == "subject") current_.subject = v;
    }

private:
    static constexpr int kPath = 1, kKind = 2, kRows = 4, kBytes = 8, kSha = 16;
    static constexpr int kRequired = kPath | kKind | kRows | kBytes | kSha;

    void number(std::int64_t v) {
        if (!inFiles_ || depth_ != 2) return;
        if (key_ == "rows") current_.rows = v, seen_ |= kRows;
        else if (key_ == "bytes") current_.bytes = v, seen_ |= kBytes;
    }

    std::map<std::string, OutputRecord>& entries_;
    int depth_ = 0;   // objects open
    int arrays_ = 0;  // arrays open
    bool inFiles_ = false;
    std::string key_;
    OutputRecord current_;
    int seen_ = 0;
};

void writeString(std::ostream& out, const std::string& value) {
    Poco::JSON::Stringifier::formatString(value, out, Poco::JSON_WRAP_STRINGS);
}

}  // namespace

std::map<std::string, OutputRecord> readManifestEntries(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Poco::FileNotFoundException("cannot read " + path.string());
    std::map<std::string, OutputRecord> entries;
    Poco::JSON::Parser parser(new EntriesHandler(entries));
    parser.parse(in);
    return entries;
}

void writeManifest(std::ostream& out, const std::string& job, const std::string& period,
                   const std::map<std::string, OutputRecord>& entries) {
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
