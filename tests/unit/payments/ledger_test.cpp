// The ledger's unit tests and its model-based test (RELIABILITY R4): a seeded generator of
// operations — open account, pending, post (full or partial), void, expire on a mocked clock,
// reversal, and invalid operations — each checked against a small in-memory auditor model;
// the invariants after every 1,000 operations and at the end. A failure prints the seed.
#include <cstdlib>
#include <limits>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "payments/cycle.hpp"
#include "payments/ledger.hpp"

namespace komek::payments {
namespace {

const BudgetLine kLine{"local", "334800000", 2025};
const Date kDay = Date::from_ymd(2025, 3, 3);

TEST(Ledger, TransferMovesMoneyAndKeepsDoubleEntry) {
  Ledger l;
  const auto alloc = l.account(AccountKind::kAllocation, kLine);
  const auto body = l.account(AccountKind::kAuthorizedBody, kLine);
  ASSERT_TRUE(l.transfer(alloc, body, Money::from_tiyn(1000), "allocation", kDay));
  EXPECT_EQ(l.find(body)->balance(), 1000);
  EXPECT_EQ(l.find(alloc)->balance(), -1000);
  LedgerVerifier v;
  for (const auto& t : l.appended()) v.add(t.id, t.debit_account, t.credit_account, t.amount, t.kind, t.pending_amount);
  EXPECT_TRUE(v.check(l.accounts()).empty());
}

TEST(Ledger, GuardedAccountRefusesOverdraftWhole) {
  Ledger l;
  const auto alloc = l.account(AccountKind::kAllocation, kLine);
  const auto body = l.account(AccountKind::kAuthorizedBody, kLine);
  const auto corp = l.account(AccountKind::kStateCorporation, kLine);
  ASSERT_TRUE(l.transfer(alloc, body, Money::from_tiyn(500), "allocation", kDay));
  auto r = l.transfer(body, corp, Money::from_tiyn(501), "demand_transfer", kDay);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message_key, "ledger.insufficient");
  EXPECT_EQ(l.find(body)->balance(), 500);   // nothing half-paid
  EXPECT_EQ(l.find(corp)->balance(), 0);
}

// Issue 13 finding 1: a sum that would take a balance beyond int64 tiyn is refused as a
// value ("ledger.overflow"), with nothing changed — before, it aborted the process.
TEST(Ledger, ASumBeyondWhatABalanceCanHoldIsAnErrorNotAnAbort) {
  Ledger l;
  const auto alloc = l.account(AccountKind::kAllocation, kLine);
  const auto body = l.account(AccountKind::kAuthorizedBody, kLine);
  const auto max = std::numeric_limits<std::int64_t>::max();
  ASSERT_TRUE(l.transfer(alloc, body, Money::from_tiyn(max), "allocation", kDay));
  auto more = l.transfer(alloc, body, Money::from_tiyn(1), "amendment", kDay);
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().message_key, "ledger.overflow");
  EXPECT_EQ(l.find(body)->balance(), max);
  EXPECT_EQ(l.find(alloc)->debits_posted, max);
  EXPECT_EQ(l.appended().size(), 1u);
  // The same for the pending and the posting phases.
  const auto paid = l.account(AccountKind::kPaid, kLine);
  auto p = l.pending(body, paid, Money::from_tiyn(max), "order", kDay, kDay.plus_days(5));
  ASSERT_TRUE(p);
  auto q = l.pending(alloc, paid, Money::from_tiyn(1), "order", kDay, kDay.plus_days(5));
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error().message_key, "ledger.overflow");
}

