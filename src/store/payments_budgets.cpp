#include "store/payments_budgets.hpp"

#include "store/case_store.hpp"
#include "store/payments_ledger.hpp"
#include "store/rows.hpp"
#include "store/sql_text.hpp"

namespace komek::store::payments_sql {
namespace {

using namespace komek::payments;

// ---- budgets ----------------------------------------------------------------------------

inline constexpr std::string_view kSelectBudget = R"sql(
  SELECT programme, territory, year, allocation, amendments FROM budgets
  WHERE programme = :p AND territory = :t AND year = :y
)sql";

inline constexpr std::string_view kSelectBudgetsOfTerritory = R"sql(
  SELECT programme, territory, year, allocation, amendments FROM budgets
  WHERE territory LIKE :p ORDER BY year, territory, programme
)sql";

inline constexpr std::string_view kInsertBudget = R"sql(
  INSERT INTO budgets (programme, territory, year, allocation, amendments, updated_at)
  VALUES (:p, :t, :y, :a, :n, :u)
)sql";

inline constexpr std::string_view kUpdateBudget = R"sql(
  UPDATE budgets SET allocation = :a, amendments = :n, updated_at = :u
  WHERE programme = :p AND territory = :t AND year = :y
)sql";

inline constexpr std::string_view kInsertAmendment = R"sql(
  INSERT INTO budget_amendments (programme, territory, year, amount, reason, decided_on, actor, created_at)
  VALUES (:p, :t, :y, :a, :r, :d, :ac, :c)
)sql";

// ---- demands ----------------------------------------------------------------------------

inline constexpr std::string_view kSelectDemandColumns = R"sql(
  SELECT id, programme, territory, year, kind, payment_month, formed_on, application_on, application_due,
         transfer_due, transfer_on, orders_due, amount, fees, lines, status, refusal
  FROM payment_demands )sql";
// The unique key of the table.
inline constexpr std::string_view kWhereDemandKey = R"sql(
  WHERE programme = :p AND territory = :t AND year = :y AND kind = :k AND payment_month = :m AND key_date = :d
)sql";
inline constexpr std::string_view kWhereDemandWaits = R"sql(
  WHERE status IN ('applied', 'refused') AND territory LIKE :p ORDER BY formed_on DESC, id LIMIT :limit
)sql";
inline constexpr std::string_view kWhereDemandOfTerritory = R"sql(
  WHERE territory LIKE :p ORDER BY formed_on DESC, id LIMIT :limit
)sql";
inline constexpr std::string_view kSelectDemandByKey = sql::join<kSelectDemandColumns, kWhereDemandKey>;
inline constexpr std::string_view kSelectDemandsWaiting = sql::join<kSelectDemandColumns, kWhereDemandWaits>;
inline constexpr std::string_view kSelectDemandsOfTerritory =
    sql::join<kSelectDemandColumns, kWhereDemandOfTerritory>;

// Budget lines are per district; a territory prefix meets a district when their first four
// digits (or the prefix, if shorter) agree.
inline constexpr std::string_view kSelectPeriodicMonthDone = R"sql(
  SELECT COUNT(*), SUM(CASE WHEN EXISTS (
           SELECT 1 FROM payment_demands d
           WHERE d.programme = b.programme AND d.territory = b.territory AND d.year = b.year
             AND d.kind = 'periodic' AND d.payment_month = :m AND d.status = 'transferred')
         THEN 1 ELSE 0 END)
  FROM budgets b WHERE b.year = :y AND substr(b.territory, 1, 4) LIKE :p
)sql";

inline constexpr std::string_view kInsertDemand = R"sql(
  INSERT INTO payment_demands (id, programme, territory, year, kind, payment_month, key_date, formed_on,
                               application_on, application_due, transfer_due, transfer_on, orders_due, amount, fees,
                               lines, status, refusal)
  VALUES (:id, :p, :t, :y, :k, :m, :key, :f, :ao, :ad, :td, :to, :od, :a, :fe, :l, :s, :r)
)sql";

inline constexpr std::string_view kUpdateDemand = R"sql(
  UPDATE payment_demands SET transfer_on = :to, orders_due = :od, amount = :a, fees = :fe, lines = :l, status = :s,
                             refusal = :r
  WHERE id = :id
)sql";

// Demands waiting for money are few (one per line and month or day): the cap is a guard.
constexpr long long kWaitingDemandsMax = 10'000;

// budgets in the order of kSelectBudget*.
struct BudgetRow {
  std::string programme, territory;
  int year = 0, amendments = 0;
  long long allocation = 0;

