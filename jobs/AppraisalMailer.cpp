#include "AppraisalMailer.h"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "CancellationToken.h"
#include "ConfigError.h"
#include "Ledger.h"
#include "MailConfig.h"
#include "OutLock.h"
#include "OutputSet.h"
#include "Outbox.h"
#include "Runner.h"
#include "connectors/TableReader.h"
#include "delivery/MimeMessage.h"
#include "delivery/SmtpTransport.h"
#include "reports/TemplateRenderer.h"

namespace yewu {

namespace fs = std::filesystem;

namespace {

const char* const kJob = "appraisal";

struct PackFile {
    std::string path;  // relative to the pack folder
    std::string sha256;
};

struct Pack {
    fs::path dir;
    std::string manifestSha256;
    std::map<std::string, PackFile> letters, people;  // by salesperson id
    std::map<std::string, PackFile> teamPacks, teamBooks;  // by team
};

struct PlannedAttachment {
    PackFile file;
    std::string fileName;  // what the recipient sees
    std::string contentType;
};

struct PlannedMail {
    std::string recipient;  // person id
    std::string role;       // salesperson | manager
    MailAddress to;
    std::vector<std::string> teams;  // manager: the teams whose packs are attached
    std::string team;                // salesperson: their team
    std::vector<PlannedAttachment> attachments;
    std::string attachmentsText;     // "path sha256" lines
};

enum class Action { New, Send, Requeue, AlreadySent, Changed, PossiblySent };

struct Decision {
    PlannedMail* mail = nullptr;
    Action action = Action::New;
    OutboxEntry entry;
    std::string why;
};

std::string sha256Text(const std::string& text) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(text);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError("cannot read " + path.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

Pack readPack(const fs::path& dir) {
    Pack pack;
    pack.dir = dir;
    const std::string manifest = readFile(dir / "manifest.json");
    pack.manifestSha256 = sha256Text(manifest);
    Poco::JSON::Parser parser;
    const auto root = parser.parse(manifest).extract<Poco::JSON::Object::Ptr>();
    const auto files = root->getArray("files");
    for (std::size_t i = 0; files && i < files->size(); ++i) {
        const auto f = files->getObject(unsigned(i));
        const std::string kind = f->optValue<std::string>("kind", "");
        const std::string subject = f->optValue<std::string>("subject", "");
        const PackFile file{f->optValue<std::string>("path", ""), f->optValue<std::string>("sha256", "")};
        if (kind == "appraisal_letter") pack.letters[subject] = file;
        else if (kind == "personal_kpi_workbook") pack.people[subject] = file;
        else if (kind == "team_pack") pack.teamPacks[subject] = file;
        else if (kind == "team_kpi_workbook") pack.teamBooks[subject] = file;
    }
    return pack;
}

std::vector<MailAddress> addressList(const std::string& text) {
    std::vector<MailAddress> out;
    Poco::StringTokenizer tokens(text, ",;", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& t : tokens) out.push_back(MailAddress{"", t});
    return out;
}

bool plausibleAddress(const std::string& a) {
    const auto at = a.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= a.size() || a.find('@', at + 1) != std::string::npos)
        return false;
    for (unsigned char c : a)
        if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>' || c == ',' || c == ';' || c == '"') return false;
    return true;
}

// A name safe inside a file name: no path separators, quotes or control characters.
std::string fileSafe(const std::string& text) {
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        out += (c == '/' || c == '\\' || c == '"' || c == ':' || c == '*' || c == '?' || c == '<' || c == '>' ||
                c == '|' || u < 0x20)
                   ? '_'
                   : c;
    }
    return out.empty() ? "_" : out;
}

std::string periodText(Month m, bool zh) {
    return zh ? std::to_string(m.year()) + "年" + std::to_string(m.month()) + "月" : m.iso();
}

// "subject\n\nbody": the template's first non-empty line is the subject.
std::pair<std::string, std::string> splitSubject(const std::string& text) {
    std::size_t start = text.find_first_not_of("\r\n \t");
    if (start == std::string::npos) return {"", ""};
    const std::size_t end = text.find('\n', start);
    std::string subject = Poco::trim(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    std::string body = end == std::string::npos ? "" : text.substr(end + 1);
    const std::size_t bodyStart = body.find_first_not_of("\r\n");
    body = bodyStart == std::string::npos ? "" : body.substr(bodyStart);
    return {subject, body};
}

}  // namespace

AppraisalMailer::AppraisalMailer(const Poco::Util::AbstractConfiguration& config, MailTransport* transport)
    : config_(config), transport_(transport) {}

fs::path AppraisalMailer::publishedPack(const fs::path& outDir, Month period) {
    const fs::path dir = outDir / kJob / period.iso();
    return fs::exists(dir / "manifest.json") ? dir : fs::path();
}

void AppraisalMailer::approve(const fs::path& outDir, Month period, const std::string& by, std::ostream& report) {
    const fs::path dir = publishedPack(outDir, period);
    if (dir.empty())
        throw ConfigError("no published appraisal pack for " + period.iso() + " in " + (outDir / kJob).string() +
                          ": run 'yewu run appraisal --period " + period.iso() + "' and review it first");
    if (by.empty()) throw ConfigError("who approves? give --by NAME (or set USER)");
    const Approval approval{by, utcNow(), sha256Text(readFile(dir / "manifest.json"))};
    OutLock lock(outDir);
    Outbox(outDir).recordApproval(kJob, period.iso(), approval);
    report << "appraisal " << period.iso() << ": approved by " << by << " at " << approval.at << " (manifest sha256 "
           << approval.manifestSha256.substr(0, 16) << "…)\n";
}

int AppraisalMailer::run(const AppraisalMailRequest& request, std::ostream& report) {
    const std::string period = request.period.iso();
    const bool zh = request.locale == Locale::ZhCN;
    const fs::path dir = publishedPack(request.outDir, request.period);
    if (dir.empty())
        throw ConfigError("no published appraisal pack for " + period + " under " + request.outDir.string());
    SmtpSettings smtp = smtpSettingsFromConfig(config_);
    if (smtp.from.empty()) throw ConfigError("smtp.from is not set: the appraisal mails need a sender address");
    if (smtp.fromName.empty()) smtp.fromName = config_.getString("company.name", "");
    std::vector<MailAddress> cc, bcc;
    try {
        cc = addressList(config_.getString("appraisal.mail_cc", ""));
        bcc = addressList(config_.getString("appraisal.mail_bcc", ""));
    } catch (const Poco::Exception& e) {
        throw ConfigError("[appraisal] " + e.displayText());
    }
    for (const auto* list : {&cc, &bcc})
        for (const auto& a : *list)
            if (!plausibleAddress(a.email)) throw ConfigError("appraisal.mail_cc/mail_bcc: not an address: '" + a.email + "'");

    OutLock lock(request.outDir);  // one sender at a time: two would both find the same rows pending
    const Pack pack = readPack(dir);

    if (!request.dryRun && config_.getBool("appraisal.require_approval", false)) {
        const auto approval = Outbox(request.outDir).latestApproval(kJob, period);
        if (!approval)
            throw ConfigError("appraisal.require_approval is set and the " + period +
                              " pack has not been approved: review it (--dry-run writes the mails), then 'yewu "
                              "approve appraisal " + period + "'");
        if (approval->manifestSha256 != pack.manifestSha256)
            throw ConfigError("the " + period + " pack changed after " + approval->by + " approved it at " +
                              approval->at + ": review it again and 'yewu approve appraisal " + period + "'");
        report << "appraisal " << period << ": approved by " << approval->by << " at " << approval->at << "\n";
    }

    // ---- who: the current salesperson table ----
    std::map<Id, Salesperson> people;
    RowAccounting accounting;
    {
        const auto source = openSource(request.sourceUri, config_, queriesDir(config_).string());
        TableReader<Salesperson> reader(*source, Table::Salesperson,
                                        {"id", "name", "email", "team", "manager_id", "active"}, {"id"},
                                        &RowDecoder::salesperson, accounting);
        while (const Salesperson* s = reader.next()) {
            if (!people.emplace(s->id, *s).second) {
                reader.reject("id", std::to_string(s->id), "duplicate salesperson id");
                continue;
            }
            reader.use();
        }
    }

    std::vector<std::string> problems;  // everyone who will not get a mail, and why
    for (const auto& q : accounting.quarantined())
        problems.push_back("salesperson row " + q.rowId + " (" + q.location + ") cannot be read: " + q.field + " " +
                           q.reason + ": not mailed");

    std::vector<PlannedMail> mails;
    // "绩效考核通知书_2026-10_张三.pdf", "Appraisal letter 2026-10 Zhang San.pdf"
    const auto attach = [&](PlannedMail& mail, const PackFile& file, const std::string& label, const std::string& who,
                            const std::string& ext, const std::string& type) {
        const std::string sep = zh ? "_" : " ";
        mail.attachments.push_back(PlannedAttachment{file, fileSafe(label + sep + period + sep + who) + ext, type});
    };
    const std::string pdf = "application/pdf";
    const std::string xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    std::size_t active = 0;
    std::map<std::string, std::set<Id>> teamManagers;
    std::set<std::string> teamsWithoutManager;
    for (const auto& [id, s] : people) {
        if (!s.active) continue;
        ++active;
        const std::string key = std::to_string(id);
        const std::string who = key + " " + s.name;
        if (s.managerId && *s.managerId != id) teamManagers[s.team].insert(*s.managerId);
        const auto letter = pack.letters.find(key);
        if (letter == pack.letters.end()) {
            problems.push_back(who + ": active, but the pack has no letter for them (generated before they were "
                                     "added or activated?): not mailed");
            continue;
        }
        if (!plausibleAddress(s.email)) {
            problems.push_back(who + " (salesperson, " + s.team + "): " +
                               (s.email.empty() ? "no e-mail address" : "invalid e-mail address '" + s.email + "'") +
                               ": not mailed");
            continue;
        }
        PlannedMail mail{key, "salesperson", MailAddress{s.name, s.email}, {}, s.team, {}, {}};
        attach(mail, letter->second, zh ? "绩效考核通知书" : "Appraisal letter", s.name, ".pdf", pdf);
        if (const auto book = pack.people.find(key); book != pack.people.end())
            attach(mail, book->second, zh ? "个人业绩KPI" : "Personal KPI", s.name, ".xlsx", xlsx);
        else
            problems.push_back(who + ": the pack has no personal KPI workbook for them: the letter goes alone");
        mails.push_back(std::move(mail));
    }
    for (const auto& [key, file] : pack.letters) {
        const auto it = people.find(std::strtoll(key.c_str(), nullptr, 10));
        if (it == people.end() || !it->second.active)
            problems.push_back("letter " + file.path + ": salesperson " + key +
                               (it == people.end() ? " is unknown" : " is no longer active") + ": not mailed");
    }

    // Managers: whoever active members of a team name as their manager_id.
    std::map<Id, std::vector<std::string>> managed;
    for (const auto& [team, file] : pack.teamPacks) {
        const auto it = teamManagers.find(team);
        if (it == teamManagers.end()) {
            problems.push_back("team " + team + ": no active member names a manager (manager_id): team pack " +
                               file.path + " not mailed");
            continue;
        }
        for (Id m : it->second) managed[m].push_back(team);
    }
    std::size_t managers = 0;
    for (const auto& [id, teams] : managed) {
        const auto it = people.find(id);
        std::string teamList;
        for (const auto& t : teams) teamList += (teamList.empty() ? "" : ", ") + t;
        if (it == people.end() || !it->second.active) {
            problems.push_back("manager " + std::to_string(id) + " of team " + teamList + " is " +
                               (it == people.end() ? "unknown" : "not active") + ": team pack not mailed");
            continue;
        }
        ++managers;
        const Salesperson& m = it->second;
        const std::string who = std::to_string(id) + " " + m.name;
        if (!plausibleAddress(m.email)) {
            problems.push_back(who + " (manager of " + teamList + "): " +
                               (m.email.empty() ? "no e-mail address" : "invalid e-mail address '" + m.email + "'") +
                               ": team pack not mailed");
            continue;
        }
        PlannedMail mail{std::to_string(id), "manager", MailAddress{m.name, m.email}, teams, m.team, {}, {}};
        for (const auto& team : teams) {
            attach(mail, pack.teamPacks.at(team), zh ? "团队考核汇总" : "Team appraisal", team, ".pdf", pdf);
            if (const auto book = pack.teamBooks.find(team); book != pack.teamBooks.end())
                attach(mail, book->second, zh ? "团队业绩KPI" : "Team KPI", team, ".xlsx", xlsx);
        }
        mails.push_back(std::move(mail));
    }

    // The files as they are now must be the files the manifest lists.
    for (auto& mail : mails) {
        std::vector<std::string> lines;
        for (const auto& a : mail.attachments) {
            const std::string now = sha256File(pack.dir / a.file.path);
            if (now != a.file.sha256)
                throw ConfigError(a.file.path + " differs from its manifest entry (changed outside yewu?): rerun "
                                  "'yewu run appraisal --period " + period + "' before sending");
            lines.push_back(a.file.path + " " + a.file.sha256);
        }
        std::sort(lines.begin(), lines.end());
        for (const auto& l : lines) mail.attachmentsText += l + "\n";
    }

    // ---- what: against the outbox ----
    Outbox outbox(request.outDir);
    std::set<std::string> resend(request.resend.begin(), request.resend.end());
    std::set<std::string> resendMatched;
    std::vector<Decision> decisions;
    for (auto& mail : mails) {
        Decision d;
        d.mail = &mail;
        const auto row = outbox.find(kJob, period, mail.recipient, mail.role);
        const bool again = resend.count(mail.to.email) || (row && resend.count(row->address));
        if (again) resendMatched.insert(resend.count(mail.to.email) ? mail.to.email : row->address);
        if (!row) {
            d.action = Action::New;
        } else {
            d.entry = *row;
            const bool same = row->attachments == mail.attachmentsText && row->address == mail.to.email;
            if (row->state == "sent") {
                if (again) d.action = Action::Requeue, d.why = "--resend (was sent " + row->sentAt + ")";
                else if (same) d.action = Action::AlreadySent;
                else d.action = Action::Changed;
            } else if (row->state == "sending") {
                d.action = again ? Action::Requeue : Action::PossiblySent;
                d.why = "--resend of a possibly sent mail";
            } else {
                d.action = same ? Action::Send : Action::Requeue;
                d.why = "documents or address changed before sending";
            }
        }
        decisions.push_back(d);
    }
    for (const auto& a : resend)
        if (!resendMatched.count(a))
            throw ConfigError("--resend " + a + ": nobody with that address is mailed the " + period + " pack");

    // ---- reconcile: say who gets what before sending anything ----
    std::map<Action, int> counts;
    for (const auto& d : decisions) ++counts[d.action];
    report << "appraisal " << period << " mail: " << active << " active salespeople, " << pack.teamPacks.size()
           << " team pack(s), " << managers << " manager(s); " << mails.size() << " mail(s) planned ("
           << std::count_if(mails.begin(), mails.end(), [](const PlannedMail& m) { return m.role == "salesperson"; })
           << " to salespeople, "
           << std::count_if(mails.begin(), mails.end(), [](const PlannedMail& m) { return m.role == "manager"; })
           << " to managers)\n";
    report << "  " << counts[Action::New] + counts[Action::Send] + counts[Action::Requeue] << " to send, "
           << counts[Action::AlreadySent] << " already sent, " << counts[Action::Changed]
           << " changed after sending, " << counts[Action::PossiblySent] << " possibly sent\n";
    for (const auto& p : problems) report << "  NOT MAILED: " << p << "\n";
    int exitCode = problems.empty() ? 0 : 1;
    for (const auto& d : decisions) {
        const PlannedMail& m = *d.mail;
        if (d.action == Action::Changed) {
            std::string what;
            if (d.entry.address != m.to.email) what += "address " + d.entry.address + " -> " + m.to.email + "; ";
            if (d.entry.attachments != m.attachmentsText) what += "documents differ from the ones sent; ";
            report << "  CHANGED AFTER SENDING: " << m.recipient << " " << m.to.name << " <" << m.to.email << "> ("
                   << m.role << "), sent " << d.entry.sentAt << ": " << what
                   << "not sent again (--resend " << m.to.email << " sends the new version)\n";
            exitCode = 1;
        } else if (d.action == Action::PossiblySent) {
            report << "  POSSIBLY SENT: " << m.recipient << " " << m.to.name << " <" << d.entry.address << "> ("
                   << m.role << "), Message-ID <" << d.entry.messageId
                   << ">: a run stopped at the end of this message, before the server's answer was recorded, "
                      "so it may or may not have arrived"
                   << (d.entry.lastError.empty() ? "" : " (" + d.entry.lastError + ")")
                   << "; not sent again: check with the recipient, then --resend " << d.entry.address
                   << " if it did not arrive\n";
            exitCode = 1;
        }
    }

    // ---- the mails themselves ----
    TemplateRenderer templates(dataDir(config_) / "templates");
    const std::string localeDir(localeName(request.locale));
    const std::string domain = smtp.from.substr(smtp.from.find('@') + 1);
    const std::string company = config_.getString("company.name", zh ? "示例贸易有限公司" : "Example Trading Co., Ltd.");
    const auto compose = [&](const PlannedMail& m, const std::string& messageId) {
        TemplateList files, teams;
        for (const auto& a : m.attachments) files.push_back(TemplateObject{{"file", a.fileName}});
        for (const auto& t : m.teams) teams.push_back(TemplateObject{{"team", t}});
        std::string teamText;
        for (const auto& t : m.teams) teamText += (teamText.empty() ? "" : (zh ? "、" : ", ")) + t;
        const TemplateObject data{{"name", m.to.name},     {"period", period},
                                  {"period_text", periodText(request.period, zh)},
                                  {"company_name", company}, {"team", m.role == "manager" ? teamText : m.team},
                                  {"teams", teams},        {"files", files},
                                  {"sender", smtp.fromName.empty() ? company : smtp.fromName}};
        const auto [subject, body] = splitSubject(templates.render(
            localeDir, m.role == "manager" ? "mail_team.txt" : "mail_appraisal.txt", data));
        OutgoingMail mail;
        mail.from = MailAddress{smtp.fromName, smtp.from};
        mail.to = {m.to};
        mail.cc = cc;
        mail.bcc = bcc;
        mail.subject = subject;
        mail.body = body;
        mail.messageId = messageId;
        for (const auto& a : m.attachments)
            mail.attachments.push_back(MailAttachment{a.fileName, a.contentType, readFile(pack.dir / a.file.path)});
        return mail;
    };
    const auto messageIdOf = [&](const PlannedMail& m, int sends) {
        const std::string hash = sha256Text(std::string(kJob) + "\n" + period + "\n" + m.recipient + "\n" + m.role +
                                            "\n" + m.to.email + "\n" + m.attachmentsText +
                                            (sends > 0 ? "resend " + std::to_string(sends) : ""));
        return hash.substr(0, 32) + "." + kJob + "." + period + "@" + domain;
    };

    if (request.dryRun) {
        const fs::path preview = pack.dir / "mail-preview";
        fs::create_directories(preview);
        for (const auto& entry : fs::directory_iterator(preview))
            if (entry.path().extension() == ".eml") fs::remove(entry.path());
        int written = 0;
        for (const auto& d : decisions) {
            const PlannedMail& m = *d.mail;
            const std::string text = MimeMessage::render(compose(m, messageIdOf(m, d.entry.sends)));
            const fs::path file = preview / (m.role + "-" + m.recipient + ".eml");
            const fs::path tmp = preview / ("." + file.filename().string() + ".tmp");
            {
                std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
                out << text;
                if (!out.flush()) throw Poco::FileException("cannot write " + tmp.string());
            }
            fs::rename(tmp, file);
            ++written;
        }
        report << "  dry run: " << written << " mail(s) written to " << preview.string()
               << " for review (state shown above is what --send would do); nothing sent\n";
        return exitCode;
    }

    // Workers: smtp.connections SMTP connections, each reused for its share of the mails
    // (one with an injected transport). The outbox, the templates and the report are shared
    // under `shared`; the SMTP conversations run in parallel, so one connection's wait for
    // the server or for the ledger's fsync does not hold up the other.
    std::vector<std::unique_ptr<MailTransport>> owned;
    std::vector<MailTransport*> transports;
    if (transport_) {
        transports.push_back(transport_);
    } else {
        for (int i = 0; i < smtp.connections; ++i) {
            owned.push_back(std::make_unique<SmtpTransport>(smtp));
            transports.push_back(owned.back().get());
        }
    }
    const auto interval = smtp.ratePerSecond > 0
                              ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(1.0 / smtp.ratePerSecond))
                              : std::chrono::steady_clock::duration::zero();
    auto nextSlot = std::chrono::steady_clock::now();
    int sent = 0, failed = 0, uncertain = 0, left = 0;
    bool abort = false;
    std::string abortReason;
    std::exception_ptr error;  // the first unexpected failure of a worker (e.g. the ledger)
    const auto started = std::chrono::steady_clock::now();
    // Every new mail is queued in one transaction before the first is sent.
    std::vector<OutboxEntry*> fresh;
    std::vector<Decision*> queue;
    for (auto& d : decisions) {
        if (d.action == Action::AlreadySent || d.action == Action::Changed || d.action == Action::PossiblySent)
            continue;
        queue.push_back(&d);
        if (d.action != Action::New) continue;
        const PlannedMail& m = *d.mail;
        d.entry = OutboxEntry{0, kJob, period, m.recipient, m.role, m.to.name, m.to.email, m.attachmentsText,
                              messageIdOf(m, 0), "pending", 0, "", "", 0};
        fresh.push_back(&d.entry);
    }
    outbox.add(fresh);
    std::mutex shared;
    std::size_t next = 0;
    const auto work = [&](MailTransport* transport) {
        while (true) {
            std::unique_lock<std::mutex> guard(shared);
            if (next >= queue.size()) return;
            Decision& d = *queue[next++];
            const PlannedMail& m = *d.mail;
            if (!abort && request.cancel && request.cancel->requested()) {
                abort = true;
                abortReason = "stopped by a signal";
            }
            if (abort) {
                ++left;
                continue;
            }
            OutboxEntry entry = d.entry;
            if (d.action != Action::New) {
                entry.name = m.to.name;
                entry.address = m.to.email;
                entry.attachments = m.attachmentsText;
                entry.messageId = messageIdOf(m, d.entry.sends);
                if (d.action == Action::Requeue || entry.messageId != d.entry.messageId) outbox.requeue(entry, d.why);
            }
            const OutgoingMail mail = compose(m, entry.messageId);
            guard.unlock();
            const std::string text = MimeMessage::render(mail);
            const auto recipients = MimeMessage::envelopeRecipients(mail);
            int delayMs = smtp.retryDelayMs;
            for (int attempt = 1;; ++attempt) {
                if (interval.count() > 0) {
                    guard.lock();
                    const auto slot = nextSlot;
                    nextSlot = std::max(nextSlot, std::chrono::steady_clock::now()) + interval;
                    guard.unlock();
                    std::this_thread::sleep_until(slot);
                }
                try {
                    const MailReceipt receipt = transport->send(smtp.from, recipients, text, [&] {
                        std::lock_guard<std::mutex> g(shared);
                        outbox.markSending(entry.id);
                    });
                    guard.lock();
                    outbox.markSent(entry.id, receipt.reply);
                    for (const auto& [address, why] : receipt.refused) {
                        outbox.note(entry.id, "copy refused", address + ": " + why);
                        report << "  copy to " << address << " refused (mail to " << m.to.email
                               << " sent): " << why << "\n";
                    }
                    ++sent;
                    guard.unlock();
                    break;
                } catch (const MailSendException& e) {
                    using Kind = MailSendException::Kind;
                    std::lock_guard<std::mutex> g(shared);
                    if (e.kind() == Kind::Unknown) {
                        outbox.markUncertain(entry.id, e.message());
                        report << "  POSSIBLY SENT: " << m.recipient << " " << m.to.name << " <" << m.to.email
                               << "> (" << m.role << "): " << e.message() << "; not sent again without --resend "
                               << m.to.email << "\n";
                        ++uncertain;
                        break;
                    }
                    if (e.connectFailed() && (e.kind() == Kind::Permanent || attempt >= smtp.maxAttempts)) {
                        outbox.markNotSent(entry.id, false, e.message());  // not this mail's fault: stays pending
                        if (!abort) abortReason = e.message();
                        abort = true;
                        ++left;
                        break;
                    }
                    if (e.kind() == Kind::Permanent || attempt >= smtp.maxAttempts) {
                        const std::string why = e.kind() == Kind::Permanent
                                                    ? e.message()
                                                    : "gave up after " + std::to_string(attempt) +
                                                          " attempts: " + e.message();
                        outbox.markNotSent(entry.id, true, why);
                        report << "  FAILED: " << m.recipient << " " << m.to.name << " <" << m.to.email << "> ("
                               << m.role << "): " << why << "\n";
                        ++failed;
                        break;
                    }
                    outbox.markNotSent(entry.id, false, e.message());
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
                delayMs = std::min(delayMs * 2, 300000);
            }
        }
    };
    const auto guarded = [&](MailTransport* transport) {
        try {
            work(transport);
        } catch (...) {
            std::lock_guard<std::mutex> g(shared);
            if (!error) error = std::current_exception();
            abort = true;
            abortReason = "an error stopped the sending";
        }
        transport->close();
    };
    std::vector<std::thread> workers;
    for (std::size_t i = 1; i < transports.size(); ++i) workers.emplace_back(guarded, transports[i]);
    guarded(transports[0]);
    for (auto& w : workers) w.join();
    if (error) std::rethrow_exception(error);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report << "  sent " << sent << ", failed " << failed << ", possibly sent " << uncertain << ", left pending " << left
           << " in " << std::fixed;
    report.precision(2);
    report << seconds << " s" << (sent > 0 && seconds > 0 ? " (" + std::to_string(int(sent / seconds)) + " mails/s)" : "")
           << "\n";
    if (abort)
        report << "  STOPPED: " << abortReason << "; the " << left
               << " mail(s) left are still pending and go out with the next run\n";
    if (failed || uncertain || left) exitCode = 1;
    return exitCode;
}

}  // namespace yewu
