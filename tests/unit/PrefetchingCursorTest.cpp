// PrefetchingCursor: the inner cursor's rows in order, its error where the rows
// ran out, and a clean stop when the caller leaves early.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "connectors/PrefetchingCursor.h"

namespace yewu {
namespace {

// Counts 1..rows in chunks of `chunk`, then fails if `failAfter` is set.
class CountingCursor : public RowCursor {
public:
    CountingCursor(int rows, int chunk, bool fail, std::atomic<int>* chunksRead)
        : rows_(rows), chunk_(chunk), fail_(fail), chunksRead_(chunksRead) {}
    bool next(std::vector<RawRow>& chunk) override {
        chunk.clear();
        if (next_ > rows_) {
            if (fail_)
                throw std::runtime_error("connection lost after row " + std::to_string(rows_));
            return false;
        }
        for (int i = 0; i < chunk_ && next_ <= rows_; ++i, ++next_) {
            RawRow row;
            row.rowNumber = next_;
            row.values = {std::to_string(next_)};
            chunk.push_back(std::move(row));
        }
        if (chunksRead_) ++*chunksRead_;
        return true;
    }

private:
    int rows_, chunk_, next_ = 1;
    bool fail_;
    std::atomic<int>* chunksRead_;
};

TEST(PrefetchingCursorTest, DeliversEveryRowInOrder) {
    PrefetchingCursor cursor(std::make_unique<CountingCursor>(10001, 100, false, nullptr));
    std::vector<RawRow> chunk;
    std::int64_t expected = 1;
    while (cursor.next(chunk))
        for (const RawRow& row : chunk) {
            ASSERT_EQ(row.rowNumber, expected);
            ASSERT_EQ(row.values[0], std::to_string(expected));
            ++expected;
        }
    EXPECT_EQ(expected, 10002);
    EXPECT_TRUE(chunk.empty());
    EXPECT_FALSE(cursor.next(chunk));
}

TEST(PrefetchingCursorTest, ErrorComesAfterTheRowsReadBeforeIt) {
    PrefetchingCursor cursor(std::make_unique<CountingCursor>(250, 100, true, nullptr));
    std::vector<RawRow> chunk;
    std::int64_t rows = 0;
    try {
        while (cursor.next(chunk)) rows += std::int64_t(chunk.size());
        FAIL() << "expected the inner cursor's error";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "connection lost after row 250");
    }
    EXPECT_EQ(rows, 250);
}

TEST(PrefetchingCursorTest, ReadsOnlyALittleAheadAndStopsWhenDropped) {
    std::atomic<int> chunksRead{0};
    {
        PrefetchingCursor cursor(std::make_unique<CountingCursor>(1000000, 10, false, &chunksRead),
                                 2);
        std::vector<RawRow> chunk;
        ASSERT_TRUE(cursor.next(chunk));
        // Give the reading thread time to run ahead as far as it may.
        for (int i = 0; i < 50 && chunksRead.load() < 3; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        EXPECT_LE(chunksRead.load(), 4);  // the one taken, two waiting, at most one being read
    }                                     // destroyed with the reader blocked: must not hang
    EXPECT_LE(chunksRead.load(), 4);
}

}  // namespace
}  // namespace yewu
