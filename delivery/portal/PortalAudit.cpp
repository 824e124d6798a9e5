#include "PortalAudit.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/Timestamp.h>

#include <iostream>

namespace yewu {

using namespace Poco::Data::Keywords;
namespace fs = std::filesystem;

namespace {

const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS portal_audit ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, event TEXT NOT NULL, user TEXT, remote TEXT,"
    " file_id TEXT, job TEXT, period TEXT, path TEXT, kind TEXT, subject TEXT, status INTEGER, bytes INTEGER,"
    " detail TEXT)";

std::unique_ptr<Poco::Data::Session> openLedger(const fs::path& outDir) {
    fs::create_directories(outDir);
    Poco::Data::SQLite::Connector::registerConnector();
    auto session = std::make_unique<Poco::Data::Session>("SQLite", (outDir / "ledger.sqlite").string());
    *session << "PRAGMA busy_timeout = 10000", now;
    *session << kCreateTable, now;
    return session;
}

}  // namespace

PortalAudit::PortalAudit(const fs::path& outDir) : session_(openLedger(outDir)) {
    writer_ = std::thread([this] { writerLoop(); });
}

PortalAudit::~PortalAudit() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    writer_.join();
}

void PortalAudit::record(AuditEvent event) {
    if (event.at.empty()) event.at = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ");
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(event));
        ++enqueued_;
    }
    wake_.notify_one();
}

void PortalAudit::flush() {
    std::unique_lock lock(mutex_);
    const std::uint64_t target = enqueued_;
    drained_.wait(lock, [&] { return written_ >= target || (stopping_ && queue_.empty()); });
}

void PortalAudit::writerLoop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty() && stopping_) break;
        std::vector<AuditEvent> batch(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
        queue_.clear();
        lock.unlock();
        bool ok = true;
        try {
            writeBatch(batch);
        } catch (const Poco::Exception& e) {
            ok = false;
            std::cerr << "yewu serve: cannot write " << batch.size() << " audit row(s) to the ledger: "
                      << e.displayText() << "\n";
        }
        lock.lock();
        if (ok) {
            written_ += batch.size();
            drained_.notify_all();
        } else if (stopping_) {
            break;  // give up only at shutdown; reported above
        } else {
            for (auto it = batch.rbegin(); it != batch.rend(); ++it) queue_.push_front(std::move(*it));
            lock.unlock();
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            lock.lock();
        }
    }
    drained_.notify_all();
}

void PortalAudit::writeBatch(std::vector<AuditEvent>& batch) {
    auto& s = *session_;
    s.begin();
    try {
        for (auto& e : batch) {
            s << "INSERT INTO portal_audit (at, event, user, remote, file_id, job, period, path, kind, subject,"
                 " status, bytes, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                use(e.at), use(e.event), use(e.user), use(e.remote), use(e.fileId), use(e.job), use(e.period),
                use(e.path), use(e.kind), use(e.subject), use(e.status), use(e.bytes), use(e.detail), now;
        }
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
}

std::vector<AuditEvent> PortalAudit::recent(const fs::path& outDir, int limit) {
    auto session = openLedger(outDir);
    Poco::Data::Statement select(*session);
    int n = limit;
    select << "SELECT id, at, event, COALESCE(user, ''), COALESCE(remote, ''), COALESCE(file_id, ''),"
              " COALESCE(job, ''), COALESCE(period, ''), COALESCE(path, ''), COALESCE(kind, ''),"
              " COALESCE(subject, ''), COALESCE(status, 0), COALESCE(bytes, 0), COALESCE(detail, '')"
              " FROM portal_audit ORDER BY id DESC LIMIT ?",
        use(n);
    select.execute();
    Poco::Data::RecordSet rs(select);
    std::vector<AuditEvent> out;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
        AuditEvent e;
        e.id = rs[0].convert<std::int64_t>();
        e.at = rs[1].convert<std::string>();
        e.event = rs[2].convert<std::string>();
        e.user = rs[3].convert<std::string>();
        e.remote = rs[4].convert<std::string>();
        e.fileId = rs[5].convert<std::string>();
        e.job = rs[6].convert<std::string>();
        e.period = rs[7].convert<std::string>();
        e.path = rs[8].convert<std::string>();
        e.kind = rs[9].convert<std::string>();
        e.subject = rs[10].convert<std::string>();
        e.status = rs[11].convert<int>();
        e.bytes = rs[12].convert<std::int64_t>();
        e.detail = rs[13].convert<std::string>();
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace yewu
