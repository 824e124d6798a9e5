// ThreadLocalTimeBuffers: gmtime() and localtime() on several threads at once
// no longer overwrite each other's result (as PoDoFo and libxlsxwriter did).
#include <gtest/gtest.h>

#include <atomic>
#include <ctime>
#include <thread>

TEST(ThreadLocalTimeBuffersTest, EachThreadHasItsOwnBuffer) {
    const std::time_t fixed = 1793404800;  // 2026-10-31T00:00:00Z
    std::tm* here = gmtime(&fixed);
    std::tm* there = nullptr;
    std::thread([&] { there = gmtime(&fixed); }).join();
    EXPECT_NE(here, there);  // glibc's own gmtime() returns one static buffer to every thread
    EXPECT_NE(here, localtime(&fixed));  // and the same one from localtime()
}

TEST(ThreadLocalTimeBuffersTest, FixedDateSurvivesConcurrentLocaltime) {
    // libxlsxwriter formats its fixed creation date with gmtime() then strftime() while
    // PDF threads call localtime(now): the date must come out as given every time.
    const std::time_t fixed = 1793404800;
    std::atomic<bool> stop{false};
    std::thread other([&] {
        while (!stop) {
            const std::time_t now = std::time(nullptr);
            localtime(&now);
        }
    });
    int wrong = 0;
    for (int i = 0; i < 200000; ++i) {
        const std::tm* t = gmtime(&fixed);
        char text[32];
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", t);
        if (std::string(text) != "2026-10-31T00:00:00Z") ++wrong;
    }
    stop = true;
    other.join();
    EXPECT_EQ(wrong, 0);
}
