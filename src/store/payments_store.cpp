#include "store/payments_store.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "store/case_store.hpp"
#include "store/journal_sql.hpp"

namespace komek::store {
namespace {

using namespace komek::payments;

// ---- the native SQLite API, for the hot paths only ---------------------------------------
// SOCI costs a few microseconds per row in binding and conversions; a run of a million
// orders or a verification of ten million transfers goes through sqlite3 directly on the
// same connection (and in the same transaction). PostgreSQL keeps the SOCI path.
using sqlite_api::sqlite3;
using sqlite_api::sqlite3_stmt;

sqlite3* native_sqlite(soci::session& sql) {
  if (sql.get_backend_name() != "sqlite3") return nullptr;
  return static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

// One prepared statement; errors throw soci_error so that Database::write rolls back as for
// any SOCI failure. Text bound with bind_text() must outlive the next step().
class Native {
 public:
  Native(sqlite3* db, const char* query) : db_(db) {
    if (sqlite_api::sqlite3_prepare_v2(db, query, -1, &st_, nullptr) != SQLITE_OK) fail_now("prepare");
  }
  ~Native() { sqlite_api::sqlite3_finalize(st_); }
  Native(const Native&) = delete;
  Native& operator=(const Native&) = delete;

  void bind_text(int i, std::string_view v) {
    check(sqlite_api::sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
  }
  void bind_copy(int i, std::string_view v) {
    check(sqlite_api::sqlite3_bind_text(
        st_, i, v.data(), static_cast<int>(v.size()),
        reinterpret_cast<sqlite_api::sqlite3_destructor_type>(static_cast<std::intptr_t>(-1))));
  }
  void bind_int(int i, std::int64_t v) { check(sqlite_api::sqlite3_bind_int64(st_, i, v)); }
  void bind_null(int i) { check(sqlite_api::sqlite3_bind_null(st_, i)); }
  void bind_text_or_null(int i, std::string_view v) { v.empty() ? bind_null(i) : bind_text(i, v); }
  void bind_int_or_null(int i, std::int64_t v) { v == 0 ? bind_null(i) : bind_int(i, v); }
  // true while there is a row.
  bool step() {
    const int rc = sqlite_api::sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail_now("step");
    return false;
  }
  // Executes a statement that returns no rows and makes it ready for the next binding.
  void run() {
    step();
    sqlite_api::sqlite3_reset(st_);
  }
  void reset() { sqlite_api::sqlite3_reset(st_); }
  [[nodiscard]] std::int64_t integer(int c) const { return sqlite_api::sqlite3_column_int64(st_, c); }
  [[nodiscard]] bool is_null(int c) const { return sqlite_api::sqlite3_column_type(st_, c) == SQLITE_NULL; }
  [[nodiscard]] std::string_view text(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite_api::sqlite3_column_text(st_, c));
    return p == nullptr
               ? std::string_view()
               : std::string_view(p, static_cast<std::size_t>(sqlite_api::sqlite3_column_bytes(st_, c)));
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail_now("bind");
  }
  [[noreturn]] void fail_now(const char* what) {
    throw soci::soci_error(std::string("sqlite3 ") + what + ": " + sqlite_api::sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

// "(?, ?, …), (?, ?, …), …": `rows` groups of `columns` anonymous parameters, numbered in order.
std::string values_list(int columns, std::size_t rows) {
  std::string group = "(";
  for (int c = 0; c < columns; ++c) group += c == 0 ? "?" : ", ?";
  group += ")";
  std::string out;
  out.reserve(rows * (group.size() + 2));
  for (std::size_t r = 0; r < rows; ++r) {
    if (r > 0) out += ", ";
    out += group;
  }
  return out;
}

void exec_native(sqlite3* db, const char* query) {
  char* message = nullptr;
  if (sqlite_api::sqlite3_exec(db, query, nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string what = message != nullptr ? message : "unknown";
    sqlite_api::sqlite3_free(message);
    throw soci::soci_error(std::string("sqlite3 exec: ") + what);
  }
}

// The SHA-256 of a payment file's order lines, one "id;iin;account;amount;fee;month;transfer"
// line each, in the order they were stored.
class FileDigest {
 public:
  FileDigest() { crypto_hash_sha256_init(&state_); }
  void add(const PaymentOrder& o) {
    line_.clear();
    line_ += o.id;
    line_ += ';';
    line_ += o.recipient_iin;
    line_ += ';';
    line_ += o.account;
    line_ += ';';
    line_ += std::to_string(o.amount);
    line_ += ';';
    line_ += std::to_string(o.fee);
    line_ += ';';
    line_ += o.month.iso();
    line_ += ';';
    line_ += std::to_string(o.transfer_id);
    line_ += '\n';
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(line_.data()), line_.size());
  }
  std::string hex() {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state_, digest);
    char out[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(out, sizeof out, digest, sizeof digest);
    return out;
  }

 private:
  crypto_hash_sha256_state state_{};
  std::string line_;
};

// Dates and months are stored as ISO text written by Komek; a stored value that does not
// parse is a corrupted database, not user input.
Date date_of(const std::string& s) {
  auto d = Date::parse(s);
  if (!d) throw std::runtime_error("stored date '" + s + "' does not parse");
  return *d;
}
Month month_of(const std::string& s) {
  auto m = Month::parse(s);
  if (!m) throw std::runtime_error("stored month '" + s + "' does not parse");
  return *m;
}
std::optional<Date> opt_date(const std::string& s, soci::indicator ind) {
  if (ind != soci::i_ok || s.empty()) return std::nullopt;
  return date_of(s);
}

// What covers a month: pending and posted orders; expired ones (their outcome is unknown and
// is reconciled by hand, so they are never re-sent on their own, R6); rejected and returned
// ones while the recipient's account is still the one that failed (a new account makes them
// due again). Encoded as SUM * 2 + (any pending) to read both with one lookup.
constexpr const char* kDueColumns =
    "a.programme, a.territory, a.frequency, a.payment_organisation, a.account, a.recipient_iin, a.version, "
    "COALESCE((SELECT SUM(o.amount) * 2 + MAX(CASE WHEN o.status = 'pending' THEN 1 ELSE 0 END) FROM "
    "payment_orders o "
    "WHERE o.assignment_id = am.assignment_id AND o.month = am.month AND (o.status IN ('pending', 'posted', "
    "'expired') "
    "OR (o.account = a.account AND o.organisation = a.payment_organisation))), 0), "
    "COALESCE((SELECT SUM(o.amount) FROM payment_orders o WHERE o.assignment_id = am.assignment_id AND "
    "o.month = am.month "
    "AND o.status = 'posted'), 0), "
    "COALESCE((SELECT SUM(r.amount - r.recovered) FROM payment_recoveries r WHERE r.assignment_id = "
    "am.assignment_id "
    "AND r.month = am.month), 0)";

// Reads rows of (assignment_id, month, due, <kDueColumns>) into DueLines.
void stream_due(soci::statement& st, const PaymentsTransaction::DueSink& sink, std::string& id,
                std::string& month, long long& due, std::string& programme, std::string& territory,
                std::string& frequency, std::string& organisation, std::string& account, std::string& iin,
                int& version, long long& covered_code, long long& posted, long long& open_recovery) {
  st.execute();
  while (st.fetch()) {
    DueLine l;
    l.assignment_id = id;
    l.month = month_of(month);
    l.due = due;
    l.programme = programme;
    l.territory = territory;
    l.frequency = frequency;
    l.organisation = organisation;
    l.account = account;
    l.recipient_iin = iin;
    l.version = version;
    // Orders (pending and posted) less what was already found overpaid and not recovered.
    l.covered = covered_code / 2 - open_recovery;
    l.pending = covered_code % 2;
    l.posted = posted - open_recovery;
    sink(std::move(l));
  }
}

class SqlPaymentsTransaction final : public PaymentsTransaction {
 public:
  explicit SqlPaymentsTransaction(soci::session& sql) : sql_(sql), native_(native_sqlite(sql)) {
    // A run of a million orders touches more pages than SQLite's default 2 MB cache holds:
    // with a small cache they are spilled to the WAL and read back mid-transaction. The
    // connection's own size is put back when the transaction object goes (clean pages only
    // are given up; dirty ones stay until the commit).
    if (native_ != nullptr) {
      Native size(native_, "PRAGMA cache_size");
      if (size.step()) cache_size_ = size.integer(0);
      exec_native(native_, "PRAGMA cache_size = -1048576");
    }
  }
  ~SqlPaymentsTransaction() override {
    if (native_ == nullptr) return;
    const std::string restore = "PRAGMA cache_size = " + std::to_string(cache_size_);
    // A pragma on an open connection does not fail; if it did, a bigger cache is harmless.
    sqlite_api::sqlite3_exec(native_, restore.c_str(), nullptr, nullptr, nullptr);
  }
  SqlPaymentsTransaction(const SqlPaymentsTransaction&) = delete;
  SqlPaymentsTransaction& operator=(const SqlPaymentsTransaction&) = delete;

  // ---- ledger -------------------------------------------------------------------------
  Result<std::vector<Account>> accounts() override { return load_accounts(sql_); }

  static Result<std::vector<Account>> load_accounts(soci::session& sql) {
    std::vector<Account> out;
    long long id = 0, dp = 0, cp = 0, dq = 0, cq = 0;
    int year = 0;
    std::string kind, programme, territory;
    soci::statement st =
        (sql.prepare << "SELECT id, kind, programme, territory, year, debits_posted, credits_posted, "
                        "debits_pending, credits_pending FROM ledger_accounts ORDER BY id",
         soci::into(id), soci::into(kind), soci::into(programme), soci::into(territory), soci::into(year),
         soci::into(dp), soci::into(cp), soci::into(dq), soci::into(cq));
    st.execute();
    while (st.fetch()) {
      auto k = parse_account_kind(kind);
      if (!k) throw std::runtime_error("stored account kind '" + kind + "' is unknown");
      out.push_back(Account{id, *k, {programme, territory, year}, dp, cp, dq, cq});
    }
    return out;
  }

  Result<std::int64_t> next_transfer_id() override {
    long long max_id = 0;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT MAX(id) FROM ledger_transfers", soci::into(max_id, ind);
    return ind == soci::i_ok ? max_id + 1 : 1;
  }

  Result<std::optional<Transfer>> find_transfer(std::int64_t id) override {
    long long key = id, debit = 0, credit = 0, amount = 0, pending_id = 0, pending_amount = 0;
    int kind = 0;
    std::string code, on, timeout, assignment, order, month;
    soci::indicator pi = soci::i_null, ti = soci::i_null, ai = soci::i_null, oi = soci::i_null,
                    mi = soci::i_null;
    sql_ << "SELECT debit_account, credit_account, amount, kind, pending_id, pending_amount, code, on_date, "
            "timeout, "
            "assignment_id, order_id, month FROM ledger_transfers WHERE id = :id",
        soci::use(key), soci::into(debit), soci::into(credit), soci::into(amount), soci::into(kind),
        soci::into(pending_id, pi), soci::into(pending_amount), soci::into(code), soci::into(on),
        soci::into(timeout, ti), soci::into(assignment, ai), soci::into(order, oi), soci::into(month, mi);
    if (!sql_.got_data()) return std::optional<Transfer>();
    Transfer t;
    t.id = key;
    t.debit_account = debit;
    t.credit_account = credit;
    t.amount = amount;
    t.kind = static_cast<TransferKind>(kind);
    t.pending_id = pi == soci::i_ok ? pending_id : 0;
    t.pending_amount = pending_amount;
    t.code = code;
    t.on = date_of(on);
    t.timeout = opt_date(timeout, ti);
    t.refs = {ai == soci::i_ok ? assignment : "", oi == soci::i_ok ? order : "",
              mi == soci::i_ok ? month : ""};
    return std::optional<Transfer>(std::move(t));
  }

  Result<bool> pending_resolved(std::int64_t pending_id) override {
    long long key = pending_id;
    int n = 0;
    sql_ << "SELECT COUNT(*) FROM ledger_transfers WHERE pending_id = :p", soci::use(key), soci::into(n);
    return n > 0;
  }

  Result<void> save_ledger(const Ledger& ledger) override {
    for (const auto& a : ledger.changed_accounts()) {
      long long id = a.id, dp = a.debits_posted, cp = a.credits_posted, dq = a.debits_pending,
                cq = a.credits_pending;
      int year = a.line.year;
      std::string kind(account_kind_name(a.kind));
      soci::statement up =
          (sql_.prepare << "UPDATE ledger_accounts SET debits_posted = :dp, credits_posted = :cp, "
                           "debits_pending = :dq, credits_pending = :cq WHERE id = :id",
           soci::use(dp), soci::use(cp), soci::use(dq), soci::use(cq), soci::use(id));
      up.execute(true);
      if (up.get_affected_rows() == 0)
        sql_ << "INSERT INTO ledger_accounts (id, kind, programme, territory, year, debits_posted, "
                "credits_posted, "
                "debits_pending, credits_pending) VALUES (:id, :kind, :p, :t, :y, :dp, :cp, :dq, :cq)",
            soci::use(id), soci::use(kind), soci::use(a.line.programme), soci::use(a.line.territory),
            soci::use(year), soci::use(dp), soci::use(cp), soci::use(dq), soci::use(cq);
    }
    const auto& ts = ledger.appended();
    if (ts.empty()) return {};
    if (native_ != nullptr) {
      // Many rows per INSERT, as for the orders; dates' texts made once.
      constexpr int kColumns = 14;
      constexpr std::size_t kRows = 64;
      const std::string head =
          "INSERT INTO ledger_transfers (id, debit_account, credit_account, amount, kind, pending_id, "
          "pending_amount, "
          "reverses, code, on_date, timeout, assignment_id, order_id, month) VALUES ";
      Native many(native_, (head + values_list(kColumns, kRows)).c_str());
      Native one(native_, (head + values_list(kColumns, 1)).c_str());
      std::map<Date, std::string> dates;
      auto date_text = [&](Date d) -> const std::string& {
        auto it = dates.find(d);
        return it != dates.end() ? it->second : dates.emplace(d, d.iso()).first->second;
      };
      auto bind = [&](Native& st, int base, const Transfer& t) {
        st.bind_int(base + 1, t.id);
        st.bind_int(base + 2, t.debit_account);
        st.bind_int(base + 3, t.credit_account);
        st.bind_int(base + 4, t.amount);
        st.bind_int(base + 5, static_cast<int>(t.kind));
        st.bind_int_or_null(base + 6, t.pending_id);
        st.bind_int(base + 7, t.pending_amount);
        st.bind_int_or_null(base + 8, t.reverses);
        st.bind_text(base + 9, t.code);
        st.bind_text(base + 10, date_text(t.on));
        if (t.timeout)
          st.bind_text(base + 11, date_text(*t.timeout));
        else
          st.bind_null(base + 11);
        st.bind_text_or_null(base + 12, t.refs.assignment_id);
        st.bind_text_or_null(base + 13, t.refs.order_id);
        st.bind_text_or_null(base + 14, t.refs.month);
      };
      std::size_t i = 0;
      for (; i + kRows <= ts.size(); i += kRows) {
        for (std::size_t r = 0; r < kRows; ++r) bind(many, static_cast<int>(r) * kColumns, ts[i + r]);
        many.run();
      }
      for (; i < ts.size(); ++i) {
        bind(one, 0, ts[i]);
        one.run();
      }
      return {};
    }
    long long id = 0, debit = 0, credit = 0, amount = 0, pending_id = 0, pending_amount = 0, reverses = 0;
    int kind = 0;
    std::string code, on, timeout, assignment, order, month;
    soci::indicator pi = soci::i_null, ri = soci::i_null, ti = soci::i_null, ai = soci::i_null,
                    oi = soci::i_null, mi = soci::i_null;
    soci::statement st =
        (sql_.prepare
             << "INSERT INTO ledger_transfers (id, debit_account, credit_account, amount, kind, pending_id, "
                "pending_amount, reverses, code, on_date, timeout, assignment_id, order_id, month) VALUES "
                "(:id, :d, "
                ":c, :a, :k, :p, :pa, :r, :code, :on, :t, :as, :o, :m)",
         soci::use(id), soci::use(debit), soci::use(credit), soci::use(amount), soci::use(kind),
         soci::use(pending_id, pi), soci::use(pending_amount), soci::use(reverses, ri), soci::use(code),
         soci::use(on), soci::use(timeout, ti), soci::use(assignment, ai), soci::use(order, oi),
         soci::use(month, mi));
    std::string last_on;
    Date last_date;
    for (const auto& t : ts) {
      id = t.id;
      debit = t.debit_account;
      credit = t.credit_account;
      amount = t.amount;
      kind = static_cast<int>(t.kind);
      pending_id = t.pending_id;
      pi = t.pending_id != 0 ? soci::i_ok : soci::i_null;
      pending_amount = t.pending_amount;
      reverses = t.reverses;
      ri = t.reverses != 0 ? soci::i_ok : soci::i_null;
      code = t.code;
      if (last_on.empty() || !(t.on == last_date)) {
        last_on = t.on.iso();
        last_date = t.on;
      }
      on = last_on;
      timeout = t.timeout ? t.timeout->iso() : std::string();
      ti = t.timeout ? soci::i_ok : soci::i_null;
      assignment = t.refs.assignment_id;
      ai = assignment.empty() ? soci::i_null : soci::i_ok;
      order = t.refs.order_id;
      oi = order.empty() ? soci::i_null : soci::i_ok;
      month = t.refs.month;
      mi = month.empty() ? soci::i_null : soci::i_ok;
      st.execute(true);
    }
    return {};
  }

  // ---- budgets ------------------------------------------------------------------------
  Result<std::optional<Budget>> find_budget(const BudgetLine& line) override {
    long long allocation = 0;
    int amendments = 0, year = line.year;
    sql_
        << "SELECT allocation, amendments FROM budgets WHERE programme = :p AND territory = :t AND year = :y",
        soci::use(line.programme), soci::use(line.territory), soci::use(year), soci::into(allocation),
        soci::into(amendments);
    if (!sql_.got_data()) return std::optional<Budget>();
    return std::optional<Budget>(Budget{line, allocation, amendments});
  }

  Result<void> save_budget(const Budget& b, bool is_new) override {
    long long allocation = b.allocation;
    int amendments = static_cast<int>(b.amendments), year = b.line.year;
    const std::string now = now_utc();
    if (is_new)
      sql_ << "INSERT INTO budgets (programme, territory, year, allocation, amendments, updated_at) VALUES "
              "(:p, :t, :y, :a, "
              ":n, :u)",
          soci::use(b.line.programme), soci::use(b.line.territory), soci::use(year), soci::use(allocation),
          soci::use(amendments), soci::use(now);
    else
      sql_ << "UPDATE budgets SET allocation = :a, amendments = :n, updated_at = :u WHERE programme = :p AND "
              "territory = :t "
              "AND year = :y",
          soci::use(allocation), soci::use(amendments), soci::use(now), soci::use(b.line.programme),
          soci::use(b.line.territory), soci::use(year);
    return {};
  }

  Result<void> add_amendment(const BudgetLine& line, std::int64_t amount, const std::string& reason, Date on,
                             const std::string& actor) override {
    long long a = amount;
    int year = line.year;
    const std::string day = on.iso(), now = now_utc();
    sql_ << "INSERT INTO budget_amendments (programme, territory, year, amount, reason, decided_on, actor, "
            "created_at) "
            "VALUES (:p, :t, :y, :a, :r, :d, :ac, :c)",
        soci::use(line.programme), soci::use(line.territory), soci::use(year), soci::use(a),
        soci::use(reason), soci::use(day), soci::use(actor), soci::use(now);
    return {};
  }

  // ---- demands ------------------------------------------------------------------------
  static constexpr const char* kDemandColumns =
      "id, programme, territory, year, kind, payment_month, formed_on, application_on, application_due, "
      "transfer_due, "
      "transfer_on, orders_due, amount, fees, lines, status, refusal";

  // `where` has the parameter :a and, when `year` is given, :y after it.
  static Result<std::vector<Demand>> read_demands(soci::session& sql, const std::string& where,
                                                  const std::string& a, std::optional<int> year,
                                                  std::size_t limit) {
    std::vector<Demand> out;
    std::string id, programme, territory, kind, month, formed, app_on, app_due, tr_due, tr_on, or_due, status,
        refusal;
    int y = 0, lines = 0;
    long long amount = 0, fees = 0;
    soci::indicator tri = soci::i_null, odi = soci::i_null;
    const std::string query = std::string("SELECT ") + kDemandColumns + " FROM payment_demands WHERE " +
                              where + " ORDER BY formed_on DESC, id LIMIT " + std::to_string(limit);
    int year_value = year.value_or(0);
    soci::statement st(sql);
    st.exchange(soci::use(a));
    if (year) st.exchange(soci::use(year_value));
    st.exchange(soci::into(id));
    st.exchange(soci::into(programme));
    st.exchange(soci::into(territory));
    st.exchange(soci::into(y));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(month));
    st.exchange(soci::into(formed));
    st.exchange(soci::into(app_on));
    st.exchange(soci::into(app_due));
    st.exchange(soci::into(tr_due));
    st.exchange(soci::into(tr_on, tri));
    st.exchange(soci::into(or_due, odi));
    st.exchange(soci::into(amount));
    st.exchange(soci::into(fees));
    st.exchange(soci::into(lines));
    st.exchange(soci::into(status));
    st.exchange(soci::into(refusal));
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute();
    while (st.fetch()) {
      Demand d;
      d.id = id;
      d.line = {programme, territory, y};
      d.kind = kind == "periodic" ? DemandKind::kPeriodic : DemandKind::kDaily;
      d.payment_month = month_of(month);
      d.formed_on = date_of(formed);
      d.application_on = date_of(app_on);
      d.application_due = date_of(app_due);
      d.transfer_due = date_of(tr_due);
      d.transfer_on = opt_date(tr_on, tri);
      d.orders_due = opt_date(or_due, odi);
      d.amount = amount;
      d.fees = fees;
      d.lines = lines;
      d.status = status == "transferred" ? DemandStatus::kTransferred
                 : status == "refused"   ? DemandStatus::kRefused
                                         : DemandStatus::kApplied;
      d.refusal = refusal;
      out.push_back(std::move(d));
    }
    return out;
  }

  Result<std::optional<Demand>> find_demand(const BudgetLine& line, DemandKind kind, Month month,
                                            Date key) override {
    // The unique key of the table, written as one text so that the reader stays generic.
    const std::string composite = line.programme + "|" + line.territory + "|" +
                                  std::string(demand_kind_name(kind)) + "|" + month.iso() + "|" + key.iso();
    KOMEK_TRY(found, read_demands(
        sql_,
        "programme || '|' || territory || '|' || kind || '|' || payment_month || '|' || key_date = :a "
        "AND year = :y",
        composite, line.year, 1));
    if (found.empty()) return std::optional<Demand>();
    return std::optional<Demand>(std::move(found.front()));
  }

  Result<std::vector<Demand>> demands_to_transfer(const std::string& prefix) override {
    return read_demands(sql_, "status IN ('applied', 'refused') AND territory LIKE :a", prefix + "%",
                        std::nullopt, 10'000);
  }

  Result<bool> periodic_month_done(Month month, const std::string& prefix) override {
    // Budget lines are per district; a territory prefix meets a district when their first
    // four digits (or the prefix, if shorter) agree.
    const std::string district = prefix.substr(0, 4) + "%", m = month.iso();
    int year = month.year();
    long long lines = 0, done = 0;
    soci::indicator di = soci::i_null;
    sql_ << "SELECT COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM payment_demands d WHERE d.programme = "
            "b.programme AND "
            "d.territory = b.territory AND d.year = b.year AND d.kind = 'periodic' AND d.payment_month = :m "
            "AND d.status = "
            "'transferred') THEN 1 ELSE 0 END) FROM budgets b WHERE b.year = :y AND substr(b.territory, 1, "
            "4) LIKE :p",
        soci::use(m), soci::use(year), soci::use(district), soci::into(lines), soci::into(done, di);
    return lines > 0 && di == soci::i_ok && done == lines;
  }

  void write_demand(const Demand& d, bool insert) {
    int year = d.line.year, lines = d.lines;
    long long amount = d.amount, fees = d.fees;
    const std::string kind(demand_kind_name(d.kind)),
        month = d.payment_month.iso(),
        key = d.kind == DemandKind::kPeriodic ? d.payment_month.first_day().iso() : d.formed_on.iso(),
        formed = d.formed_on.iso(), app_on = d.application_on.iso(), app_due = d.application_due.iso(),
        tr_due = d.transfer_due.iso(), tr_on = d.transfer_on ? d.transfer_on->iso() : "",
        or_due = d.orders_due ? d.orders_due->iso() : "", status(demand_status_name(d.status));
    soci::indicator tri = d.transfer_on ? soci::i_ok : soci::i_null,
                    odi = d.orders_due ? soci::i_ok : soci::i_null;
    if (insert) {
      sql_ << "INSERT INTO payment_demands (id, programme, territory, year, kind, payment_month, key_date, "
              "formed_on, "
              "application_on, application_due, transfer_due, transfer_on, orders_due, amount, fees, lines, "
              "status, refusal) "
              "VALUES (:id, :p, :t, :y, :k, :m, :key, :f, :ao, :ad, :td, :to, :od, :a, :fe, :l, :s, :r)",
          soci::use(d.id), soci::use(d.line.programme), soci::use(d.line.territory), soci::use(year),
          soci::use(kind), soci::use(month), soci::use(key), soci::use(formed), soci::use(app_on),
          soci::use(app_due), soci::use(tr_due), soci::use(tr_on, tri), soci::use(or_due, odi),
          soci::use(amount), soci::use(fees), soci::use(lines), soci::use(status), soci::use(d.refusal);
      return;
    }
    sql_ << "UPDATE payment_demands SET transfer_on = :to, orders_due = :od, amount = :a, fees = :fe, lines "
            "= :l, status = :s, "
            "refusal = :r WHERE id = :id",
        soci::use(tr_on, tri), soci::use(or_due, odi), soci::use(amount), soci::use(fees), soci::use(lines),
        soci::use(status), soci::use(d.refusal), soci::use(d.id);
  }
  Result<void> insert_demand(const Demand& d) override {
    write_demand(d, true);
    return {};
  }
  Result<void> update_demand(const Demand& d) override {
    write_demand(d, false);
    return {};
  }

  // ---- the schedule -------------------------------------------------------------------
  Result<void> scan(const std::string& query, const std::string& a, const std::string& b,
                    const std::string& prefix, const DueSink& sink) {
    std::string id, month, programme, territory, frequency, organisation, account, iin;
    long long due = 0, covered = 0, posted = 0, recovery = 0;
    int version = 0;
    const std::string like = prefix + "%";
    // Every schedule query takes :a, :b and :p, in that order.
    soci::statement st =
        (sql_.prepare << query, soci::use(a), soci::use(b), soci::use(like), soci::into(id),
         soci::into(month), soci::into(due), soci::into(programme), soci::into(territory),
         soci::into(frequency), soci::into(organisation), soci::into(account), soci::into(iin),
         soci::into(version), soci::into(covered), soci::into(posted), soci::into(recovery));
    stream_due(st, sink, id, month, due, programme, territory, frequency, organisation, account, iin, version,
               covered, posted, recovery);
    return {};
  }

  // The monthly demand on SQLite: the month's schedule in assignment order from its covering
  // index, merged with the month's orders (also in assignment order) and open recoveries —
  // one pass each instead of three correlated lookups per line.
  Result<void> periodic_due_native(Month month, const std::string& prefix, const LineSkip& skip,
                                   const DueSink& sink) {
    const std::string m = month.iso(), like = prefix + "%";
    std::unordered_map<std::string, std::int64_t> open_recovery;
    {
      Native r(native_,
               "SELECT assignment_id, SUM(amount - recovered) FROM payment_recoveries WHERE month = ?1 "
               "GROUP BY assignment_id");
      r.bind_text(1, m);
      while (r.step()) open_recovery.emplace(std::string(r.text(0)), r.integer(1));
    }
    Native orders(native_,
                  "SELECT assignment_id, amount, status, account, organisation FROM payment_orders "
                  "INDEXED BY payment_orders_month WHERE month = ?1 ORDER BY month, assignment_id");
    orders.bind_text(1, m);
    bool more_orders = orders.step();
    Native lines(
        native_,
        "SELECT am.assignment_id, am.amount, a.programme, a.territory, a.frequency, a.payment_organisation, "
        "a.account, a.recipient_iin, a.version FROM assignment_months am INDEXED BY payments_schedule_month "
        "JOIN assignments a INDEXED BY payments_assignment_payee ON a.id = am.assignment_id WHERE am.month = "
        "?1 "
        "AND a.frequency IN ('monthly', 'quarterly') AND a.territory LIKE ?2 ORDER BY am.month, "
        "am.assignment_id");
    lines.bind_text(1, m);
    lines.bind_text(2, like);
    while (lines.step()) {
      if (skip(lines.text(2), lines.text(3))) continue;
      DueLine l;
      l.assignment_id = lines.text(0);
      l.month = month;
      l.due = lines.integer(1);
      l.programme = lines.text(2);
      l.territory = lines.text(3);
      l.frequency = lines.text(4);
      l.organisation = lines.text(5);
      l.account = lines.text(6);
      l.recipient_iin = lines.text(7);
      l.version = static_cast<int>(lines.integer(8));
      // The month's orders of this assignment: the same rule as kDueColumns.
      std::int64_t covered = 0, posted = 0;
      bool pending = false;
      while (more_orders && orders.text(0) < std::string_view(l.assignment_id)) more_orders = orders.step();
      while (more_orders && orders.text(0) == std::string_view(l.assignment_id)) {
        const std::int64_t amount = orders.integer(1);
        const std::string_view status = orders.text(2);
        if (status == "pending" || status == "posted" || status == "expired" ||
            (orders.text(3) == std::string_view(l.account) &&
             orders.text(4) == std::string_view(l.organisation)))
          covered += amount;
        if (status == "pending") pending = true;
        if (status == "posted") posted += amount;
        more_orders = orders.step();
      }
      std::int64_t recovery = 0;
      if (!open_recovery.empty())
        if (auto it = open_recovery.find(l.assignment_id); it != open_recovery.end()) recovery = it->second;
      l.covered = covered - recovery;
      l.pending = pending ? 1 : 0;
      l.posted = posted - recovery;
      sink(std::move(l));
    }
    return {};
  }

  Result<void> periodic_due(Month month, const std::string& prefix, const LineSkip& skip,
                            const DueSink& sink) override {
    if (native_ != nullptr) return periodic_due_native(month, prefix, skip, sink);
    const DueSink filtered = [&](DueLine&& l) {
      if (!skip(l.programme, l.territory)) sink(std::move(l));
    };
    return scan(std::string("SELECT am.assignment_id, am.month, am.amount, ") + kDueColumns +
                    " FROM assignment_months am JOIN assignments a ON a.id = am.assignment_id WHERE am.month "
                    "BETWEEN :a AND :b "
                    "AND a.frequency IN ('monthly', 'quarterly') AND a.territory LIKE :p",
                month.iso(), month.iso(), prefix, filtered);
  }

  Result<void> one_time_due(Month from, Month to, const std::string& prefix, const DueSink& sink) override {
    // From the (few) one-time and holiday assignments to their months — not from every line of
    // 37 months. CROSS JOIN fixes SQLite's join order.
    return scan(std::string("SELECT am.assignment_id, am.month, am.amount, ") + kDueColumns +
                    " FROM assignments a CROSS JOIN assignment_months am WHERE am.assignment_id = a.id AND "
                    "am.month BETWEEN "
                    ":a AND :b AND a.frequency IN ('one_time', 'holiday') AND a.territory LIKE :p",
                from.iso(), to.iso(), prefix, sink);
  }

  // The assignments of the territory changed since payments last saw them, on SQLite: the
  // assignments (from the payee index) and payment_seen merged in id order — one pass, where
  // a join seeks payment_seen once per assignment.
  const std::vector<std::string>& changed_ids(const std::string& prefix) {
    if (changed_ && changed_prefix_ == prefix) return *changed_;
    std::vector<std::string> out;
    const std::string like = prefix + "%";
    Native a(
        native_,
        "SELECT id, version FROM assignments INDEXED BY payments_assignment_payee WHERE territory LIKE ?1 "
        "ORDER BY id");
    a.bind_text(1, like);
    Native seen(native_, "SELECT assignment_id, version FROM payment_seen ORDER BY assignment_id");
    bool more_seen = seen.step();
    assignments_in_prefix_ = 0;
    while (a.step()) {
      ++assignments_in_prefix_;
      const std::string_view id = a.text(0);
      while (more_seen && seen.text(0) < id) more_seen = seen.step();
      if (!(more_seen && seen.text(0) == id && seen.integer(1) == a.integer(1))) out.emplace_back(id);
    }
    changed_ = std::move(out);
    changed_prefix_ = prefix;
    return *changed_;
  }

  // One schedule query run for each of `ids` (bound as :p), prepared once.
  Result<void> scan_each(const std::string& query, const std::string& a, const std::string& b,
                         const std::vector<std::string>& ids, const DueSink& sink) {
    std::string id, month, programme, territory, frequency, organisation, account, iin, key;
    long long due = 0, covered = 0, posted = 0, recovery = 0;
    int version = 0;
    soci::statement st =
        (sql_.prepare << query, soci::use(a), soci::use(b), soci::use(key), soci::into(id), soci::into(month),
         soci::into(due), soci::into(programme), soci::into(territory), soci::into(frequency),
         soci::into(organisation), soci::into(account), soci::into(iin), soci::into(version),
         soci::into(covered), soci::into(posted), soci::into(recovery));
    for (const auto& each : ids) {
      key = each;
      stream_due(st, sink, id, month, due, programme, territory, frequency, organisation, account, iin,
                 version, covered, posted, recovery);
    }
    return {};
  }

  Result<void> changed_due(Month from, Month to, const std::vector<Month>& periodic_months,
                           const std::string& prefix, const DueSink& sink) override {
    // Months of the schedule of every assignment changed since payments last saw it, but for
    // the monthly and quarterly lines periodic_due() gave this run (ISO months made here,
    // never the caller's text)...
    std::string skip;
    for (const Month& m : periodic_months) skip += (skip.empty() ? "'" : ", '") + m.iso() + "'";
    const std::string skip_clause =
        skip.empty() ? ""
                     : " AND NOT (a.frequency IN ('monthly', 'quarterly') AND am.month IN (" + skip + "))";
    if (native_ != nullptr) {
      const auto& ids = changed_ids(prefix);
      const long long all = assignments_in_prefix_;
      // A few changed among many (every month but the first): each looked up by its id;
      // otherwise the set queries below.
      if (static_cast<long long>(ids.size()) * 10 < all) {
        std::string months;
        for (Month m = from; m <= to; m = m.plus(1)) months += (months.empty() ? "'" : ", '") + m.iso() + "'";
        if (auto ok =
                scan_each(std::string("SELECT am.assignment_id, am.month, am.amount, ") + kDueColumns +
                              " FROM assignments a JOIN assignment_months am ON am.assignment_id = a.id AND "
                              "am.month BETWEEN :a AND :b WHERE a.id = :p" +
                              skip_clause,
                          from.iso(), to.iso(), ids, sink);
            !ok)
          return ok;
        return scan_each(std::string("SELECT am.assignment_id, am.month, 0, ") + kDueColumns +
                             " FROM (SELECT DISTINCT assignment_id, month FROM payment_orders WHERE month "
                             "BETWEEN :a AND :b "
                             "AND month IN (" +
                             months +
                             ") AND assignment_id = :p AND status IN ('pending', 'posted')) am JOIN "
                             "assignments a ON a.id = "
                             "am.assignment_id WHERE NOT EXISTS (SELECT 1 FROM assignment_months x WHERE "
                             "x.assignment_id = "
                             "am.assignment_id AND x.month = am.month)",
                         from.iso(), to.iso(), ids, sink);
      }
    }
    if (auto ok =
            scan(std::string("SELECT am.assignment_id, am.month, am.amount, ") + kDueColumns +
                     " FROM assignments a LEFT JOIN payment_seen s ON s.assignment_id = a.id "
                     "JOIN assignment_months am ON am.assignment_id = a.id AND am.month BETWEEN :a AND :b "
                     "WHERE (s.version IS NULL OR s.version <> a.version) AND a.territory LIKE :p" +
                     skip_clause,
                 from.iso(), to.iso(), prefix, sink);
        !ok)
      return ok;
    // ...and months it was paid for that are no longer in its schedule at all (due 0).
    return scan(
        std::string("SELECT am.assignment_id, am.month, 0, ") + kDueColumns +
            " FROM assignments a LEFT JOIN payment_seen s ON s.assignment_id = a.id "
            "JOIN (SELECT DISTINCT assignment_id, month FROM payment_orders WHERE month BETWEEN :a AND :b "
            "AND status IN ('pending', 'posted')) am ON am.assignment_id = a.id "
            "WHERE (s.version IS NULL OR s.version <> a.version) AND a.territory LIKE :p "
            "AND NOT EXISTS (SELECT 1 FROM assignment_months x WHERE x.assignment_id = am.assignment_id "
            "AND x.month = am.month)",
        from.iso(), to.iso(), prefix, sink);
  }

  Result<void> mark_seen(const std::string& prefix, const std::vector<std::string>& deferred) override {
    const std::string like = prefix + "%";
    if (native_ != nullptr && changed_ && changed_prefix_ == prefix && changed_->size() < 100'000) {
      // The changed ones are known from this run's changed_due(): only they are written.
      Native up(native_,
                "INSERT INTO payment_seen (assignment_id, version) SELECT id, version FROM assignments WHERE "
                "id = ?1 "
                "ON CONFLICT (assignment_id) DO UPDATE SET version = excluded.version");
      for (const auto& id : *changed_) {
        up.bind_text(1, id);
        up.run();
      }
      changed_.reset();
    } else {
      changed_.reset();
      sql_ << "INSERT INTO payment_seen (assignment_id, version) SELECT a.id, a.version FROM assignments a "
              "LEFT JOIN payment_seen s ON s.assignment_id = a.id WHERE (s.version IS NULL OR s.version <> "
              "a.version) "
              "AND a.territory LIKE :p ON CONFLICT (assignment_id) DO UPDATE SET version = excluded.version",
          soci::use(like);
    }
    for (const auto& id : deferred)
      sql_ << "DELETE FROM payment_seen WHERE assignment_id = :id", soci::use(id);
    return {};
  }

  // ---- orders and files ---------------------------------------------------------------
  Result<void> insert_orders(const std::vector<PaymentOrder>& orders,
                             std::vector<PaymentFile>& files) override {
    std::unordered_map<std::string, std::size_t> index;
    std::vector<FileDigest> digests(files.size());
    std::vector<std::string> file_territory(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) index.emplace(files[i].id, i);
    // The files' digests are computed on the second core while the orders are written (both
    // only read `orders`); the files are written after, with their digests.
    bool unknown_file = false;
    std::thread digest([&] {
      for (const auto& o : orders) {
        auto it = index.find(o.file_id);
        if (it == index.end()) {
          unknown_file = true;
          return;
        }
        digests[it->second].add(o);
        file_territory[it->second] = o.line.territory;
      }
    });
    struct Joiner {
      std::thread& t;
      ~Joiner() {
        if (t.joinable()) t.join();
      }
    } joiner{digest};
    if (!orders.empty()) write_orders(orders);
    digest.join();
    if (unknown_file) throw std::logic_error("an order names a file that is not being stored");
    for (std::size_t i = 0; i < files.size(); ++i) {
      PaymentFile& f = files[i];
      f.sha256 = digests[i].hex();
      int count = f.count;
      long long total = f.total, transfer = f.transfer_id, fee_transfer = f.fee_transfer_id;
      soci::indicator fi = f.fee_transfer_id != 0 ? soci::i_ok : soci::i_null;
      const std::string on = f.payment_on.iso();
      long long fees = f.fees;
      sql_ << "INSERT INTO payment_files (id, organisation, demand_id, territory, payment_on, count, total, "
              "fees, "
              "transfer_id, fee_transfer_id, sha256) VALUES (:id, :o, :d, :t, :p, :c, :tot, :fees, :tr, "
              ":ftr, :sha)",
          soci::use(f.id), soci::use(f.organisation), soci::use(f.demand_id), soci::use(file_territory[i]),
          soci::use(on), soci::use(count), soci::use(total), soci::use(fees), soci::use(transfer),
          soci::use(fee_transfer, fi), soci::use(f.sha256);
    }
    return {};
  }

  void write_orders(const std::vector<PaymentOrder>& orders) {
    if (native_ != nullptr) {
      // Many rows per INSERT: SQLite's per-statement work is paid once for kRows orders.
      constexpr int kColumns = 18;
      constexpr std::size_t kRows = 32;
      const std::string head =
          "INSERT INTO payment_orders (transfer_id, id, demand_id, assignment_id, month, amount, fee, "
          "organisation, account, "
          "recipient_iin, programme, territory, year, ordered_on, payment_on, timeout, status, note) VALUES ";
      Native many(native_, (head + values_list(kColumns, kRows)).c_str());
      Native one(native_, (head + values_list(kColumns, 1)).c_str());
      // Texts that repeat (months, dates, statuses) made once; their addresses stay put.
      std::map<Month, std::string> months;
      std::map<Date, std::string> dates;
      auto month_text = [&](Month m) -> const std::string& {
        auto it = months.find(m);
        return it != months.end() ? it->second : months.emplace(m, m.iso()).first->second;
      };
      auto date_text = [&](Date d) -> const std::string& {
        auto it = dates.find(d);
        return it != dates.end() ? it->second : dates.emplace(d, d.iso()).first->second;
      };
      auto bind = [&](Native& st, int base, const PaymentOrder& o) {
        st.bind_int(base + 1, o.transfer_id);
        st.bind_text(base + 2, o.id);
        st.bind_text(base + 3, o.demand_id);
        st.bind_text(base + 4, o.assignment_id);
        st.bind_text(base + 5, month_text(o.month));
        st.bind_int(base + 6, o.amount);
        st.bind_int(base + 7, o.fee);
        st.bind_text(base + 8, o.organisation);
        st.bind_text(base + 9, o.account);
        st.bind_text(base + 10, o.recipient_iin);
        st.bind_text(base + 11, o.line.programme);
        st.bind_text(base + 12, o.line.territory);
        st.bind_int(base + 13, o.line.year);
        st.bind_text(base + 14, date_text(o.ordered_on));
        st.bind_text(base + 15, date_text(o.payment_on));
        st.bind_text(base + 16, date_text(o.timeout));
        st.bind_text(base + 17, order_status_name(o.status));
        st.bind_text(base + 18, o.note);
      };
      std::size_t i = 0;
      for (; i + kRows <= orders.size(); i += kRows) {
        for (std::size_t r = 0; r < kRows; ++r) bind(many, static_cast<int>(r) * kColumns, orders[i + r]);
        many.run();
      }
      for (; i < orders.size(); ++i) {
        bind(one, 0, orders[i]);
        one.run();
      }
      return;
    }
    std::string id, demand, assignment, month, organisation, account, iin, programme, territory, ordered,
        pay_on, timeout, status, note;
    long long amount = 0, fee = 0, transfer = 0;
    int year = 0;
    soci::statement st =
        (sql_.prepare
             << "INSERT INTO payment_orders (id, demand_id, assignment_id, month, amount, fee, organisation, "
                "account, recipient_iin, programme, territory, year, ordered_on, payment_on, timeout, "
                "status, "
                "transfer_id, note) VALUES (:id, :d, :a, :m, :am, :fe, :o, :ac, :i, :p, :t, :y, :od, :po, "
                ":to, "
                ":s, :tr, :n)",
         soci::use(id), soci::use(demand), soci::use(assignment), soci::use(month), soci::use(amount),
         soci::use(fee), soci::use(organisation), soci::use(account), soci::use(iin), soci::use(programme),
         soci::use(territory), soci::use(year), soci::use(ordered), soci::use(pay_on), soci::use(timeout),
         soci::use(status), soci::use(transfer), soci::use(note));
    for (const auto& o : orders) {
      id = o.id;
      demand = o.demand_id;
      assignment = o.assignment_id;
      month = o.month.iso();
      amount = o.amount;
      fee = o.fee;
      organisation = o.organisation;
      account = o.account;
      iin = o.recipient_iin;
      programme = o.line.programme;
      territory = o.line.territory;
      year = o.line.year;
      ordered = o.ordered_on.iso();
      pay_on = o.payment_on.iso();
      timeout = o.timeout.iso();
      status = std::string(order_status_name(o.status));
      transfer = o.transfer_id;
      note = o.note;
      st.execute(true);
    }
  }

  Result<std::int64_t> file_fee_transfer(const std::string& file_id) override {
    long long id = 0;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT fee_transfer_id FROM payment_files WHERE id = :id", soci::use(file_id),
        soci::into(id, ind);
    return sql_.got_data() && ind == soci::i_ok ? static_cast<std::int64_t>(id) : 0;
  }

  Result<std::optional<PaymentOrder>> find_order(const std::string& id) override {
    auto found = read_orders(sql_, "o.id = :a", {id}, 1);
    if (found.empty()) return std::optional<PaymentOrder>();
    return std::optional<PaymentOrder>(std::move(found.front()));
  }

  // `where` takes the parameters :a, :b, ... in the order of `params`.
  static std::vector<PaymentOrder> read_orders(soci::session& sql, const std::string& where,
                                               const std::vector<std::string>& params, std::size_t limit) {
    std::vector<PaymentOrder> out;
    std::string id, demand, file, assignment, month, organisation, account, iin, programme, territory,
        ordered, pay_on, timeout, status, settled, note;
    long long amount = 0, fee = 0, transfer = 0;
    int year = 0;
    soci::indicator si = soci::i_null;
    const std::string query =
        // A file is the orders of one demand for one payment organisation (its id is theirs).
        "SELECT o.id, o.demand_id, o.demand_id || '/' || o.organisation, o.assignment_id, o.month, o.amount, "
        "o.fee, o.organisation, o.account, "
        "o.recipient_iin, o.programme, o.territory, o.year, o.ordered_on, o.payment_on, o.timeout, o.status, "
        "o.transfer_id, "
        "o.settled_on, o.note FROM payment_orders o WHERE " +
        where + " ORDER BY o.ordered_on DESC, o.id LIMIT " + std::to_string(limit);
    soci::statement st(sql);
    for (const auto& p : params) st.exchange(soci::use(p));
    st.exchange(soci::into(id));
    st.exchange(soci::into(demand));
    st.exchange(soci::into(file));
    st.exchange(soci::into(assignment));
    st.exchange(soci::into(month));
    st.exchange(soci::into(amount));
    st.exchange(soci::into(fee));
    st.exchange(soci::into(organisation));
    st.exchange(soci::into(account));
    st.exchange(soci::into(iin));
    st.exchange(soci::into(programme));
    st.exchange(soci::into(territory));
    st.exchange(soci::into(year));
    st.exchange(soci::into(ordered));
    st.exchange(soci::into(pay_on));
    st.exchange(soci::into(timeout));
    st.exchange(soci::into(status));
    st.exchange(soci::into(transfer));
    st.exchange(soci::into(settled, si));
    st.exchange(soci::into(note));
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute();
    while (st.fetch()) {
      PaymentOrder o;
      o.id = id;
      o.demand_id = demand;
      o.file_id = file;
      o.assignment_id = assignment;
      o.month = month_of(month);
      o.amount = amount;
      o.fee = fee;
      o.organisation = organisation;
      o.account = account;
      o.recipient_iin = iin;
      o.line = {programme, territory, year};
      o.ordered_on = date_of(ordered);
      o.payment_on = date_of(pay_on);
      o.timeout = date_of(timeout);
      auto s = parse_order_status(status);
      if (!s) throw std::runtime_error("stored order status '" + status + "' is unknown");
      o.status = *s;
      o.transfer_id = transfer;
      o.settled_on = opt_date(settled, si);
      o.note = note;
      out.push_back(std::move(o));
    }
    return out;
  }

  Result<void> update_order(const PaymentOrder& o) override {
    const std::string status(order_status_name(o.status)), settled = o.settled_on ? o.settled_on->iso() : "";
    soci::indicator si = o.settled_on ? soci::i_ok : soci::i_null;
    sql_ << "UPDATE payment_orders SET status = :s, settled_on = :d, note = :n WHERE id = :id",
        soci::use(status), soci::use(settled, si), soci::use(o.note), soci::use(o.id);
    return {};
  }

  Result<std::vector<PaymentOrder>> orders_timed_out(Date on, const std::string& prefix) override {
    // Pending orders whose last day for an answer is before today, in the territory.
    std::vector<PaymentOrder> out;
    std::vector<std::string> ids;
    std::string id;
    const std::string day = on.iso(), like = prefix + "%";
    soci::statement st =
        (sql_.prepare << "SELECT id FROM payment_orders WHERE status = 'pending' AND timeout < :d AND "
                         "territory LIKE :p ORDER BY id",
         soci::use(day), soci::use(like), soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
    for (const auto& i : ids) {
      auto o = read_orders(sql_, "o.id = :a", {i}, 1);
      if (!o.empty()) out.push_back(std::move(o.front()));
    }
    return out;
  }

  // ---- recoveries ---------------------------------------------------------------------
  Result<void> insert_recovery(const Recovery& r) override {
    long long amount = r.amount, recovered = r.recovered;
    int year = r.line.year;
    const std::string month = r.month.iso(), detected = r.detected_on.iso();
    sql_ << "INSERT INTO payment_recoveries (id, assignment_id, month, programme, territory, year, amount, "
            "recovered, "
            "detected_on) VALUES (:id, :a, :m, :p, :t, :y, :am, :r, :d)",
        soci::use(r.id), soci::use(r.assignment_id), soci::use(month), soci::use(r.line.programme),
        soci::use(r.line.territory), soci::use(year), soci::use(amount), soci::use(recovered),
        soci::use(detected);
    return {};
  }

  Result<std::vector<Recovery>> open_recoveries(const std::string& assignment_id, Month month) override {
    std::vector<Recovery> out;
    std::string id, programme, territory, detected;
    long long amount = 0, recovered = 0;
    int year = 0;
    const std::string m = month.iso();
    soci::statement st =
        (sql_.prepare << "SELECT id, programme, territory, year, amount, recovered, detected_on FROM "
                         "payment_recoveries WHERE assignment_id = :a AND month = :m AND recovered < amount "
                         "ORDER BY id",
         soci::use(assignment_id), soci::use(m), soci::into(id), soci::into(programme), soci::into(territory),
         soci::into(year), soci::into(amount), soci::into(recovered), soci::into(detected));
    st.execute();
    while (st.fetch()) {
      Recovery r;
      r.id = id;
      r.assignment_id = assignment_id;
      r.month = month;
      r.line = {programme, territory, year};
      r.amount = amount;
      r.recovered = recovered;
      r.detected_on = date_of(detected);
      out.push_back(std::move(r));
    }
    return out;
  }

  Result<void> update_recovery(const Recovery& r) override {
    long long recovered = r.recovered;
    const std::string on = r.recovered_on ? r.recovered_on->iso() : "", due = r.due_by ? r.due_by->iso() : "";
    soci::indicator oi = r.recovered_on ? soci::i_ok : soci::i_null,
                    di = r.due_by ? soci::i_ok : soci::i_null;
    sql_ << "UPDATE payment_recoveries SET recovered = :r, recovered_on = :o, due_by = :d WHERE id = :id",
        soci::use(recovered), soci::use(on, oi), soci::use(due, di), soci::use(r.id);
    return {};
  }

  // ---- results ------------------------------------------------------------------------
  Result<bool> result_applied(const std::string& order_id, ResultKind result) override {
    int n = 0;
    const std::string r(result_kind_name(result));
    sql_
        << "SELECT COUNT(*) FROM payment_results WHERE order_id = :o AND result = :r AND outcome = 'applied'",
        soci::use(order_id), soci::use(r), soci::into(n);
    return n > 0;
  }

  Result<void> log_result(const ResultLine& l, const std::string& file, const std::string& outcome,
                          Date on) override {
    const std::string result(result_kind_name(l.result)), result_on = l.on.iso(), received = on.iso(),
                                                          now = now_utc();
    int line = l.line;
    sql_ << "INSERT INTO payment_results (file, line, order_id, result, result_on, reason, outcome, "
            "received_on, created_at) "
            "VALUES (:f, :l, :o, :r, :ro, :re, :out, :rec, :c)",
        soci::use(file), soci::use(line), soci::use(l.order_id), soci::use(result), soci::use(result_on),
        soci::use(l.reason), soci::use(outcome), soci::use(received), soci::use(now);
    return {};
  }

  // ---- journal ------------------------------------------------------------------------
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
  sqlite3* native_ = nullptr;
  // The changed assignments as changed_due() found them, for mark_seen() in the same run
  // (nothing else writes in between: one transaction, one writer).
  std::optional<std::vector<std::string>> changed_;
  std::string changed_prefix_;
  long long assignments_in_prefix_ = 0;
  std::int64_t cache_size_ = -2000;
};

long long count_of(soci::session& sql, const std::string& query) {
  long long n = 0;
  soci::indicator ind = soci::i_null;
  sql << query, soci::into(n, ind);
  return ind == soci::i_ok ? n : 0;
}

// A read-only transaction on a pooled session, rolled back however the reader leaves.
class ReadTransaction {
 public:
  explicit ReadTransaction(soci::session& sql) : sql_(sql) {
    if (native_sqlite(sql) != nullptr)
      sql_ << "BEGIN";
    else
      sql_ << "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  }
  ~ReadTransaction() {
    try {
      sql_ << "ROLLBACK";
    } catch (const std::exception&) {
      // Nothing was written; a failed rollback leaves nothing to undo.
    }
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  soci::session& sql_;
};

void scan_transfers_soci(soci::session& sql, LedgerVerifier& verifier, LedgerReport& report) {
  constexpr std::size_t kBatch = 20'000;
  std::vector<long long> id(kBatch), debit(kBatch), credit(kBatch), amount(kBatch), pending_amount(kBatch);
  std::vector<int> kind(kBatch);
  soci::statement st =
      (sql.prepare << "SELECT id, debit_account, credit_account, amount, kind, pending_amount FROM "
                      "ledger_transfers ORDER BY id",
       soci::into(id), soci::into(debit), soci::into(credit), soci::into(amount), soci::into(kind),
       soci::into(pending_amount));
  st.execute();
  while (st.fetch()) {
    for (std::size_t i = 0; i < id.size(); ++i) {
      if (kind[i] < 0 || kind[i] > 4) {
        report.violations.push_back(
            {"transfer_kind", "transfer " + std::to_string(id[i]) + " has an unknown kind"});
        continue;
      }
      verifier.add(id[i], debit[i], credit[i], amount[i], static_cast<TransferKind>(kind[i]),
                   pending_amount[i]);
    }
    id.resize(kBatch);
    debit.resize(kBatch);
    credit.resize(kBatch);
    amount.resize(kBatch);
    kind.resize(kBatch);
    pending_amount.resize(kBatch);
  }
}

// A private connection to the same SQLite file, for one scanning thread.
class PrivateConnection {
 public:
  explicit PrivateConnection(const char* file) {
    if (sqlite_api::sqlite3_open_v2(file, &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      const std::string what = db_ != nullptr ? sqlite_api::sqlite3_errmsg(db_) : "out of memory";
      sqlite_api::sqlite3_close(db_);
      throw soci::soci_error("sqlite3 open: " + what);
    }
    sqlite_api::sqlite3_busy_timeout(
        db_, 1'000);  // the lock is wanted for an instant; else the caller scans alone
    // Reading through the page map spares a copy of every page of a large ledger.
    exec_native(db_, "PRAGMA mmap_size = 2147418112");
  }
  ~PrivateConnection() { sqlite_api::sqlite3_close(db_); }
  PrivateConnection(const PrivateConnection&) = delete;
  PrivateConnection& operator=(const PrivateConnection&) = delete;
  [[nodiscard]] sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

struct ScanPart {
  LedgerVerifier verifier;
  std::vector<LedgerVerifier::Violation> violations;
  // Second-phase transfers: (the pending transfer resolved, how) — checked against the orders.
  std::vector<std::pair<std::int64_t, std::int64_t>> resolutions;
  std::string error;
};

void scan_range(sqlite3* db, std::int64_t from, std::int64_t to, ScanPart& part) {
  try {
    Native st(db,
              "SELECT id, debit_account, credit_account, amount, kind, pending_amount, pending_id FROM "
              "ledger_transfers WHERE id BETWEEN ?1 AND ?2 ORDER BY id");
    st.bind_int(1, from);
    st.bind_int(2, to);
    while (st.step()) {
      const std::int64_t kind = st.integer(4);
      if (kind < 0 || kind > 4) {
        part.violations.push_back(
            {"transfer_kind", "transfer " + std::to_string(st.integer(0)) + " has an unknown kind"});
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

// The transfers of the ledger on SQLite, read in two id ranges on two connections at once
// (the machine has 2 cores; the verification of 10 million transfers is bound by SQLite's
// per-row work). Both connections and the caller's session must see one snapshot: a private
// connection takes the write lock (no commit can come in), the scanners open their read
// transactions, and the lock is given back before the scan starts. Called inside the
// caller's read transaction, whose snapshot was taken before (load_accounts) — so the write
// lock is taken first there too: see verify().
void scan_transfers_sqlite(sqlite3* db, LedgerVerifier& verifier, LedgerReport& report,
                           std::vector<std::pair<std::int64_t, std::int64_t>>& resolutions,
                           const std::function<void(sqlite3*)>& meanwhile) {
  auto take = [&](ScanPart& part) {
    if (!part.error.empty()) throw soci::soci_error(part.error);
    verifier.merge(part.verifier);
    for (auto& v : part.violations) report.violations.push_back(std::move(v));
    resolutions.insert(resolutions.end(), part.resolutions.begin(), part.resolutions.end());
  };
  std::int64_t lo = 0, hi = 0;
  {
    Native bounds(db, "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM ledger_transfers");
    if (bounds.step()) {
      lo = bounds.integer(0);
      hi = bounds.integer(1);
    }
  }
  const char* file = sqlite_api::sqlite3_db_filename(db, "main");
  constexpr std::int64_t kParallelFrom = 200'000;  // below it, a second connection costs more than it saves
  if (hi - lo < kParallelFrom || file == nullptr || *file == '\0') {
    ScanPart part;
    scan_range(db, lo, hi, part);
    take(part);
    meanwhile(db);
    return;
  }
  // The caller's snapshot is the latest commit only if no commit came in since it began: the
  // scanners take theirs under the write lock and compare the ledger's size with the caller's.
  auto alone = [&] {
    ScanPart part;
    scan_range(db, lo, hi, part);
    take(part);
    meanwhile(db);
  };
  std::unique_ptr<PrivateConnection> opened[4];
  try {
    for (auto& c : opened) c = std::make_unique<PrivateConnection>(file);
  } catch (const std::exception&) {
    // No second connection (a read-only file, no handles left): the caller's alone.
    alone();
    return;
  }
  PrivateConnection &locker = *opened[0], &first = *opened[1], &second = *opened[2], &third = *opened[3];
  if (sqlite_api::sqlite3_exec(locker.get(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    // A long write holds the lock: rather than wait, the caller's connection scans alone.
    alone();
    return;
  }
  std::int64_t seen_hi = -1;
  try {
    exec_native(first.get(), "BEGIN");
    exec_native(second.get(), "BEGIN");
    exec_native(third.get(), "BEGIN");
    for (sqlite3* c : {first.get(), second.get(), third.get()}) {
      Native probe(c, "SELECT COALESCE(MAX(id), 0) FROM ledger_transfers");
      if (probe.step()) seen_hi = std::max(seen_hi, probe.integer(0));
    }
  } catch (...) {
    exec_native(locker.get(), "ROLLBACK");
    throw;
  }
  exec_native(locker.get(), "ROLLBACK");
  if (seen_hi != hi) {
    // A commit came in between the caller's snapshot and the lock: scan on the caller's
    // connection alone, which is consistent with everything else verify() reads.
    exec_native(first.get(), "ROLLBACK");
    exec_native(second.get(), "ROLLBACK");
    exec_native(third.get(), "ROLLBACK");
    alone();
    return;
  }
  // Two threads scan the halves of the ledger; a third connection in the same snapshot
  // meanwhile checks the orders and the schedule (`meanwhile`). The private connections take
  // no mutex (one thread each) and read through the page map.
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
  meanwhile(third.get());
  one.join();
  other.join();
  exec_native(first.get(), "ROLLBACK");
  exec_native(second.get(), "ROLLBACK");
  exec_native(third.get(), "ROLLBACK");
  take(a);
  take(b);
}

// What verify() checks of the orders on SQLite, in passes over whole tables (no per-row
// lookups): the orders (per budget line, per assignment, and each order's transfer), the
// schedule, and the assignments with what payments last saw of them.
struct OrderSide {
  std::map<std::tuple<std::string, std::string, int>, std::array<long long, 3>>
      per_line;  // posted, pending, open recovery
  std::vector<std::pair<std::int64_t, std::int64_t>>
      order_transfers;  // (pending transfer, 0 pending / 1 paid)
  long long paid_beyond_assigned = 0;
  long long changed = 0;
  long long checked = 0;
};

void check_orders_sqlite(sqlite3* db, OrderSide& out) {
  struct PerAssignment {
    std::int64_t paid = 0;
    std::int64_t assigned = 0;
  };
  std::unordered_map<std::string, PerAssignment> by_assignment;
  {
    Native n(db, "SELECT COUNT(*) FROM payment_seen");
    if (n.step()) by_assignment.reserve(static_cast<std::size_t>(n.integer(0)));
  }
  {
    Native o(
        db,
        "SELECT programme, territory, year, status, amount, transfer_id, assignment_id FROM payment_orders "
        "WHERE status IN ('posted', 'pending', 'returned')");
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
      } else {
        out.order_transfers.emplace_back(o.integer(5), 1);
        if (status == "posted") {
          (*line)[0] += amount;
          by_assignment[std::string(o.text(6))].paid += amount;
        }
      }
    }
  }
  {
    Native r(db,
             "SELECT programme, territory, year, assignment_id, amount - recovered FROM payment_recoveries");
    while (r.step()) {
      out.per_line[{std::string(r.text(0)), std::string(r.text(1)), static_cast<int>(r.integer(2))}][2] +=
          r.integer(4);
      if (auto it = by_assignment.find(std::string(r.text(3))); it != by_assignment.end())
        it->second.paid -= r.integer(4);
    }
  }
  if (!by_assignment.empty()) {
    Native m(db, "SELECT assignment_id, amount FROM assignment_months INDEXED BY payments_schedule_month");
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
  // The assignments merged with what payments saw of them, both in id order.
  Native a(db, "SELECT id, version FROM assignments INDEXED BY payments_assignment_payee ORDER BY id");
  Native seen(db, "SELECT assignment_id, version FROM payment_seen ORDER BY assignment_id");
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
    std::vector<BudgetStatus> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      KOMEK_TRY(accounts, SqlPaymentsTransaction::load_accounts(sql));
      Ledger ledger(accounts, 1, 1);
      std::string programme, territory;
      int year = 0, amendments = 0;
      long long allocation = 0;
      const std::string like = prefix + "%";
      soci::statement st =
          (sql.prepare << "SELECT programme, territory, year, allocation, amendments FROM budgets WHERE "
                          "territory LIKE :p ORDER BY year, territory, programme",
           soci::use(like), soci::into(programme), soci::into(territory), soci::into(year),
           soci::into(allocation), soci::into(amendments));
      st.execute();
      while (st.fetch()) {
        BudgetStatus s;
        s.budget = {{programme, territory, year}, allocation, amendments};
        auto bal = [&](AccountKind k) {
          const Account* a = ledger.find(k, s.budget.line);
          return a == nullptr ? 0 : a->balance();
        };
        s.remaining = bal(AccountKind::kAuthorizedBody);
        s.transferred = allocation - s.remaining;
        s.paid = bal(AccountKind::kPaid);
        s.overpaid = bal(AccountKind::kOverpaid);
        s.fees = bal(AccountKind::kBankFees);
        const Account* payable = ledger.find(AccountKind::kRecipientPayable, s.budget.line);
        s.pending = payable == nullptr ? 0 : payable->debits_pending;
        out.push_back(std::move(s));
      }
      return {};
    }));
    return out;
  }

  Result<std::vector<Demand>> demands(const std::string& prefix, std::size_t limit) override {
    Result<std::vector<Demand>> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      out = SqlPaymentsTransaction::read_demands(sql, "territory LIKE :a", prefix + "%", std::nullopt, limit);
      return {};
    }));
    return out;
  }

  Result<std::vector<PaymentOrder>> orders(const OrderFilter& f) override {
    std::vector<PaymentOrder> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      // One parameterised condition per filter; the values never enter the SQL text.
      std::string where = "o.territory LIKE :a";
      std::vector<PaymentOrder> rows;
      // A demand's orders are the ids "<demand>/..." ('0' follows '/'), read off the id index.
      auto demand_range = [](const std::string& demand) -> std::vector<std::string> {
        return {demand + "/", demand + "0"};
      };
      if (!f.recipient_iin.empty()) {
        rows = recipient_orders(sql, f.recipient_iin);
        if (rows.size() > f.limit * 4) rows.resize(f.limit * 4);
      } else if (!f.file_id.empty()) {
        const auto slash = f.file_id.rfind('/');
        if (slash == std::string::npos) return {};
        auto params = demand_range(f.file_id.substr(0, slash));
        params.push_back(f.file_id.substr(slash + 1));
        rows = SqlPaymentsTransaction::read_orders(sql, "o.id >= :a AND o.id < :b AND o.organisation = :c",
                                                   params, 2'000'000);
      } else if (!f.demand_id.empty()) {
        rows = SqlPaymentsTransaction::read_orders(sql, "o.id >= :a AND o.id < :b", demand_range(f.demand_id),
                                                   f.limit * 4);
      } else if (f.status) {
        // The status in the query: pending orders come off their partial index.
        const std::string status(order_status_name(*f.status));
        rows = f.status == OrderStatus::kPending
                   ? SqlPaymentsTransaction::read_orders(sql, where + " AND o.status = 'pending'",
                                                         {f.territory_prefix + "%"}, f.limit * 4)
                   : SqlPaymentsTransaction::read_orders(sql, where + " AND o.status = :b",
                                                         {f.territory_prefix + "%", status}, f.limit * 4);
      } else {
        rows = SqlPaymentsTransaction::read_orders(sql, where, {f.territory_prefix + "%"}, f.limit * 4);
      }
      for (auto& o : rows) {
        if (o.line.territory.compare(0, f.territory_prefix.size(), f.territory_prefix) != 0) continue;
        if (!f.file_id.empty() && o.file_id != f.file_id) continue;
        if (!f.demand_id.empty() && o.demand_id != f.demand_id) continue;
        if (f.status && o.status != *f.status) continue;
        out.push_back(std::move(o));
        if (f.file_id.empty() && out.size() >= f.limit) break;
      }
      return {};
    }));
    return out;
  }

  // A person's orders without an index on the IIN (a million scattered inserts a month):
  // their assignments (assignments_recipient), each looked up in every month that has orders
  // — the months found by stepping along the month-first index, one seek each. Orders paid
  // to the person are those of their assignments carrying their IIN.
  static std::vector<PaymentOrder> recipient_orders(soci::session& sql, const std::string& iin) {
    std::vector<std::string> assignments;
    {
      std::string id;
      soci::statement st = (sql.prepare << "SELECT id FROM assignments WHERE recipient_iin = :i", soci::use(iin),
                            soci::into(id));
      st.execute();
      while (st.fetch()) assignments.push_back(id);
    }
    std::vector<PaymentOrder> out;
    if (assignments.empty()) return out;
    std::vector<std::string> months;
    {
      std::string month;
      soci::indicator ind = soci::i_null;
      sql << "SELECT MIN(month) FROM payment_orders", soci::into(month, ind);
      while (ind == soci::i_ok) {
        months.push_back(month);
        const std::string after = month;
        ind = soci::i_null;
        sql << "SELECT MIN(month) FROM payment_orders WHERE month > :m", soci::use(after), soci::into(month, ind);
      }
    }
    for (const auto& m : months)
      for (const auto& a : assignments) {
        auto found = SqlPaymentsTransaction::read_orders(
            sql, "o.month = :a AND o.assignment_id = :b AND o.recipient_iin = :c", {m, a, iin}, 1'000);
        for (auto& o : found) out.push_back(std::move(o));
      }
    std::sort(out.begin(), out.end(), [](const PaymentOrder& x, const PaymentOrder& y) {
      return x.ordered_on != y.ordered_on ? x.ordered_on > y.ordered_on : x.id < y.id;
    });
    return out;
  }

  static constexpr const char* kFileColumns =
      "id, organisation, demand_id, payment_on, count, total, fees, transfer_id, COALESCE(fee_transfer_id, "
      "0), sha256";

  static std::vector<PaymentFile> read_files(soci::session& sql, const std::string& where,
                                             const std::string& a, std::size_t limit) {
    std::vector<PaymentFile> out;
    std::string id, organisation, demand, on, sha;
    int count = 0;
    long long total = 0, fees = 0, transfer = 0, fee_transfer = 0;
    const std::string query = std::string("SELECT ") + kFileColumns + " FROM payment_files WHERE " + where +
                              " ORDER BY payment_on DESC, id LIMIT " + std::to_string(limit);
    soci::statement st = (sql.prepare << query, soci::use(a), soci::into(id), soci::into(organisation),
                          soci::into(demand), soci::into(on), soci::into(count), soci::into(total),
                          soci::into(fees), soci::into(transfer), soci::into(fee_transfer), soci::into(sha));
    st.execute();
    while (st.fetch()) {
      PaymentFile f;
      f.id = id;
      f.organisation = organisation;
      f.demand_id = demand;
      f.payment_on = date_of(on);
      f.count = count;
      f.total = total;
      f.fees = fees;
      f.transfer_id = transfer;
      f.fee_transfer_id = fee_transfer;
      f.sha256 = sha;
      out.push_back(std::move(f));
    }
    return out;
  }

  Result<std::vector<PaymentFile>> files(const std::string& prefix, std::size_t limit) override {
    std::vector<PaymentFile> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      out = read_files(sql, "territory LIKE :p", prefix + "%", limit);
      return {};
    }));
    return out;
  }

  Result<std::optional<PaymentFile>> file(const std::string& id) override {
    std::optional<PaymentFile> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      auto found = read_files(sql, "id = :p", id, 1);
      if (!found.empty()) out = std::move(found.front());
      return {};
    }));
    return out;
  }

  Result<LedgerReport> verify() override {
    LedgerReport report;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      // Every query below reads one snapshot, or a run committing meanwhile would look like
      // a broken ledger.
      ReadTransaction snapshot(sql);
      auto accounts = SqlPaymentsTransaction::load_accounts(sql);
      if (!accounts) return tl::unexpected(accounts.error());
      LedgerVerifier verifier;
      sqlite3* const db = native_sqlite(sql);
      OrderSide order_side;
      std::vector<std::pair<std::int64_t, std::int64_t>> resolutions;
      if (db != nullptr) {
        scan_transfers_sqlite(db, verifier, report, resolutions,
                              [&](sqlite3* connection) { check_orders_sqlite(connection, order_side); });
      } else {
        scan_transfers_soci(sql, verifier, report);
      }
      for (auto& v : verifier.check(*accounts)) report.violations.push_back(std::move(v));
      report.transfers = verifier.transfers();
      report.accounts = static_cast<std::int64_t>(accounts->size());
      report.pending_total = verifier.pending_open_total();

      // Budget lines: the allocation account gave exactly the allocation; what was paid,
      // is owed back and went in fees stays within it (paid per programme ≤ allocation).
      Ledger ledger(*accounts, 1, 1);
      std::string programme, territory;
      int year = 0;
      long long allocation = 0;
      soci::statement bs =
          (sql.prepare << "SELECT programme, territory, year, allocation FROM budgets", soci::into(programme),
           soci::into(territory), soci::into(year), soci::into(allocation));
      bs.execute();
      while (bs.fetch()) {
        const BudgetLine line{programme, territory, year};
        const std::string name = programme + "/" + territory + "/" + std::to_string(year);
        auto bal = [&](AccountKind k) {
          const Account* a = ledger.find(k, line);
          return a == nullptr ? 0 : a->balance();
        };
        if (-bal(AccountKind::kAllocation) != allocation)
          report.violations.push_back(
              {"allocation", name + ": the allocation account differs from the budget"});
        if (bal(AccountKind::kPaid) + bal(AccountKind::kOverpaid) + bal(AccountKind::kBankFees) > allocation)
          report.violations.push_back({"paid_within_allocation", name + ": paid beyond the allocation"});
      }
      // Orders against the ledger, per budget line: paid = posted orders less open
      // recoveries; overpaid = open recoveries; pending = pending orders.
      std::map<std::tuple<std::string, std::string, int>, std::array<long long, 3>> per_line;
      if (db != nullptr) {
        per_line = std::move(order_side.per_line);
      } else {
        std::string status;
        long long sum = 0;
        soci::statement os =
            (sql.prepare
                 << "SELECT programme, territory, year, status, SUM(amount) FROM payment_orders "
                    "WHERE status IN ('posted', 'pending') GROUP BY programme, territory, year, status",
             soci::into(programme), soci::into(territory), soci::into(year), soci::into(status),
             soci::into(sum));
        os.execute();
        while (os.fetch()) per_line[{programme, territory, year}][status == "posted" ? 0 : 1] += sum;
        soci::statement rs =
            (sql.prepare << "SELECT programme, territory, year, SUM(amount - recovered) FROM "
                            "payment_recoveries GROUP BY programme, territory, year",
             soci::into(programme), soci::into(territory), soci::into(year), soci::into(sum));
        rs.execute();
        while (rs.fetch()) per_line[{programme, territory, year}][2] += sum;
      }
      for (const auto& a : *accounts) {
        if (a.kind != AccountKind::kPaid && a.kind != AccountKind::kOverpaid &&
            a.kind != AccountKind::kRecipientPayable)
          continue;
        auto it = per_line.find({a.line.programme, a.line.territory, a.line.year});
        const std::array<long long, 3> v =
            it == per_line.end() ? std::array<long long, 3>{0, 0, 0} : it->second;
        const std::string name =
            a.line.programme + "/" + a.line.territory + "/" + std::to_string(a.line.year);
        if (a.kind == AccountKind::kPaid && a.balance() != v[0] - v[2])
          report.violations.push_back(
              {"paid_equals_orders", name + ": paid differs from posted orders less overpaid"});
        if (a.kind == AccountKind::kOverpaid && a.balance() != v[2])
          report.violations.push_back(
              {"overpaid_equals_recoveries", name + ": overpaid differs from open recoveries"});
        if (a.kind == AccountKind::kRecipientPayable && a.debits_pending != v[1])
          report.violations.push_back(
              {"pending_equals_orders", name + ": pending differs from pending orders"});
      }
      if (db != nullptr) {
        // Each order's state agrees with its pending transfer: exactly-once, checked.
        std::sort(resolutions.begin(), resolutions.end());
        bool resolved_pending = false, unposted_paid = false;
        for (const auto& [transfer, paid] : order_side.order_transfers) {
          auto it = std::lower_bound(resolutions.begin(), resolutions.end(),
                                     std::make_pair(transfer, std::int64_t{0}));
          const bool resolved = it != resolutions.end() && it->first == transfer;
          if (paid == 0 && resolved) resolved_pending = true;
          if (paid == 1 && !(resolved && it->second == static_cast<std::int64_t>(TransferKind::kPostPending)))
            unposted_paid = true;
        }
        if (resolved_pending)
          report.violations.push_back({"order_state", "a pending order's transfer is already resolved"});
        if (unposted_paid) report.violations.push_back({"order_state", "a paid order has no posting"});
        report.assignments_changed = order_side.changed;
        report.assignments_checked = order_side.checked;
        if (order_side.paid_beyond_assigned != 0)
          report.violations.push_back(
              {"paid_within_assigned",
               std::to_string(order_side.paid_beyond_assigned) + " assignments paid beyond their schedule"});
        return {};
      }
      // Each order's state agrees with its pending transfer: exactly-once, checked.
      if (count_of(
              sql,
              "SELECT COUNT(*) FROM payment_orders o JOIN ledger_transfers t ON t.pending_id = o.transfer_id "
              "WHERE o.status = 'pending'") != 0)
        report.violations.push_back({"order_state", "a pending order's transfer is already resolved"});
      if (count_of(
              sql,
              "SELECT COUNT(*) FROM payment_orders o WHERE o.status IN ('posted', 'returned') AND NOT EXISTS "
              "(SELECT 1 FROM ledger_transfers t WHERE t.pending_id = o.transfer_id AND t.kind = 2)") != 0)
        report.violations.push_back({"order_state", "a paid order has no posting"});
      // Paid per assignment ≤ assigned, for every assignment whose schedule payments have
      // seen; a schedule changed since is reconciled (and checked) after the next run.
      report.assignments_changed =
          count_of(sql,
                   "SELECT COUNT(*) FROM assignments a JOIN payment_seen s ON s.assignment_id = a.id "
                   "WHERE s.version <> a.version");
      report.assignments_checked = count_of(sql, "SELECT COUNT(*) FROM payment_seen");
      const long long over = count_of(
          sql,
          "SELECT COUNT(*) FROM (SELECT assignment_id, SUM(amount) AS paid FROM payment_orders WHERE status "
          "= 'posted' "
          "GROUP BY assignment_id) p JOIN assignments a ON a.id = p.assignment_id JOIN payment_seen s ON "
          "s.assignment_id = a.id AND s.version = a.version WHERE p.paid - COALESCE((SELECT SUM(r.amount - "
          "r.recovered) "
          "FROM payment_recoveries r WHERE r.assignment_id = p.assignment_id), 0) > COALESCE((SELECT "
          "SUM(am.amount) FROM "
          "assignment_months am WHERE am.assignment_id = p.assignment_id), 0)");
      if (over != 0)
        report.violations.push_back(
            {"paid_within_assigned", std::to_string(over) + " assignments paid beyond their schedule"});
      return {};
    }));
    return report;
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<payments::PaymentsStore> make_payments_store(Database& db) {
  return std::make_unique<SqlPaymentsStore>(db);
}

Result<void> put_schedule_fixture(Database& db, const std::vector<ScheduleFixture>& rows) {
  return db.write([&](soci::session& sql) -> Result<void> {
    const std::string now = now_utc();
    std::string id, programme, iin, territory, frequency, from, to, organisation, account, month;
    int version = 0;
    long long amount = 0;
    soci::statement del_months =
        (sql.prepare << "DELETE FROM assignment_months WHERE assignment_id = :id", soci::use(id));
    soci::statement del = (sql.prepare << "DELETE FROM assignments WHERE id = :id", soci::use(id));
    soci::statement ins =
        (sql.prepare << "INSERT INTO assignments (id, pack_id, programme, recipient_iin, territory, "
                        "frequency, period_from, "
                        "period_to, status, payment_organisation, account, version, data, created_at, "
                        "updated_at) VALUES "
                        "(:id, 'fixture', :p, :i, :t, :f, :fr, :to, 'active', :o, :a, :v, '{}', :c, :u)",
         soci::use(id), soci::use(programme), soci::use(iin), soci::use(territory), soci::use(frequency),
         soci::use(from), soci::use(to), soci::use(organisation), soci::use(account), soci::use(version),
         soci::use(now), soci::use(now));
    soci::statement ins_month =
        (sql.prepare << "INSERT INTO assignment_months (assignment_id, month, amount) VALUES (:id, "
                        ":m, :a)",
         soci::use(id), soci::use(month), soci::use(amount));
    for (const auto& r : rows) {
      id = r.id;
      programme = r.programme;
      iin = r.recipient_iin;
      territory = r.territory;
      frequency = r.frequency;
      from = r.period_from.iso();
      to = r.period_to.iso();
      organisation = r.organisation;
      account = r.account;
      version = r.version;
      del_months.execute(true);
      del.execute(true);
      ins.execute(true);
      for (const auto& [m, a] : r.months) {
        month = m.iso();
        amount = a;
        ins_month.execute(true);
      }
    }
    return {};
  });
}

}  // namespace komek::store
