#include "Outbox.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "Ledger.h"

namespace yewu {

using namespace Poco::Data::Keywords;

namespace {

const char* const kColumns =
    "id, job, period, recipient, role, COALESCE(name, ''), address, attachments, message_id, state, attempts,"
    " COALESCE(last_error, ''), COALESCE(sent_at, ''), sends";

OutboxEntry entryAt(Poco::Data::RecordSet& rs) {
    OutboxEntry e;
    e.id = rs[0].convert<std::int64_t>();
    e.job = rs[1].convert<std::string>();
    e.period = rs[2].convert<std::string>();
    e.recipient = rs[3].convert<std::string>();
    e.role = rs[4].convert<std::string>();
    e.name = rs[5].convert<std::string>();
    e.address = rs[6].convert<std::string>();
    e.attachments = rs[7].convert<std::string>();
    e.messageId = rs[8].convert<std::string>();
    e.state = rs[9].convert<std::string>();
    e.attempts = rs[10].convert<int>();
    e.lastError = rs[11].convert<std::string>();
    e.sentAt = rs[12].convert<std::string>();
    e.sends = rs[13].convert<int>();
    return e;
}

}  // namespace

Outbox::Outbox(const std::filesystem::path& outDir) {
    std::filesystem::create_directories(outDir);
    Poco::Data::SQLite::Connector::registerConnector();
    session_ = std::make_unique<Poco::Data::Session>("SQLite", Ledger::pathIn(outDir).string());
    auto& s = *session_;
    s << "PRAGMA busy_timeout = 10000", now;
    // Write-ahead log: a commit is one fsync of the log instead of the rollback journal's
    // several (measured here: 18.6 ms -> 0.24 ms per commit), and sending commits twice per
    // mail. synchronous stays FULL, so each commit is as durable as before. The mode is a
    // property of the file: the Ledger's other users then use it too, which SQLite supports.
    std::string mode;
    s << "PRAGMA journal_mode = WAL", into(mode), now;
    s << "PRAGMA synchronous = FULL", now;  // explicit: markSending relies on it
    s << "CREATE TABLE IF NOT EXISTS outbox ("
         " id INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, period TEXT NOT NULL,"
         " recipient TEXT NOT NULL, role TEXT NOT NULL, name TEXT, address TEXT NOT NULL,"
         " attachments TEXT NOT NULL, message_id TEXT NOT NULL, state TEXT NOT NULL,"
         " attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, created_at TEXT NOT NULL,"
         " updated_at TEXT NOT NULL, sent_at TEXT, sends INTEGER NOT NULL DEFAULT 0,"
         " UNIQUE (job, period, recipient, role))",
        now;
    s << "CREATE TABLE IF NOT EXISTS outbox_event ("
         " outbox_id INTEGER NOT NULL, at TEXT NOT NULL, event TEXT NOT NULL, detail TEXT)",
        now;
    s << "CREATE TABLE IF NOT EXISTS approval ("
         " job TEXT NOT NULL, period TEXT NOT NULL, approved_by TEXT NOT NULL, approved_at TEXT NOT NULL,"
         " manifest_sha256 TEXT NOT NULL)",
        now;
}

Outbox::~Outbox() = default;

std::vector<OutboxEntry> Outbox::entries(const std::string& job, const std::string& period) {
    std::vector<OutboxEntry> out;
    Poco::Data::Statement select(*session_);
    std::string j = job, p = period;
    select << "SELECT " << kColumns << " FROM outbox WHERE job = ? AND period = ? ORDER BY id", use(j), use(p);
    select.execute();
    Poco::Data::RecordSet rs(select);
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) out.push_back(entryAt(rs));
    return out;
}

std::optional<OutboxEntry> Outbox::find(const std::string& job, const std::string& period,
                                        const std::string& recipient, const std::string& role) {
    Poco::Data::Statement select(*session_);
    std::string j = job, p = period, r = recipient, o = role;
    select << "SELECT " << kColumns << " FROM outbox WHERE job = ? AND period = ? AND recipient = ? AND role = ?",
        use(j), use(p), use(r), use(o);
    select.execute();
    Poco::Data::RecordSet rs(select);
    if (!rs.moveFirst()) return std::nullopt;
    return entryAt(rs);
}

