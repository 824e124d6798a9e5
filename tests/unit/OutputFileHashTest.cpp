// OutputFile::hashContent on many threads at once, as rendering threads do: each
// record holds its own file's SHA-256. (Poco::Crypto set OpenSSL up and tore it
// down with its first and last objects, and two threads hashing raced that: a
// heap corruption crashed about one contracts run in fifteen when three ran at
// once. Here the race rarely shows; the fix holds OpenSSL for the process.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "jobs/OutputSet.h"

namespace yewu {
namespace {

TEST(OutputFileHashTest, ThreadsHashTheirOwnFilesAtOnce) {
    const auto dir = std::filesystem::temp_directory_path() / ("yewu-hash-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    constexpr int kThreads = 8, kFilesEach = 60;
    {
        OutputSet outputs(dir);
        std::vector<std::vector<OutputFile*>> files(kThreads);
        for (int t = 0; t < kThreads; ++t)
            for (int i = 0; i < kFilesEach; ++i)
                files[t].push_back(&outputs.create(std::to_string(t) + "-" + std::to_string(i) + ".txt", "test"));
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < kFilesEach; ++i) {
                    OutputFile& file = *files[t][i];
                    std::ofstream(file.writePath(), std::ios::binary) << "file " << t << "-" << i << "\n";
                    file.hashContent();
                }
            });
        for (auto& thread : threads) thread.join();
        for (const OutputRecord& r : outputs.publish("test", "")) {
            EXPECT_EQ(r.sha256, sha256File(dir / r.path)) << r.path;
            EXPECT_EQ(r.bytes, std::int64_t(std::filesystem::file_size(dir / r.path))) << r.path;
        }
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace yewu