TEST(Ledger, TwoPhaseLifecycle) {
  Ledger l;
  const auto alloc = l.account(AccountKind::kAllocation, kLine);
  const auto payable = l.account(AccountKind::kRecipientPayable, kLine);
  const auto paid = l.account(AccountKind::kPaid, kLine);
  ASSERT_TRUE(l.transfer(alloc, payable, Money::from_tiyn(300), "x", kDay));
  auto p = l.pending(payable, paid, Money::from_tiyn(200), "order", kDay, kDay.plus_days(10));
  ASSERT_TRUE(p);
  EXPECT_EQ(l.find(payable)->available(), 100);
  EXPECT_EQ(l.open_pending_total(), 200);
  // Expiring before the window has passed is refused.
  EXPECT_EQ(l.expire(p->id, kDay.plus_days(10)).error().message_key, "ledger.not_expired");
  auto posted = l.post(p->id, Money::from_tiyn(150), kDay.plus_days(1));
  ASSERT_TRUE(posted);
  EXPECT_EQ(l.find(paid)->balance(), 150);
  EXPECT_EQ(l.find(payable)->available(), 150);
  EXPECT_EQ(l.open_pending_total(), 0);
  // A second resolution is refused: exactly one terminal state.
  EXPECT_EQ(l.void_pending(p->id, kDay.plus_days(2)).error().message_key, "ledger.pending_resolved");
  auto back = l.reverse(*posted, "return", kDay.plus_days(3));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->reverses, posted->id);
  EXPECT_EQ(l.find(paid)->balance(), 0);
}

// ---- model-based test (R4) ------------------------------------------------------------

struct ModelAccount {
  AccountKind kind;
  std::int64_t dp = 0, cp = 0, dq = 0, cq = 0;
};
struct ModelPending {
  std::int64_t debit, credit, amount;
  Date timeout;
  bool open = true;
};