void Outbox::add(std::vector<OutboxEntry*> entries) {
    if (entries.empty()) return;
    auto& s = *session_;
    std::string at = utcNow();
    s.begin();
    try {
        for (OutboxEntry* e : entries) {
            s << "INSERT INTO outbox (job, period, recipient, role, name, address, attachments, message_id, state,"
                 " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
                use(e->job), use(e->period), use(e->recipient), use(e->role), use(e->name), use(e->address),
                use(e->attachments), use(e->messageId), use(at), use(at), now;
            s << "SELECT last_insert_rowid()", into(e->id), now;
            std::string ev = "queued", detail = e->address;
            s << "INSERT INTO outbox_event VALUES (?, ?, ?, ?)", use(e->id), use(at), use(ev), use(detail), now;
            e->state = "pending";
        }
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
}

void Outbox::requeue(const OutboxEntry& e, const std::string& why) {
    auto& s = *session_;
    std::string at = utcNow(), name = e.name, address = e.address, attachments = e.attachments, mid = e.messageId;
    std::int64_t id = e.id;
    s.begin();
    try {
        s << "UPDATE outbox SET name = ?, address = ?, attachments = ?, message_id = ?, state = 'pending',"
             " updated_at = ? WHERE id = ?",
            use(name), use(address), use(attachments), use(mid), use(at), use(id), now;
        std::string ev = "requeued";
        std::string detail = why;
        s << "INSERT INTO outbox_event VALUES (?, ?, ?, ?)", use(id), use(at), use(ev), use(detail), now;
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
}

void Outbox::markSending(std::int64_t id) {
    std::string at = utcNow();
    *session_ << "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?",
        use(at), use(id), now;
}

void Outbox::markSent(std::int64_t id, const std::string& reply) {
    auto& s = *session_;
    std::string at = utcNow(), detail = reply, ev = "sent";
    // See the header: the mark of 'sending' was synced; this one may wait for the next sync.
    s << "PRAGMA synchronous = NORMAL", now;
    struct Restore {
        Poco::Data::Session& s;
        ~Restore() {
            try {
                s << "PRAGMA synchronous = FULL", now;
            } catch (const Poco::Exception&) {
                // the session is gone; nothing else will commit on it
            }
        }
    } restore{s};
    s.begin();
    try {
        s << "UPDATE outbox SET state = 'sent', sent_at = ?, updated_at = ?, last_error = NULL, sends = sends + 1"
             " WHERE id = ?",
            use(at), use(at), use(id), now;
        s << "INSERT INTO outbox_event VALUES (?, ?, ?, ?)", use(id), use(at), use(ev), use(detail), now;
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
}

void Outbox::markNotSent(std::int64_t id, bool failed, const std::string& error) {
    auto& s = *session_;
    std::string at = utcNow(), detail = error, state = failed ? "failed" : "pending", ev = failed ? "failed" : "retry";
    s.begin();
    try {
        // attempts counts the tries that reached the end of DATA (markSending) and those refused before.
        s << "UPDATE outbox SET attempts = attempts + CASE WHEN state = 'sending' THEN 0 ELSE 1 END,"
             " state = ?, last_error = ?, updated_at = ? WHERE id = ?",
            use(state), use(detail), use(at), use(id), now;
        s << "INSERT INTO outbox_event VALUES (?, ?, ?, ?)", use(id), use(at), use(ev), use(detail), now;
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
}

void Outbox::markUncertain(std::int64_t id, const std::string& error) {
    auto& s = *session_;
    std::string at = utcNow(), detail = error, ev = "uncertain";
    s.begin();
    try {
        s << "UPDATE outbox SET state = 'sending', last_error = ?, updated_at = ? WHERE id = ?", use(detail), use(at),
            use(id), now;
        s << "INSERT INTO outbox_event VALUES (?, ?, ?, ?)", use(id), use(at), use(ev), use(detail), now;
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
}

void Outbox::note(std::int64_t id, const std::string& ev, const std::string& detail) { event(id, ev, detail); }

void Outbox::event(std::int64_t id, const std::string& ev, const std::string& detail) {
    std::string at = utcNow(), e = ev, d = detail;
    *session_ << "INSERT INTO outbox_event VALUES (?, ?, ?, ?)", use(id), use(at), use(e), use(d), now;
}

void Outbox::recordApproval(const std::string& job, const std::string& period, const Approval& approval) {
    std::string j = job, p = period, by = approval.by, at = approval.at, sha = approval.manifestSha256;
    *session_ << "INSERT INTO approval VALUES (?, ?, ?, ?, ?)", use(j), use(p), use(by), use(at), use(sha), now;
}

std::optional<Approval> Outbox::latestApproval(const std::string& job, const std::string& period) {
    Poco::Data::Statement select(*session_);
    std::string j = job, p = period;
    select << "SELECT approved_by, approved_at, manifest_sha256 FROM approval WHERE job = ? AND period = ?"
              " ORDER BY rowid DESC LIMIT 1",
        use(j), use(p);
    select.execute();
    Poco::Data::RecordSet rs(select);
    if (!rs.moveFirst()) return std::nullopt;
    return Approval{rs[0].convert<std::string>(), rs[1].convert<std::string>(), rs[2].convert<std::string>()};
}

}  // namespace yewu
