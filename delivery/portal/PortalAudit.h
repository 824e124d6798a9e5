// PortalAudit: the portal's audit trail, table portal_audit in the ledger
// (OUT/ledger.sqlite): every download, refused download and failed login,
// with who, what, when and from which address. `yewu history --downloads`
// reads it back.
//
// Why not jobs/Ledger: delivery may not depend on jobs (app -> jobs ->
// delivery -> core), so the portal opens the same SQLite file itself through
// Poco::Data and owns only its own table, created if missing. SQLite's file
// locking (busy_timeout 10 s) lets it share the file with running jobs.
//
// record() never blocks on the disk: events go to a queue that one writer
// thread drains, many rows per transaction, so 100 concurrent downloads do
// not queue behind fsync. flush() waits until everything recorded so far is
// written; the destructor flushes. A write that fails is reported on stderr
// and retried with the next batch (never silently dropped while the process
// lives).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace Poco::Data {
class Session;
}

namespace yewu {

struct AuditEvent {
    std::int64_t id = 0;   // set when read back
    std::string at;        // UTC ISO 8601; filled by record() when empty
    std::string event;     // download, not_modified, denied, login, login_failed, login_locked, token_failed, logout
    std::string user;      // the name given (also for failed logins)
    std::string remote;    // client address
    std::string fileId;
    std::string job, period, path, kind, subject;
    int status = 0;        // HTTP status sent
    std::int64_t bytes = 0;
    std::string detail;
};

class PortalAudit {
public:
    // Opens (creating if needed) the ledger in outDir and the portal_audit table; starts the writer.
    // Throws Poco::Data exceptions when the ledger cannot be opened.
    explicit PortalAudit(const std::filesystem::path& outDir);
    ~PortalAudit();
    PortalAudit(const PortalAudit&) = delete;
    PortalAudit& operator=(const PortalAudit&) = delete;

    void record(AuditEvent event);
    void flush();

    // The most recent rows, newest first, read through a separate connection (for `yewu history`).
    static std::vector<AuditEvent> recent(const std::filesystem::path& outDir, int limit);

private:
    void writerLoop();
    void writeBatch(std::vector<AuditEvent>& batch);

    std::unique_ptr<Poco::Data::Session> session_;
    std::mutex mutex_;
    std::condition_variable wake_, drained_;
    std::deque<AuditEvent> queue_;
    std::uint64_t enqueued_ = 0, written_ = 0;
    bool stopping_ = false;
    std::thread writer_;
};

}  // namespace yewu
