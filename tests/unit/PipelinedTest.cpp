// runPipelined: order, bounded hand-off, and errors in either thread.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>

#include "jobs/Pipelined.h"

namespace yewu {
namespace {

TEST(PipelinedTest, ConsumerSeesEveryItemInOrder) {
    std::vector<int> seen;
    runPipelined<int>(
        [](auto&& emit) {
            for (int i = 0; i < 10007; ++i) emit(int(i));
        },
        [&](int& i) { seen.push_back(i); }, 16, 2);
    ASSERT_EQ(seen.size(), 10007u);
    for (int i = 0; i < 10007; ++i) ASSERT_EQ(seen[i], i);
}

TEST(PipelinedTest, NothingEmittedIsFine) {
    int calls = 0;
    runPipelined<std::string>([](auto&&) {}, [&](std::string&) { ++calls; });
    EXPECT_EQ(calls, 0);
}

TEST(PipelinedTest, ProducerNeverRunsFarAhead) {
    std::atomic<int> produced{0};
    int maxLead = 0, consumed = 0;
    runPipelined<int>(
        [&](auto&& emit) {
            for (int i = 0; i < 5000; ++i) {
                emit(int(i));
                ++produced;
            }
        },
        [&](int&) {
            ++consumed;
            maxLead = std::max(maxLead, produced.load() - consumed);
        },
        10, 3);
    // At most the queued batches, the one being filled and the one being consumed.
    EXPECT_LE(maxLead, 10 * (3 + 2));
}

TEST(PipelinedTest, ProducerErrorReachesTheCaller) {
    int consumed = 0;
    EXPECT_THROW(runPipelined<int>(
                     [](auto&& emit) {
                         for (int i = 0; i < 100; ++i) emit(int(i));
                         throw std::runtime_error("source failed at row 100");
                     },
                     [&](int&) { ++consumed; }, 8, 2),
                 std::runtime_error);
    EXPECT_LE(consumed, 100);
}

TEST(PipelinedTest, ConsumerErrorStopsTheProducer) {
    std::atomic<int> produced{0};
    try {
        runPipelined<int>(
            [&](auto&& emit) {
                for (int i = 0; i < 1000000; ++i) {
                    emit(int(i));
                    ++produced;
                }
            },
            [](int& i) {
                if (i == 50) throw std::runtime_error("disk full");
            },
            8, 2);
        FAIL() << "expected the consumer's error";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "disk full");
    }
    EXPECT_LT(produced.load(), 1000);  // it stopped soon after, not at the end of its input
}

}  // namespace
}  // namespace yewu
