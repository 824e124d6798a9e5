// RowFingerprint: a 128-bit XXH3 hash over every row read, in read order, so a report
// can show which data it was made from without showing the data or the run.
// Each table a TableReader reads is fingerprinted apart, on its reading thread,
// and its digest appended (addPart) when the table ends; so are tables a job
// reads on another thread. The value never depends on timing.
#pragma once

#include <memory>
#include <string>

#include "Source.h"
#include "core/Entities.h"

namespace yewu {

class RowFingerprint {
public:
    RowFingerprint();
    ~RowFingerprint();
    // A row as read: its cells. For a row that did not decode.
    void add(Table table, const RawRow& row);
    // A row that decoded: its entity's fields, tagged apart from cells. Cheaper than
    // the cells (fingerprinting those was 7% of the KPI job's CPU), and the same for
    // every source by construction: an id is a number whether it came as one or as digits.
    void add(Table table, const Salesperson& row);
    void add(Table table, const Customer& row);
    void add(Table table, const Order& row);
    void add(Table table, const OrderLine& row);
    void add(Table table, const Invoice& row);
    void add(Table table, const Payment& row);
    void add(Table table, const Visit& row);
    void add(Table table, const Target& row);
    void add(Table table, const Rating& row);
    // Continues with the digest of rows fingerprinted separately (tables read on
    // another thread); `part` cannot be extended afterwards.
    void addPart(RowFingerprint& part);
    // 32 hex digits; the fingerprint cannot be extended afterwards.
    std::string hex();

private:
    template <class... Fields>
    void addFields(Table table, const Fields&... fields);
    // Room for `bytes` after the table's name when `table` differs from the last row's.
    char* start(Table table, std::size_t bytes);

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace yewu
