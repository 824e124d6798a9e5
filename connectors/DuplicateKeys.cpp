#include "DuplicateKeys.h"

namespace yewu {

std::multimap<Id, DuplicateKey> findDuplicateKeys(Source& source, Table table, const std::string& idColumn,
                                                  const std::string& keyColumn) {
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
