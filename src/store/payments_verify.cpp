#include "store/payments_verify.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "store/payments_ledger.hpp"
#include "store/rows.hpp"
#include "store/sqlite_native.hpp"

namespace komek::store::payments_sql {
namespace {

using namespace komek::payments;

inline constexpr std::string_view kBeginSqlite = "BEGIN";
inline constexpr std::string_view kBeginPostgresqlSnapshot =
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
inline constexpr std::string_view kRollback = "ROLLBACK";

// ---- the transfers --------------------------------------------------------------------------
inline constexpr std::string_view kSelectTransfers = R"sql(
  SELECT id, debit_account, credit_account, amount, kind, pending_amount FROM ledger_transfers ORDER BY id
)sql";
inline constexpr std::string_view kSelectTransfersInRange = R"sql(
  SELECT id, debit_account, credit_account, amount, kind, pending_amount, pending_id FROM ledger_transfers
  WHERE id BETWEEN ?1 AND ?2 ORDER BY id
)sql";
inline constexpr std::string_view kSelectTransferIdRange =
    "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM ledger_transfers";
inline constexpr std::string_view kSelectLastTransferId = "SELECT COALESCE(MAX(id), 0) FROM ledger_transfers";

// ---- budgets, orders and the schedule, in passes over whole tables (SQLite) -----------------
inline constexpr std::string_view kSelectBudgetAllocations =
    "SELECT programme, territory, year, allocation FROM budgets";
inline constexpr std::string_view kCountSeen = "SELECT COUNT(*) FROM payment_seen";
inline constexpr std::string_view kSelectOrdersHeld = R"sql(
  SELECT programme, territory, year, status, amount, transfer_id, assignment_id FROM payment_orders
  WHERE status IN ('posted', 'pending', 'returned')
)sql";
inline constexpr std::string_view kSelectOpenRecoveries = R"sql(
  SELECT programme, territory, year, assignment_id, amount - recovered FROM payment_recoveries
)sql";
inline constexpr std::string_view kSelectSchedule =
    "SELECT assignment_id, amount FROM assignment_months INDEXED BY payments_schedule_month";
inline constexpr std::string_view kSelectAssignmentVersions =
    "SELECT id, version FROM assignments INDEXED BY payments_assignment_payee ORDER BY id";
inline constexpr std::string_view kSelectSeen =
    "SELECT assignment_id, version FROM payment_seen ORDER BY assignment_id";

// ---- the same, as sums and counts in SQL (PostgreSQL) ---------------------------------------
inline constexpr std::string_view kSelectOrderSumsPerLine = R"sql(
  SELECT programme, territory, year, status, SUM(amount) FROM payment_orders
  WHERE status IN ('posted', 'pending') GROUP BY programme, territory, year, status
)sql";
inline constexpr std::string_view kSelectOpenRecoveriesPerLine = R"sql(
  SELECT programme, territory, year, SUM(amount - recovered) FROM payment_recoveries
  GROUP BY programme, territory, year
)sql";
inline constexpr std::string_view kCountPendingOrdersResolved = R"sql(
  SELECT COUNT(*) FROM payment_orders o JOIN ledger_transfers t ON t.pending_id = o.transfer_id
  WHERE o.status = 'pending'
)sql";
// kind 2: the post that resolves a pending transfer.
inline constexpr std::string_view kCountPaidOrdersUnposted = R"sql(
  SELECT COUNT(*) FROM payment_orders o WHERE o.status IN ('posted', 'returned')
    AND NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.pending_id = o.transfer_id AND t.kind = 2)
)sql";
inline constexpr std::string_view kCountAssignmentsChanged = R"sql(
  SELECT COUNT(*) FROM assignments a JOIN payment_seen s ON s.assignment_id = a.id WHERE s.version <> a.version
)sql";
inline constexpr std::string_view kCountPaidBeyondSchedule = R"sql(
  SELECT COUNT(*) FROM (SELECT assignment_id, SUM(amount) AS paid FROM payment_orders WHERE status = 'posted'
                        GROUP BY assignment_id) p
  JOIN assignments a ON a.id = p.assignment_id
  JOIN payment_seen s ON s.assignment_id = a.id AND s.version = a.version
  WHERE p.paid - COALESCE((SELECT SUM(r.amount - r.recovered) FROM payment_recoveries r
                           WHERE r.assignment_id = p.assignment_id), 0)
        > COALESCE((SELECT SUM(am.amount) FROM assignment_months am WHERE am.assignment_id = p.assignment_id), 0)
)sql";

