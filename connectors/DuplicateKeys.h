// DuplicateKeys: finds the rows of a table whose text key (an invoice or
// order number) repeats the key of a row with a smaller id, by streaming the
// table ordered by (key, id) so repeats are adjacent. Memory is bounded by
// the number of duplicates, not the size of the table; the price is one more
// scan of the key column, and a second of the key and id when a key repeats.
#pragma once

#include <map>
#include <string>

#include "Source.h"
#include "core/Entities.h"

namespace yewu {

struct DuplicateKey {
    std::string key;
    Id firstId = 0;  // the row that keeps the key
};

// id of each row whose key is a repeat -> the key and the id that keeps it.
// Rows whose id or key is NULL or not a number are skipped (the decoder quarantines them).
std::multimap<Id, DuplicateKey> findDuplicateKeys(Source& source, Table table, const std::string& idColumn,
                                                  const std::string& keyColumn);

}  // namespace yewu
