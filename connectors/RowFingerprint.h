// RowFingerprint: a 128-bit XXH3 hash over every row read, in read order, so a report
// can show which data it was made from without showing the data or the run.
// Each table a TableReader reads is fingerprinted apart, on its reading thread,
// and its digest appended (addPart) when the table ends; so are tables a job
// reads on another thread. The value never depends on timing.
#pragma once

#include <memory>
#include <string>

#include "Source.h"

namespace yewu {

class RowFingerprint {
public:
    RowFingerprint();
    ~RowFingerprint();
    void add(Table table, const RawRow& row);
    // Continues with the digest of rows fingerprinted separately (tables read on
    // another thread); `part` cannot be extended afterwards.
    void addPart(RowFingerprint& part);
    // 32 hex digits; the fingerprint cannot be extended afterwards.
    std::string hex();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace yewu
