#include "store/payments_ledger.hpp"

#include <map>
#include <string>

#include "store/rows.hpp"
#include "store/sql_text.hpp"
#include "store/sqlite_native.hpp"

namespace komek::store::payments_sql {
namespace {

using namespace komek::payments;

inline constexpr std::string_view kSelectAccounts = R"sql(
  SELECT id, kind, programme, territory, year, debits_posted, credits_posted, debits_pending, credits_pending
  FROM ledger_accounts ORDER BY id
)sql";

inline constexpr std::string_view kUpdateAccount = R"sql(
  UPDATE ledger_accounts SET debits_posted = :dp, credits_posted = :cp, debits_pending = :dq, credits_pending = :cq
  WHERE id = :id
)sql";

inline constexpr std::string_view kInsertAccount = R"sql(
  INSERT INTO ledger_accounts (id, kind, programme, territory, year, debits_posted, credits_posted, debits_pending,
                               credits_pending)
  VALUES (:id, :kind, :p, :t, :y, :dp, :cp, :dq, :cq)
)sql";

inline constexpr std::string_view kSelectLastTransferId = "SELECT MAX(id) FROM ledger_transfers";

inline constexpr std::string_view kSelectTransfer = R"sql(
  SELECT debit_account, credit_account, amount, kind, pending_id, pending_amount, code, on_date, timeout,
         assignment_id, order_id, month
  FROM ledger_transfers WHERE id = :id
)sql";

inline constexpr std::string_view kCountResolutions =
    "SELECT COUNT(*) FROM ledger_transfers WHERE pending_id = :p";

inline constexpr std::string_view kInsertTransfer = R"sql(
  INSERT INTO ledger_transfers (id, debit_account, credit_account, amount, kind, pending_id, pending_amount, reverses,
                                code, on_date, timeout, assignment_id, order_id, month)
  VALUES (:id, :d, :c, :a, :k, :p, :pa, :r, :code, :on, :t, :as, :o, :m)
)sql";

// The native path's INSERT of many rows at once: SQLite's per-statement work is paid once for
// kTransferRows transfers.
inline constexpr std::string_view kInsertTransfersHead = R"sql(
  INSERT INTO ledger_transfers (id, debit_account, credit_account, amount, kind, pending_id, pending_amount, reverses,
                                code, on_date, timeout, assignment_id, order_id, month) VALUES )sql";
constexpr int kTransferColumns = 14;
constexpr std::size_t kTransferRows = 64;
inline constexpr std::string_view kInsertTransfersMany =
    sql::join<kInsertTransfersHead, sql::placeholders<kTransferColumns, kTransferRows>>;
inline constexpr std::string_view kInsertTransfersOne =
    sql::join<kInsertTransfersHead, sql::placeholders<kTransferColumns, 1>>;

// ledger_accounts in the order of kSelectAccounts.
struct AccountRow {
  long long id = 0, debits_posted = 0, credits_posted = 0, debits_pending = 0, credits_pending = 0;
  int year = 0;
  std::string kind, programme, territory;

  void exchange(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(programme));
    st.exchange(soci::into(territory));
    st.exchange(soci::into(year));
    st.exchange(soci::into(debits_posted));
    st.exchange(soci::into(credits_posted));
    st.exchange(soci::into(debits_pending));
    st.exchange(soci::into(credits_pending));
  }
  [[nodiscard]] Account value() const {
    auto k = parse_account_kind(kind);
    if (!k) throw std::runtime_error("stored account kind '" + kind + "' is unknown");
    return Account{
        id, *k, {programme, territory, year}, debits_posted, credits_posted, debits_pending, credits_pending};
  }
};

// ledger_transfers in the order of kSelectTransfer (the id is the one asked for).
struct TransferRow {
  long long debit = 0, credit = 0, amount = 0, pending_id = 0, pending_amount = 0;
  int kind = 0;
  std::string code, on, timeout, assignment, order, month;
  soci::indicator pending_ind = soci::i_null, timeout_ind = soci::i_null, assignment_ind = soci::i_null,
                  order_ind = soci::i_null, month_ind = soci::i_null;

  void exchange(soci::statement& st) {
    st.exchange(soci::into(debit));
    st.exchange(soci::into(credit));
    st.exchange(soci::into(amount));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(pending_id, pending_ind));
    st.exchange(soci::into(pending_amount));
    st.exchange(soci::into(code));
    st.exchange(soci::into(on));
    st.exchange(soci::into(timeout, timeout_ind));
    st.exchange(soci::into(assignment, assignment_ind));
    st.exchange(soci::into(order, order_ind));
    st.exchange(soci::into(month, month_ind));
  }
  [[nodiscard]] Transfer value(std::int64_t id) const {
    Transfer t;
    t.id = id;
    t.debit_account = debit;
    t.credit_account = credit;
    t.amount = amount;
    t.kind = static_cast<TransferKind>(kind);
    t.pending_id = pending_ind == soci::i_ok ? pending_id : 0;
    t.pending_amount = pending_amount;
    t.code = code;
    t.on = stored_date(on);
    t.timeout = stored_optional_date(timeout, timeout_ind);
    t.refs = {assignment_ind == soci::i_ok ? assignment : "", order_ind == soci::i_ok ? order : "",
              month_ind == soci::i_ok ? month : ""};
    return t;
  }
};