  void exchange(soci::statement& st) {
    st.exchange(soci::into(programme));
    st.exchange(soci::into(territory));
    st.exchange(soci::into(year));
    st.exchange(soci::into(allocation));
    st.exchange(soci::into(amendments));
  }
  [[nodiscard]] Budget value() const { return Budget{{programme, territory, year}, allocation, amendments}; }
};

// payment_demands in the order of kSelectDemandColumns.
struct DemandRow {
  std::string id, programme, territory, kind, month, formed, application_on, application_due, transfer_due,
      transfer_on, orders_due, status, refusal;
  int year = 0, lines = 0;
  long long amount = 0, fees = 0;
  soci::indicator transfer_on_ind = soci::i_null, orders_due_ind = soci::i_null;

  void exchange(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(programme));
    st.exchange(soci::into(territory));
    st.exchange(soci::into(year));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(month));
    st.exchange(soci::into(formed));
    st.exchange(soci::into(application_on));
    st.exchange(soci::into(application_due));
    st.exchange(soci::into(transfer_due));
    st.exchange(soci::into(transfer_on, transfer_on_ind));
    st.exchange(soci::into(orders_due, orders_due_ind));
    st.exchange(soci::into(amount));
    st.exchange(soci::into(fees));
    st.exchange(soci::into(lines));
    st.exchange(soci::into(status));
    st.exchange(soci::into(refusal));
  }
  [[nodiscard]] Demand value() const {
    Demand d;
    d.id = id;
    d.line = {programme, territory, year};
    d.kind = kind == "periodic" ? DemandKind::kPeriodic : DemandKind::kDaily;
    d.payment_month = stored_month(month);
    d.formed_on = stored_date(formed);
    d.application_on = stored_date(application_on);
    d.application_due = stored_date(application_due);
    d.transfer_due = stored_date(transfer_due);
    d.transfer_on = stored_optional_date(transfer_on, transfer_on_ind);
    d.orders_due = stored_optional_date(orders_due, orders_due_ind);
    d.amount = amount;
    d.fees = fees;
    d.lines = lines;
    d.status = status == "transferred" ? DemandStatus::kTransferred
               : status == "refused"   ? DemandStatus::kRefused
                                       : DemandStatus::kApplied;
    d.refusal = refusal;
    return d;
  }
};

template <typename... Params>
std::vector<Demand> read_demands(soci::session& sql, std::string_view query, Params&... params) {
  std::vector<Demand> out;
  DemandRow row;
  soci::statement st = prepare_rows(sql, query, row, params...);
  st.execute();
  while (st.fetch()) out.push_back(row.value());
  return out;
}

// The ledger's balance of the line's account of `kind` (0 when the account is not open yet).
std::int64_t balance(const Ledger& ledger, AccountKind kind, const BudgetLine& line) {
  const Account* a = ledger.find(kind, line);
  return a == nullptr ? 0 : a->balance();
}

}  // namespace

Result<std::optional<Budget>> find_budget(soci::session& sql, const BudgetLine& line) {
  int year = line.year;
  BudgetRow row;
  soci::statement st = prepare_rows(sql, kSelectBudget, row, line.programme, line.territory, year);
  st.execute();
  if (!st.fetch()) return std::optional<Budget>();
  return std::optional<Budget>(row.value());
}

Result<void> save_budget(soci::session& sql, const Budget& b, bool is_new) {
  long long allocation = b.allocation;
  int amendments = static_cast<int>(b.amendments), year = b.line.year;
  const std::string now = now_utc();
  if (is_new)
    sql << kInsertBudget, soci::use(b.line.programme), soci::use(b.line.territory), soci::use(year),
        soci::use(allocation), soci::use(amendments), soci::use(now);
  else
    sql << kUpdateBudget, soci::use(allocation), soci::use(amendments), soci::use(now),
        soci::use(b.line.programme), soci::use(b.line.territory), soci::use(year);
  return {};
}

Result<void> add_amendment(soci::session& sql, const BudgetLine& line, std::int64_t amount,
                           const std::string& reason, Date on, const std::string& actor) {
  long long a = amount;
  int year = line.year;
  const std::string day = on.iso(), now = now_utc();
  sql << kInsertAmendment, soci::use(line.programme), soci::use(line.territory), soci::use(year),
      soci::use(a), soci::use(reason), soci::use(day), soci::use(actor), soci::use(now);
  return {};
}

