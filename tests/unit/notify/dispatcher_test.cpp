// The dispatcher against the real store (SQLite; PostgreSQL too when KOMEK_TEST_PG names a
// server): outbox messages become cabinet notices and SMS; SMS are retried with backoff under
// the same idempotency key until sent, failed for good, or left pending without a gateway;
// bad messages fail with the field named and touch nothing else.
#include <unistd.h>

#include <deque>
#include <filesystem>

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "notify/dispatcher.hpp"
#include "store/case_store.hpp"
#include "store/outbox_store.hpp"
#include "support/fakes.hpp"
#include "support/store_harness.hpp"
#include "unit/notify/fixtures.hpp"

namespace komek::notify {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

// A gateway that answers from a script and remembers every request.
struct ScriptedGateway : SmsGateway {
  std::deque<SmsSendResult> script;
  std::vector<SmsMessage> requests;
  SmsSendResult send(const SmsMessage& m) override {
    requests.push_back(m);
    if (script.empty()) return {SmsSendResult::Kind::kAccepted, "gw-" + std::to_string(requests.size()), ""};
    SmsSendResult r = script.front();
    script.pop_front();
    return r;
  }
};

std::vector<std::string> backends() {
  std::vector<std::string> out = {"sqlite"};
  if (const char* pg = std::getenv("KOMEK_TEST_PG"); pg != nullptr && *pg != '\0') out.push_back("postgresql");
  return out;
}

const Millis kT0 = Millis(std::chrono::sys_days(std::chrono::year(2026) / 3 / 6)) + 5h;  // 10:00 in Almaty
const Date kFriday = Date::from_ymd(2026, 3, 6);

class DispatcherTest : public ::testing::TestWithParam<std::string> {
 protected:
  bool pg() const { return GetParam() == "postgresql"; }

  void SetUp() override {
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ = fs::temp_directory_path() / ("komek-notify-" + std::to_string(::getpid()) + "-" + std::to_string(name.size()) +
                                        std::to_string(std::hash<std::string>{}(name) % 100000));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::string target = (dir_ / "komek.db").string();
    if (pg()) {
      // A database of our own, so that other tests' clean-ups on the shared one cannot race ours.
      pg_db_ = "komek_notify_" + std::to_string(::getpid());
      admin("DROP DATABASE IF EXISTS " + pg_db_);
      admin("CREATE DATABASE " + pg_db_);
      target = std::string(std::getenv("KOMEK_TEST_PG")) + " dbname=" + pg_db_;
    }
    db_ = store::Database::open({target, KOMEK_MIGRATIONS_DIR, 2, GetParam()}).value();
    cases_ = store::make_case_store(*db_);
    notifications_ = store::make_notification_store(*db_);
  }
  void TearDown() override {
    notifications_.reset();
    cases_.reset();
    db_.reset();
    if (pg()) admin("DROP DATABASE IF EXISTS " + pg_db_);
    fs::remove_all(dir_);
  }
  static void admin(const std::string& statement) {
    PGconn* conn = PQconnectdb(std::getenv("KOMEK_TEST_PG"));
    PQclear(PQexec(conn, statement.c_str()));
    PQfinish(conn);
  }

  // A case stored with the outbox message its decision wrote, as the case service does.
  void store_case(cases::Case c, const std::string& topic = "notice.decision") {
    ASSERT_TRUE(cases_->transact([&](cases::CaseTransaction& tx) -> Result<void> {
      if (auto ok = tx.insert_case(c); !ok) return ok;
      return tx.enqueue({*work::parse_topic(topic), json{{"case", c.id}, {"form", c.decision ? c.decision->form : ""}, {"phone", c.phone}}.dump()});
    }));
  }
  void enqueue(const std::string& topic, const json& payload) {
    const auto known = work::parse_topic(topic);
    ASSERT_TRUE(known.has_value()) << topic;
    ASSERT_TRUE(cases_->transact([&](cases::CaseTransaction& tx) { return tx.enqueue({*known, payload.dump()}); }));
  }
  Dispatcher dispatcher(SmsGateway* gateway, RetryPolicy policy = {}) {
    return Dispatcher(*notifications_, *cases_, test::library().calendar(), test::library().procedure(),
                      [](const std::string& id) -> const rules::Pack* {
                        auto p = test::library().pack(id);
                        return p ? *p : nullptr;
                      },
                      gateway, policy);
  }
  static DispatchReport pass(Dispatcher& d, Millis now, Date today = kFriday) {
    auto r = d.run_once({now, today}, [] { return 0.0; });
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message_key);
    return r.value_or(DispatchReport{});
  }
  const DeliveryView* channel(const std::vector<DeliveryView>& v, const std::string& name) {
    for (const auto& d : v)
      if (d.channel == name) return &d;
    return nullptr;
  }

