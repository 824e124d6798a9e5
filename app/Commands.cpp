#include "Commands.h"

#include <Poco/Util/LayeredConfiguration.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "AppConfig.h"
#include "bench/Generator.h"
#include "jobs/AppraisalMailer.h"
#include "jobs/ConfigError.h"
#include "jobs/JobRegistry.h"
#include "jobs/Clock.h"
#include "jobs/Ledger.h"
#include "jobs/OutLock.h"
#include "jobs/Logging.h"
#include "jobs/Runner.h"
#include "StopSignals.h"

namespace po = boost::program_options;

namespace yewu {

CivilToday today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return CivilToday{local.tm_year + 1900, unsigned(local.tm_mon + 1), unsigned(local.tm_mday)};
}

bool parseCommandLine(const Args& args, po::options_description& options, po::variables_map& vm, const char* synopsis,
                      po::positional_options_description* positional) {
    options.add_options()("help,h", "show this help");
    auto parser = po::command_line_parser(args).options(options);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
        std::cout << "usage: " << synopsis << "\n" << options << "\n";
        return false;
    }
    po::notify(vm);
    return true;
}

namespace {

Date todayDate() {
    const CivilToday t = today();
    return Date::fromYmd(t.year, t.month, t.day);
}

std::string defaultConfigPath(const po::variables_map& vm) {
    if (vm.count("config")) return vm["config"].as<std::string>();
    return std::filesystem::is_regular_file("config/yewu.ini") ? "config/yewu.ini" : "";
}

Month parseMonthOption(const std::string& option, const std::string& value) {
    const auto month = Month::parse(value);
    if (!month) throw ConfigError("--" + option + " expects YYYY-MM, got '" + value + "'");
    return *month;
}

Date parseDateOption(const std::string& option, const std::string& value) {
    const auto date = Date::parse(value);
    if (!date || value.size() != 10) throw ConfigError("--" + option + " expects YYYY-MM-DD, got '" + value + "'");
    return *date;
}

void printOutcome(const RunOutcome& outcome, const std::string& job) {
    for (const auto& [table, c] : outcome.accounting.counts())
        std::cerr << "  " << std::left << std::setw(12) << table << " read " << c.read << ", used " << c.used
                  << ", quarantined " << c.quarantined << "\n";
    for (const auto& row : outcome.accounting.quarantined())
        std::cerr << "  quarantined: " << row.location << " (" << row.table << " " << row.rowId << ") field "
                  << row.field << " = '" << row.value << "': " << row.reason << "\n";
    if (!outcome.error.empty()) {
        std::cerr << "yewu run " << job << ": " << (outcome.status == "interrupted" ? "interrupted" : "failed") << " (run "
                  << outcome.runId << "), nothing published: "
                  << outcome.error << "\n";
        return;
    }
    for (const auto& o : outcome.outputs) std::cout << (outcome.dir / o.path).string() << "\n";
    std::cerr << "yewu run " << job << ": done (run " << outcome.runId << "), " << outcome.outputs.size()
              << " file(s) in " << outcome.dir.string();
    if (!outcome.accounting.quarantined().empty())
        std::cerr << "; " << outcome.accounting.quarantined().size() << " row(s) quarantined"
                  << (outcome.exitCode == 3 ? " (--strict: exit 3)" : "");
    std::cerr << "\n";
}

// " (12 s)" from the ledger's start and end times; "" while running.
std::string durationText(const RunRecord& r) {
    try {
        if (r.endedAt.empty()) return "";
        return " (" + std::to_string((parseIsoUtc(r.endedAt) - parseIsoUtc(r.startedAt)).count()) + " s)";
    } catch (const std::invalid_argument&) {
        return "";
    }
}

}  // namespace

