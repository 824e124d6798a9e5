// Deterministic demo data: a canonical SQLite database (config/schema/canonical.sql) filled
// with a plausible sales force, its customers, orders, invoices, payments and visits.
//
// The same options give a byte-identical file on the same SQLite library: every value comes
// from a seeded PRNG with integer arithmetic, never from the clock or std:: distributions.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/Date.h"

namespace yewu {

struct GeneratorOptions {
    std::string dbPath;
    // 1.0 ≈ 500 salespeople, 20,000 customers, 1,000,000 orders; everything scales linearly.
    double scale = 0.01;
    std::uint64_t seed = 1;
    Month end;  // last month generated, inclusive
    int months = 24;
    // Orders (and so invoices and payments) scale by this instead of `scale` when > 0,
    // so benchmarks can grow the rows while the people and customers stay put.
    double orderScale = 0;
};

struct GeneratorReport {
    std::map<std::string, std::int64_t> rows;  // canonical table name -> rows written
};

// Writes dbPath + ".tmp" and renames it over dbPath when complete, so an interrupted run
// never leaves a partial database behind (an existing dbPath is replaced only at the end).
// Throws Poco::InvalidArgumentException for bad options and Poco::Exception (e.g.
// Poco::Data::DataException, Poco::FileException) when the database cannot be written;
// the temporary file is removed in that case.
GeneratorReport generateDemoData(const GeneratorOptions& options);

}  // namespace yewu