  fs::path dir_;
  std::string pg_db_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<cases::CaseStore> cases_;
  std::unique_ptr<NotificationStore> notifications_;
};

TEST_P(DispatcherTest, DecisionGoesToTheCabinetAtOnceAndTheSmsIsRetriedUntilSent) {
  store_case(test::granted_case());
  ScriptedGateway gateway;
  gateway.script = {{SmsSendResult::Kind::kTransient, "", "HTTP 500"}, {SmsSendResult::Kind::kTransient, "", "transport: reset"}};
  RetryPolicy policy;
  policy.base = 2000ms;
  Dispatcher d = dispatcher(&gateway, policy);
  const std::size_t audit_before = cases_->verify_audit_chain().value();

  DispatchReport first = pass(d, kT0);
  EXPECT_EQ(first.dispatched, 1);
  EXPECT_EQ(first.notices, 1);
  EXPECT_EQ(first.sms_retrying, 1);
  // The cabinet has the notice: due one working day after Friday's decision (Tuesday, past the
  // weekend and 9 March), delivered on the Friday itself.
  auto cabinet = notifications_->cabinet("900101300811", 10).value();
  ASSERT_EQ(cabinet.size(), 1u);
  EXPECT_EQ(cabinet[0].kind, "decision");
  EXPECT_EQ(cabinet[0].form, "5");
  EXPECT_EQ(cabinet[0].due_on->iso(), "2026-03-10");
  EXPECT_EQ(cabinet[0].delivered_on.iso(), "2026-03-06");
  EXPECT_EQ(cabinet[0].delivered_at, iso_utc(kT0));
  EXPECT_LE(cabinet[0].delivered_on, *cabinet[0].due_on);
  EXPECT_NE(cabinet[0].body.kk.find("Дүлей зілзалдан"), std::string::npos);

  auto views = notifications_->deliveries_of_case("case-granted").value();
  const DeliveryView* sms = channel(views, "sms");
  ASSERT_NE(sms, nullptr);
  EXPECT_EQ(sms->status, "pending");
  EXPECT_EQ(sms->attempts, 1);
  EXPECT_EQ(sms->last_error, "HTTP 500");
  EXPECT_EQ(sms->next_attempt_at, iso_utc(kT0 + 1000ms));  // half of 2 s with no jitter

  // Not due yet: nothing is sent.
  pass(d, kT0 + 500ms);
  EXPECT_EQ(gateway.requests.size(), 1u);
  // Due: the second attempt fails too, then waits twice as long.
  pass(d, kT0 + 1000ms);
  EXPECT_EQ(gateway.requests.size(), 2u);
  views = notifications_->deliveries_of_case("case-granted").value();
  EXPECT_EQ(channel(views, "sms")->next_attempt_at, iso_utc(kT0 + 3000ms));
  DispatchReport third = pass(d, kT0 + 3000ms);
  EXPECT_EQ(third.sms_sent, 1);
  ASSERT_EQ(gateway.requests.size(), 3u);
  for (const auto& r : gateway.requests) {
    EXPECT_EQ(r.idempotency_key, gateway.requests[0].idempotency_key);
    EXPECT_EQ(r.phone, "+77011234567");
  }
  EXPECT_EQ(gateway.requests[0].idempotency_key.rfind("komek-outbox-", 0), 0u);
  views = notifications_->deliveries_of_case("case-granted").value();
  EXPECT_EQ(channel(views, "sms")->status, "sent");
  EXPECT_EQ(channel(views, "sms")->attempts, 3);
  EXPECT_EQ(channel(views, "sms")->outbox_status, "delivered");
  EXPECT_EQ(channel(views, "cabinet")->due_on, "2026-03-10");
  // Nothing more to do; each outcome wrote its audit record into the one chain.
  EXPECT_EQ(pass(d, kT0 + 1h).sms_sent, 0);
  EXPECT_EQ(gateway.requests.size(), 3u);
  EXPECT_EQ(cases_->verify_audit_chain().value(), audit_before + 4);  // dispatched, retry, retry, sent
}

