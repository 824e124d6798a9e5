#include "OutputSet.h"

#include <Poco/DigestEngine.h>
#include <Poco/Exception.h>
#include <Poco/Crypto/DigestEngine.h>
#include <Poco/Crypto/OpenSSLInitializer.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>

#include "delivery/ManifestFile.h"

namespace yewu {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kSyncEachUpTo = 16;  // files published with an fsync each

std::string hiddenTempName(const fs::path& finalPath) {
    return (finalPath.parent_path() / ("." + finalPath.filename().string() + ".tmp-" + std::to_string(::getpid())))
        .string();
}

[[noreturn]] void throwErrno(const std::string& what, const fs::path& path) {
    throw Poco::FileException(what + " " + path.string() + ": " + std::strerror(errno));
}

std::string sha256Fd(int fd, std::int64_t& bytes) {
    // Poco::Crypto initialises OpenSSL when its first object is made and cleans it up when
    // the last one goes. Outputs hashed by rendering threads at once raced the two (a
    // crash in one contracts run in fifteen), so one initialisation lives until exit.
    static const Poco::Crypto::OpenSSLInitializer openSslForTheProcess;
    Poco::Crypto::DigestEngine sha("SHA256");  // OpenSSL's: several times Poco::SHA2Engine's speed
    char buffer[1 << 16];
    bytes = 0;
    for (off_t offset = 0;;) {
        const ssize_t n = ::pread(fd, buffer, sizeof buffer, offset);
        if (n < 0) throw Poco::FileException(std::string("cannot read back output: ") + std::strerror(errno));
        if (n == 0) break;
        sha.update(buffer, unsigned(n));
        offset += n;
        bytes += n;
    }
    return Poco::DigestEngine::digestToHex(sha.digest());
}

}  // namespace

std::string sha256File(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throwErrno("cannot open", path);
    std::int64_t bytes = 0;
    std::string hex;
    try {
        hex = sha256Fd(fd, bytes);
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
    return hex;
}

OutputFile::OutputFile(fs::path finalPath, std::string kind, std::string subject)
    : finalPath_(std::move(finalPath)) {
    record_.kind = std::move(kind);
    record_.subject = std::move(subject);
    fs::create_directories(finalPath_.parent_path());
}

const std::string& OutputFile::writePath() {
    if (fd_ < 0 && !done_) open();
    return writePath_;
}

void OutputFile::open() {
    fd_ = ::open(finalPath_.parent_path().c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
    if (fd_ >= 0) {
        checkHeadroom();
        writePath_ = "/proc/self/fd/" + std::to_string(fd_);
        return;
    }
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL && errno != ENOENT)
        throwErrno("cannot create an output file in", finalPath_.parent_path());
    namedTemp_ = hiddenTempName(finalPath_);
    fd_ = ::open(namedTemp_.c_str(), O_CREAT | O_TRUNC | O_RDWR | O_CLOEXEC, 0644);
    if (fd_ < 0) throwErrno("cannot create", namedTemp_);
    writePath_ = namedTemp_.string();
}

// Every output stays open until the run publishes, and a library writing it opens it
// once more: stop with the reason, not with the library's "cannot write /proc/self/fd/N".
void OutputFile::checkHeadroom() {
    constexpr int kSpare = 32;  // for the writer's own open, the ledger, fonts, sockets
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return;
    if (std::uint64_t(fd_) + kSpare < limit.rlim_cur) return;
    const int fd = fd_;
    ::close(fd_);
    fd_ = -1;
    throw Poco::FileException("too many output files open at once to create " + finalPath_.string() + ": file " +
                              std::to_string(fd) + " of at most " + std::to_string(limit.rlim_cur) +
                              " open files; every output stays open until the run publishes, so raise the "
                              "limit (ulimit -n, systemd LimitNOFILE) or run a shorter period");
}

OutputFile::~OutputFile() { discard(); }

void OutputFile::publish(const fs::path& manifestDir) {
    prepare(manifestDir);
    sync();
    commit();
}

void OutputFile::hashContent() {
    if (done_) throw Poco::IllegalStateException("output hashed after it was published: " + finalPath_.string());
    if (fd_ < 0) open();  // never written: an empty file
    record_.sha256 = sha256Fd(fd_, record_.bytes);
    hashed_ = true;
}

void OutputFile::prepare(const fs::path& manifestDir) {
    if (done_) throw Poco::IllegalStateException("output published twice: " + finalPath_.string());
    if (!hashed_) hashContent();
    record_.path = fs::relative(finalPath_, manifestDir).generic_string();
}

void OutputFile::sync() {
    if (::fsync(fd_) != 0) throwErrno("cannot sync", finalPath_);
}

void OutputFile::commit() {
    if (done_) throw Poco::IllegalStateException("output published twice: " + finalPath_.string());
    fs::path named = namedTemp_;
    if (named.empty()) {
        named = hiddenTempName(finalPath_);
        ::unlink(named.c_str());
        if (::linkat(AT_FDCWD, writePath_.c_str(), AT_FDCWD, named.c_str(), AT_SYMLINK_FOLLOW) != 0)
            throwErrno("cannot name", named);
    }
    if (::rename(named.c_str(), finalPath_.c_str()) != 0) {
        const int saved = errno;
        ::unlink(named.c_str());
        errno = saved;
        throwErrno("cannot rename into place", finalPath_);
    }
    ::close(fd_);
    fd_ = -1;
    done_ = true;
}

void OutputFile::discard() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!done_ && !namedTemp_.empty()) ::unlink(namedTemp_.c_str());
    done_ = true;
}

