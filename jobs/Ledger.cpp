#include "Ledger.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <unistd.h>

namespace yewu {

using namespace Poco::Data::Keywords;

std::string utcNow() { return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ"); }

Ledger::Ledger(const std::filesystem::path& outDir) {
    std::filesystem::create_directories(outDir);
    Poco::Data::SQLite::Connector::registerConnector();
    session_ = std::make_unique<Poco::Data::Session>("SQLite", pathIn(outDir).string());
    auto& s = *session_;
    s << "PRAGMA busy_timeout = 10000", now;
    // One transaction: a process killed while creating the ledger leaves it with the whole
    // schema or none, never a run table without its output table.
    s.begin();
    s << "CREATE TABLE IF NOT EXISTS run ("
         " id INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, period TEXT NOT NULL, params TEXT,"
         " source TEXT, started_at TEXT NOT NULL, ended_at TEXT, status TEXT NOT NULL, exit_code INTEGER,"
         " error TEXT, rows_read INTEGER DEFAULT 0, rows_used INTEGER DEFAULT 0,"
         " rows_quarantined INTEGER DEFAULT 0, pid INTEGER)",
        now;
    s << "CREATE TABLE IF NOT EXISTS run_table ("
         " run_id INTEGER NOT NULL, tbl TEXT NOT NULL, rows_read INTEGER, rows_used INTEGER,"
         " rows_quarantined INTEGER)",
        now;
    s << "CREATE TABLE IF NOT EXISTS output ("
         " run_id INTEGER NOT NULL, path TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT, bytes INTEGER,"
         " sha256 TEXT, rows INTEGER)",
        now;
    s << "CREATE TABLE IF NOT EXISTS quarantine ("
         " run_id INTEGER NOT NULL, tbl TEXT NOT NULL, location TEXT, row_id TEXT, field TEXT, value TEXT,"
         " reason TEXT)",
        now;
    s << "CREATE TABLE IF NOT EXISTS contract ("
         " run_id INTEGER NOT NULL, order_no TEXT NOT NULL, revision INTEGER NOT NULL, content_sha256 TEXT,"
         " path TEXT, order_date TEXT NOT NULL, state TEXT NOT NULL)",
        now;
    s << "CREATE INDEX IF NOT EXISTS contract_order_date ON contract (order_date)", now;
    s.commit();
}

Ledger::~Ledger() = default;

void Ledger::markAbandonedRuns() {
    std::string ended = utcNow();
    *session_ << "UPDATE run SET status = 'interrupted', ended_at = ?, exit_code = 1,"
                 " error = 'the process ended before the run finished' WHERE status = 'running'",
        use(ended), now;
}

std::int64_t Ledger::startRun(const std::string& job, const std::string& period, const std::string& params,
                              const std::string& source) {
    std::string j = job, p = period, a = params, src = source, started = utcNow();
    int pid = ::getpid();
    *session_ << "INSERT INTO run (job, period, params, source, started_at, status, pid)"
                 " VALUES (?, ?, ?, ?, ?, 'running', ?)",
        use(j), use(p), use(a), use(src), use(started), use(pid), now;
    std::int64_t id = 0;
    *session_ << "SELECT last_insert_rowid()", into(id), now;
    return id;
}

void Ledger::finishRun(std::int64_t runId, const std::string& status, int exitCode, const std::string& error,
                       const RowAccounting& accounting, const std::vector<OutputRecord>& outputs) {
    auto& s = *session_;
    s.begin();
    try {
        std::int64_t read = 0, used = 0, quarantined = 0;
        for (const auto& [table, c] : accounting.counts()) {
            read += c.read;
            used += c.used;
            quarantined += c.quarantined;
            std::string t = table;
            std::int64_t r = c.read, u = c.used, q = c.quarantined;
            s << "INSERT INTO run_table VALUES (?, ?, ?, ?, ?)", use(runId), use(t), use(r), use(u), use(q), now;
        }
        for (const auto& row : accounting.quarantined()) {
            std::string t = row.table, l = row.location, id = row.rowId, f = row.field, v = row.value,
                        why = row.reason;
            s << "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?)", use(runId), use(t), use(l), use(id), use(f),
                use(v), use(why), now;
        }
        for (const auto& o : outputs) {
            std::string p = o.path, k = o.kind, sub = o.subject, sha = o.sha256;
            std::int64_t bytes = o.bytes, rows = o.rows;
            s << "INSERT INTO output VALUES (?, ?, ?, ?, ?, ?, ?)", use(runId), use(p), use(k), use(sub), use(bytes),
                use(sha), use(rows), now;
        }
        std::string st = status, err = error, ended = utcNow();
        int code = exitCode;
        s << "UPDATE run SET status = ?, exit_code = ?, error = ?, ended_at = ?, rows_read = ?, rows_used = ?,"
             " rows_quarantined = ? WHERE id = ?",
            use(st), use(code), use(err), use(ended), use(read), use(used), use(quarantined), use(runId), now;
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
}

std::vector<RunRecord> Ledger::history(const std::optional<std::string>& job, int limit) {
    std::vector<RunRecord> runs;
    Poco::Data::Statement select(*session_);
    std::string jobName = job.value_or("");
    int n = limit;
    select << "SELECT r.id, r.job, r.period, COALESCE(r.params, ''), COALESCE(r.source, ''), r.started_at,"
              " COALESCE(r.ended_at, ''), r.status, COALESCE(r.exit_code, 0), COALESCE(r.error, ''),"
              " r.rows_read, r.rows_used, r.rows_quarantined,"
              " (SELECT COUNT(*) FROM output o WHERE o.run_id = r.id)"
              " FROM run r WHERE (? = '' OR r.job = ?) ORDER BY r.id DESC LIMIT ?",
        use(jobName), use(jobName), use(n);
    select.execute();
    Poco::Data::RecordSet rs(select);
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) {
        RunRecord r;
        r.id = rs[0].convert<std::int64_t>();
        r.job = rs[1].convert<std::string>();
        r.period = rs[2].convert<std::string>();
        r.params = rs[3].convert<std::string>();
        r.source = rs[4].convert<std::string>();
        r.startedAt = rs[5].convert<std::string>();
        r.endedAt = rs[6].convert<std::string>();
        r.status = rs[7].convert<std::string>();
        r.exitCode = rs[8].convert<int>();
        r.error = rs[9].convert<std::string>();
        r.rowsRead = rs[10].convert<std::int64_t>();
        r.rowsUsed = rs[11].convert<std::int64_t>();
        r.rowsQuarantined = rs[12].convert<std::int64_t>();
        r.outputs = rs[13].convert<std::int64_t>();
        runs.push_back(std::move(r));
    }
    return runs;
}

std::vector<OutputRecord> Ledger::outputsOf(std::int64_t runId) {
    std::vector<std::string> path, kind, subject, sha;
    std::vector<std::int64_t> bytes, rows;
    *session_ << "SELECT path, kind, COALESCE(subject, ''), bytes, sha256, rows FROM output WHERE run_id = ?"
                 " ORDER BY path",
        into(path), into(kind), into(subject), into(bytes), into(sha), into(rows), use(runId), now;
    std::vector<OutputRecord> out;
    for (std::size_t i = 0; i < path.size(); ++i)
        out.push_back(OutputRecord{path[i], kind[i], subject[i], rows[i], bytes[i], sha[i]});
    return out;
}

std::vector<TableCount> Ledger::accountingOf(std::int64_t runId, std::vector<std::string>& tables) {
    std::vector<std::int64_t> read, used, quarantined;
    tables.clear();
    *session_ << "SELECT tbl, rows_read, rows_used, rows_quarantined FROM run_table WHERE run_id = ? ORDER BY tbl",
        into(tables), into(read), into(used), into(quarantined), use(runId), now;
    std::vector<TableCount> counts;
    for (std::size_t i = 0; i < tables.size(); ++i) counts.push_back(TableCount{read[i], used[i], quarantined[i]});
    return counts;
}

std::vector<ContractRecord> Ledger::contracts(const std::string& fromDate, const std::string& toDate) {
    std::vector<std::string> orderNo, sha, path, date, state;
    std::vector<int> revision;
    std::string from = fromDate, to = toDate;
    // Ordered so that the last row of each order is its latest record.
    *session_ << "SELECT c.order_no, c.revision, COALESCE(c.content_sha256, ''), COALESCE(c.path, ''), c.order_date,"
                 " c.state FROM contract c JOIN run r ON r.id = c.run_id"
                 " WHERE r.status = 'succeeded' AND c.order_date BETWEEN ? AND ?"
                 " ORDER BY c.order_no, c.run_id, c.revision",
        into(orderNo), into(revision), into(sha), into(path), into(date), into(state), use(from), use(to), now;
    std::vector<ContractRecord> latest;
    for (std::size_t i = 0; i < orderNo.size(); ++i) {
        ContractRecord r{orderNo[i], revision[i], sha[i], path[i], date[i], state[i]};
        if (!latest.empty() && latest.back().orderNo == r.orderNo) latest.back() = std::move(r);
        else latest.push_back(std::move(r));
    }
    return latest;
}

void Ledger::recordContracts(std::int64_t runId, const std::vector<ContractRecord>& records) {
    if (records.empty()) return;
    std::vector<std::int64_t> run(records.size(), runId);
    std::vector<std::string> orderNo, sha, path, date, state;
    std::vector<int> revision;
    for (const ContractRecord& r : records) {
        orderNo.push_back(r.orderNo);
        revision.push_back(r.revision);
        sha.push_back(r.contentSha256);
        path.push_back(r.path);
        date.push_back(r.orderDate);
        state.push_back(r.state);
    }
    auto& s = *session_;
    s.begin();
    try {
        s << "INSERT INTO contract (run_id, order_no, revision, content_sha256, path, order_date, state)"
             " VALUES (?, ?, ?, ?, ?, ?, ?)",
            use(run), use(orderNo), use(revision), use(sha), use(path), use(date), use(state), now;
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
}

}  // namespace yewu