// Below this many transfers a second connection costs more than it saves.
constexpr std::int64_t kParallelFrom = 200'000;
// Transfers read per fetch on the SOCI path.
constexpr std::size_t kFetchBatch = 20'000;
// The highest TransferKind stored (4, expire).
constexpr std::int64_t kTransferKindMax = 4;

// A budget line as a key: (programme, territory, year).
using LineKey = std::tuple<std::string, std::string, int>;
// Per budget line: posted orders, pending orders, open recoveries.
using LineSums = std::map<LineKey, std::array<long long, 3>>;
// Second-phase transfers: (the pending transfer resolved, how).
using Resolutions = std::vector<std::pair<std::int64_t, std::int64_t>>;

std::string line_name(const std::string& programme, const std::string& territory, int year) {
  return programme + "/" + territory + "/" + std::to_string(year);
}

LedgerVerifier::Violation unknown_kind(std::int64_t id) {
  return {"transfer_kind", "transfer " + std::to_string(id) + " has an unknown kind"};
}

// A read-only transaction on a pooled session, rolled back however the reader leaves.
class ReadTransaction {
 public:
  explicit ReadTransaction(soci::session& sql) : sql_(sql) {
    sql_ << (sqlite::connection_of(sql) != nullptr ? kBeginSqlite : kBeginPostgresqlSnapshot);
  }
  ~ReadTransaction() {
    try {
      sql_ << kRollback;
    } catch (const std::exception&) {
      // Nothing was written; a failed rollback leaves nothing to undo.
    }
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  soci::session& sql_;
};

long long count_of(soci::session& sql, std::string_view query) {
  long long n = 0;
  soci::indicator ind = soci::i_null;
  sql << query, soci::into(n, ind);
  return ind == soci::i_ok ? n : 0;
}

void scan_transfers_soci(soci::session& sql, LedgerVerifier& verifier, LedgerReport& report) {
  std::vector<long long> id(kFetchBatch), debit(kFetchBatch), credit(kFetchBatch), amount(kFetchBatch),
      pending_amount(kFetchBatch);
  std::vector<int> kind(kFetchBatch);
  soci::statement st = (sql.prepare << kSelectTransfers, soci::into(id), soci::into(debit),
                        soci::into(credit), soci::into(amount), soci::into(kind), soci::into(pending_amount));
  st.execute();
  while (st.fetch()) {
    for (std::size_t i = 0; i < id.size(); ++i) {
      if (kind[i] < 0 || kind[i] > kTransferKindMax) {
        report.violations.push_back(unknown_kind(id[i]));
        continue;
      }
      verifier.add(id[i], debit[i], credit[i], amount[i], static_cast<TransferKind>(kind[i]),
                   pending_amount[i]);
    }
    for (auto* column : {&id, &debit, &credit, &amount, &pending_amount}) column->resize(kFetchBatch);
    kind.resize(kFetchBatch);
  }
}

// What one scanner of the SQLite ledger found in its id range.
struct ScanPart {
  LedgerVerifier verifier;
  std::vector<LedgerVerifier::Violation> violations;
  Resolutions resolutions;  // checked against the orders
  std::string error;
};

void scan_range(sqlite::Connection* db, std::int64_t from, std::int64_t to, ScanPart& part) {
  try {
    sqlite::Statement st(db, kSelectTransfersInRange);
    st.bind_int(1, from);
    st.bind_int(2, to);
    while (st.step()) {
      const std::int64_t kind = st.integer(4);
      if (kind < 0 || kind > kTransferKindMax) {
        part.violations.push_back(unknown_kind(st.integer(0)));
        continue;
      }
      part.verifier.add(st.integer(0), st.integer(1), st.integer(2), st.integer(3),
                        static_cast<TransferKind>(kind), st.integer(5));
      if (kind >= 2) part.resolutions.emplace_back(st.integer(6), kind);
    }
  } catch (const std::exception& e) {
    part.error = e.what();
  }
}

// Gathers what the scanners found, and what the caller's connection checks meanwhile.
struct TransferScan {
  LedgerVerifier& verifier;
  LedgerReport& report;
  Resolutions& resolutions;
  const std::function<void(sqlite::Connection*)>& meanwhile;