void run_model(std::uint64_t seed, int operations) {
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  auto pick = [&](std::int64_t n) { return static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n)); };
  Ledger l;
  std::map<std::int64_t, ModelAccount> model;
  std::map<std::int64_t, ModelPending> pendings;
  std::vector<Transfer> posted;
  std::vector<Transfer> history;
  Date clock = kDay;
  std::uint64_t prefix_hash = 1469598103934665603ULL;  // the hash of the empty history
  std::size_t prefix_len = 0;
  auto hash_of = [&](std::size_t n) {
    std::uint64_t h = 1469598103934665603ULL;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& t = history[i];
      for (std::int64_t x : {t.id, t.debit_account, t.credit_account, t.amount, static_cast<std::int64_t>(t.kind), t.pending_id}) {
        h ^= static_cast<std::uint64_t>(x);
        h *= 1099511628211ULL;
      }
    }
    return h;
  };
  auto open_account = [&] {
    const auto kind = static_cast<AccountKind>(1 + pick(9));
    const BudgetLine line{"p" + std::to_string(pick(3)), "334800000", 2025};
    const auto id = l.account(kind, line);
    model.try_emplace(id, ModelAccount{kind});
    return id;
  };
  for (int i = 0; i < 4; ++i) open_account();
  auto random_account = [&] {
    auto it = model.begin();
    std::advance(it, pick(static_cast<std::int64_t>(model.size())));
    return it->first;
  };
  auto available = [&](std::int64_t id) {
    const auto& a = model.at(id);
    return a.cp - a.dp - a.dq;
  };
  auto check_invariants = [&] {
    LedgerVerifier v;
    for (const auto& t : history) v.add(t.id, t.debit_account, t.credit_account, t.amount, t.kind, t.pending_amount);
    const auto stored = l.accounts();
    ASSERT_TRUE(v.check(stored).empty()) << v.check(stored).front().invariant;
    std::int64_t sd = 0, sc = 0, open_total = 0;
    for (const auto& a : stored) {
      const auto& m = model.at(a.id);
      ASSERT_EQ(a.debits_posted, m.dp);
      ASSERT_EQ(a.credits_posted, m.cp);
      ASSERT_EQ(a.debits_pending, m.dq);
      ASSERT_EQ(a.credits_pending, m.cq);
      sd += a.debits_posted;
      sc += a.credits_posted;
      if (is_guarded(a.kind)) {
        ASSERT_LE(a.debits_posted + a.debits_pending, a.credits_posted);
      }
    }
    ASSERT_EQ(sd, sc);
    for (const auto& [_, p] : pendings)
      if (p.open) open_total += p.amount;
    ASSERT_EQ(open_total, l.open_pending_total());
    ASSERT_EQ(open_total, v.pending_open_total());
    // Append-only: the hash of the earlier prefix of the history is unchanged.
    ASSERT_EQ(hash_of(prefix_len), prefix_hash);
    prefix_len = history.size();
    prefix_hash = hash_of(prefix_len);
  };
  auto record = [&] {
    for (const auto& t : l.appended()) history.push_back(t);
    l.clear_changes();
  };
  for (int op = 0; op < operations; ++op) {
    const auto kind = pick(100);
    if (kind < 3) {
      open_account();
    } else if (kind < 35) {
      // A plain transfer, funded from an allocation account now and then.
      auto d = random_account(), c = random_account();
      std::int64_t amount = 1 + pick(10'000);
      if (pick(4) == 0) amount = 0;
      const bool ok_expected = amount > 0 && d != c && (!is_guarded(model.at(d).kind) || available(d) >= amount);
      auto r = l.transfer(d, c, Money::from_tiyn(amount), "t", clock);
      ASSERT_EQ(static_cast<bool>(r), ok_expected) << "op " << op;
      if (r) {
        model.at(d).dp += amount;
        model.at(c).cp += amount;
        posted.push_back(*r);
      }
    } else if (kind < 55) {
      auto d = random_account(), c = random_account();
      const std::int64_t amount = 1 + pick(5'000);
      const Date timeout = clock.plus_days(static_cast<int>(pick(5)));
      const bool ok_expected = d != c && (!is_guarded(model.at(d).kind) || available(d) >= amount);
      auto r = l.pending(d, c, Money::from_tiyn(amount), "p", clock, timeout);
      ASSERT_EQ(static_cast<bool>(r), ok_expected) << "op " << op;
      if (r) {
        model.at(d).dq += amount;
        model.at(c).cq += amount;
        pendings[r->id] = ModelPending{d, c, amount, timeout};
      }
    } else if (kind < 85 && !pendings.empty()) {
      auto it = pendings.begin();
      std::advance(it, pick(static_cast<std::int64_t>(pendings.size())));
      ModelPending& p = it->second;
      const auto what = pick(3);
      Result<Transfer> r;
      bool ok_expected = p.open;
      std::int64_t post_amount = 0;
      if (what == 0) {
        post_amount = pick(3) == 0 ? p.amount : 1 + pick(p.amount + 1);  // sometimes beyond the pending amount
        ok_expected = ok_expected && post_amount <= p.amount;
        r = l.post(it->first, Money::from_tiyn(post_amount), clock);
      } else if (what == 1) {
        r = l.void_pending(it->first, clock);
      } else {
        ok_expected = ok_expected && clock > p.timeout;
        r = l.expire(it->first, clock);
      }
      ASSERT_EQ(static_cast<bool>(r), ok_expected) << "op " << op;
      if (r) {
        model.at(p.debit).dq -= p.amount;
        model.at(p.credit).cq -= p.amount;
        if (what == 0) {
          model.at(p.debit).dp += post_amount;
          model.at(p.credit).cp += post_amount;
          posted.push_back(*r);
        }
        p.open = false;
      }
    } else if (kind < 92 && !posted.empty()) {
      const Transfer t = posted[static_cast<std::size_t>(pick(static_cast<std::int64_t>(posted.size())))];
      const bool ok_expected = !is_guarded(model.at(t.credit_account).kind) || available(t.credit_account) >= t.amount;
      auto r = l.reverse(t, "reversal", clock);
      ASSERT_EQ(static_cast<bool>(r), ok_expected) << "op " << op;
      if (r) {
        model.at(t.credit_account).dp += t.amount;
        model.at(t.debit_account).cp += t.amount;
      }
    } else if (kind < 96) {
      // Invalid: unknown account, or the same account on both sides.
      auto a = random_account();
      EXPECT_FALSE(l.transfer(a, a, Money::from_tiyn(5), "x", clock));
      EXPECT_EQ(l.transfer(a, 999'999, Money::from_tiyn(5), "x", clock).error().message_key, "ledger.unknown_account");
      EXPECT_EQ(l.post(888'888'888, Money::from_tiyn(1), clock).error().message_key, "ledger.unknown_pending");
    } else {
      clock = clock.plus_days(1);  // the mocked clock
    }
    record();
    if ((op + 1) % 1000 == 0) {
      check_invariants();
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
  check_invariants();
}

TEST(LedgerModel, HundredThousandOperationsAgreeWithTheAuditor) {
  std::uint64_t seed = 20250301;
  if (const char* s = std::getenv("KOMEK_LEDGER_SEED")) seed = std::strtoull(s, nullptr, 10);
  int ops = 100'000;
  if (const char* s = std::getenv("KOMEK_LEDGER_OPS")) ops = std::atoi(s);
  run_model(seed, ops);
}

// ---- the cycle's dates on the working calendar ------------------------------------------

class Cycle : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cal_ = new WorkingCalendar(WorkingCalendar::load(std::string(KOMEK_RULES_DIR) + "/calendar/kz.yaml").value());
    procedure_ = new rules::Procedure(rules::Procedure::load(std::string(KOMEK_RULES_DIR) + "/procedure/kz.yaml").value());
    periods_ = new rules::PeriodsInForce(*cal_, *procedure_);
  }
  static void TearDownTestSuite() {
    delete periods_;
    delete procedure_;
    delete cal_;
  }
  static WorkingCalendar* cal_;
  static rules::Procedure* procedure_;
  static rules::PeriodsInForce* periods_;  // the payment cycle's: national
};
WorkingCalendar* Cycle::cal_ = nullptr;
rules::Procedure* Cycle::procedure_ = nullptr;
rules::PeriodsInForce* Cycle::periods_ = nullptr;

TEST_F(Cycle, DemandOnThe29thOrTheWorkingDayBefore) {
  // 29 Jan 2025 is a Wednesday: the demand for February is formed that day.
  EXPECT_EQ(demand_date(Month::make(2025, 2).value(), *periods_).value(), Date::from_ymd(2025, 1, 29));
  // 29 Mar 2025 is a Saturday: Friday 28 March (001 §27 "by the 29th").
  EXPECT_EQ(demand_date(Month::make(2025, 4).value(), *periods_).value(), Date::from_ymd(2025, 3, 28));
  // February 2025 has no 29th: its last day, Friday 28 February.
  EXPECT_EQ(demand_date(Month::make(2025, 3).value(), *periods_).value(), Date::from_ymd(2025, 2, 28));
  // 29 Jun 2025 is a Sunday: Friday 27 June.
  EXPECT_EQ(demand_date(Month::make(2025, 7).value(), *periods_).value(), Date::from_ymd(2025, 6, 27));
}

TEST_F(Cycle, ApplicationTransferOrdersReturnsRecoveries) {
  const Date formed = Date::from_ymd(2025, 3, 28);  // Friday
  EXPECT_EQ(application_due(formed, *periods_).value(), Date::from_ymd(2025, 3, 31));
  // After the 27th: before the 1st of the payment month — the last working day of March.
  EXPECT_EQ(transfer_due(formed, Month::make(2025, 4).value(), true, *periods_).value(), Date::from_ymd(2025, 3, 31));
  // Otherwise within 2 working days: 20 Mar 2025 (Thu) → 27 Mar (21-25 Mar are days off).
  EXPECT_EQ(transfer_due(Date::from_ymd(2025, 3, 20), Month::make(2025, 3).value(), false, *periods_).value(),
            Date::from_ymd(2025, 3, 27));
  EXPECT_EQ(orders_due(Date::from_ymd(2025, 3, 31), *periods_).value(), Date::from_ymd(2025, 4, 2));
  EXPECT_EQ(payment_date(formed, Month::make(2025, 4).value(), *cal_).value(), Date::from_ymd(2025, 4, 1));
  EXPECT_EQ(return_due(Date::from_ymd(2025, 4, 30), *periods_).value(), Date::from_ymd(2025, 5, 6));  // 1 May off
  EXPECT_EQ(recovery_due(Date::from_ymd(2025, 8, 5), *periods_).value(), Date::from_ymd(2025, 8, 29));
}

TEST(BankFee, ConfigurableRateHalfUp) {
  CycleConfig c;
  EXPECT_EQ(bank_fee(1'000'000, c), 0);
  c.bank_fee_basis_points = 25;  // 0.25 %
  EXPECT_EQ(bank_fee(1'000'000, c), 2'500);
  EXPECT_EQ(bank_fee(202, c), 1);  // 0.505 tiyn → 1
  c.bank_fee_min_tiyn = 100;
  EXPECT_EQ(bank_fee(202, c), 100);
}

}  // namespace
}  // namespace komek::payments