// Issue 13 finding 13: a one-time password sat readable in the outbox (and the SMS queue)
// for good. It travels apart from the text, reaches the gateway inside it, and once the SMS
// is sent it is nowhere in the database.
TEST_P(DispatcherTest, AOneTimePasswordIsForgottenOnceSent) {
  enqueue("sms", {{"phone", "+77011112233"}, {"text", "ИӘ {otp} / ДА {otp}"}, {"ref", "status-request:r1"}, {"secret", "482913"}});
  ScriptedGateway gateway;
  gateway.script = {{SmsSendResult::Kind::kTransient, "", "HTTP 503"}};
  Dispatcher d = dispatcher(&gateway);
  auto value = [&](const std::string& sql) {
    return pg() ? komek::test::pg_value(std::string(std::getenv("KOMEK_TEST_PG")) + " dbname=" + pg_db_, sql)
                : komek::test::sqlite_value((dir_ / "komek.db").string(), sql);
  };
  auto anywhere = [&] {
    return value("SELECT (SELECT COUNT(*) FROM outbox WHERE payload LIKE '%482913%') + "
                 "(SELECT COUNT(*) FROM sms_deliveries WHERE text LIKE '%482913%' OR secret IS NOT NULL) + "
                 "(SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%482913%')");
  };
  // First pass: dispatched into the queue (the outbox keeps no password), a retry is due.
  EXPECT_EQ(pass(d, kT0).sms_retrying, 1);
  EXPECT_EQ(value("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%482913%'"), "0");
  EXPECT_EQ(value("SELECT secret FROM sms_deliveries"), "482913");  // needed for the retry
  // Second pass: sent, with the password in the text the phone gets; then it is gone.
  EXPECT_EQ(pass(d, kT0 + 1h).sms_sent, 1);
  ASSERT_EQ(gateway.requests.size(), 2u);
  EXPECT_EQ(gateway.requests[1].text, "ИӘ 482913 / ДА 482913");
  EXPECT_EQ(anywhere(), "0");
  EXPECT_EQ(value("SELECT text FROM sms_deliveries"), "ИӘ {otp} / ДА {otp}");
  // The length checked is that of the text with the password in: 335 characters at most.
  enqueue("sms", {{"phone", "+77011112233"}, {"text", std::string(331, 'a') + "{otp}"}, {"ref", "long"}, {"secret", "482913"}});
  pass(d, kT0 + 2h);
  auto long_one = notifications_->deliveries_of_ref("long").value();
  ASSERT_EQ(long_one.size(), 1u);
  EXPECT_EQ(long_one[0].outbox_status, "failed");
}

