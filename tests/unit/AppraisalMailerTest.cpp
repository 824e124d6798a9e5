// AppraisalMailer with an injected MailTransport: the outbox's exactly-once
// rules under failures the real server tests cannot time precisely (a crash
// between the end of DATA and the ledger update).
#include "jobs/AppraisalMailer.h"

#include <Poco/Util/MapConfiguration.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "bench/Generator.h"
#include "delivery/MailTransport.h"
#include "jobs/ConfigError.h"
#include "jobs/JobRegistry.h"
#include "jobs/Outbox.h"
#include "jobs/Runner.h"

namespace yewu {
namespace {

namespace fs = std::filesystem;
const Month kPeriod(2026, 10);

struct Sent {
    std::vector<std::string> recipients;
    std::string data;
};

// fault(n, recipients, beforeEnd): called for the n-th send (1-based) before anything; may throw,
// or call beforeEnd itself and throw (a failure after the end of DATA).
class FakeTransport : public MailTransport {
public:
    std::function<void(int, const std::vector<std::string>&, const std::function<void()>&)> fault;
    std::vector<Sent> sent;
    int calls = 0;

    MailReceipt send(const std::string&, const std::vector<std::string>& recipients, const std::string& data,
                     const std::function<void()>& beforeEnd) override {
        ++calls;
        if (fault) fault(calls, recipients, beforeEnd);
        beforeEnd();
        sent.push_back(Sent{recipients, data});
        return MailReceipt{"250 ok", {}};
    }
    void close() noexcept override {}
};

class AppraisalMailerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        base_ = fs::temp_directory_path() / ("yewu-mailer-test-" + std::to_string(::getpid()));
        fs::remove_all(base_);
        fs::create_directories(base_);
        generateDemoData(GeneratorOptions{(base_ / "demo.db").string(), 0.02, 5, kPeriod});
        JobRegistry registry;
        registerAllJobs(registry);
        Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
        Runner runner(registry, *config);
        RunRequest request;
        request.job = "appraisal";
        request.params.period = kPeriod;
        request.sourceUri = "sqlite:" + (base_ / "demo.db").string();
        request.outDir = base_ / "pack";
        ASSERT_NE(runner.run(request).exitCode, 1);
    }
    static void TearDownTestSuite() { fs::remove_all(base_); }

    void SetUp() override {
        out_ = base_ / ::testing::UnitTest::GetInstance()->current_test_info()->name();
        fs::remove_all(out_);
        fs::create_directories(out_ / "appraisal");
        fs::copy(base_ / "pack" / "appraisal", out_ / "appraisal", fs::copy_options::recursive);
        config_ = new Poco::Util::MapConfiguration;
        config_->setString("smtp.from", "hr@example.com");
        config_->setString("smtp.retry_delay_ms", "1");
    }

    int send(FakeTransport& transport, std::vector<std::string> resend = {}, bool dryRun = false) {
        AppraisalMailRequest request{kPeriod, Locale::ZhCN, "sqlite:" + (base_ / "demo.db").string(), out_, dryRun,
                                     std::move(resend), nullptr};
        report_.str("");
        return AppraisalMailer(*config_, &transport).run(request, report_);
    }
    std::vector<OutboxEntry> rows() { return Outbox(out_).entries("appraisal", kPeriod.iso()); }
    std::map<std::string, int> perAddress(const FakeTransport& t) {
        std::map<std::string, int> n;
        for (const auto& s : t.sent) ++n[s.recipients.at(0)];
        return n;
    }

    static fs::path base_;
    fs::path out_;
    Poco::AutoPtr<Poco::Util::MapConfiguration> config_;
    std::ostringstream report_;
};
fs::path AppraisalMailerTest::base_;

TEST_F(AppraisalMailerTest, EveryoneOnceAndARerunSendsNothing) {
    FakeTransport t;
    send(t);
    const auto all = rows();
    ASSERT_GT(all.size(), 3u);
    EXPECT_EQ(t.sent.size(), all.size());
    for (const auto& r : all) {
        EXPECT_EQ(r.state, "sent") << r.address;
        if (r.role == "salesperson") {
            EXPECT_NE(r.attachments.find("letters/" + r.recipient + ".pdf "), std::string::npos);
            EXPECT_NE(r.attachments.find("people/" + r.recipient + ".xlsx "), std::string::npos);
        } else {
            EXPECT_NE(r.attachments.find("teams/"), std::string::npos);
        }
    }
    for (const auto& [address, n] : perAddress(t)) EXPECT_LE(n, 2) << address;  // a manager: letter + team mail
    FakeTransport again;
    EXPECT_EQ(send(again), report_.str().find("NOT MAILED") == std::string::npos ? 0 : 1) << report_.str();
    EXPECT_TRUE(again.sent.empty());
}

TEST_F(AppraisalMailerTest, TransientRefusalIsRetriedAndDeliveredOnce) {
    FakeTransport t;
    t.fault = [](int n, auto&, auto&) {
        if (n <= 2) throw MailSendException(MailSendException::Kind::Transient, "451 try later", 451);
    };
    send(t);
    const auto all = rows();
    EXPECT_EQ(t.sent.size(), all.size());
    EXPECT_EQ(all.front().attempts, 3);
    EXPECT_EQ(all.front().state, "sent");
}