OutputSet::OutputSet(fs::path dir) : dir_(std::move(dir)) {}
OutputSet::~OutputSet() { discard(); }

OutputFile& OutputSet::create(const std::string& relativePath, const std::string& kind, const std::string& subject) {
    if (onCreate_) onCreate_();
    const fs::path relative = fs::path(relativePath).lexically_normal();
    if (relative.empty() || relative.is_absolute() || *relative.begin() == "..")
        throw Poco::InvalidArgumentException("output path escapes its folder: " + relativePath);
    files_.push_back(std::make_unique<OutputFile>(dir_ / relative, kind, subject));
    return *files_.back();
}

void OutputSet::discard() {
    for (auto& file : files_) file->discard();
    files_.clear();
}

void OutputSet::removeStaleTemps(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return;
    for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); ++it) {
        const std::string name = it->path().filename().string();
        if (name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string::npos) fs::remove(it->path(), ec);
    }
}

std::vector<OutputRecord> OutputSet::publish(const std::string& job, const std::string& period) {
    std::map<std::string, OutputRecord> entries;  // by path: deterministic order
    // Keep entries of earlier runs (incremental jobs) whose files were not replaced and still exist.
    const fs::path manifestPath = dir_ / "manifest.json";
    if (fs::exists(manifestPath)) {
        try {
            entries = readManifestEntries(manifestPath);
            std::erase_if(entries, [&](const auto& entry) { return !fs::exists(dir_ / entry.first); });
        } catch (const Poco::Exception&) {
            // An unreadable manifest is rebuilt from this run's files alone.
            entries.clear();
        }
    }

    std::vector<OutputRecord> published;
    for (auto& file : files_) file->prepare(dir_);
    // One sync of the filesystem costs less than an fsync per file once there are
    // many (the contracts of a day, a month's letters); a few files sync each.
    bool synced = false;
    if (files_.size() > kSyncEachUpTo) {
        const int dirFd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        synced = dirFd >= 0 && ::syncfs(dirFd) == 0;
        if (dirFd >= 0) ::close(dirFd);
    }
    for (auto& file : files_) {
        if (!synced) file->sync();
        file->commit();
        entries[file->record().path] = file->record();
        published.push_back(file->record());
    }

    OutputFile manifestFile(manifestPath, "manifest", "");
    {
        std::ofstream out(manifestFile.writePath(), std::ios::binary | std::ios::trunc);
        writeManifest(out, job, period, entries);
        out.flush();
        if (!out) throw Poco::FileException("cannot write " + manifestPath.string());
    }
    manifestFile.publish(dir_);
    files_.clear();
    return published;
}

}  // namespace yewu