Result<std::vector<BudgetStatus>> budget_statuses(soci::session& sql, const std::string& prefix) {
  KOMEK_TRY(accounts, load_accounts(sql));
  const Ledger ledger(std::move(accounts), 1, 1);
  std::vector<BudgetStatus> out;
  const std::string like = prefix + "%";
  BudgetRow row;
  soci::statement st = prepare_rows(sql, kSelectBudgetsOfTerritory, row, like);
  st.execute();
  while (st.fetch()) {
    BudgetStatus s;
    s.budget = row.value();
    const BudgetLine& line = s.budget.line;
    s.remaining = balance(ledger, AccountKind::kAuthorizedBody, line);
    s.transferred = s.budget.allocation - s.remaining;
    s.paid = balance(ledger, AccountKind::kPaid, line);
    s.overpaid = balance(ledger, AccountKind::kOverpaid, line);
    s.fees = balance(ledger, AccountKind::kBankFees, line);
    const Account* payable = ledger.find(AccountKind::kRecipientPayable, line);
    s.pending = payable == nullptr ? 0 : payable->debits_pending;
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::optional<Demand>> find_demand(soci::session& sql, const BudgetLine& line, DemandKind kind,
                                          Month month, Date key) {
  int year = line.year;
  const std::string kind_name(demand_kind_name(kind)), month_text = month.iso(), key_text = key.iso();
  auto found = read_demands(sql, kSelectDemandByKey, line.programme, line.territory, year, kind_name,
                            month_text, key_text);
  if (found.empty()) return std::optional<Demand>();
  return std::optional<Demand>(std::move(found.front()));
}

Result<std::vector<Demand>> demands_to_transfer(soci::session& sql, const std::string& prefix) {
  const std::string like = prefix + "%";
  long long limit = kWaitingDemandsMax;
  return read_demands(sql, kSelectDemandsWaiting, like, limit);
}

Result<bool> periodic_month_done(soci::session& sql, Month month, const std::string& prefix) {
  const std::string district = prefix.substr(0, 4) + "%", m = month.iso();
  int year = month.year();
  long long lines = 0, done = 0;
  soci::indicator done_ind = soci::i_null;
  sql << kSelectPeriodicMonthDone, soci::use(m), soci::use(year), soci::use(district), soci::into(lines),
      soci::into(done, done_ind);
  return lines > 0 && done_ind == soci::i_ok && done == lines;
}

Result<void> insert_demand(soci::session& sql, const Demand& d) {
  int year = d.line.year, lines = d.lines;
  long long amount = d.amount, fees = d.fees;
  // A periodic demand is keyed by its month, a daily one by its day.
  const std::string kind(demand_kind_name(d.kind)),
      month = d.payment_month.iso(),
      key = d.kind == DemandKind::kPeriodic ? d.payment_month.first_day().iso() : d.formed_on.iso(),
      formed = d.formed_on.iso(), app_on = d.application_on.iso(), app_due = d.application_due.iso(),
      tr_due = d.transfer_due.iso(), tr_on = d.transfer_on ? d.transfer_on->iso() : "",
      or_due = d.orders_due ? d.orders_due->iso() : "", status(demand_status_name(d.status));
  soci::indicator tri = null_unless(d.transfer_on.has_value()), odi = null_unless(d.orders_due.has_value());
  sql << kInsertDemand, soci::use(d.id), soci::use(d.line.programme), soci::use(d.line.territory),
      soci::use(year), soci::use(kind), soci::use(month), soci::use(key), soci::use(formed),
      soci::use(app_on), soci::use(app_due), soci::use(tr_due), soci::use(tr_on, tri), soci::use(or_due, odi),
      soci::use(amount), soci::use(fees), soci::use(lines), soci::use(status), soci::use(d.refusal);
  return {};
}

Result<void> update_demand(soci::session& sql, const Demand& d) {
  int lines = d.lines;
  long long amount = d.amount, fees = d.fees;
  const std::string tr_on = d.transfer_on ? d.transfer_on->iso() : "",
                    or_due = d.orders_due ? d.orders_due->iso() : "", status(demand_status_name(d.status));
  soci::indicator tri = null_unless(d.transfer_on.has_value()), odi = null_unless(d.orders_due.has_value());
  sql << kUpdateDemand, soci::use(tr_on, tri), soci::use(or_due, odi), soci::use(amount), soci::use(fees),
      soci::use(lines), soci::use(status), soci::use(d.refusal), soci::use(d.id);
  return {};
}

Result<std::vector<Demand>> list_demands(soci::session& sql, const std::string& prefix, std::size_t limit) {
  const std::string like = prefix + "%";
  long long cap = limit_of(limit);
  return read_demands(sql, kSelectDemandsOfTerritory, like, cap);
}

}  // namespace komek::store::payments_sql
