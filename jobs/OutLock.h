// OutLock: only one yewu run or scheduler per OUT folder at a time. Holds an
// exclusive flock(2) on OUT/.yewu.lock for its lifetime; the kernel releases
// it when the process dies, so a killed run never leaves a stale lock.
#pragma once

#include <filesystem>
#include <string>

namespace yewu {

class OutLock {
public:
    // Throws Poco::FileException naming the folder when another process holds the lock.
    // `name`: the lock file in outDir; the scheduler holds its own, ".yewu-schedule.lock",
    // for its whole life, so its runs (which take ".yewu.lock") do not wait on it.
    explicit OutLock(const std::filesystem::path& outDir, const std::string& name = ".yewu.lock",
                     const std::string& holder = "another yewu run or scheduler");
    ~OutLock();
    OutLock(const OutLock&) = delete;
    OutLock& operator=(const OutLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace yewu