  void take(ScanPart& part) {
    if (!part.error.empty()) throw soci::soci_error(part.error);
    verifier.merge(part.verifier);
    for (auto& v : part.violations) report.violations.push_back(std::move(v));
    resolutions.insert(resolutions.end(), part.resolutions.begin(), part.resolutions.end());
  }
  // On the caller's connection alone, which is consistent with everything else verify reads.
  void alone(sqlite::Connection* db, std::int64_t lo, std::int64_t hi) {
    ScanPart part;
    scan_range(db, lo, hi, part);
    take(part);
    meanwhile(db);
  }
};

// Opens the scanners' read transactions while `locker` holds the write lock, so that no commit
// comes in between them; the highest transfer id they see.
std::int64_t begin_snapshots(sqlite::PrivateConnection& locker,
                             const std::array<sqlite::PrivateConnection*, 3>& scanners) {
  std::int64_t seen_hi = -1;
  try {
    for (auto* c : scanners) sqlite::exec(c->get(), kBeginSqlite);
    for (auto* c : scanners) {
      sqlite::Statement probe(c->get(), kSelectLastTransferId);
      if (probe.step()) seen_hi = std::max(seen_hi, probe.integer(0));
    }
  } catch (...) {
    sqlite::exec(locker.get(), kRollback);
    throw;
  }
  sqlite::exec(locker.get(), kRollback);
  return seen_hi;
}

// The transfers of the ledger on SQLite, read in two id ranges on two connections at once (the
// machine has 2 cores; the verification of 10 million transfers is bound by SQLite's per-row
// work). Both connections and the caller's session must see one snapshot: a private connection
// takes the write lock (no commit can come in), the scanners open their read transactions, and
// the lock is given back before the scan starts. Called inside the caller's read transaction,
// whose snapshot was taken before (load_accounts): if a commit came in since, the caller's
// connection scans alone.
void scan_transfers_sqlite(sqlite::Connection* db, TransferScan& scan) {
  std::int64_t lo = 0, hi = 0;
  {
    sqlite::Statement bounds(db, kSelectTransferIdRange);
    if (bounds.step()) {
      lo = bounds.integer(0);
      hi = bounds.integer(1);
    }
  }
  const std::string file = sqlite::file_of(db);
  if (hi - lo < kParallelFrom || file.empty()) return scan.alone(db, lo, hi);
  std::unique_ptr<sqlite::PrivateConnection> opened[4];
  try {
    for (auto& c : opened) c = std::make_unique<sqlite::PrivateConnection>(file);
  } catch (const std::exception&) {
    // No second connection (a read-only file, no handles left): the caller's alone.
    return scan.alone(db, lo, hi);
  }
  sqlite::PrivateConnection &locker = *opened[0], &first = *opened[1], &second = *opened[2],
                            &third = *opened[3];
  // A long write holds the lock: rather than wait, the caller's connection scans alone.
  if (!locker.try_begin_immediate()) return scan.alone(db, lo, hi);
  if (begin_snapshots(locker, {&first, &second, &third}) != hi) {
    for (auto* c : {&first, &second, &third}) sqlite::exec(c->get(), kRollback);
    return scan.alone(db, lo, hi);
  }
  // Two threads scan the halves of the ledger; a third connection in the same snapshot
  // meanwhile checks the orders and the schedule.
  const std::int64_t mid = lo + (hi - lo) / 2;
  ScanPart a, b;
  std::thread one([&] { scan_range(first.get(), lo, mid, a); });
  std::thread other([&] { scan_range(second.get(), mid + 1, hi, b); });
  struct Joiner {
    std::thread& x;
    std::thread& y;
    ~Joiner() {
      if (x.joinable()) x.join();
      if (y.joinable()) y.join();
    }
  } joiner{one, other};
  scan.meanwhile(third.get());
  one.join();
  other.join();
  for (auto* c : {&first, &second, &third}) sqlite::exec(c->get(), kRollback);
  scan.take(a);
  scan.take(b);
}

// What verify checks of the orders on SQLite, in passes over whole tables (no per-row
// lookups): the orders (per budget line, per assignment, and each order's transfer), the
// schedule, and the assignments with what payments last saw of them.
struct OrderSide {
  LineSums per_line;
  Resolutions order_transfers;  // (pending transfer, 0 pending / 1 paid)
  long long paid_beyond_assigned = 0;
  long long changed = 0;
  long long checked = 0;
};

struct PerAssignment {
  std::int64_t paid = 0;
  std::int64_t assigned = 0;
};
using ByAssignment = std::unordered_map<std::string, PerAssignment>;

// The orders held (posted, pending, returned): per line, per assignment, and each one's transfer.
void sum_orders(sqlite::Connection* db, OrderSide& out, ByAssignment& by_assignment) {
  sqlite::Statement o(db, kSelectOrdersHeld);
  std::array<long long, 3>* line = nullptr;
  std::string programme, territory;
  std::int64_t year = -1;
  while (o.step()) {
    if (line == nullptr || o.text(0) != programme || o.text(1) != territory || o.integer(2) != year) {
      programme = o.text(0);
      territory = o.text(1);
      year = o.integer(2);
      line = &out.per_line[{programme, territory, static_cast<int>(year)}];
    }
    const std::string_view status = o.text(3);
    const std::int64_t amount = o.integer(4);
    if (status == "pending") {
      (*line)[1] += amount;
      out.order_transfers.emplace_back(o.integer(5), 0);
      continue;
    }
    out.order_transfers.emplace_back(o.integer(5), 1);
    if (status == "posted") {
      (*line)[0] += amount;
      by_assignment[std::string(o.text(6))].paid += amount;
    }
  }
}

// Open recoveries: per line, and taken off what each assignment was paid.
void sum_recoveries(sqlite::Connection* db, OrderSide& out, ByAssignment& by_assignment) {
  sqlite::Statement r(db, kSelectOpenRecoveries);
  while (r.step()) {
    out.per_line[{std::string(r.text(0)), std::string(r.text(1)), static_cast<int>(r.integer(2))}][2] +=
        r.integer(4);
    if (auto it = by_assignment.find(std::string(r.text(3))); it != by_assignment.end())
      it->second.paid -= r.integer(4);
  }
}

// What the schedule assigns to each assignment that was paid.
void sum_schedule(sqlite::Connection* db, ByAssignment& by_assignment) {
  sqlite::Statement m(db, kSelectSchedule);
  std::string last;
  PerAssignment* hit = nullptr;
  while (m.step()) {
    if (m.text(0) != last) {
      last = m.text(0);
      auto it = by_assignment.find(last);
      hit = it == by_assignment.end() ? nullptr : &it->second;
    }
    if (hit != nullptr) hit->assigned += m.integer(1);
  }
}

// The assignments merged with what payments saw of them, both in id order: seen ones are
// checked; those changed since are counted (and checked after the next run).
void check_seen(sqlite::Connection* db, const ByAssignment& by_assignment, OrderSide& out) {
  sqlite::Statement a(db, kSelectAssignmentVersions);
  sqlite::Statement seen(db, kSelectSeen);
  bool more_seen = seen.step();
  while (a.step()) {
    const std::string_view id = a.text(0);
    while (more_seen && seen.text(0) < id) {
      ++out.checked;
      more_seen = seen.step();
    }
    if (!(more_seen && seen.text(0) == id)) continue;
    ++out.checked;
    if (seen.integer(1) != a.integer(1)) {
      ++out.changed;
    } else if (auto it = by_assignment.find(std::string(id));
               it != by_assignment.end() && it->second.paid > it->second.assigned) {
      ++out.paid_beyond_assigned;
    }
    more_seen = seen.step();
  }
  while (more_seen) {
    ++out.checked;
    more_seen = seen.step();
  }
}

void check_orders_sqlite(sqlite::Connection* db, OrderSide& out) {
  ByAssignment by_assignment;
  {
    sqlite::Statement n(db, kCountSeen);
    if (n.step()) by_assignment.reserve(static_cast<std::size_t>(n.integer(0)));
  }
  sum_orders(db, out, by_assignment);
  sum_recoveries(db, out, by_assignment);
  if (!by_assignment.empty()) sum_schedule(db, by_assignment);
  check_seen(db, by_assignment, out);
}

// Budget lines: the allocation account gave exactly the allocation; what was paid, is owed back
// and went in fees stays within it (paid per programme ≤ allocation).
void check_budgets(soci::session& sql, const Ledger& ledger, LedgerReport& report) {
  std::string programme, territory;
  int year = 0;
  long long allocation = 0;
  soci::statement st = (sql.prepare << kSelectBudgetAllocations, soci::into(programme), soci::into(territory),
                        soci::into(year), soci::into(allocation));
  st.execute();
  while (st.fetch()) {
    const BudgetLine line{programme, territory, year};
    const std::string name = line_name(programme, territory, year);
    auto bal = [&](AccountKind k) {
      const Account* a = ledger.find(k, line);
      return a == nullptr ? 0 : a->balance();
    };
    if (-bal(AccountKind::kAllocation) != allocation)
      report.violations.push_back({"allocation", name + ": the allocation account differs from the budget"});
    if (bal(AccountKind::kPaid) + bal(AccountKind::kOverpaid) + bal(AccountKind::kBankFees) > allocation)
      report.violations.push_back({"paid_within_allocation", name + ": paid beyond the allocation"});
  }
}

// The per-line sums of the orders and recoveries, in SQL (the SOCI path).
LineSums orders_per_line(soci::session& sql) {
  LineSums per_line;
  std::string programme, territory, status;
  int year = 0;
  long long sum = 0;
  soci::statement os = (sql.prepare << kSelectOrderSumsPerLine, soci::into(programme), soci::into(territory),
                        soci::into(year), soci::into(status), soci::into(sum));
  os.execute();
  while (os.fetch()) per_line[{programme, territory, year}][status == "posted" ? 0 : 1] += sum;
  soci::statement rs = (sql.prepare << kSelectOpenRecoveriesPerLine, soci::into(programme),
                        soci::into(territory), soci::into(year), soci::into(sum));
  rs.execute();
  while (rs.fetch()) per_line[{programme, territory, year}][2] += sum;
  return per_line;
}

// Orders against the ledger, per budget line: paid = posted orders less open recoveries;
// overpaid = open recoveries; pending = pending orders.
void check_accounts_against_orders(const std::vector<Account>& accounts, const LineSums& per_line,
                                   LedgerReport& report) {
  for (const auto& a : accounts) {
    if (a.kind != AccountKind::kPaid && a.kind != AccountKind::kOverpaid &&
        a.kind != AccountKind::kRecipientPayable)
      continue;
    auto it = per_line.find({a.line.programme, a.line.territory, a.line.year});
    const std::array<long long, 3> v = it == per_line.end() ? std::array<long long, 3>{0, 0, 0} : it->second;
    const std::string name = line_name(a.line.programme, a.line.territory, a.line.year);
    if (a.kind == AccountKind::kPaid && a.balance() != v[0] - v[2])
      report.violations.push_back(
          {"paid_equals_orders", name + ": paid differs from posted orders less overpaid"});
    if (a.kind == AccountKind::kOverpaid && a.balance() != v[2])
      report.violations.push_back(
          {"overpaid_equals_recoveries", name + ": overpaid differs from open recoveries"});
    if (a.kind == AccountKind::kRecipientPayable && a.debits_pending != v[1])
      report.violations.push_back({"pending_equals_orders", name + ": pending differs from pending orders"});
  }
}

// Each order's state agrees with its pending transfer (exactly once, checked), and paid per
// assignment ≤ assigned — from what the SQLite passes gathered.
void check_order_states(OrderSide& side, Resolutions& resolutions, LedgerReport& report) {
  std::sort(resolutions.begin(), resolutions.end());
  bool resolved_pending = false, unposted_paid = false;
  for (const auto& [transfer, paid] : side.order_transfers) {
    auto it =
        std::lower_bound(resolutions.begin(), resolutions.end(), std::make_pair(transfer, std::int64_t{0}));
    const bool resolved = it != resolutions.end() && it->first == transfer;
    if (paid == 0 && resolved) resolved_pending = true;
    if (paid == 1 && !(resolved && it->second == static_cast<std::int64_t>(TransferKind::kPostPending)))
      unposted_paid = true;
  }
  if (resolved_pending)
    report.violations.push_back({"order_state", "a pending order's transfer is already resolved"});
  if (unposted_paid) report.violations.push_back({"order_state", "a paid order has no posting"});
  report.assignments_changed = side.changed;
  report.assignments_checked = side.checked;
  if (side.paid_beyond_assigned != 0)
    report.violations.push_back({"paid_within_assigned", std::to_string(side.paid_beyond_assigned) +
                                                             " assignments paid beyond their schedule"});
}

// The same, counted in SQL (the SOCI path). Paid per assignment ≤ assigned is checked for
// every assignment whose schedule payments have seen; a schedule changed since is reconciled
// (and checked) after the next run.
void check_order_states(soci::session& sql, LedgerReport& report) {
  if (count_of(sql, kCountPendingOrdersResolved) != 0)
    report.violations.push_back({"order_state", "a pending order's transfer is already resolved"});
  if (count_of(sql, kCountPaidOrdersUnposted) != 0)
    report.violations.push_back({"order_state", "a paid order has no posting"});
  report.assignments_changed = count_of(sql, kCountAssignmentsChanged);
  report.assignments_checked = count_of(sql, kCountSeen);
  const long long over = count_of(sql, kCountPaidBeyondSchedule);
  if (over != 0)
    report.violations.push_back(
        {"paid_within_assigned", std::to_string(over) + " assignments paid beyond their schedule"});
}

}  // namespace