TEST_F(AppraisalMailerTest, PermanentRefusalFailsThatMailOnly) {
    FakeTransport probe;
    send(probe);
    const std::string victim = probe.sent.at(1).recipients.at(0);
    fs::remove(out_ / "ledger.sqlite");
    FakeTransport t;
    t.fault = [&](int, const std::vector<std::string>& r, auto&) {
        if (r.at(0) == victim) throw MailSendException(MailSendException::Kind::Permanent, "550 unknown user", 550);
    };
    EXPECT_EQ(send(t), 1);
    EXPECT_NE(report_.str().find("FAILED"), std::string::npos);
    for (const auto& r : rows()) EXPECT_EQ(r.state, r.address == victim ? "failed" : "sent") << r.address;
    EXPECT_EQ(t.sent.size() + perAddress(probe)[victim], probe.sent.size());
}

TEST_F(AppraisalMailerTest, CrashAfterEndOfDataIsPossiblySentAndNeverResentSilently) {
    FakeTransport t;
    t.fault = [](int n, auto&, const std::function<void()>& beforeEnd) {
        if (n == 3) {
            beforeEnd();  // the server has the whole message ...
            throw std::runtime_error("killed");  // ... and the process dies before recording its answer
        }
    };
    EXPECT_THROW(send(t), std::runtime_error);
    std::string uncertain;
    for (const auto& r : rows())
        if (r.state == "sending") uncertain = r.address;
    ASSERT_FALSE(uncertain.empty());

    FakeTransport rerun;
    EXPECT_EQ(send(rerun), 1);
    EXPECT_NE(report_.str().find("POSSIBLY SENT"), std::string::npos) << report_.str();
    EXPECT_EQ(perAddress(rerun).count(uncertain) + perAddress(t).count(uncertain), 0u);
    EXPECT_EQ(t.sent.size() + rerun.sent.size() + 1, rows().size());

    // The deliberate resend keeps the Message-ID: if the first copy did arrive, the two are
    // recognisably the same message.
    FakeTransport resend;
    const OutboxEntry before = rows().at(2);
    ASSERT_EQ(before.state, "sending");
    send(resend, {uncertain});
    ASSERT_GE(resend.sent.size(), 1u);
    for (const auto& s : resend.sent) EXPECT_EQ(s.recipients.at(0), uncertain);
    EXPECT_NE(resend.sent.front().data.find("Message-ID: <" + before.messageId + ">"), std::string::npos);
    for (const auto& r : rows()) EXPECT_EQ(r.state, "sent") << r.address;
}

TEST_F(AppraisalMailerTest, DocumentChangedAfterSendingIsReportedNotResent) {
    FakeTransport t;
    send(t);
    // A later run replaced one letter: new bytes, new manifest entry.
    const auto first = rows().front();
    ASSERT_EQ(first.role, "salesperson");
    const fs::path letter = out_ / "appraisal" / kPeriod.iso() / ("letters/" + first.recipient + ".pdf");
    std::string manifest;
    {
        std::ifstream in(out_ / "appraisal" / kPeriod.iso() / "manifest.json");
        manifest.assign(std::istreambuf_iterator<char>(in), {});
    }
    const std::string oldSha = sha256File(letter);
    std::ofstream(letter, std::ios::app) << "\n% changed\n";
    manifest.replace(manifest.find(oldSha), oldSha.size(), sha256File(letter));
    std::ofstream(out_ / "appraisal" / kPeriod.iso() / "manifest.json", std::ios::trunc) << manifest;

    FakeTransport rerun;
    EXPECT_EQ(send(rerun), 1);
    EXPECT_TRUE(rerun.sent.empty());
    EXPECT_NE(report_.str().find("CHANGED AFTER SENDING: " + first.recipient), std::string::npos) << report_.str();
    FakeTransport resend;
    send(resend, {first.address});
    ASSERT_FALSE(resend.sent.empty());
    EXPECT_EQ(resend.sent.front().recipients.at(0), first.address);
}

TEST_F(AppraisalMailerTest, ApprovalIsRequiredAndBoundToTheManifest) {
    config_->setString("appraisal.require_approval", "true");
    FakeTransport t;
    EXPECT_THROW(send(t), ConfigError);
    EXPECT_TRUE(t.sent.empty());
    std::ostringstream ignored;
    AppraisalMailer::approve(out_, kPeriod, "li.si", ignored);
    send(t);
    EXPECT_FALSE(t.sent.empty());
    EXPECT_NE(report_.str().find("approved by li.si"), std::string::npos);
    std::ofstream(out_ / "appraisal" / kPeriod.iso() / "manifest.json", std::ios::app) << " ";
    EXPECT_THROW(send(t), ConfigError);
}

TEST_F(AppraisalMailerTest, DryRunWritesEmlFilesAndSendsNothing) {
    FakeTransport t;
    send(t, {}, true);
    EXPECT_EQ(t.calls, 0);
    EXPECT_TRUE(rows().empty());
    int files = 0;
    for (const auto& e : fs::directory_iterator(out_ / "appraisal" / kPeriod.iso() / "mail-preview"))
        files += e.path().extension() == ".eml";
    EXPECT_GT(files, 3);
}

}  // namespace
}  // namespace yewu
