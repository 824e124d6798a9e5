// Outbox: what was (and is to be) mailed, in the ledger's SQLite file
// (OUT/ledger.sqlite, table `outbox`), so a rerun never mails twice and a
// broken run resumes where it stopped.
//
// One row per (job, period, recipient, role): recipient is the person (the
// salesperson id), role "salesperson" or "manager". A row holds the address
// and the attachments (path and SHA-256 of each) it was built from, the
// Message-ID, the state, the attempts and the last error.
//
// States: pending (to send) -> sending (set right before the end of DATA:
// from then on the server may have the message) -> sent; or -> failed (the
// server refused it for good, or 4xx after every retry: definitely not
// delivered, sent again by the next run). A row left 'sending' by a process
// that died is "possibly sent": only an explicit resend sends it again.
// Every change is its own short transaction; `outbox_event` keeps the
// history of each row (attempts, errors, sends, resends).
//
// Opening it switches the file to SQLite's write-ahead log (see Outbox.cpp).
// Also records approvals (`yewu approve JOB PERIOD`, table `approval`).
// Throws Poco::Data exceptions when the ledger cannot be read or written.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace Poco::Data {
class Session;
}

namespace yewu {

struct OutboxEntry {
    std::int64_t id = 0;
    std::string job;
    std::string period;
    std::string recipient;    // person id
    std::string role;         // salesperson | manager
    std::string name;         // display name when queued
    std::string address;      // e-mail address when queued
    std::string attachments;  // "path sha256" lines, sorted
    std::string messageId;
    std::string state;        // pending | sending | sent | failed
    int attempts = 0;
    std::string lastError;
    std::string sentAt;       // UTC, ISO
    int sends = 0;            // times accepted by the server (> 1 only after --resend)
};

struct Approval {
    std::string by;
    std::string at;              // UTC, ISO
    std::string manifestSha256;  // of the manifest.json that was approved
};

class Outbox {
public:
    // Opens OUT/ledger.sqlite (creating the tables when missing).
    explicit Outbox(const std::filesystem::path& outDir);
    ~Outbox();

    std::vector<OutboxEntry> entries(const std::string& job, const std::string& period);
    std::optional<OutboxEntry> find(const std::string& job, const std::string& period, const std::string& recipient,
                                    const std::string& role);
    // Inserts pending rows in one transaction and sets their ids.
    void add(std::vector<OutboxEntry*> entries);
    // Re-targets a row that is not 'sent'/'sending' (or is being deliberately resent) at new
    // content: name, address, attachments, Message-ID; state pending. `why` goes to the history.
    void requeue(const OutboxEntry& entry, const std::string& why);

    // Durable (fsync) before it returns: the server may accept the message right after.
    void markSending(std::int64_t id);
    // Not synced by itself (the next markSending's sync carries it): lost only with the
    // machine's power, and then the row stays 'sending', reported as possibly sent.
    void markSent(std::int64_t id, const std::string& reply);
    // A failed attempt that did not deliver: back to pending (retry) or to failed.
    void markNotSent(std::int64_t id, bool failed, const std::string& error);
    // The connection broke after the end of DATA: stays 'sending' (possibly sent), error noted.
    void markUncertain(std::int64_t id, const std::string& error);
    void note(std::int64_t id, const std::string& event, const std::string& detail);

    void recordApproval(const std::string& job, const std::string& period, const Approval& approval);
    std::optional<Approval> latestApproval(const std::string& job, const std::string& period);

private:
    void event(std::int64_t id, const std::string& event, const std::string& detail);
    std::unique_ptr<Poco::Data::Session> session_;
};

}  // namespace yewu
