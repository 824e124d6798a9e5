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

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ReadAhead.h"
#include "RowDecoder.h"
#include "RowFingerprint.h"
#include "Source.h"
#include "core/Quarantine.h"

namespace yewu {

template <class Entity>
class TableReader {
public:
    using Decode = bool (RowDecoder::*)(const RawRow&, Entity&, QuarantinedRow&) const;

    TableReader(Source& source, Table table, std::vector<std::string> columns, std::vector<std::string> orderBy,
                Decode decode, RowAccounting& accounting, RowFingerprint* fingerprint = nullptr,
                std::optional<DateFilter> onlyDates = std::nullopt)
        : decoder_(table, columns, source.origin(table)),
          readingDecoder_(decoder_),
          decode_(decode),
          accounting_(accounting),
          fingerprint_(fingerprint),
          table_(std::string(tableName(table))),
          count_(accounting.count(table_)) {
        ScanRequest request{table, std::move(columns), std::move(orderBy)};
        request.onlyDates = std::move(onlyDates);
        request.readAhead = false;  // this reader reads ahead itself, decoding as it goes
        cursor_ = source.open(request);
        readAhead_ = std::make_unique<ReadAhead<Decoded>>([this](Decoded& chunk) { return decodeNext(chunk); });
    }

    // The next row that decodes, or nullptr at the end. The previous row must
    // have been given a verdict (use() or reject()).
    const Entity* next() {
        while (true) {
            if (position_ >= chunk_.rows.size()) {
                position_ = 0;
                problem_ = 0;
                if (!readAhead_->next(chunk_)) {
                    chunk_.rows.clear();
                    // The reading thread is done with its fingerprint.
                    if (fingerprint_ && !fingerprinted_) fingerprint_->addPart(tableFingerprint_);
                    fingerprinted_ = true;
                    return nullptr;
                }
            }
            const std::size_t at = position_++;
            ++count_.read;
            if (chunk_.decoded[at]) return &chunk_.entities[at];
            accounting_.quarantine(std::move(chunk_.problems[problem_++]));
        }
    }

    void use() { ++count_.used; }

    void reject(std::string field, std::string value, std::string reason) {
        const RawRow& row = chunk_.rows[position_ - 1];
        accounting_.quarantine(QuarantinedRow{table_, decoder_.location(row), decoder_.rowKey(row), std::move(field),
                                              std::move(value), std::move(reason)});
    }

private:
    // A chunk as read, with each row's entity or, for the rows that have none, why.
    struct Decoded {
        std::vector<RawRow> rows;
        std::vector<Entity> entities;        // entities[i] from rows[i], when decoded[i]
        std::vector<std::uint8_t> decoded;
        std::vector<QuarantinedRow> problems;  // one per row not decoded, in order
    };

    // On the read-ahead thread: the next chunk of rows, fingerprinted and decoded there,
    // where they were just read. The caller's thread then touches only entities (the
    // rows, five times their size, only to reject one): the KPI job's threads had spent
    // their time on cache misses, reading rows another core had written.
    bool decodeNext(Decoded& chunk) {
        chunk.problems.clear();
        if (!cursor_->next(chunk.rows)) return false;
        // Entities of a reused chunk are decoded into again, keeping their strings.
        chunk.entities.resize(chunk.rows.size());
        chunk.decoded.assign(chunk.rows.size(), 0);
        for (std::size_t i = 0; i < chunk.rows.size(); ++i) {
            const RawRow& row = chunk.rows[i];
            if (!row.problem.empty()) {  // the source could not read the row as a whole
                if (fingerprint_) tableFingerprint_.add(readingDecoder_.table(), row);
                chunk.problems.push_back(QuarantinedRow{table_, readingDecoder_.location(row),
                                                        readingDecoder_.rowKey(row), "", "", row.problem});
                continue;
            }
            QuarantinedRow error;
            chunk.decoded[i] = (readingDecoder_.*decode_)(row, chunk.entities[i], error);
            if (fingerprint_) {
                if (chunk.decoded[i])
                    tableFingerprint_.add(readingDecoder_.table(), chunk.entities[i]);
                else
                    tableFingerprint_.add(readingDecoder_.table(), row);
            }
            if (!chunk.decoded[i]) chunk.problems.push_back(std::move(error));
        }
        return true;
    }

    RowDecoder decoder_;         // the caller's thread (messages for reject())
    RowDecoder readingDecoder_;  // the read-ahead thread
    Decode decode_;
    RowAccounting& accounting_;
    RowFingerprint* fingerprint_;
    RowFingerprint tableFingerprint_;  // the read-ahead thread's, added to *fingerprint_ at the end
    bool fingerprinted_ = false;
    std::string table_;
    TableCount& count_;
    std::unique_ptr<RowCursor> cursor_;
    Decoded chunk_;
    std::size_t position_ = 0;
    std::size_t problem_ = 0;
    std::unique_ptr<ReadAhead<Decoded>> readAhead_;  // last: destroyed (joined) first
};

}  // namespace yewu
