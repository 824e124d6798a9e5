// One function per `yewu` command. Each takes the arguments after the command
// name and returns the process exit code (DESIGN.md: 0 done, 1 failed,
// 2 usage or configuration error, 3 done with quarantined rows under --strict).
#pragma once

#include <filesystem>
#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace yewu {

using Args = std::vector<std::string>;

// Parses a command's arguments against `options` (adding --help); prints the help and
// returns false for --help. Throws boost::program_options::error for bad arguments.
bool parseCommandLine(const Args& args, boost::program_options::options_description& options,
                      boost::program_options::variables_map& vm, const char* synopsis,
                      boost::program_options::positional_options_description* positional = nullptr);

int runCommand(const Args& args);
int generateCommand(const Args& args);
int demoCommand(const Args& args);
int jobsCommand(const Args& args);
int historyCommand(const Args& args);
int serveCommand(const Args& args);  // PortalCommands.cpp
int userCommand(const Args& args);   // PortalCommands.cpp
int approveCommand(const Args& args);  // ApproveCommand.cpp
// Prints the portal's audit rows (downloads, failed logins), newest first. PortalCommands.cpp
int printDownloadHistory(const std::filesystem::path& outDir, int limit);
int scheduleCommand(const Args& args);  // ScheduleCommand.cpp

// Today's civil date in the local time zone (the machine's, or TZ).
struct CivilToday {
    int year;
    unsigned month;
    unsigned day;
};
CivilToday today();

}  // namespace yewu
