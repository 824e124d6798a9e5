// OutputSet: the files one run writes into OUT/<job>/<period>/, published
// all together only when the job succeeds.
//
// Each file is first an unnamed file in its final folder (Linux O_TMPFILE),
// so a run killed at any point leaves nothing a reader could mistake for
// output; the kernel frees it. publish() names each file with a hidden temp
// name and renames it into place, then writes manifest.json the same way.
// Data reaches the disk before any name does: an fsync per file, or one
// syncfs() of the output filesystem when a run publishes many files.
// Where O_TMPFILE is not supported, a hidden ".<name>.tmp-<pid>" file is
// used instead, and removeStaleTemps() clears those left by a killed run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "delivery/ManifestFile.h"

namespace yewu {

// A published file, as its manifest entry says it (delivery/ManifestFile.h).
using OutputRecord = ManifestEntry;

class OutputFile {
public:
    OutputFile(std::filesystem::path finalPath, std::string kind, std::string subject);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    // The path a library opens to write the content (a /proc/self/fd link or a hidden temp
    // file). The file itself is created on the first call, so a job can create its
    // outputs on one thread and have them written (and opened) on others.
    const std::string& writePath();
    const std::filesystem::path& finalPath() const { return finalPath_; }
    void setRows(std::int64_t rows) { record_.rows = rows; }
    OutputRecord& record() { return record_; }

    // Hashes the finished content for the record; prepare() then does not again. For the
    // thread that wrote the file, so hashing is spread over threads and done while the
    // content is in the cache. Nothing may be written to the file afterwards.
    void hashContent();
    // Hashes, syncs and renames the file into place. Throws Poco::FileException on failure.
    void publish(const std::filesystem::path& manifestDir);
    // publish() in three steps, so a set of files can be made durable with one
    // filesystem sync: hash and record, sync (unless the caller synced), name.
    void prepare(const std::filesystem::path& manifestDir);
    void sync();
    void commit();
    void discard();

private:
    void open();
    void checkHeadroom();

    std::filesystem::path finalPath_;
    std::string writePath_;
    std::filesystem::path namedTemp_;  // fallback when O_TMPFILE is unavailable
    int fd_ = -1;
    bool done_ = false;
    bool hashed_ = false;
    OutputRecord record_;
};

class OutputSet {
public:
    // dir: OUT/<job>/<period>. Nothing is created until the first file is.
    explicit OutputSet(std::filesystem::path dir);
    ~OutputSet();

    const std::filesystem::path& dir() const { return dir_; }
    // relativePath may contain folders ("people/7.xlsx"). Throws on a path escaping dir.
    OutputFile& create(const std::string& relativePath, const std::string& kind, const std::string& subject = "");
    bool empty() const { return files_.empty(); }
    // Called at the start of every create() (the Runner polls the stop request and counts
    // documents there); an exception it throws propagates out of create().
    void onCreate(std::function<void()> hook) { onCreate_ = std::move(hook); }

    // Publishes every file, then manifest.json listing them together with the
    // entries of an existing manifest whose files were not replaced and still exist.
    std::vector<OutputRecord> publish(const std::string& job, const std::string& period);
    void discard();

    // Removes hidden temp files a killed run may have left in dir (fallback mode only).
    static void removeStaleTemps(const std::filesystem::path& dir);

private:
    std::filesystem::path dir_;
    std::vector<std::unique_ptr<OutputFile>> files_;
    std::function<void()> onCreate_;
};

// Hex SHA-256 of a file's content.
std::string sha256File(const std::filesystem::path& path);

}  // namespace yewu