TEST_P(DispatcherTest, PermanentRefusalsAndExhaustedRetriesFail) {
  store_case(test::granted_case("case-a"));
  enqueue("sms", {{"phone", "+77011112233"}, {"text", "Төлем жіберілді / Выплата отправлена"}, {"ref", "payment-1"}});
  ScriptedGateway gateway;
  gateway.script = {{SmsSendResult::Kind::kPermanent, "", "HTTP 400: bad number"},
                    {SmsSendResult::Kind::kTransient, "", "HTTP 503"},
                    {SmsSendResult::Kind::kTransient, "", "HTTP 503"}};
  RetryPolicy policy;
  policy.max_attempts = 2;
  Dispatcher d = dispatcher(&gateway, policy);
  DispatchReport first = pass(d, kT0);
  EXPECT_EQ(first.sms_failed, 1);
  EXPECT_EQ(first.sms_retrying, 1);
  DispatchReport second = pass(d, kT0 + 1h);
  EXPECT_EQ(second.sms_failed, 1);
  EXPECT_EQ(second.after.sms_failed, 2);
  EXPECT_EQ(second.after.sms_pending, 0);
  auto by_ref = notifications_->deliveries_of_ref("payment-1").value();
  ASSERT_EQ(by_ref.size(), 1u);
  EXPECT_EQ(by_ref[0].status, "failed");
  EXPECT_EQ(by_ref[0].outbox_status, "failed");
  EXPECT_EQ(by_ref[0].attempts, 2);
  EXPECT_EQ(by_ref[0].last_error, "HTTP 503");
}

TEST_P(DispatcherTest, WithoutAGatewaySmsStayPendingAndAreReported) {
  store_case(test::granted_case());
  Dispatcher d = dispatcher(nullptr);
  DispatchReport r = pass(d, kT0);
  EXPECT_FALSE(r.gateway);
  EXPECT_EQ(r.notices, 1);
  EXPECT_EQ(r.after.sms_pending, 1);
  EXPECT_EQ(r.after.outbox_pending, 0);
  // A later pass with a gateway sends it.
  ScriptedGateway gateway;
  Dispatcher with = dispatcher(&gateway);
  EXPECT_EQ(pass(with, kT0 + 1min).sms_sent, 1);
}

TEST_P(DispatcherTest, NoNumberMeansNoSmsAndTheNoticeIsPrintedInstead) {
  cases::Case c = test::refused_case();
  c.phone.clear();
  store_case(c);
  ScriptedGateway gateway;
  Dispatcher d = dispatcher(&gateway);
  DispatchReport r = pass(d, kT0);
  EXPECT_EQ(r.notices, 1);
  EXPECT_EQ(r.sms_queued, 0);
  EXPECT_TRUE(gateway.requests.empty());
  auto views = notifications_->deliveries_of_case("case-refused").value();
  ASSERT_EQ(views.size(), 1u);
  EXPECT_EQ(views[0].outbox_status, "delivered");
  EXPECT_EQ(notifications_->cabinet("900101300811", 10).value()[0].form, "6");
}

