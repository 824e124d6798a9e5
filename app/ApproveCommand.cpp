// yewu approve JOB PERIOD [--by NAME]: records in the ledger who approved a
// published pack and when, so `yewu run appraisal --send` may mail it when
// appraisal.require_approval = true (see jobs/AppraisalMailer.h).
#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "AppConfig.h"
#include "Commands.h"
#include "jobs/AppraisalMailer.h"
#include "jobs/ConfigError.h"

namespace po = boost::program_options;

namespace yewu {

int approveCommand(const Args& args) {
    po::options_description options("yewu approve options");
    std::vector<std::string> defines;
    options.add_options()("job", po::value<std::string>()->required(), "job whose pack is approved (appraisal)")(
        "period", po::value<std::string>()->required(), "month YYYY-MM")(
        "by", po::value<std::string>(), "who approves (default: $USER)")(
        "config", po::value<std::string>(), "INI configuration file (default config/yewu.ini when present)")(
        "out", po::value<std::string>(), "output folder OUT (default: paths.out, or ./out)")(
        "define,D", po::value<std::vector<std::string>>(&defines)->composing(), "section.key=value")(
        "help,h", "show this help");
    po::positional_options_description positional;
    positional.add("job", 1).add("period", 1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    if (vm.count("help")) {
        std::cout << "usage: yewu approve appraisal YYYY-MM [--by NAME] [--out DIR]\n" << options << "\n";
        return 0;
    }
    po::notify(vm);
    const std::string job = vm["job"].as<std::string>();
    if (job != "appraisal") throw ConfigError("only the appraisal pack is approved before mailing, not '" + job + "'");
    const auto period = Month::parse(vm["period"].as<std::string>());
    if (!period) throw ConfigError("PERIOD expects YYYY-MM, got '" + vm["period"].as<std::string>() + "'");
    std::string config;
    if (vm.count("config")) config = vm["config"].as<std::string>();
    else if (std::filesystem::is_regular_file("config/yewu.ini")) config = "config/yewu.ini";
    const auto configuration = loadConfiguration(config, defines);
    const std::filesystem::path out =
        vm.count("out") ? vm["out"].as<std::string>() : configuration->getString("paths.out", "out");
    const char* user = std::getenv("USER");
    const std::string by = vm.count("by") ? vm["by"].as<std::string>() : (user ? user : "");
    AppraisalMailer::approve(out, *period, by, std::cerr);
    return 0;
}

}  // namespace yewu
