// Payments benchmark (issue 6): the monthly demand and payment orders for 1,000,000
// assignments on SQLite (target < 10 s), and the ledger verification over 10 million
// postings (target < 5 s), each printed with the ratio to a raw SQLite scan of the same rows
// measured in the same run, the CPU time used, and the machine's load average (the figures
// are wall-clock times on a machine that may be shared).
//
//   payments_bench [DIR]   (KOMEK_BENCH_ASSIGNMENTS, KOMEK_BENCH_POSTINGS,
//                           KOMEK_BENCH_CHANGED_PERMILLE to change the sizes)
//
// Measured, in order:
//   1. the first run: the May demand of assignments the payments have never seen (every one
//      is also checked for arrears of earlier months);
//   2. the same run repeated (a second key): creates nothing;
//   3. a steady-state month: May's orders answered (paid), 1 % of the assignments changed
//      since (amount changes), the June demand on 29 May;
//   4. `ledger verify` once the ledger is topped up to KOMEK_BENCH_POSTINGS transfers.
// The data is built with the native SQLite API, prepared statements in one transaction each.
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "payments/payments.hpp"
#include "store/database.hpp"
#include "store/payments_store.hpp"

namespace {

using namespace komek;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

long env_or(const char* name, long fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::atol(v) : fallback;
}

// A timed section: wall and CPU seconds, and the load average when it ended.
struct Timing {
  Clock::time_point wall = Clock::now();
  double cpu = cpu_seconds();
  void print(const char* what) const {
    std::printf("  %s: %.2f s wall, %.2f s CPU (load average %s)\n", what, seconds_since(wall),
                cpu_seconds() - cpu, load_average().c_str());
  }
  [[nodiscard]] double elapsed() const { return seconds_since(wall); }
};

// The baseline: a raw sqlite3 scan of the rows the measured operation reads.
double raw_scan(const std::string& file, const char* query, long long& rows) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  const auto t = Clock::now();
  sqlite3_prepare_v2(db, query, -1, &st, nullptr);
  long long sum = 0;
  rows = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    ++rows;
    for (int c = 0; c < sqlite3_column_count(st); ++c)
      sum += sqlite3_column_int64(st, c) + sqlite3_column_bytes(st, c);
  }
  sqlite3_finalize(st);
  const double s = seconds_since(t);
  sqlite3_close(db);
  if (sum == 42) std::printf(" ");  // keep the loop
  return s;
}

// A native connection for building data fast.
class Raw {
 public:
  explicit Raw(const std::string& file) {
    sqlite3_open(file.c_str(), &db_);
    exec("PRAGMA cache_size = -262144");
  }
  ~Raw() { sqlite3_close(db_); }
  Raw(const Raw&) = delete;
  Raw& operator=(const Raw&) = delete;
  bool exec(const char* q) {
    char* message = nullptr;
    if (sqlite3_exec(db_, q, nullptr, nullptr, &message) != SQLITE_OK) {
      std::fprintf(stderr, "sqlite: %s in %s\n", message != nullptr ? message : "?", q);
      sqlite3_free(message);
      return false;
    }
    return true;
  }
  sqlite3_stmt* prepare(const char* q) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, q, -1, &st, nullptr) != SQLITE_OK)
      std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db_));
    return st;
  }
  long long one(const char* q) {
    sqlite3_stmt* st = prepare(q);
    long long v = 0;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
  }
  bool step(sqlite3_stmt* st) {
    const int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db_));
    return rc == SQLITE_DONE;
  }

 private:
  sqlite3* db_ = nullptr;
};