TEST_P(DispatcherTest, BadMessagesFailNamingTheFieldAndOtherTopicsAreLeftAlone) {
  enqueue("sms", {{"phone", "12345"}, {"text", "x"}, {"ref", "bad-phone"}});
  enqueue("sms", {{"phone", "+77011112233"}, {"text", std::string(400, 'a')}, {"ref", "long-text"}});
  enqueue("cabinet", {{"iin", "900101300811"}, {"kind", "payment"}, {"title", {{"kk", "Төлем"}, {"en", "Payment"}}},
                      {"body", {{"kk", "a"}, {"ru", "b"}, {"en", "c"}}}, {"ref", "no-ru"}});
  enqueue("cabinet", {{"iin", "900101300812"}, {"kind", "payment"}, {"title", {{"kk", "a"}, {"ru", "b"}, {"en", "c"}}},
                      {"body", {{"kk", "a"}, {"ru", "b"}, {"en", "c"}}}, {"ref", "bad-iin"}});
  enqueue("cabinet", {{"iin", "900101300811"}, {"kind", "payment"}, {"title", {{"kk", "Төлем"}, {"ru", "Выплата"}, {"en", "Payment"}}},
                      {"body", {{"kk", "Төленді"}, {"ru", "Выплачено"}, {"en", "Paid"}}}, {"ref", "good"}});
  enqueue("notice.decision", {{"case", "no-such-case"}});
  enqueue("notice.decision", json::array());
  enqueue("payments.files_ready", {{"order", 1}});  // another module's topic: not ours to touch
  Dispatcher d = dispatcher(nullptr);
  DispatchReport r = pass(d, kT0);
  EXPECT_EQ(r.messages_failed, 6);
  EXPECT_EQ(r.dispatched, 1);
  EXPECT_EQ(r.after.outbox_failed, 6);
  EXPECT_EQ(notifications_->deliveries_of_ref("bad-phone").value()[0].last_error, "notify.phone (phone)");
  EXPECT_EQ(notifications_->deliveries_of_ref("long-text").value()[0].last_error, "notify.text_length (text)");
  EXPECT_EQ(notifications_->deliveries_of_ref("no-ru").value()[0].last_error, "notify.payload (title.ru)");
  EXPECT_EQ(notifications_->deliveries_of_ref("bad-iin").value()[0].last_error, "notify.iin (iin)");
  EXPECT_EQ(notifications_->deliveries_of_case("no-such-case").value()[0].last_error, "notify.case_not_found (case)");
  auto cabinet = notifications_->cabinet("900101300811", 10).value();
  ASSERT_EQ(cabinet.size(), 1u);
  EXPECT_EQ(cabinet[0].ref, "good");
  EXPECT_EQ(cabinet[0].title.ru, "Выплата");
  EXPECT_FALSE(cabinet[0].due_on.has_value());
  // The other module's message is still pending for its own consumer.
  if (!pg()) {
    sqlite3* raw = nullptr;
    sqlite3_open((dir_ / "komek.db").c_str(), &raw);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw, "SELECT status FROM outbox WHERE topic = 'payments.files_ready'", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "pending");
    sqlite3_finalize(st);
    sqlite3_close(raw);
  }
}

TEST_P(DispatcherTest, AMessageIsDispatchedOnceEvenByTwoDispatchers) {
  store_case(test::granted_case());
  Dispatcher d = dispatcher(nullptr);
  auto message = notifications_->undispatched(10).value().at(0);
  auto dispatch = d.dispatch_of(message, {kT0, kFriday}).value();
  EXPECT_TRUE(notifications_->record_dispatch(dispatch).value());
  EXPECT_FALSE(notifications_->record_dispatch(dispatch).value());
  EXPECT_EQ(notifications_->cabinet("900101300811", 10).value().size(), 1u);
  EXPECT_EQ(notifications_->counts().value().sms_pending, 1);
}

TEST_P(DispatcherTest, AClaimWhoseSenderDiedIsRetriedAfterTheLeaseWithTheSameKey) {
  store_case(test::granted_case());
  Dispatcher d = dispatcher(nullptr);
  pass(d, kT0);
  auto claimed = notifications_->claim_due_sms(iso_utc(kT0), iso_utc(kT0 + 60s), 10).value();
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].attempts, 1);
  // The sender dies here. Within the lease nobody takes it; after it, the next claim does.
  EXPECT_TRUE(notifications_->claim_due_sms(iso_utc(kT0 + 30s), iso_utc(kT0 + 90s), 10).value().empty());
  auto again = notifications_->claim_due_sms(iso_utc(kT0 + 60s), iso_utc(kT0 + 120s), 10).value();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 2);
  EXPECT_EQ(again[0].idempotency_key, claimed[0].idempotency_key);
}

TEST_P(DispatcherTest, ANoticeDeliveredAfterItsDueDayIsCountedLate) {
  store_case(test::granted_case());
  Dispatcher d = dispatcher(nullptr);
  // The dispatcher was down until Wednesday 11 March; the notice was due on the 10th.
  DispatchReport r = pass(d, kT0 + std::chrono::days(5), Date::from_ymd(2026, 3, 11));
  EXPECT_EQ(r.after.notices_late, 1);
  EXPECT_EQ(notifications_->cabinet("900101300811", 10).value()[0].delivered_on.iso(), "2026-03-11");
}

INSTANTIATE_TEST_SUITE_P(Backends, DispatcherTest, ::testing::ValuesIn(backends()),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace komek::notify
