// RowOrder: the ORDER BY of a ScanRequest applied to raw text rows, for sources
// that cannot sort server-side (CSV, HTTP JSON). It orders like the canonical
// SQLite tables do: NULL first, then the canonical integer columns (ids, cents,
// counts) numerically, then text by bytes (UTF-8, i.e. code point order);
// equal keys keep the source order (rowNumber), so the result is deterministic.
#pragma once

#include <string>
#include <vector>

#include "Source.h"

namespace yewu {

class RowOrder {
public:
    // Throws SourceError when an orderBy column is not among `columns`.
    RowOrder(Table table, const std::vector<std::string>& columns, const std::vector<std::string>& orderBy);

    bool empty() const { return keys_.empty(); }
    bool operator()(const RawRow& a, const RawRow& b) const;
    // <0, 0, >0 by the keys alone (no tie-break on rowNumber).
    int compareKeys(const RawRow& a, const RawRow& b) const;
    // Whether the first key holds the same text (or NULL) in both rows: how rows that
    // a database sorted by that key alone are grouped (it gives integers canonical digits).
    bool sameFirstKey(const RawRow& a, const RawRow& b) const {
        return a.values[keys_.front().index] == b.values[keys_.front().index];
    }

    // Whether canonical column `name` holds integers (ids, *_cents, quantities, scores, flags).
    static bool isIntegerColumn(const std::string& name);

private:
    struct Key {
        std::size_t index;
        bool integer;
    };
    std::vector<Key> keys_;
};

}  // namespace yewu
