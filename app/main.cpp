// yewu: the command line. Parses the command, hands the rest to it, and turns
// every escaping exception into a clear message and an exit code.
#include <Poco/Exception.h>

#include <boost/program_options/errors.hpp>
#include <cstring>
#include <iostream>
#include <map>

#include "Commands.h"
#include "OpenFileLimit.h"
#include "jobs/ConfigError.h"

namespace {

void usage(std::ostream& out) {
    out << "usage: yewu COMMAND [options]\n\n"
           "commands:\n"
           "  demo [--out DIR] [--scale S] [--seed N]          generate demo data, run every job, list the outputs\n"
           "  generate --db FILE [--scale S] [--seed N] [--end YYYY-MM]\n"
           "                                                   write a deterministic demo database\n"
           "  jobs                                             list the registered jobs\n"
           "  run JOB [--config FILE] [--source URI] [--out DIR] [--period YYYY-MM | --as-of YYYY-MM-DD]\n"
           "          [--locale zh-CN|en] [--strict] [-D section.key=value]...\n"
           "          [--send | --dry-run] [--resend ADDRESS]...  (appraisal: mail the pack)\n"
           "                                                   run one job\n"
           "  approve appraisal YYYY-MM [--by NAME] [--out DIR] record who approved the pack for mailing\n"
           "  schedule [--config FILE] [--list | --once] [--out DIR] [--quiet]\n"
           "                                                   run the jobs of [schedule] at their cron times\n"
           "  history [--job JOB] [--limit N] [--out DIR]      list past runs from the ledger\n"
           "  history --downloads [--limit N] [--out DIR]      portal downloads and failed logins\n"
           "  serve [--config FILE] [--out DIR] [--listen HOST:PORT]\n"
           "                                                   run the download portal\n"
           "  user add NAME --role finance|manager|salesperson|admin [--salesperson-id N] [--team T]\n"
           "  user token NAME | revoke NAME [--token ID] | remove NAME | passwd NAME | list\n"
           "                                                   portal accounts and API tokens\n\n"
           "Run 'yewu COMMAND --help' for a command's options.\n"
           "Exit codes: 0 done; 1 the job failed; 2 usage or configuration error;\n"
           "3 done, but rows were quarantined and --strict was set.\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? std::cerr : std::cout);
        return argc < 2 ? 2 : 0;
    }
    yewu::raiseOpenFileLimit();
    const std::string command = argv[1];
    const yewu::Args args(argv + 2, argv + argc);
    const std::map<std::string, int (*)(const yewu::Args&)> commands = {
        {"run", yewu::runCommand},         {"generate", yewu::generateCommand}, {"demo", yewu::demoCommand},
        {"jobs", yewu::jobsCommand},       {"history", yewu::historyCommand},
        {"serve", yewu::serveCommand},     {"user", yewu::userCommand},
        {"approve", yewu::approveCommand},
        {"schedule", yewu::scheduleCommand},
    };
    const auto it = commands.find(command);
    if (it == commands.end()) {
        std::string known;
        for (const auto& [name, fn] : commands) known += (known.empty() ? "" : ", ") + name;
        std::cerr << "yewu: unknown command '" << command << "'. Known: " << known << "\n";
        return 2;
    }
    try {
        return it->second(args);
    } catch (const boost::program_options::error& e) {
        std::cerr << "yewu " << command << ": " << e.what() << " (see 'yewu " << command << " --help')\n";
        return 2;
    } catch (const yewu::ConfigError& e) {
        std::cerr << "yewu " << command << ": " << e.message() << "\n";
        return 2;
    } catch (const Poco::Exception& e) {
        std::cerr << "yewu " << command << ": " << e.displayText() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "yewu " << command << ": " << e.what() << "\n";
        return 1;
    }
}