int runCommand(const Args& args) {
    po::options_description options("yewu run options");
    std::vector<std::string> defines;
    std::vector<std::string> resend;
    options.add_options()("job", po::value<std::string>()->required(), "job name (see 'yewu jobs')")(
        "config", po::value<std::string>(), "INI configuration file (default config/yewu.ini when present)")(
        "source", po::value<std::string>(), "source URI, e.g. sqlite:out/demo.db (default: source.uri)")(
        "out", po::value<std::string>(), "output folder OUT (default: paths.out, or ./out)")(
        "period", po::value<std::string>(), "month YYYY-MM")("as-of", po::value<std::string>(), "day YYYY-MM-DD")(
        "since", po::value<std::string>(), "contracts: only orders dated on or after YYYY-MM-DD")(
        "order", po::value<std::string>(), "contracts: only this order number, regenerated even when unchanged")(
        "locale", po::value<std::string>()->default_value("zh-CN"), "zh-CN or en")(
        "send", po::bool_switch(), "deliver the outputs")("dry-run", po::bool_switch(), "prepare but do not deliver")(
        "resend", po::value<std::vector<std::string>>(&resend)->composing(),
        "appraisal --send: mail this address again deliberately (repeatable)")(
        "strict", po::bool_switch(), "exit 3 when rows were quarantined")(
        "quiet", po::bool_switch(), "no progress display; only errors on the console")(
        "define,D", po::value<std::vector<std::string>>(&defines)->composing(), "section.key=value");
    po::positional_options_description positional;
    positional.add("job", 1);
    po::variables_map vm;
    if (!parseCommandLine(args, options, vm, "yewu run JOB [options]", &positional)) return 0;

    auto config = loadConfiguration(defaultConfigPath(vm), defines);
    RunRequest request;
    request.job = vm["job"].as<std::string>();
    if (vm.count("period") && vm.count("as-of")) throw ConfigError("give either --period or --as-of, not both");
    if (vm.count("period")) request.params.period = parseMonthOption("period", vm["period"].as<std::string>());
    if (vm.count("as-of")) request.params.asOf = parseDateOption("as-of", vm["as-of"].as<std::string>());
    if (vm.count("since")) request.params.since = parseDateOption("since", vm["since"].as<std::string>());
    if (vm.count("order")) request.params.order = vm["order"].as<std::string>();
    const auto locale = parseLocale(vm["locale"].as<std::string>());
    if (!locale) throw ConfigError("--locale expects zh-CN or en, got '" + vm["locale"].as<std::string>() + "'");
    request.params.locale = *locale;
    request.params.send = vm["send"].as<bool>();
    request.params.dryRun = vm["dry-run"].as<bool>();
    request.params.strict = vm["strict"].as<bool>();
    request.params.today = todayDate();
    request.sourceUri = vm.count("source") ? vm["source"].as<std::string>() : config->getString("source.uri", "");
    if (request.sourceUri.empty()) throw ConfigError("no source: give --source URI or set source.uri");
    request.outDir = vm.count("out") ? vm["out"].as<std::string>() : config->getString("paths.out", "out");
    for (std::size_t i = 1; i < args.size(); ++i) request.paramsText += (i > 1 ? " " : "") + args[i];

    JobRegistry registry;
    registerAllJobs(registry);
    Runner runner(registry, *config);
    const bool quiet = vm["quiet"].as<bool>();
    installStopSignals();
    setupLogging(LoggingOptions{request.outDir, int(Poco::Message::PRIO_CRITICAL)},  // the run prints its own summary
                 *config);
    runner.setCancellation(&stopRequest());
    runner.setProgressMode(Progress::modeFor(quiet));
    // appraisal --send / --dry-run: generate the pack when none is published yet, then mail it
    // (jobs/AppraisalMailer.h: exactly once per recipient).
    const bool mail = request.job == "appraisal" && (request.params.send || request.params.dryRun);
    const Month mailMonth = request.params.period.value_or(Month::of(request.params.today).plusMonths(-1));
    const auto mailPack = [&] {
        const AppraisalMailRequest mailRequest{mailMonth, request.params.locale, request.sourceUri, request.outDir,
                                               request.params.dryRun, resend, &stopRequest()};
        return AppraisalMailer(*config).run(mailRequest, std::cerr);
    };
    if (mail && !AppraisalMailer::publishedPack(request.outDir, mailMonth).empty()) {
        std::cerr << "yewu run appraisal: the " << mailMonth.iso() << " pack is published; mailing it as it is\n";
        return mailPack();
    }
    const RunOutcome outcome = runner.run(request);
    printOutcome(outcome, request.job);
    if (!mail || outcome.exitCode == 1) return outcome.exitCode;
    const int mailed = mailPack();
    return mailed != 0 ? mailed : outcome.exitCode;
}

int generateCommand(const Args& args) {
    po::options_description options("yewu generate options");
    options.add_options()("db", po::value<std::string>()->required(), "SQLite file to write (replaced)")(
        "scale", po::value<double>()->default_value(0.01), "1 = 500 salespeople, 1,000,000 orders")(
        "seed", po::value<std::uint64_t>()->default_value(1), "random seed")(
        "end", po::value<std::string>(), "last month generated, YYYY-MM (default: last full month)")(
        "order-scale", po::value<double>()->default_value(0), "scale of orders, invoices and payments alone (0: --scale)");
    po::variables_map vm;
    if (!parseCommandLine(args, options, vm, "yewu generate --db FILE [options]")) return 0;

    GeneratorOptions g;
    g.dbPath = vm["db"].as<std::string>();
    g.scale = vm["scale"].as<double>();
    g.seed = vm["seed"].as<std::uint64_t>();
    g.orderScale = vm["order-scale"].as<double>();
    if (!(g.scale > 0 && g.scale <= 100)) throw ConfigError("--scale must be in (0, 100]");
    g.end = vm.count("end") ? parseMonthOption("end", vm["end"].as<std::string>())
                            : Month::of(todayDate()).plusMonths(-1);
    const auto parent = std::filesystem::path(g.dbPath).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    const GeneratorReport report = generateDemoData(g);
    for (const auto& [table, rows] : report.rows) std::cerr << "  " << std::left << std::setw(12) << table << rows << "\n";
    std::cout << g.dbPath << "\n";
    return 0;
}

