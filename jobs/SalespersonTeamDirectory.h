// SalespersonTeamDirectory: salesperson id -> team, read from the source's
// salesperson table. The download portal (delivery) needs a salesperson's
// team to let a manager download that person's letter or workbook, but may
// not read sources itself (delivery -> core only); app/ hands this to the
// portal as a plain function.
//
// Reads the table on first use and again when the answer is older than
// maxAge. A source that cannot be opened or read keeps the last answer (none
// at first), is reported on stderr, and never throws: the caller then falls
// back to other ways of knowing the team. Thread-safe.
#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace yewu {

class SalespersonTeamDirectory {
public:
    SalespersonTeamDirectory(std::string sourceUri, Poco::AutoPtr<Poco::Util::AbstractConfiguration> config,
                             std::chrono::seconds maxAge);

    // "" when the id is unknown or the source could not be read.
    std::string teamOf(const std::string& salespersonId);

private:
    void reload();

    std::string uri_;
    Poco::AutoPtr<Poco::Util::AbstractConfiguration> config_;
    std::chrono::seconds maxAge_;
    std::mutex mutex_;
    bool loaded_ = false;
    std::chrono::steady_clock::time_point loadedAt_;
    std::map<std::string, std::string> teams_;
};

}  // namespace yewu
