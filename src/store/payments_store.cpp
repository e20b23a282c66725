// The payments port on SQL: the transaction and the reads, each forwarded to the SQL of its
// aggregate — the ledger (payments_ledger), budgets and demands (payments_budgets), the
// schedule (payments_schedule), orders and files (payments_orders), results and recoveries
// (payments_results) and the verification (payments_verify) — and to the shared journal.
#include "store/payments_store.hpp"

#include <soci/soci.h>

#include <cstdint>
#include <stdexcept>

#include "store/journal_sql.hpp"
#include "store/payments_budgets.hpp"
#include "store/payments_ledger.hpp"
#include "store/payments_orders.hpp"
#include "store/payments_results.hpp"
#include "store/payments_schedule.hpp"
#include "store/payments_verify.hpp"
#include "store/sqlite_native.hpp"

namespace komek::store {
namespace {

using namespace komek::payments;
namespace psql = payments_sql;

inline constexpr std::string_view kSelectCacheSize = "PRAGMA cache_size";
// In KiB (negative): 1 GiB.
inline constexpr std::string_view kCacheSizeForRuns = "PRAGMA cache_size = -1048576";

// A run of a million orders touches more pages than SQLite's default 2 MB cache holds: with a
// small cache they are spilled to the WAL and read back mid-transaction. The connection's own
// size is put back when the transaction goes (clean pages only are given up; dirty ones stay
// until the commit).
class LargeCache {
 public:
  explicit LargeCache(soci::session& sql) : db_(sqlite::connection_of(sql)) {
    if (db_ == nullptr) return;
    sqlite::Statement size(db_, kSelectCacheSize);
    if (size.step()) pages_ = size.integer(0);
    sqlite::exec(db_, kCacheSizeForRuns);
  }
  ~LargeCache() {
    if (db_ == nullptr) return;
    // A pragma takes no bound parameter: the text is made from the integer SQLite gave.
    const std::string restore = "PRAGMA cache_size = " + std::to_string(pages_);
    try {
      sqlite::exec(db_, restore);
    } catch (const std::exception&) {
      // A pragma on an open connection does not fail; if it did, a bigger cache is harmless.
    }
  }
  LargeCache(const LargeCache&) = delete;
  LargeCache& operator=(const LargeCache&) = delete;

 private:
  sqlite::Connection* db_;
  std::int64_t pages_ = -2000;
};

class SqlPaymentsTransaction final : public PaymentsTransaction {
 public:
  explicit SqlPaymentsTransaction(soci::session& sql) : sql_(sql), cache_(sql), schedule_(sql) {}

  // ---- ledger ----
  Result<std::vector<Account>> accounts() override { return psql::load_accounts(sql_); }
  Result<std::int64_t> next_transfer_id() override { return psql::next_transfer_id(sql_); }
  Result<std::optional<Transfer>> find_transfer(std::int64_t id) override {
    return psql::find_transfer(sql_, id);
  }
  Result<bool> pending_resolved(std::int64_t pending_id) override {
    return psql::pending_resolved(sql_, pending_id);
  }
  Result<void> save_ledger(const Ledger& ledger) override { return psql::save_ledger(sql_, ledger); }

  // ---- budgets and demands ----
  Result<std::optional<Budget>> find_budget(const BudgetLine& line) override {
    return psql::find_budget(sql_, line);
  }
  Result<void> save_budget(const Budget& b, bool is_new) override {
    return psql::save_budget(sql_, b, is_new);
  }
  Result<void> add_amendment(const BudgetLine& line, std::int64_t amount, const std::string& reason, Date on,
                             const std::string& actor) override {
    return psql::add_amendment(sql_, line, amount, reason, on, actor);
  }
  Result<std::optional<Demand>> find_demand(const BudgetLine& line, DemandKind kind, Month month,
                                            Date key) override {
    return psql::find_demand(sql_, line, kind, month, key);
  }
  Result<std::vector<Demand>> demands_to_transfer(const std::string& prefix) override {
    return psql::demands_to_transfer(sql_, prefix);
  }
  Result<bool> periodic_month_done(Month month, const std::string& prefix) override {
    return psql::periodic_month_done(sql_, month, prefix);
  }
  Result<void> insert_demand(const Demand& d) override { return psql::insert_demand(sql_, d); }
  Result<void> update_demand(const Demand& d) override { return psql::update_demand(sql_, d); }

  // ---- the schedule ----
  Result<void> periodic_due(Month month, const std::string& prefix, const LineSkip& skip,
                            const DueSink& sink) override {
    return schedule_.periodic_due(month, prefix, skip, sink);
  }
  Result<void> one_time_due(Month from, Month to, const std::string& prefix, const DueSink& sink) override {
    return schedule_.one_time_due(from, to, prefix, sink);
  }
  Result<void> changed_due(Month from, Month to, const std::vector<Month>& periodic_months,
                           const std::string& prefix, const DueSink& sink) override {
    return schedule_.changed_due(from, to, periodic_months, prefix, sink);
  }
  Result<void> mark_seen(const std::string& prefix, const std::vector<std::string>& deferred) override {
    return schedule_.mark_seen(prefix, deferred);
  }