int jobsCommand(const Args& args) {
    po::options_description options("yewu jobs options");
    po::variables_map vm;
    if (!parseCommandLine(args, options, vm, "yewu jobs")) return 0;
    JobRegistry registry;
    registerAllJobs(registry);
    for (const auto& job : registry.all()) std::cout << std::left << std::setw(14) << job.name << job.description << "\n";
    return 0;
}

int historyCommand(const Args& args) {
    po::options_description options("yewu history options");
    options.add_options()("job", po::value<std::string>(), "only this job")(
        "limit", po::value<int>()->default_value(20), "most recent N runs")(
        "out", po::value<std::string>()->default_value("out"), "output folder OUT holding ledger.sqlite")(
        "downloads", po::bool_switch(), "portal downloads and failed logins instead of runs");
    po::variables_map vm;
    if (!parseCommandLine(args, options, vm, "yewu history [options]")) return 0;
    const std::filesystem::path out = vm["out"].as<std::string>();
    if (vm["downloads"].as<bool>() && std::filesystem::exists(Ledger::pathIn(out)))
        return printDownloadHistory(out, vm["limit"].as<int>());
    if (!std::filesystem::exists(Ledger::pathIn(out))) {
        std::cerr << "yewu history: no ledger at " << Ledger::pathIn(out).string() << " (nothing has run yet)\n";
        return 0;
    }
    Ledger ledger(out);
    try {
        // Runs left "running" by a killed process show as interrupted once nobody holds OUT.
        OutLock lock(out);
        ledger.markAbandonedRuns();
    } catch (const Poco::FileException&) {
        // A run is in progress: its "running" is true.
    }
    std::optional<std::string> job;
    if (vm.count("job")) job = vm["job"].as<std::string>();
    for (const auto& r : ledger.history(job, vm["limit"].as<int>())) {
        std::cout << "#" << r.id << "  " << r.job << " " << r.period << "  " << r.status << " (exit " << r.exitCode
                  << ")  " << r.startedAt << " -> " << (r.endedAt.empty() ? "?" : r.endedAt) << durationText(r)
                  << "\n"
                  << "    params: " << r.params << "  source: " << r.source << "\n"
                  << "    rows: read " << r.rowsRead << ", used " << r.rowsUsed << ", quarantined "
                  << r.rowsQuarantined << "; outputs: " << r.outputs << "\n";
        for (const auto& o : ledger.outputsOf(r.id))
            std::cout << "    " << o.path << "  " << o.kind << "  " << o.bytes << " bytes  sha256 " << o.sha256 << "\n";
        if (!r.error.empty()) std::cout << "    error: " << r.error << "\n";
    }
    return 0;
}

int demoCommand(const Args& args) {
    po::options_description options("yewu demo options");
    options.add_options()("out", po::value<std::string>()->default_value("out"), "output folder")(
        "scale", po::value<double>()->default_value(0.01), "data scale")(
        "seed", po::value<std::uint64_t>()->default_value(1), "random seed");
    po::variables_map vm;
    if (!parseCommandLine(args, options, vm, "yewu demo [options]")) return 0;

    const std::filesystem::path out = vm["out"].as<std::string>();
    const Month month = Month::of(todayDate()).plusMonths(-1);  // the latest full month
    const std::string db = (out / "demo.db").string();
    std::cerr << "yewu demo: generating " << db << " (scale " << vm["scale"].as<double>() << ", through "
              << month.iso() << ")\n";
    std::filesystem::create_directories(out);
    GeneratorOptions g{db, vm["scale"].as<double>(), vm["seed"].as<std::uint64_t>(), month};
    generateDemoData(g);

    JobRegistry registry;
    registerAllJobs(registry);
    auto config = loadConfiguration("", {});
    Runner runner(registry, *config);
    int worst = 0;
    for (const auto& job : registry.all()) {
        RunRequest request;
        request.job = job.name;
        request.params.period = month;
        request.params.today = todayDate();
        request.sourceUri = "sqlite:" + db;
        request.outDir = out;
        request.paramsText = "--period " + month.iso() + " (demo)";
        const RunOutcome outcome = runner.run(request);
        printOutcome(outcome, job.name);
        worst = std::max(worst, outcome.exitCode);
    }
    return worst;
}

}  // namespace yewu
