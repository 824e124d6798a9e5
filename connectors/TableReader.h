// TableReader: pulls one canonical table from a source as decoded entities,
// one at a time, and keeps the row accounting honest: every row read is
// either used (use()) or quarantined (by the decoder, or by reject()).
//
//   TableReader<Invoice> invoices(source, Table::Invoice, columns, {"id"}, &RowDecoder::invoice, accounting);
//   while (const Invoice* inv = invoices.next()) {
//       if (inv->amount <= Money()) { invoices.reject("amount_cents", ..., "must be positive"); continue; }
//       ...; invoices.use();
//   }
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "RowDecoder.h"
#include "RowFingerprint.h"
#include "Source.h"
#include "core/Quarantine.h"

namespace yewu {

template <class Entity>
class TableReader {
public:
    using Decode = std::optional<Entity> (RowDecoder::*)(const RawRow&, QuarantinedRow&) const;

    TableReader(Source& source, Table table, std::vector<std::string> columns, std::vector<std::string> orderBy,
                Decode decode, RowAccounting& accounting, RowFingerprint* fingerprint = nullptr,
                std::optional<DateFilter> onlyDates = std::nullopt)
        : decoder_(table, columns, source.origin(table)),
          decode_(decode),
          accounting_(accounting),
          fingerprint_(fingerprint),
          table_(std::string(tableName(table))),
          count_(accounting.count(table_)) {
        ScanRequest request{table, std::move(columns), std::move(orderBy)};
        request.onlyDates = std::move(onlyDates);
        cursor_ = source.open(request);
    }

    // The next row that decodes, or nullptr at the end. The previous row must
    // have been given a verdict (use() or reject()).
    const Entity* next() {
        while (true) {
            if (position_ >= chunk_.size()) {
                position_ = 0;
                if (!cursor_->next(chunk_)) return nullptr;
            }
            const RawRow& row = chunk_[position_++];
            ++count_.read;
            if (fingerprint_) fingerprint_->add(decoder_.table(), row);
            if (!row.problem.empty()) {  // the source could not read the row as a whole
                accounting_.quarantine(
                    QuarantinedRow{table_, decoder_.location(row), decoder_.rowKey(row), "", "", row.problem});
                continue;
            }
            QuarantinedRow error;
            current_ = (decoder_.*decode_)(row, error);
            if (current_) return &*current_;
            accounting_.quarantine(std::move(error));
        }
    }

    void use() { ++count_.used; }

    void reject(std::string field, std::string value, std::string reason) {
        const RawRow& row = chunk_[position_ - 1];
        accounting_.quarantine(QuarantinedRow{table_, decoder_.location(row), decoder_.rowKey(row), std::move(field),
                                              std::move(value), std::move(reason)});
    }

private:
    RowDecoder decoder_;
    Decode decode_;
    RowAccounting& accounting_;
    RowFingerprint* fingerprint_;
    std::string table_;
    TableCount& count_;
    std::unique_ptr<RowCursor> cursor_;
    std::vector<RawRow> chunk_;
    std::size_t position_ = 0;
    std::optional<Entity> current_;
};

}  // namespace yewu
