// Ledger: the SQLite file OUT/ledger.sqlite that records every run (its
// parameters, times, status, row accounting and error), every published
// output and every quarantined row. `yewu history` reads it.
//
// Writes are short transactions, so a run killed at any point leaves a ledger
// that opens; a run that never finished stays 'running' until the next run
// under the same OUT marks it 'interrupted'.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "OutputSet.h"
#include "core/Quarantine.h"

namespace Poco::Data {
class Session;
}

namespace yewu {

struct RunRecord {
    std::int64_t id = 0;
    std::string job;
    std::string period;
    std::string params;   // "--as-of 2026-10-31 --locale zh-CN ..."
    std::string source;   // describe(): never a password
    std::string startedAt;
    std::string endedAt;
    std::string status;   // running, succeeded, quarantined, failed, interrupted
    int exitCode = 0;
    std::string error;
    std::int64_t rowsRead = 0;
    std::int64_t rowsUsed = 0;
    std::int64_t rowsQuarantined = 0;
    std::int64_t outputs = 0;
};

struct ContractRecord {
    std::string orderNo;
    int revision = 0;           // 1 for HT-<order_no>, n for HT-<order_no>-R<n>
    std::string contentSha256;  // of the order and its lines as the contract shows them
    std::string path;           // relative to OUT/contracts; "" for a cancellation
    std::string orderDate;      // YYYY-MM-DD
    std::string state;          // "issued" or "cancelled"
};

class Ledger {
public:
    // Opens or creates OUT/ledger.sqlite and its tables.
    explicit Ledger(const std::filesystem::path& outDir);
    ~Ledger();

    static std::filesystem::path pathIn(const std::filesystem::path& outDir) { return outDir / "ledger.sqlite"; }

    // Marks runs left 'running' by a killed process as 'interrupted'. Call with the OUT lock held.
    void markAbandonedRuns();
    std::int64_t startRun(const std::string& job, const std::string& period, const std::string& params,
                          const std::string& source);
    void finishRun(std::int64_t runId, const std::string& status, int exitCode, const std::string& error,
                   const RowAccounting& accounting, const std::vector<OutputRecord>& outputs);

    std::vector<RunRecord> history(const std::optional<std::string>& job, int limit);
    std::vector<OutputRecord> outputsOf(std::int64_t runId);
    std::vector<TableCount> accountingOf(std::int64_t runId, std::vector<std::string>& tables);

    // The contracts job's register (table `contract`): per order, the revisions issued and
    // the cancellations reported. Only records of runs that succeeded count.
    // The latest record of each order dated fromDate..toDate (ISO days, inclusive).
    std::vector<ContractRecord> contracts(const std::string& fromDate, const std::string& toDate);
    // Records this run's contracts in one transaction.
    void recordContracts(std::int64_t runId, const std::vector<ContractRecord>& records);

private:
    std::unique_ptr<Poco::Data::Session> session_;
};

// "2026-11-27T01:02:03Z" from the wall clock, for the ledger only (never in outputs).
std::string utcNow();

}  // namespace yewu
