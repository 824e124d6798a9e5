#include "OutLock.h"

#include <Poco/Exception.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace yewu {

OutLock::OutLock(const std::filesystem::path& outDir, const std::string& name, const std::string& holder) {
    std::filesystem::create_directories(outDir);
    const auto path = outDir / name;
    fd_ = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Poco::FileException("cannot open lock file " + path.string() + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int saved = errno;
        ::close(fd_);
        fd_ = -1;
        if (saved == EWOULDBLOCK)
            throw Poco::FileException(holder + " is using " + outDir.string() +
                                      " (lock " + path.string() + " is held); try again when it has finished");
        throw Poco::FileException("cannot lock " + path.string() + ": " + std::strerror(saved));
    }
}

OutLock::~OutLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace yewu
