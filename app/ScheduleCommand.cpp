// `yewu schedule [--config FILE] [--list | --once]`: the scheduler (see
// jobs/Scheduler.h for what is due, catch-up, retries and alerts).
#include <Poco/Util/LayeredConfiguration.h>

#include <boost/program_options.hpp>
#include <iomanip>
#include <iostream>
#include <memory>

#include "AppConfig.h"
#include "Commands.h"
#include "StopSignals.h"
#include "delivery/AlertSink.h"
#include "jobs/ConfigError.h"
#include "jobs/JobRegistry.h"
#include "jobs/Logging.h"
#include "jobs/MailingLauncher.h"
#include "jobs/OutLock.h"
#include "jobs/Runner.h"
#include "jobs/ScheduleConfig.h"
#include "jobs/ScheduleLedger.h"
#include "jobs/Scheduler.h"

namespace po = boost::program_options;

namespace yewu {

namespace {

void listSchedule(const ScheduleSettings& settings, int count, std::ostream& out) {
    SystemClock clock;
    const Instant now = clock.now();
    out << "time zone " << settings.timezone << "; alerts to "
        << (settings.alertTo.empty() ? std::string("nobody (schedule.alert_to is empty)") : [&] {
               std::string to;
               for (const auto& a : settings.alertTo) to += (to.empty() ? "" : ", ") + a;
               return to;
           }())
        << "\n";
    if (settings.entries.empty()) out << "no schedule entries ([schedule.JOB] cron = ...)\n";
    for (const auto& entry : settings.entries) {
        out << "\n" << entry.name << (entry.job != entry.name ? " (job " + entry.job + ")" : "") << ": "
            << entry.schedule.cron().text() << "  catch_up " << (entry.catchUp ? "on" : "off") << ", retries "
            << entry.retries << ", retry_delay " << entry.retryDelay.count() << "s\n";
        std::string params;
        for (const auto& [k, v] : entry.params) params += (params.empty() ? "" : ", ") + k + " = " + v;
        if (!params.empty()) out << "  params: " << params << "\n";
        Instant t = now;
        int shown = 0;
        for (; shown < count; ++shown) {
            const auto next = entry.schedule.nextAfter(t);
            if (!next) break;
            const CivilMinute local = entry.schedule.zone().localMinute(*next);
            std::string runAs;
            const JobParams p = paramsForFire(entry, local.date, runAs);
            out << "  " << entry.schedule.zone().format(*next) << "  = " << isoUtc(*next) << "  -> " << runAs;
            if (entry.schedule.cron().needsCalendar() && !entry.schedule.calendar()->covers(local.date.year()))
                out << "  [no business calendar for " << local.date.year() << ": Monday..Friday assumed]";
            out << "\n";
            t = *next;
        }
        if (shown == 0) out << "  never fires\n";
    }
}

}  // namespace

int scheduleCommand(const Args& args) {
    po::options_description options("yewu schedule options");
    std::vector<std::string> defines;
    options.add_options()("config", po::value<std::string>(), "INI configuration file (default config/yewu.ini when present)")(
        "list", po::bool_switch(), "show each entry's next fire times and exit")(
        "once", po::bool_switch(), "run what is due now, then exit (for system cron)")(
        "count", po::value<int>()->default_value(5), "how many fire times --list shows")(
        "out", po::value<std::string>(), "output folder OUT (default: paths.out, or ./out)")(
        "source", po::value<std::string>(), "source URI (default: source.uri)")(
        "quiet", po::bool_switch(), "no progress display; only errors on the console")(
        "define,D", po::value<std::vector<std::string>>(&defines)->composing(), "section.key=value");
    options.add_options()("help,h", "show this help");
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(options).run(), vm);
    if (vm.count("help")) {
        std::cout << "usage: yewu schedule [--config FILE] [--list | --once] [options]\n" << options << "\n";
        return 0;
    }
    po::notify(vm);
    if (vm["list"].as<bool>() && vm["once"].as<bool>()) throw ConfigError("give either --list or --once, not both");

    const std::string iniPath = vm.count("config") ? vm["config"].as<std::string>()
                                : std::filesystem::is_regular_file("config/yewu.ini") ? "config/yewu.ini"
                                                                                      : "";
    auto config = loadConfiguration(iniPath, defines);
    JobRegistry registry;
    registerAllJobs(registry);
    const ScheduleSettings settings = loadScheduleSettings(*config, registry);

    if (vm["list"].as<bool>()) {
        listSchedule(settings, vm["count"].as<int>(), std::cout);
        return 0;
    }

    const std::filesystem::path outDir = vm.count("out") ? vm["out"].as<std::string>() : config->getString("paths.out", "out");
    const bool quiet = vm["quiet"].as<bool>();
    // One scheduler per OUT; its runs take the separate run lock (.yewu.lock), so they do
    // not wait on this one, and a manual `yewu run` can still go between fire times.
    OutLock schedulerLock(outDir, ".yewu-schedule.lock", "another yewu scheduler");
    installStopSignals();
    setupLogging(LoggingOptions{outDir, quiet ? int(Poco::Message::PRIO_ERROR) : int(Poco::Message::PRIO_INFORMATION)},
                 *config);

    Runner runner(registry, *config);
    runner.setCancellation(&stopRequest());
    runner.setProgressMode(Progress::modeFor(quiet));
    RunnerLauncher runnerLauncher(runner);
    MailingLauncher launcher(runnerLauncher, *config, &stopRequest());  // appraisal with send = true mails the pack

    const std::unique_ptr<AlertSink> alerts = alertSinkFromConfig(*config);

    ScheduleLedger ledger(outDir);
    SystemClock clock;
    const std::string sourceUri = vm.count("source") ? vm["source"].as<std::string>() : config->getString("source.uri", "");
    Scheduler scheduler(settings, launcher, clock, ledger, alerts.get(), stopRequest(), outDir, sourceUri);
    if (vm["once"].as<bool>()) {
        const int code = scheduler.runDue();
        if (stopRequest().requested()) {
            std::cerr << "yewu schedule: stopped by signal " << stopRequest().signal()
                      << "; what did not finish stays due\n";
            return 1;
        }
        return code;
    }
    return scheduler.loop();
}

}  // namespace yewu