void save_accounts(soci::session& sql, const Ledger& ledger) {
  for (const auto& a : ledger.changed_accounts()) {
    long long id = a.id, dp = a.debits_posted, cp = a.credits_posted, dq = a.debits_pending,
              cq = a.credits_pending;
    int year = a.line.year;
    const std::string kind(account_kind_name(a.kind));
    soci::statement up = (sql.prepare << kUpdateAccount, soci::use(dp), soci::use(cp), soci::use(dq),
                          soci::use(cq), soci::use(id));
    up.execute(true);
    if (up.get_affected_rows() != 0) continue;
    sql << kInsertAccount, soci::use(id), soci::use(kind), soci::use(a.line.programme),
        soci::use(a.line.territory), soci::use(year), soci::use(dp), soci::use(cp), soci::use(dq),
        soci::use(cq);
  }
}

// Binds one transfer as the row starting after parameter `base` of kInsertTransfers*; the
// dates' texts come from `date_text`, made once per date.
template <typename DateText>
void bind_transfer(sqlite::Statement& st, int base, const Transfer& t, DateText& date_text) {
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
}

// On SQLite: many rows per INSERT, as for the orders; the dates' texts made once.
void append_transfers_native(sqlite::Connection* db, const std::vector<Transfer>& ts) {
  sqlite::Statement many(db, kInsertTransfersMany);
  sqlite::Statement one(db, kInsertTransfersOne);
  // The bound texts must stay put until each statement runs: a map's nodes do not move.
  std::map<Date, std::string> dates;
  auto date_text = [&](Date d) -> const std::string& {
    auto it = dates.find(d);
    return it != dates.end() ? it->second : dates.emplace(d, d.iso()).first->second;
  };
  std::size_t i = 0;
  for (; i + kTransferRows <= ts.size(); i += kTransferRows) {
    for (std::size_t r = 0; r < kTransferRows; ++r)
      bind_transfer(many, static_cast<int>(r) * kTransferColumns, ts[i + r], date_text);
    many.run();
  }
  for (; i < ts.size(); ++i) {
    bind_transfer(one, 0, ts[i], date_text);
    one.run();
  }
}

void append_transfers(soci::session& sql, const std::vector<Transfer>& ts) {
  long long id = 0, debit = 0, credit = 0, amount = 0, pending_id = 0, pending_amount = 0, reverses = 0;
  int kind = 0;
  std::string code, on, timeout, assignment, order, month;
  soci::indicator pi = soci::i_null, ri = soci::i_null, ti = soci::i_null, ai = soci::i_null,
                  oi = soci::i_null, mi = soci::i_null;
  soci::statement st =
      (sql.prepare << kInsertTransfer, soci::use(id), soci::use(debit), soci::use(credit), soci::use(amount),
       soci::use(kind), soci::use(pending_id, pi), soci::use(pending_amount), soci::use(reverses, ri),
       soci::use(code), soci::use(on), soci::use(timeout, ti), soci::use(assignment, ai),
       soci::use(order, oi), soci::use(month, mi));
  std::string last_on;
  Date last_date;
  for (const auto& t : ts) {
    id = t.id;
    debit = t.debit_account;
    credit = t.credit_account;
    amount = t.amount;
    kind = static_cast<int>(t.kind);
    pending_id = t.pending_id;
    pi = null_unless(t.pending_id != 0);
    pending_amount = t.pending_amount;
    reverses = t.reverses;
    ri = null_unless(t.reverses != 0);
    code = t.code;
    if (last_on.empty() || !(t.on == last_date)) {
      last_on = t.on.iso();
      last_date = t.on;
    }
    on = last_on;
    timeout = t.timeout ? t.timeout->iso() : std::string();
    ti = null_unless(t.timeout.has_value());
    assignment = t.refs.assignment_id;
    ai = null_unless(!assignment.empty());
    order = t.refs.order_id;
    oi = null_unless(!order.empty());
    month = t.refs.month;
    mi = null_unless(!month.empty());
    st.execute(true);
  }
}

}  // namespace

Result<std::vector<Account>> load_accounts(soci::session& sql) {
  std::vector<Account> out;
  AccountRow row;
  soci::statement st = prepare_rows(sql, kSelectAccounts, row);
  st.execute();
  while (st.fetch()) out.push_back(row.value());
  return out;
}

Result<std::int64_t> next_transfer_id(soci::session& sql) {
  long long max_id = 0;
  soci::indicator ind = soci::i_null;
  sql << kSelectLastTransferId, soci::into(max_id, ind);
  return ind == soci::i_ok ? max_id + 1 : 1;
}

Result<std::optional<Transfer>> find_transfer(soci::session& sql, std::int64_t id) {
  long long key = id;
  TransferRow row;
  soci::statement st = prepare_rows(sql, kSelectTransfer, row, key);
  st.execute();
  if (!st.fetch()) return std::optional<Transfer>();
  return std::optional<Transfer>(row.value(key));
}

Result<bool> pending_resolved(soci::session& sql, std::int64_t pending_id) {
  long long key = pending_id;
  int n = 0;
  sql << kCountResolutions, soci::use(key), soci::into(n);
  return n > 0;
}

Result<void> save_ledger(soci::session& sql, const Ledger& ledger) {
  save_accounts(sql, ledger);
  const auto& ts = ledger.appended();
  if (ts.empty()) return {};
  if (sqlite::Connection* db = sqlite::connection_of(sql); db != nullptr)
    append_transfers_native(db, ts);
  else
    append_transfers(sql, ts);
  return {};
}

}  // namespace komek::store::payments_sql