Result<LedgerReport> verify_ledger(soci::session& sql) {
  LedgerReport report;
  // Every query below reads one snapshot, or a run committing meanwhile would look like a
  // broken ledger.
  ReadTransaction snapshot(sql);
  KOMEK_TRY(accounts, load_accounts(sql));
  LedgerVerifier verifier;
  sqlite::Connection* const db = sqlite::connection_of(sql);
  OrderSide order_side;
  Resolutions resolutions;
  if (db != nullptr) {
    const std::function<void(sqlite::Connection*)> meanwhile = [&](sqlite::Connection* connection) {
      check_orders_sqlite(connection, order_side);
    };
    TransferScan scan{verifier, report, resolutions, meanwhile};
    scan_transfers_sqlite(db, scan);
  } else {
    scan_transfers_soci(sql, verifier, report);
  }
  for (auto& v : verifier.check(accounts)) report.violations.push_back(std::move(v));
  report.transfers = verifier.transfers();
  report.accounts = static_cast<std::int64_t>(accounts.size());
  report.pending_total = verifier.pending_open_total();

  check_budgets(sql, Ledger(accounts, 1, 1), report);
  const LineSums per_line = db != nullptr ? std::move(order_side.per_line) : orders_per_line(sql);
  check_accounts_against_orders(accounts, per_line, report);
  if (db != nullptr)
    check_order_states(order_side, resolutions, report);
  else
    check_order_states(sql, report);
  return report;
}

}  // namespace komek::store::payments_sql
