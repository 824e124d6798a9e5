// A row that failed validation, and the per-table accounting that proves no
// row was dropped: read = used + quarantined.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace yewu {

struct QuarantinedRow {
    std::string table;     // canonical table, e.g. "invoice"
    std::string location;  // where the row came from: "<file or query>#row <n>"
    std::string rowId;     // the row's id or key as read (may be empty)
    std::string field;     // offending column
    std::string value;     // offending value as read
    std::string reason;    // human-readable, names the rule
};

struct TableCount {
    std::int64_t read = 0;
    std::int64_t used = 0;
    std::int64_t quarantined = 0;
    bool balanced() const { return read == used + quarantined; }
};

class RowAccounting {
public:
    void read(const std::string& table) { ++counts_[table].read; }
    // The running count of one table, for readers that count every row: the
    // reference stays valid for the accounting's lifetime (std::map).
    TableCount& count(const std::string& table) { return counts_[table]; }
    void used(const std::string& table) { ++counts_[table].used; }
    void quarantine(QuarantinedRow row) {
        ++counts_[row.table].quarantined;
        rows_.push_back(std::move(row));
    }
    // Adds another accounting's counts and, after this one's, its quarantined rows: what
    // one accounting would hold had the other's tables been read after this one's.
    void merge(const RowAccounting& other) {
        for (const auto& [table, c] : other.counts_) {
            TableCount& mine = counts_[table];
            mine.read += c.read;
            mine.used += c.used;
            mine.quarantined += c.quarantined;
        }
        rows_.insert(rows_.end(), other.rows_.begin(), other.rows_.end());
    }
    const std::map<std::string, TableCount>& counts() const { return counts_; }
    const std::vector<QuarantinedRow>& quarantined() const { return rows_; }
    bool balanced() const {
        for (const auto& [table, c] : counts_)
            if (!c.balanced()) return false;
        return true;
    }

private:
    std::map<std::string, TableCount> counts_;
    std::vector<QuarantinedRow> rows_;
};

}  // namespace yewu
