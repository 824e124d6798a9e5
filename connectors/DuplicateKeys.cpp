#include "DuplicateKeys.h"

namespace yewu {

namespace {

// Whether any non-NULL key occurs twice, from the key column alone in key order.
bool anyKeyRepeats(Source& source, Table table, const std::string& keyColumn) {
    auto cursor = source.open(ScanRequest{table, {keyColumn}, {keyColumn}});
    std::vector<RawRow> chunk;
    std::string previous;
    bool havePrevious = false;
    while (cursor->next(chunk)) {
        for (const RawRow& row : chunk) {
            if (!row.values[0]) continue;
            const std::string& key = *row.values[0];
            if (havePrevious && key == previous) return true;
            previous = key;
            havePrevious = true;
        }
    }
    return false;
}

}  // namespace

std::multimap<Id, DuplicateKey> findDuplicateKeys(Source& source, Table table, const std::string& idColumn,
                                                  const std::string& keyColumn) {
    // Most tables repeat no key. That is first checked on the key column alone, which a
    // database reads from its index (SQLite: 0.04 s of CPU for 900,000 invoices, 0.06 s
    // with their ids, which take a table lookup per row); ids are read only when a key repeats.
    if (!anyKeyRepeats(source, table, keyColumn)) return {};
    std::multimap<Id, DuplicateKey> duplicates;
    auto cursor = source.open(ScanRequest{table, {idColumn, keyColumn}, {keyColumn, idColumn}});
    std::vector<RawRow> chunk;
    const std::string* previousKey = nullptr;  // the last usable row's key
    std::string carriedKey;                    // ... copied when its chunk is refilled
    Id keeper = 0;
    while (cursor->next(chunk)) {
        for (const RawRow& row : chunk) {
            if (!row.values[0] || !row.values[1]) continue;
            Id id = 0;
            if (!row.values[0].toInteger(id)) continue;
            const std::string& key = *row.values[1];
            if (previousKey && *previousKey == key) {
                // The same id twice is a duplicate id, reported by the reader, not a repeated key.
                if (id != keeper) duplicates.emplace(id, DuplicateKey{key, keeper});
            } else {
                keeper = id;
            }
            previousKey = &key;
        }
        if (previousKey && previousKey != &carriedKey) {
            carriedKey = *previousKey;
            previousKey = &carriedKey;
        }
    }
    return duplicates;
}

}  // namespace yewu