  // ---- orders and files ----
  Result<void> insert_orders(const std::vector<PaymentOrder>& orders,
                             std::vector<PaymentFile>& files) override {
    return psql::insert_orders(sql_, orders, files);
  }
  Result<std::optional<PaymentOrder>> find_order(const std::string& id) override {
    return psql::find_order(sql_, id);
  }
  Result<std::int64_t> file_fee_transfer(const std::string& file_id) override {
    return psql::file_fee_transfer(sql_, file_id);
  }
  Result<void> update_order(const PaymentOrder& o) override { return psql::update_order(sql_, o); }
  Result<std::vector<PaymentOrder>> orders_timed_out(Date on, const std::string& prefix) override {
    return psql::orders_timed_out(sql_, on, prefix);
  }

  // ---- recoveries and results ----
  Result<void> insert_recovery(const Recovery& r) override { return psql::insert_recovery(sql_, r); }
  Result<std::vector<Recovery>> open_recoveries(const std::string& assignment_id, Month month) override {
    return psql::open_recoveries(sql_, assignment_id, month);
  }
  Result<void> update_recovery(const Recovery& r) override { return psql::update_recovery(sql_, r); }
  Result<bool> result_applied(const std::string& order_id, ResultKind result) override {
    return psql::result_applied(sql_, order_id, result);
  }
  Result<void> log_result(const ResultLine& l, const std::string& file, const std::string& outcome,
                          Date on) override {
    return psql::log_result(sql_, l, file, outcome, on);
  }

  // ---- the journal, shared with every module ----
  Result<void> audit(const work::AuditEntry& entry) override { return journal::audit(sql_, entry); }
  Result<void> enqueue(const work::OutboxMessage& message) override {
    return journal::enqueue(sql_, message);
  }
  Result<std::optional<work::IdempotencyRecord>> find_idempotency(std::string_view principal,
                                                                  std::string_view key) override {
    return journal::find_idempotency(sql_, principal, key);
  }
  Result<void> put_idempotency(const work::IdempotencyRecord& r) override {
    return journal::put_idempotency(sql_, r);
  }
  Result<void> log_access(const work::AccessRecord& r) override { return journal::log_access(sql_, r); }

 private:
  soci::session& sql_;
  LargeCache cache_;
  psql::Schedule schedule_;
};

class SqlPaymentsStore final : public PaymentsStore {
 public:
  explicit SqlPaymentsStore(Database& db) : db_(db) {}

  Result<void> transact(const std::function<Result<void>(PaymentsTransaction&)>& work) override {
    try {
      return db_.write([&](soci::session& sql) {
        SqlPaymentsTransaction tx(sql);
        return work(tx);
      });
    } catch (const std::runtime_error& e) {
      // A stored value that does not parse: the database is damaged; never the caller's fault.
      return fail(ErrorCode::kInternal, "internal.error", {{"detail", e.what()}});
    }
  }

  Result<std::vector<BudgetStatus>> budgets(const std::string& prefix) override {
    return read<std::vector<BudgetStatus>>(
        [&](soci::session& sql) { return psql::budget_statuses(sql, prefix); });
  }
  Result<std::vector<Demand>> demands(const std::string& prefix, std::size_t limit) override {
    return read<std::vector<Demand>>(
        [&](soci::session& sql) { return psql::list_demands(sql, prefix, limit); });
  }
  Result<std::vector<PaymentOrder>> orders(const OrderFilter& f) override {
    return read<std::vector<PaymentOrder>>([&](soci::session& sql) { return psql::list_orders(sql, f); });
  }
  Result<std::vector<PaymentFile>> files(const std::string& prefix, std::size_t limit) override {
    return read<std::vector<PaymentFile>>(
        [&](soci::session& sql) { return psql::list_files(sql, prefix, limit); });
  }
  Result<std::optional<PaymentFile>> file(const std::string& id) override {
    return read<std::optional<PaymentFile>>([&](soci::session& sql) { return psql::find_file(sql, id); });
  }
  Result<LedgerReport> verify() override {
    return read<LedgerReport>([](soci::session& sql) { return psql::verify_ledger(sql); });
  }

 private:
  // One read on a pooled connection, its value or its error.
  template <typename T, typename Reader>
  Result<T> read(const Reader& reader) {
    Result<T> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      out = reader(sql);
      return {};
    }));
    return out;
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<payments::PaymentsStore> make_payments_store(Database& db) {
  return std::make_unique<SqlPaymentsStore>(db);
}

}  // namespace komek::store