bool build_assignments(const std::string& file, long n) {
  Raw raw(file);
  if (!raw.exec("BEGIN")) return false;
  sqlite3_stmt* a = raw.prepare(
      "INSERT INTO assignments (id, pack_id, programme, recipient_iin, territory, frequency, period_from, "
      "period_to, status, "
      "payment_organisation, account, version, data, created_at, updated_at) VALUES (?1, 'bench', 'local', "
      "?2, "
      "'334830100', 'monthly', '2025-01-01', '2025-12-31', 'active', ?3, ?4, 1, '{}', 'x', 'x')");
  sqlite3_stmt* m =
      raw.prepare("INSERT INTO assignment_months (assignment_id, month, amount) VALUES (?1, ?2, ?3)");
  static const char* kOrgs[] = {"KAZPOST", "HSBKKZKX", "KCJBKZKX", "CASPKZKA"};
  for (long i = 0; i < n; ++i) {
    char id[24], iin[24], account[32];
    std::snprintf(id, sizeof id, "a%09ld", i);
    // Recipients in no particular order, as in life (their index takes scattered inserts).
    const unsigned long scrambled = (static_cast<unsigned long>(i) * 2654435761UL) % 1000000007UL;
    std::snprintf(iin, sizeof iin, "%012lu", 800000000000UL + scrambled);
    std::snprintf(account, sizeof account, "KZ%018ld", 100000000000000000L + i);
    sqlite3_bind_text(a, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(a, 2, iin, -1, SQLITE_STATIC);
    sqlite3_bind_text(a, 3, kOrgs[i % 4], -1, SQLITE_STATIC);
    sqlite3_bind_text(a, 4, i % 4 == 0 ? "" : account, -1, SQLITE_STATIC);
    if (!raw.step(a)) return false;
    const long long amount = 1'000'000 + (i % 50) * 100'000;
    for (const char* month : {"2025-05", "2025-06"}) {
      sqlite3_bind_text(m, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text(m, 2, month, -1, SQLITE_STATIC);
      sqlite3_bind_int64(m, 3, amount);
      if (!raw.step(m)) return false;
    }
  }
  sqlite3_finalize(a);
  sqlite3_finalize(m);
  return raw.exec("COMMIT");
}

// May's answers, as `payments import-results` applies them: each pending order posted (its
// transfer resolved by a post of the full amount), the two accounts' balances moved.
bool pay_all_pending(const std::string& file) {
  Raw raw(file);
  if (!raw.exec("BEGIN")) return false;
  const long long base = raw.one("SELECT MAX(id) FROM ledger_transfers");
  const long long total =
      raw.one("SELECT COALESCE(SUM(amount), 0) FROM payment_orders WHERE status = 'pending'");
  const std::string insert =
      "INSERT INTO ledger_transfers (id, debit_account, credit_account, amount, kind, pending_id, "
      "pending_amount, code, "
      "on_date, order_id) SELECT " +
      std::to_string(base) +
      " + ROW_NUMBER() OVER (ORDER BY o.transfer_id), t.debit_account, t.credit_account, o.amount, 2, "
      "o.transfer_id, "
      "o.amount, 'order', '2025-05-06', o.id FROM payment_orders o JOIN ledger_transfers t ON t.id = "
      "o.transfer_id WHERE "
      "o.status = 'pending' ORDER BY o.transfer_id";
  if (!raw.exec(insert.c_str())) return false;
  if (!raw.exec("UPDATE payment_orders SET status = 'posted', settled_on = '2025-05-06', note = 'paid' WHERE "
                "status = "
                "'pending'"))
    return false;
  const std::string t = std::to_string(total);
  const std::string payable = "UPDATE ledger_accounts SET debits_pending = debits_pending - " + t +
                              ", debits_posted = debits_posted + " + t + " WHERE kind = 'recipient_payable'";
  const std::string paid = "UPDATE ledger_accounts SET credits_pending = credits_pending - " + t +
                           ", credits_posted = credits_posted + " + t + " WHERE kind = 'paid'";
  return raw.exec(payable.c_str()) && raw.exec(paid.c_str()) && raw.exec("COMMIT");
}

// Changes `permille` of the assignments after May: June's amount raised, the version bumped.
bool change_some(const std::string& file, long n, long permille) {
  Raw raw(file);
  if (!raw.exec("BEGIN")) return false;
  sqlite3_stmt* v = raw.prepare("UPDATE assignments SET version = version + 1 WHERE id = ?1");
  sqlite3_stmt* m = raw.prepare(
      "UPDATE assignment_months SET amount = amount + 50000 WHERE assignment_id = ?1 AND month = "
      "'2025-06'");
  const long step = permille > 0 ? 1000 / permille : n + 1;
  for (long i = 0; i < n; i += step) {
    char id[24];
    std::snprintf(id, sizeof id, "a%09ld", i);
    sqlite3_bind_text(v, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(m, 1, id, -1, SQLITE_STATIC);
    if (!raw.step(v) || !raw.step(m)) return false;
  }
  sqlite3_finalize(v);
  sqlite3_finalize(m);
  return raw.exec("COMMIT");
}

// Tops the ledger up to `postings` with amendment churn between the allocation and the
// authorized body (balances kept exact).
bool top_up(const std::string& file, long postings) {
  Raw raw(file);
  if (!raw.exec("BEGIN")) return false;
  long long id = raw.one("SELECT MAX(id) FROM ledger_transfers");
  const long long have = raw.one("SELECT COUNT(*) FROM ledger_transfers");
  const long long alloc = raw.one("SELECT id FROM ledger_accounts WHERE kind = 'allocation'");
  const long long body = raw.one("SELECT id FROM ledger_accounts WHERE kind = 'authorized_body'");
  sqlite3_stmt* ins = raw.prepare(
      "INSERT INTO ledger_transfers (id, debit_account, credit_account, amount, kind, "
      "pending_amount, code, on_date) VALUES (?1, ?2, ?3, 100, 0, 0, 'amendment', '2025-06-01')");
  const long long pairs = postings > have ? (postings - have) / 2 : 0;
  for (long long i = 0; i < pairs; ++i) {
    for (const auto& [d, c] : {std::pair{alloc, body}, std::pair{body, alloc}}) {
      sqlite3_bind_int64(ins, 1, ++id);
      sqlite3_bind_int64(ins, 2, d);
      sqlite3_bind_int64(ins, 3, c);
      if (!raw.step(ins)) return false;
    }
  }
  sqlite3_finalize(ins);
  const std::string moved = std::to_string(pairs * 100);
  const std::string up = "UPDATE ledger_accounts SET debits_posted = debits_posted + " + moved +
                         ", credits_posted = credits_posted + " + moved +
                         " WHERE kind IN ('allocation', 'authorized_body')";
  return raw.exec(up.c_str()) && raw.exec("COMMIT");
}

bool print_run(const char* what, const Result<work::Done<payments::RunSummary>>& done, const Timing& t, double scan_s) {
  if (!done) {
    std::fprintf(stderr, "%s failed: %s\n", what, done.error().message_key.c_str());
    return false;
  }
  const payments::RunSummary* r = &done->value;
  const double s = t.elapsed();
  std::printf("%s: %d orders, %d files, %d demands formed, %.2f s (target < 10 s)", what, r->orders, r->files,
              r->demands_formed, s);
  if (scan_s > 0) std::printf("; ratio to the raw scan %.1fx", s / scan_s);
  std::printf("\n");
  t.print("time");
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const long assignments = env_or("KOMEK_BENCH_ASSIGNMENTS", 1'000'000);
  const long postings = env_or("KOMEK_BENCH_POSTINGS", 10'000'000);
  const long changed_permille = env_or("KOMEK_BENCH_CHANGED_PERMILLE", 10);
  const std::filesystem::path dir = argc > 1 ? std::filesystem::path(argv[1])
                                             : std::filesystem::temp_directory_path() /
                                                   ("komek-payments-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "bench.db").string();
  auto db = store::Database::open({file, KOMEK_MIGRATIONS_DIR, 4, "sqlite"});
  if (!db) {
    std::fprintf(stderr, "cannot open %s: %s\n", file.c_str(), db.error().message_key.c_str());
    return 3;
  }
  auto cal = WorkingCalendar::load(std::string(KOMEK_RULES_DIR) + "/calendar/kz.yaml");
  if (!cal) return 3;
  auto procedure = rules::Procedure::load(std::string(KOMEK_RULES_DIR) + "/procedure/kz.yaml");
  if (!procedure) return 3;
  auto store = store::make_payments_store(**db);
  payments::PaymentService svc(*store, *cal, *procedure);
  const work::Actor bench{"bench", "officer", "", "", "bench"};
  std::printf("payments_bench: %ld assignments, %ld postings, %u hardware threads, load average %s\n",
              assignments, postings, std::thread::hardware_concurrency(), load_average().c_str());

  Timing setup;
  if (!build_assignments(file, assignments)) return 3;
  setup.print("setup: assignments with May and June in their schedule");
  // Within the ceiling of one budget line (rules/limits.yaml, 1 trillion ₸), and far above
  // what two months of the assignments cost (about 70 billion ₸).
  const auto budget = svc.set_budget(bench, {"budget", "b"}, {"local", "334800000", 2025},
                                     Money::from_tenge(900'000'000'000).value(), Date::from_ymd(2025, 1, 2));
  if (!budget) {
    std::fprintf(stderr, "budget refused: %s\n", budget.error().message_key.c_str());
    return 3;
  }

  long long rows = 0;
  const double scan_s =
      raw_scan(file,
               "SELECT am.assignment_id, am.amount, a.programme, a.territory, a.payment_organisation, "
               "a.account, a.recipient_iin FROM assignment_months am JOIN assignments a ON a.id = "
               "am.assignment_id WHERE am.month = '2025-05'",
               rows);
  std::printf("raw SQLite scan of one month's %lld schedule rows with their payees: %.2f s\n", rows, scan_s);

  // 1. The first run: the May demand on 29 April 2025, nothing seen before.
  Timing first;
  auto r1 = svc.run(bench, {"run-1", "r"}, {Date::from_ymd(2025, 4, 29), ""});
  if (!print_run("first run (May demand, assignments never seen)", r1, first, scan_s)) return 3;

  // 2. The same day again under another key: nothing new.
  Timing again;
  auto r2 = svc.run(bench, {"run-2", "r"}, {Date::from_ymd(2025, 4, 29), ""});
  if (!print_run("the same day again", r2, again, scan_s)) return 3;
  if (r2->value.orders != 0) {
    std::fprintf(stderr, "a repeated run ordered again\n");
    return 1;
  }

  // 3. The steady state: May paid, a few assignments changed, the June demand on 29 May.
  Timing paid;
  if (!pay_all_pending(file) || !change_some(file, assignments, changed_permille)) return 3;
  paid.print("setup: May's orders paid, some assignments changed");
  Timing steady;
  auto r3 = svc.run(bench, {"run-3", "r"}, {Date::from_ymd(2025, 5, 29), ""});
  if (!print_run("steady-state month (June demand)", r3, steady, scan_s)) return 3;

  // 4. The ledger verification over `postings` transfers.
  Timing topped;
  if (!top_up(file, postings)) return 3;
  topped.print("setup: ledger topped up");
  Timing verify;
  auto v = store->verify();
  if (!v) return 3;
  const double verify_s = verify.elapsed();
  verify.print("ledger verify time");
  const double vscan_s =
      raw_scan(file,
               "SELECT id, debit_account, credit_account, amount, kind, pending_amount FROM "
               "ledger_transfers ORDER BY id",
               rows);
  std::printf(
      "ledger verify: %lld transfers, %lld assignments checked, %s, %.2f s (target < 5 s); raw "
      "single-threaded "
      "SQLite scan of the same %lld rows %.2f s; ratio %.1fx\n",
      static_cast<long long>(v->transfers), static_cast<long long>(v->assignments_checked),
      v->ok() ? "ok" : "BROKEN", verify_s, rows, vscan_s, verify_s / vscan_s);
  for (const auto& x : v->violations) std::printf("  %s: %s\n", x.invariant.c_str(), x.detail.c_str());
  db->reset();
  std::filesystem::remove_all(dir);
  return v->ok() ? 0 : 1;
}
