// Payments through the service on SQLite and, when KOMEK_TEST_PG names a server, on
// PostgreSQL: the cycle of SPEC §9 end to end, budget refusals, results (R6), bank fees and
// their refund, retries (R3), changes reaching the money, and a seeded simulation of a
// district's year with the ledger verified after every day.
#include "store/payments_store.hpp"

#include <gtest/gtest.h>

#include "support/outcomes.hpp"
#include <libpq-fe.h>
#include <soci/soci.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "payments/payments.hpp"
#include "store/database.hpp"
#include "support/schedule_fixture.hpp"

namespace komek::payments {
namespace {

namespace fs = std::filesystem;
using test::ScheduleFixture;

const std::string kDistrict = "334800000";

// The backends: SQLite always; PostgreSQL when KOMEK_TEST_PG names a server (scripts/test.sh
// starts a throwaway cluster and sets it).
std::vector<std::string> backends() {
  std::vector<std::string> out = {"sqlite"};
  if (const char* pg = std::getenv("KOMEK_TEST_PG"); pg != nullptr && *pg != '\0')
    out.push_back("postgresql");
  return out;
}

class PaymentsStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  bool pg() const { return GetParam() == "postgresql"; }
  void SetUp() override {
    // tmpfs when there is one: the tests count commits, not the disk's fsync latency.
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');
    dir_ = (fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path()) /
           ("komek-payments-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::string target = (dir_ / "t.db").string();
    if (pg()) {
      // A schema of its own for every test process: ctest runs the tests side by side on the
      // one server.
      schema_ = "payments_test_" + std::to_string(::getpid());
      const std::string server = std::getenv("KOMEK_TEST_PG");
      PGconn* conn = PQconnectdb(server.c_str());
      PQclear(PQexec(conn, ("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_).c_str()));
      PQfinish(conn);
      target = server + " options='-csearch_path=" + schema_ + "'";
    }
    db_ = store::Database::open({target, KOMEK_MIGRATIONS_DIR, 2, GetParam()}).value();
    store_ = store::make_payments_store(*db_);
    cal_ = std::make_unique<WorkingCalendar>(
        WorkingCalendar::load(std::string(KOMEK_RULES_DIR) + "/calendar/kz.yaml").value());
    procedure_ = std::make_unique<rules::Procedure>(
        rules::Procedure::load(std::string(KOMEK_RULES_DIR) + "/procedure/kz.yaml").value());
    svc_ = std::make_unique<PaymentService>(*store_, *cal_, *procedure_);
  }
  void TearDown() override {
    svc_.reset();
    store_.reset();
    db_.reset();
    fs::remove_all(dir_);
    if (!schema_.empty()) {
      PGconn* conn = PQconnectdb(std::getenv("KOMEK_TEST_PG"));
      PQclear(PQexec(conn, ("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE").c_str()));
      PQfinish(conn);
    }
  }
  work::RequestKey key(const std::string& k, const std::string& body = "b") { return {k, body}; }
  void budget(std::int64_t tenge, int year = 2025) {
    ASSERT_TRUE(svc_->set_budget(actor_, key("budget-" + std::to_string(year)), {"local", kDistrict, year},
                                 Money::from_tenge(tenge).value(), Date::from_ymd(year, 1, 2)));
  }
  static ScheduleFixture monthly(const std::string& id, std::int64_t tiyn, int from_month, int to_month,
                                 int year = 2025) {
    ScheduleFixture f;
    f.id = id;
    f.recipient_iin = "871008401427";
    f.territory = "334830100";
    f.period_from = Date::from_ymd(year, from_month, 1);
    f.period_to = Month::make(year, to_month).value().last_day();
    f.organisation = id.back() % 2 == 0 ? "KAZPOST" : "HSBKKZKX";
    f.account = f.organisation == "KAZPOST" ? "" : "KZ000000000000000001";
    for (int m = from_month; m <= to_month; ++m) f.months.push_back({Month::make(year, m).value(), tiyn});
    return f;
  }
  RunSummary run(Date d, const std::string& k = "") {
    auto s = svc_->run(actor_, key(k.empty() ? "run-" + d.iso() + std::to_string(counter_++) : k, d.iso()), {d, ""});
    EXPECT_TRUE(s) << (s ? "" : s.error().message_key);
    return s ? s->value : RunSummary{};
  }
  void verify_ok() {
    auto r = store_->verify();
    ASSERT_TRUE(r);
    for (const auto& v : r->violations) ADD_FAILURE() << v.invariant << ": " << v.detail;
  }
  std::vector<PaymentOrder> orders(std::optional<OrderStatus> status = std::nullopt) {
    OrderFilter f;
    f.status = status;
    f.limit = 1'000'000;
    return store_->orders(f).value();
  }
  ImportSummary import(const std::string& text, Date on, const std::string& k) {
    auto r = svc_->import_results(actor_, key(k, text), text, "results.txt", on);
    EXPECT_TRUE(r) << (r ? "" : r.error().message_key);
    if (!r) return {};
    return r->value;
  }

  fs::path dir_;
  std::string schema_;   // PostgreSQL: this test's own
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<PaymentsStore> store_;
  std::unique_ptr<WorkingCalendar> cal_;
  std::unique_ptr<rules::Procedure> procedure_;
  std::unique_ptr<PaymentService> svc_;
  PaymentsActor actor_{"officer", "officer", "", "", "test"};
  int counter_ = 0;
};

TEST_P(PaymentsStoreTest, MonthlyCycleFormsDemandTransfersAndOrdersOnce) {
  budget(1'000'000);
  ASSERT_TRUE(
      test::put_schedule_fixture(*db_, {monthly("a1", 2'000'000, 4, 6), monthly("a2", 3'000'000, 4, 6)}));
  // 27 March: before the demand day for April (Friday 28 March).
  auto before = run(Date::from_ymd(2025, 3, 27));
  EXPECT_EQ(before.orders, 0);
  auto s = run(Date::from_ymd(2025, 3, 28));
  EXPECT_EQ(s.demands_formed, 1);
  EXPECT_EQ(s.demands_transferred, 1);
  EXPECT_EQ(s.orders, 2);
  EXPECT_EQ(s.files, 2);  // one per payment organisation
  EXPECT_EQ(s.ordered_total, 5'000'000);
  // A second run the same day (another client id) creates nothing new (issue item 5).
  auto again = run(Date::from_ymd(2025, 3, 28));
  EXPECT_EQ(again.orders, 0);
  EXPECT_EQ(again.demands_formed, 0);
  auto demands = store_->demands("", 10).value();
  ASSERT_EQ(demands.size(), 1u);
  EXPECT_EQ(demands[0].application_due, Date::from_ymd(2025, 3, 31));
  EXPECT_EQ(demands[0].transfer_due, Date::from_ymd(2025, 3, 31));
  EXPECT_EQ(demands[0].orders_due, Date::from_ymd(2025, 4, 1));
  auto os = orders();
  ASSERT_EQ(os.size(), 2u);
  EXPECT_EQ(os[0].payment_on, Date::from_ymd(2025, 4, 1));
  EXPECT_EQ(store_->budgets("").value().front().remaining, 100'000'000 - 5'000'000);
  // A day off: nothing happens.
  EXPECT_FALSE(run(Date::from_ymd(2025, 3, 29)).working_day);
  verify_ok();
}

TEST_P(PaymentsStoreTest, BudgetShortfallRefusesTheWholeDemandWithAnAlertUntilAmended) {
  budget(40'000);  // 4,000,000 tiyn; the demand needs 5,000,000
  ASSERT_TRUE(
      test::put_schedule_fixture(*db_, {monthly("a1", 2'000'000, 4, 4), monthly("a2", 3'000'000, 4, 4)}));
  auto s = run(Date::from_ymd(2025, 3, 28));
  EXPECT_EQ(s.demands_refused, 1);
  EXPECT_EQ(s.orders, 0);
  ASSERT_EQ(s.alerts.size(), 1u);
  EXPECT_EQ(store_->budgets("").value().front().remaining, 4'000'000);  // nothing half-paid
  // Cutting the budget below what remains is refused.
  auto cut =
      svc_->amend_budget(actor_, key("cut"), {"local", kDistrict, 2025}, Money::from_tenge(-50'000).value(),
                         "decision 4", Date::from_ymd(2025, 3, 28));
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().message_key, "payments.amend_below_spent");
  ASSERT_TRUE(svc_->amend_budget(actor_, key("raise"), {"local", kDistrict, 2025},
                                 Money::from_tenge(20'000).value(), "maslikhat decision 36-150",
                                 Date::from_ymd(2025, 3, 31)));
  auto retried = run(Date::from_ymd(2025, 3, 31));
  EXPECT_EQ(retried.demands_transferred, 1);
  EXPECT_EQ(retried.orders, 2);
  EXPECT_EQ(store_->budgets("").value().front().remaining, 1'000'000);
  verify_ok();
}

TEST_P(PaymentsStoreTest, ResultsPaidRejectedReturnedDuplicateOutOfOrderUnknown) {
  budget(1'000'000);
  ASSERT_TRUE(test::put_schedule_fixture(
      *db_,
      {monthly("a1", 1'000'000, 4, 4), monthly("a2", 2'000'000, 4, 4), monthly("a3", 3'000'000, 4, 4)}));
  run(Date::from_ymd(2025, 3, 28));
  auto os = orders();
  ASSERT_EQ(os.size(), 3u);
  std::map<std::string, std::string> id;
  for (const auto& o : os) id[o.assignment_id] = o.id;
  const std::string text = "order_id;result;date;reason\n" + id["a1"] + ";paid;2025-04-01\n" + id["a2"] +
                           ";rejected;2025-04-01;account closed\n" + id["a3"] + ";paid;2025-04-01\n" +
                           id["a1"] + ";paid;2025-04-01\nNO-SUCH-ORDER;paid;2025-04-01\n";
  auto s = import(text, Date::from_ymd(2025, 4, 2), "import-1");
  EXPECT_EQ(s.lines, 5);
  EXPECT_EQ(s.applied, 3);
  EXPECT_EQ(s.duplicates, 1);
  EXPECT_EQ(s.unknown, 1);
  verify_ok();
  // Out of order: a "paid" for the rejected order and a "rejected" for a paid one change nothing.
  auto late = import(id["a2"] + ";paid;2025-04-03\n" + id["a1"] + ";rejected;2025-04-03\n",
                     Date::from_ymd(2025, 4, 3), "import-2");
  EXPECT_EQ(late.out_of_order, 2);
  EXPECT_EQ(late.applied, 0);
  // The same file again (same key) replays the same answer; with another key, duplicates.
  auto replay = import(id["a2"] + ";paid;2025-04-03\n" + id["a1"] + ";rejected;2025-04-03\n",
                       Date::from_ymd(2025, 4, 3), "import-2");
  EXPECT_EQ(replay.out_of_order, 2);
  // A paid order returned later: the money goes back to the authorized body (001 §30).
  auto ret = import(id["a3"] + ";returned;2025-04-10\n", Date::from_ymd(2025, 4, 11), "import-3");
  EXPECT_EQ(ret.applied, 1);
  std::map<std::string, OrderStatus> status;
  for (const auto& o : orders()) status[o.assignment_id] = o.status;
  EXPECT_EQ(status["a1"], OrderStatus::kPosted);
  EXPECT_EQ(status["a2"], OrderStatus::kVoided);
  EXPECT_EQ(status["a3"], OrderStatus::kReturned);
  auto b = store_->budgets("").value().front();
  EXPECT_EQ(b.paid, 1'000'000);
  EXPECT_EQ(b.remaining, 100'000'000 - 1'000'000);
  verify_ok();
  // A malformed file changes nothing and names the line.
  auto bad = svc_->import_results(actor_, key("bad"), id["a1"] + ";maybe;2025-04-01\n", "x.txt",
                                  Date::from_ymd(2025, 4, 4));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message_key, "payments.result_line");
  EXPECT_EQ(bad.error().field, "line 1");
}

// 001 §32: bank fees are charged with each payment file; a rejected order was never carried
// out, so its share of the file's fee is reversed (a correction naming the fee transfer) and
// goes back to the authorized body with the order's money. A paid order keeps its fee.
TEST_P(PaymentsStoreTest, ARejectedOrderGetsItsBankFeeBack) {
  budget(1'000'000);
  CycleConfig config;
  config.bank_fee_basis_points = 25;  // 0.25 %
  config.bank_fee_min_tiyn = 1'000;
  PaymentService svc(*store_, *cal_, *procedure_, config);
  ASSERT_TRUE(
      test::put_schedule_fixture(*db_, {monthly("a1", 1'000'000, 4, 4), monthly("a3", 4'000'000, 4, 4)}));
  ASSERT_TRUE(svc.run(actor_, key("run-fees"), {Date::from_ymd(2025, 3, 28), ""}));
  std::map<std::string, PaymentOrder> by;
  for (const auto& o : orders()) by[o.assignment_id] = o;
  ASSERT_EQ(by.size(), 2u);
  EXPECT_EQ(by["a1"].fee, 2'500);  // 0.25 % of 10,000 ₸
  EXPECT_EQ(by["a3"].fee, 10'000);
  auto before = store_->budgets("").value().front();
  EXPECT_EQ(before.fees, 12'500);
  EXPECT_EQ(before.remaining, 100'000'000 - 5'000'000 - 12'500);
  // The files carry their fees, their ledger transfers and the digest of their lines.
  const auto files = store_->files("", 10).value();
  ASSERT_EQ(files.size(), 1u);
  for (const auto& f : files) {
    EXPECT_GT(f.transfer_id, 0);
    EXPECT_GT(f.fee_transfer_id, 0);
    EXPECT_EQ(f.sha256.size(), 64u);
    EXPECT_EQ(f.fees, f.id.ends_with("HSBKKZKX") ? 12'500 : 0);
  }
  const std::string text =
      by["a1"].id + ";rejected;2025-04-01;account closed\n" + by["a3"].id + ";paid;2025-04-01\n";
  ASSERT_TRUE(
      svc.import_results(actor_, key("fees-results", text), text, "r.txt", Date::from_ymd(2025, 4, 2)));
  auto after = store_->budgets("").value().front();
  EXPECT_EQ(after.fees, 10'000);  // only the paid order's fee stays
  EXPECT_EQ(after.paid, 4'000'000);
  EXPECT_EQ(after.remaining, 100'000'000 - 4'000'000 - 10'000);
  verify_ok();
  // Answering the rejected order again refunds nothing twice.
  ASSERT_TRUE(
      svc.import_results(actor_, key("fees-again", text), text, "r2.txt", Date::from_ymd(2025, 4, 3)));
  EXPECT_EQ(store_->budgets("").value().front().fees, 10'000);
  verify_ok();
}

TEST_P(PaymentsStoreTest, OrdersWithoutAnAnswerExpireAndEveryOrderEndsInOneState) {
  budget(1'000'000);
  ASSERT_TRUE(test::put_schedule_fixture(*db_, {monthly("a1", 1'000'000, 4, 4)}));
  run(Date::from_ymd(2025, 3, 28));
  const auto o = orders().front();
  // The answer window: 10 working days after 1 April is 15 April; on 16 April it expires.
  EXPECT_EQ(o.timeout, Date::from_ymd(2025, 4, 15));
  EXPECT_EQ(run(Date::from_ymd(2025, 4, 15)).expired, 0);
  EXPECT_EQ(run(Date::from_ymd(2025, 4, 16)).expired, 1);
  EXPECT_EQ(orders().front().status, OrderStatus::kExpired);
  // A late answer changes nothing.
  auto late = import(o.id + ";paid;2025-04-17\n", Date::from_ymd(2025, 4, 17), "late");
  EXPECT_EQ(late.out_of_order, 1);
  EXPECT_EQ(orders().front().status, OrderStatus::kExpired);
  verify_ok();
}

TEST_P(PaymentsStoreTest, LateDeathReportTurnsPaidMonthsIntoARecovery) {
  budget(1'000'000);
  ASSERT_TRUE(test::put_schedule_fixture(*db_, {monthly("a1", 1'500'000, 2, 12)}));
  // Pay February to April, each answered "paid".
  for (Date d : {Date::from_ymd(2025, 1, 29), Date::from_ymd(2025, 2, 28), Date::from_ymd(2025, 3, 28)}) {
    run(d);
    std::string text;
    for (const auto& o : orders(OrderStatus::kPending)) text += o.id + ";paid;" + o.payment_on.iso() + "\n";
    import(text, d.plus_days(5), "paid-" + d.iso());
  }
  ASSERT_EQ(orders(OrderStatus::kPosted).size(), 3u);
  // Died on 10 February, reported in April: payment stops from March (001 §22.1); the
  // assignment service removes March onwards from the schedule and raises the version.
  auto changed = monthly("a1", 1'500'000, 2, 2);
  changed.version = 2;
  ASSERT_TRUE(test::put_schedule_fixture(*db_, {changed}));
  auto s = run(Date::from_ymd(2025, 4, 14));
  EXPECT_EQ(s.recoveries, 2);  // March and April
  EXPECT_EQ(s.recovery_total, 3'000'000);
  EXPECT_EQ(s.orders, 0);
  auto b = store_->budgets("").value().front();
  EXPECT_EQ(b.paid, 1'500'000);
  EXPECT_EQ(b.overpaid, 3'000'000);
  verify_ok();
  // The bank returns April's money from the account: recovered, back to the budget (001 §31).
  std::string april;
  for (const auto& o : orders())
    if (o.month.iso() == "2025-04") april = o.id;
  EXPECT_EQ(import(april + ";returned;2025-04-20\n", Date::from_ymd(2025, 4, 21), "ret").applied, 1);
  b = store_->budgets("").value().front();
  EXPECT_EQ(b.overpaid, 1'500'000);
  EXPECT_EQ(b.remaining, 100'000'000 - 1'500'000 * 2);
  // The next demands ask for nothing more (May is no longer due).
  EXPECT_EQ(run(Date::from_ymd(2025, 4, 29)).orders, 0);
  verify_ok();
}

TEST_P(PaymentsStoreTest, AmountChangeAndNewAssignmentReachTheNextDemand) {
  budget(1'000'000);
  ASSERT_TRUE(test::put_schedule_fixture(*db_, {monthly("a1", 1'000'000, 4, 6)}));
  run(Date::from_ymd(2025, 3, 28));
  import(orders().front().id + ";paid;2025-04-01\n", Date::from_ymd(2025, 4, 1), "paid");
  // Recalculated from April upward, after April's demand: the difference goes in the daily demand.
  auto raised = monthly("a1", 1'200'000, 4, 6);
  raised.version = 2;
  ASSERT_TRUE(test::put_schedule_fixture(*db_, {raised, monthly("a2", 700'000, 4, 6)}));
  auto s = run(Date::from_ymd(2025, 4, 2));
  EXPECT_EQ(s.orders, 2);
  EXPECT_EQ(s.ordered_total, 200'000 + 700'000);
  auto may = run(Date::from_ymd(2025, 4, 29));
  EXPECT_EQ(may.ordered_total, 1'200'000 + 700'000);
  verify_ok();
}

TEST_P(PaymentsStoreTest, RetriesNeverPayTwice) {
  budget(1'000'000);
  ASSERT_TRUE(test::put_schedule_fixture(*db_, {monthly("a1", 1'000'000, 4, 4)}));
  const RunRequest req{Date::from_ymd(2025, 3, 28), ""};
  // (a) the same key twice in sequence: one set of orders, byte-identical answers.
  auto first = svc_->run(actor_, key("k1", "run 2025-03-28"), req);
  auto second = svc_->run(actor_, key("k1", "run 2025-03-28"), req);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(test::body(*first), test::body(*second));
  EXPECT_EQ(orders().size(), 1u);
  // (c) the same key with another body: 422, nothing changes.
  auto other = svc_->run(actor_, key("k1", "run 2025-03-31"), {Date::from_ymd(2025, 3, 31), ""});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kUnknownValue);
  // (d) no key: 400.
  EXPECT_EQ(svc_->run(actor_, key("", "x"), req).error().code, ErrorCode::kInvalidInput);
  // Keys are per principal: another principal's same key is a new request (and creates nothing).
  auto b = svc_->run({"operator-2", "officer", "", "", "test"}, key("k1", "run 2025-03-28"), req);
  ASSERT_TRUE(b);
  EXPECT_EQ(nlohmann::json::parse(test::body(*b))["orders"], 0);
  // (b) concurrently on 2 threads, same key and different keys, for the next month.
  ASSERT_TRUE(test::put_schedule_fixture(*db_, {monthly("a2", 1'000'000, 5, 5)}));
  std::vector<Result<work::Done<RunSummary>>> answers(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      answers[static_cast<std::size_t>(i)] =
          svc_->run(actor_, key(i < 2 ? "same" : "k-" + std::to_string(i), "run 2025-04-29"),
                    {Date::from_ymd(2025, 4, 29), ""});
    });
  for (auto& t : threads) t.join();
  int total_orders = 0;
  for (const auto& a : answers) {
    ASSERT_TRUE(a);
    total_orders += nlohmann::json::parse(test::body(*a))["orders"].get<int>();
  }
  EXPECT_EQ(test::body(*answers[0]), test::body(*answers[1]));
  EXPECT_EQ(orders().size(), 2u);
  EXPECT_LE(total_orders, 2);  // the same key's two answers replay one run's orders
  verify_ok();
}

TEST_P(PaymentsStoreTest, CorruptedLedgerFailsVerification) {
  budget(1'000'000);
  ASSERT_TRUE(test::put_schedule_fixture(*db_, {monthly("a1", 1'000'000, 4, 4)}));
  run(Date::from_ymd(2025, 3, 28));
  verify_ok();
  // Tamper with an account's stored balance, as a broken write or a hand edit would.
  ASSERT_TRUE(db_->write([](soci::session& sql) -> Result<void> {
    sql << "UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE kind = 'paid' OR kind = "
           "'authorized_body'";
    return {};
  }));
  auto r = store_->verify();
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->ok());
}

// A district's year: thousands of assignments paid monthly or once, terminations (some
// reported late), amount changes, rejected and returned payments, unanswered orders, a
// budget short at first and amended; the ledger verified after every day.
TEST_P(PaymentsStoreTest, SimulatedDistrictYearKeepsEveryInvariant) {
  // KOMEK_PAYMENTS_SIM_ASSIGNMENTS for a bigger district (tier S). On PostgreSQL every
  // statement is a round trip: a smaller district keeps the suite fast there.
  int assignments = pg() ? 250 : 1'000;
  if (const char* s = std::getenv("KOMEK_PAYMENTS_SIM_ASSIGNMENTS")) assignments = std::atoi(s);
  std::uint64_t seed = 6;
  if (const char* s = std::getenv("KOMEK_PAYMENTS_SIM_SEED")) seed = std::strtoull(s, nullptr, 10);
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  std::vector<ScheduleFixture> all;
  for (int i = 0; i < assignments; ++i) {
    const int from = 1 + pick(6);
    ScheduleFixture f =
        monthly("s" + std::to_string(i), 100'000 * (10 + pick(40)), from, std::min(12, from + 2 + pick(10)));
    if (pick(10) == 0) {
      f.frequency = "one_time";
      f.months.resize(1);
    }
    all.push_back(f);
  }
  ASSERT_TRUE(test::put_schedule_fixture(*db_, all));
  // Deliberately short: the first months' demands exceed it until the amendment in March.
  std::int64_t need = 0;
  for (const auto& f : all)
    for (const auto& [m, a] : f.months) need += a;
  budget(need / 100 / 20);
  int amended = 0, refused = 0, recoveries = 0, returned = 0, expired = 0;
  std::vector<std::string> paid_ids;
  for (Date d = Date::from_ymd(2025, 1, 2); d <= Date::from_ymd(2025, 12, 31); d = d.plus_days(1)) {
    if (d == Date::from_ymd(2025, 3, 3)) {
      ASSERT_TRUE(svc_->amend_budget(actor_, key("amend-1"), {"local", kDistrict, 2025},
                                     Money::from_tiyn(need + need / 10), "maslikhat decision", d));
      ++amended;
    }
    // Life happens: a few changes a day (terminations, some reported late; amount changes).
    if (cal_->is_working(d).value()) {
      for (int c = 0; c < 3; ++c) {
        auto& f = all[static_cast<std::size_t>(pick(assignments))];
        if (f.months.empty() || f.frequency == "one_time") continue;
        const Month now = Month::of(d);
        if (pick(2) == 0) {
          // Death: payment stops from the month after the event (001 §22.1), the event up
          // to three months before the report.
          const Month stop = now.plus(1 - pick(4));
          std::erase_if(f.months, [&](const auto& p) { return p.first >= stop; });
        } else {
          const Month from = now.plus(pick(2));
          for (auto& [m, a] : f.months)
            if (m >= from) a = 100'000 * (10 + pick(40));
        }
        f.version += 1;
        ASSERT_TRUE(test::put_schedule_fixture(*db_, {f}));
      }
    }
    auto s = run(d);
    refused += s.demands_refused;
    recoveries += s.recoveries;
    expired += s.expired;
    // The payment organisations answer each order by its fate (a digest of its id): most are
    // paid, some rejected, some answered days late, some never (they expire); duplicates and
    // out-of-order answers now and then; some paid money comes back.
    std::string text;
    for (const auto& o : orders(OrderStatus::kPending)) {
      if (o.payment_on > d) continue;
      const int fate = static_cast<int>(std::hash<std::string>{}(o.id) % 100);
      const int late_days = d - o.payment_on;
      if (fate < 80 || (fate >= 90 && fate < 95 && late_days >= 4)) {
        text += o.id + ";paid;" + d.iso() + "\n";
        paid_ids.push_back(o.id);
        if (fate < 2) text += o.id + ";paid;" + d.iso() + "\n";  // a duplicate in the same file
      } else if (fate < 90) {
        text += o.id + ";rejected;" + d.iso() + "\n";
        if (fate == 85) text += o.id + ";paid;" + d.iso() + "\n";  // out of order
      }
    }
    if (!paid_ids.empty() && pick(3) == 0) {
      text += paid_ids[static_cast<std::size_t>(pick(static_cast<int>(paid_ids.size())))] + ";returned;" +
              d.iso() + "\n";
      ++returned;
    }
    if (pick(20) == 0) text += "UNKNOWN-" + d.iso() + ";paid;" + d.iso() + "\n";
    if (!text.empty()) import(text, d, "results-" + d.iso());
    if (std::getenv("KOMEK_PAYMENTS_SIM_NO_VERIFY") != nullptr) continue;
    auto v = store_->verify();
    ASSERT_TRUE(v);
    for (const auto& x : v->violations) FAIL() << d.iso() << " " << x.invariant << ": " << x.detail;
  }
  EXPECT_EQ(amended, 1);
  EXPECT_GT(refused, 0);
  EXPECT_GT(recoveries, 0);
  EXPECT_GT(returned, 0);
  EXPECT_GT(expired, 0);
  auto b = store_->budgets("").value().front();
  EXPECT_GT(b.paid, 0);
  EXPECT_LE(b.paid + b.overpaid + b.fees, b.budget.allocation);
}

INSTANTIATE_TEST_SUITE_P(Backends, PaymentsStoreTest, ::testing::ValuesIn(backends()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param;
                         });

}  // namespace
}  // namespace komek::payments
