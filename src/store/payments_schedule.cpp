#include "store/payments_schedule.hpp"

#include <unordered_map>

#include "store/rows.hpp"
#include "store/sql_text.hpp"

namespace komek::store::payments_sql {
namespace {

using namespace komek::payments;

// ---- the schedule with its orders, for both back ends ---------------------------------------
// Each query gives (assignment_id, month, due) and then the columns of kDueColumns.
//
// What covers a month: pending and posted orders; expired ones (their outcome is unknown and is
// reconciled by hand, so they are never re-sent on their own, R6); rejected and returned ones
// while the recipient's account is still the one that failed (a new account makes them due
// again). Encoded as SUM * 2 + (any pending) to read both with one lookup.
inline constexpr std::string_view kDueColumns = R"sql(,
  a.programme, a.territory, a.frequency, a.payment_organisation, a.account, a.recipient_iin, a.version,
  COALESCE((SELECT SUM(o.amount) * 2 + MAX(CASE WHEN o.status = 'pending' THEN 1 ELSE 0 END)
            FROM payment_orders o
            WHERE o.assignment_id = am.assignment_id AND o.month = am.month
              AND (o.status IN ('pending', 'posted', 'expired')
                   OR (o.account = a.account AND o.organisation = a.payment_organisation))), 0),
  COALESCE((SELECT SUM(o.amount) FROM payment_orders o
            WHERE o.assignment_id = am.assignment_id AND o.month = am.month AND o.status = 'posted'), 0),
  COALESCE((SELECT SUM(r.amount - r.recovered) FROM payment_recoveries r
            WHERE r.assignment_id = am.assignment_id AND r.month = am.month), 0)
)sql";
inline constexpr std::string_view kScheduledHead = "SELECT am.assignment_id, am.month, am.amount";
// A month paid for that is no longer in the schedule: due 0.
inline constexpr std::string_view kUnscheduledHead = "SELECT am.assignment_id, am.month, 0";

// The monthly and quarterly lines of the months [:a, :b] (one month: a = b).
inline constexpr std::string_view kPeriodicFrom = R"sql(
  FROM assignment_months am JOIN assignments a ON a.id = am.assignment_id
  WHERE am.month BETWEEN :a AND :b AND a.frequency IN ('monthly', 'quarterly') AND a.territory LIKE :p
)sql";
inline constexpr std::string_view kSelectPeriodicDue = sql::join<kScheduledHead, kDueColumns, kPeriodicFrom>;

// From the (few) one-time and holiday assignments to their months — not from every line of
// 37 months. CROSS JOIN fixes SQLite's join order.
inline constexpr std::string_view kOneTimeFrom = R"sql(
  FROM assignments a CROSS JOIN assignment_months am
  WHERE am.assignment_id = a.id AND am.month BETWEEN :a AND :b AND a.frequency IN ('one_time', 'holiday')
    AND a.territory LIKE :p
)sql";
inline constexpr std::string_view kSelectOneTimeDue = sql::join<kScheduledHead, kDueColumns, kOneTimeFrom>;

// The months whose monthly and quarterly lines the periodic scan gave this run are left out.
// They are bound as one text, "YYYY-MM,YYYY-MM": one parameter of the same type on both back
// ends, however many months. A month is seven characters with neither a comma nor a LIKE
// wildcard, so it matches only a whole month of the list; "" leaves nothing out.
inline constexpr std::string_view kNotPeriodicOfSkippedMonths = R"sql(
    AND NOT (a.frequency IN ('monthly', 'quarterly') AND :skip LIKE ('%' || am.month || '%'))
)sql";

// The schedule of every assignment changed since the payments last saw it.
inline constexpr std::string_view kChangedFrom = R"sql(
  FROM assignments a LEFT JOIN payment_seen s ON s.assignment_id = a.id
  JOIN assignment_months am ON am.assignment_id = a.id AND am.month BETWEEN :a AND :b
  WHERE (s.version IS NULL OR s.version <> a.version) AND a.territory LIKE :p
)sql";
inline constexpr std::string_view kSelectChangedDue =
    sql::join<kScheduledHead, kDueColumns, kChangedFrom, kNotPeriodicOfSkippedMonths>;

// The months paid for (pending or posted) that are no longer in a changed assignment's schedule.
inline constexpr std::string_view kChangedUnscheduledFrom = R"sql(
  FROM assignments a LEFT JOIN payment_seen s ON s.assignment_id = a.id
  JOIN (SELECT DISTINCT assignment_id, month FROM payment_orders
        WHERE month BETWEEN :a AND :b AND status IN ('pending', 'posted')) am ON am.assignment_id = a.id
  WHERE (s.version IS NULL OR s.version <> a.version) AND a.territory LIKE :p
    AND NOT EXISTS (SELECT 1 FROM assignment_months x WHERE x.assignment_id = am.assignment_id AND x.month = am.month)
)sql";
inline constexpr std::string_view kSelectChangedUnscheduled =
    sql::join<kUnscheduledHead, kDueColumns, kChangedUnscheduledFrom>;

// ---- SQLite only: one changed assignment at a time ------------------------------------------
// The same two reads as kSelectChanged*, for one assignment (:id), when a few changed among
// many: each is then looked up by its id instead of the whole territory being scanned.
inline constexpr std::string_view kOneFrom = R"sql(
  FROM assignments a JOIN assignment_months am ON am.assignment_id = a.id AND am.month BETWEEN :a AND :b
  WHERE a.id = :id
)sql";
inline constexpr std::string_view kSelectDueOfOne =
    sql::join<kScheduledHead, kDueColumns, kOneFrom, kNotPeriodicOfSkippedMonths>;

// Every month of the range is listed (:months, a JSON array) so that SQLite seeks the
// month-first index once per month and assignment instead of scanning the range.
inline constexpr std::string_view kOneUnscheduledFrom = R"sql(
  FROM (SELECT DISTINCT assignment_id, month FROM payment_orders
        WHERE month BETWEEN :a AND :b AND month IN (SELECT value FROM json_each(:months))
          AND assignment_id = :id AND status IN ('pending', 'posted')) am
  JOIN assignments a ON a.id = am.assignment_id
  WHERE NOT EXISTS (SELECT 1 FROM assignment_months x WHERE x.assignment_id = am.assignment_id AND x.month = am.month)
)sql";
inline constexpr std::string_view kSelectUnscheduledOfOne =
    sql::join<kUnscheduledHead, kDueColumns, kOneUnscheduledFrom>;

// ---- SQLite only: the month's lines merged with its orders (native API) ---------------------
inline constexpr std::string_view kSelectOpenRecoveriesOfMonth = R"sql(
  SELECT assignment_id, SUM(amount - recovered) FROM payment_recoveries WHERE month = ?1 GROUP BY assignment_id
)sql";
inline constexpr std::string_view kSelectOrdersOfMonth = R"sql(
  SELECT assignment_id, amount, status, account, organisation FROM payment_orders INDEXED BY payment_orders_month
  WHERE month = ?1 ORDER BY month, assignment_id
)sql";
inline constexpr std::string_view kSelectPeriodicLinesOfMonth = R"sql(
  SELECT am.assignment_id, am.amount, a.programme, a.territory, a.frequency, a.payment_organisation, a.account,
         a.recipient_iin, a.version
  FROM assignment_months am INDEXED BY payments_schedule_month
  JOIN assignments a INDEXED BY payments_assignment_payee ON a.id = am.assignment_id
  WHERE am.month = ?1 AND a.frequency IN ('monthly', 'quarterly') AND a.territory LIKE ?2
  ORDER BY am.month, am.assignment_id
)sql";

// ---- what the payments saw ------------------------------------------------------------------
inline constexpr std::string_view kSelectVersionsOfTerritory = R"sql(
  SELECT id, version FROM assignments INDEXED BY payments_assignment_payee WHERE territory LIKE ?1 ORDER BY id
)sql";
inline constexpr std::string_view kSelectSeen =
    "SELECT assignment_id, version FROM payment_seen ORDER BY assignment_id";
inline constexpr std::string_view kUpsertSeenOne = R"sql(
  INSERT INTO payment_seen (assignment_id, version) SELECT id, version FROM assignments WHERE id = ?1
  ON CONFLICT (assignment_id) DO UPDATE SET version = excluded.version
)sql";
inline constexpr std::string_view kUpsertSeenChanged = R"sql(
  INSERT INTO payment_seen (assignment_id, version)
  SELECT a.id, a.version FROM assignments a LEFT JOIN payment_seen s ON s.assignment_id = a.id
  WHERE (s.version IS NULL OR s.version <> a.version) AND a.territory LIKE :p
  ON CONFLICT (assignment_id) DO UPDATE SET version = excluded.version
)sql";
inline constexpr std::string_view kDeleteSeen = "DELETE FROM payment_seen WHERE assignment_id = :id";

// Above this many changed assignments, mark_seen() writes them with one statement rather
// than one at a time.
constexpr std::size_t kSeenOneByOneMax = 100'000;

// A row of the schedule queries above: (assignment_id, month, due) and kDueColumns.
struct DueRow {
  std::string id, month, programme, territory, frequency, organisation, account, iin;
  long long due = 0, covered_code = 0, posted = 0, open_recovery = 0;
  int version = 0;

  void exchange(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(month));
    st.exchange(soci::into(due));
    st.exchange(soci::into(programme));
    st.exchange(soci::into(territory));
    st.exchange(soci::into(frequency));
    st.exchange(soci::into(organisation));
    st.exchange(soci::into(account));
    st.exchange(soci::into(iin));
    st.exchange(soci::into(version));
    st.exchange(soci::into(covered_code));
    st.exchange(soci::into(posted));
    st.exchange(soci::into(open_recovery));
  }
  [[nodiscard]] DueLine value() const {
    DueLine l;
    l.assignment_id = id;
    l.month = stored_month(month);
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
    return l;
  }
};

// A row of kSelectPeriodicLinesOfMonth: the line before its orders are counted.
DueLine scheduled_line(const sqlite::Statement& st, Month month) {
  DueLine l;
  l.assignment_id = st.text(0);
  l.month = month;
  l.due = st.integer(1);
  l.programme = st.text(2);
  l.territory = st.text(3);
  l.frequency = st.text(4);
  l.organisation = st.text(5);
  l.account = st.text(6);
  l.recipient_iin = st.text(7);
  l.version = static_cast<int>(st.integer(8));
  return l;
}

// Counts the orders of kSelectOrdersOfMonth that belong to `l` (the cursor is in assignment
// order, as the lines are), by the same rule as kDueColumns, and leaves the cursor at the next
// assignment's first order.
void count_orders(sqlite::Statement& orders, bool& more_orders, DueLine& l, std::int64_t open_recovery) {
  std::int64_t covered = 0, posted = 0;
  bool pending = false;
  const std::string_view id = l.assignment_id;
  while (more_orders && orders.text(0) < id) more_orders = orders.step();
  while (more_orders && orders.text(0) == id) {
    const std::int64_t amount = orders.integer(1);
    const std::string_view status = orders.text(2);
    if (status == "pending" || status == "posted" || status == "expired" ||
        (orders.text(3) == std::string_view(l.account) && orders.text(4) == std::string_view(l.organisation)))
      covered += amount;
    if (status == "pending") pending = true;
    if (status == "posted") posted += amount;
    more_orders = orders.step();
  }
  l.covered = covered - open_recovery;
  l.pending = pending ? 1 : 0;
  l.posted = posted - open_recovery;
}

// "YYYY-MM,YYYY-MM" of kNotPeriodicOfSkippedMonths (ISO months made here, never the caller's text).
std::string month_list(const std::vector<Month>& months) {
  std::string out;
  for (const Month& m : months) {
    if (!out.empty()) out += ',';
    out += m.iso();
  }
  return out;
}

// ["YYYY-MM", …] of every month [from, to], for kOneUnscheduledFrom.
std::string month_array(Month from, Month to) {
  std::string out = "[";
  for (Month m = from; m <= to; m = m.plus(1)) {
    if (out.size() > 1) out += ',';
    out += '"' + m.iso() + '"';
  }
  return out + "]";
}

// Runs a schedule query with its parameters in order and gives each row to `sink`.
template <typename... Params>
void stream_due(soci::session& sql, std::string_view query, const Schedule::DueSink& sink,
                Params&... params) {
  DueRow row;
  soci::statement st = prepare_rows(sql, query, row, params...);
  st.execute();
  while (st.fetch()) sink(row.value());
}

}  // namespace

Schedule::Schedule(soci::session& sql) : sql_(sql), native_(sqlite::connection_of(sql)) {}

// The monthly demand on SQLite: the month's schedule in assignment order from its covering
// index, merged with the month's orders (also in assignment order) and open recoveries — one
// pass each instead of three correlated lookups per line.
Result<void> Schedule::periodic_due_native(Month month, const std::string& prefix, const LineSkip& skip,
                                           const DueSink& sink) {
  const std::string m = month.iso(), like = prefix + "%";
  std::unordered_map<std::string, std::int64_t> open_recovery;
  {
    sqlite::Statement r(native_, kSelectOpenRecoveriesOfMonth);
    r.bind_text(1, m);
    while (r.step()) open_recovery.emplace(std::string(r.text(0)), r.integer(1));
  }
  sqlite::Statement orders(native_, kSelectOrdersOfMonth);
  orders.bind_text(1, m);
  bool more_orders = orders.step();
  sqlite::Statement lines(native_, kSelectPeriodicLinesOfMonth);
  lines.bind_text(1, m);
  lines.bind_text(2, like);
  while (lines.step()) {
    if (skip(lines.text(2), lines.text(3))) continue;
    DueLine l = scheduled_line(lines, month);
    std::int64_t recovery = 0;
    if (!open_recovery.empty())
      if (auto it = open_recovery.find(l.assignment_id); it != open_recovery.end()) recovery = it->second;
    count_orders(orders, more_orders, l, recovery);
    sink(std::move(l));
  }
  return {};
}

Result<void> Schedule::periodic_due(Month month, const std::string& prefix, const LineSkip& skip,
                                    const DueSink& sink) {
  if (native_ != nullptr) return periodic_due_native(month, prefix, skip, sink);
  const DueSink filtered = [&](DueLine&& l) {
    if (!skip(l.programme, l.territory)) sink(std::move(l));
  };
  const std::string m = month.iso(), like = prefix + "%";
  stream_due(sql_, kSelectPeriodicDue, filtered, m, m, like);
  return {};
}

Result<void> Schedule::one_time_due(Month from, Month to, const std::string& prefix, const DueSink& sink) {
  const std::string a = from.iso(), b = to.iso(), like = prefix + "%";
  stream_due(sql_, kSelectOneTimeDue, sink, a, b, like);
  return {};
}

// The assignments of the territory changed since payments last saw them, on SQLite: the
// assignments (from the payee index) and payment_seen merged in id order — one pass, where a
// join seeks payment_seen once per assignment.
const std::vector<std::string>& Schedule::changed_ids(const std::string& prefix) {
  if (changed_ && changed_prefix_ == prefix) return *changed_;
  std::vector<std::string> out;
  const std::string like = prefix + "%";
  sqlite::Statement a(native_, kSelectVersionsOfTerritory);
  a.bind_text(1, like);
  sqlite::Statement seen(native_, kSelectSeen);
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

// changed_due() for the assignments `ids`, each looked up by its id (SQLite).
Result<void> Schedule::changed_due_each(Month from, Month to, const std::string& skip_months,
                                        const std::vector<std::string>& ids, const DueSink& sink) {
  const std::string a = from.iso(), b = to.iso(), months = month_array(from, to);
  std::string id;
  DueRow row;
  soci::statement scheduled = prepare_rows(sql_, kSelectDueOfOne, row, a, b, id, skip_months);
  for (const auto& each : ids) {
    id = each;
    scheduled.execute();
    while (scheduled.fetch()) sink(row.value());
  }
  soci::statement unscheduled = prepare_rows(sql_, kSelectUnscheduledOfOne, row, a, b, months, id);
  for (const auto& each : ids) {
    id = each;
    unscheduled.execute();
    while (unscheduled.fetch()) sink(row.value());
  }
  return {};
}

Result<void> Schedule::changed_due(Month from, Month to, const std::vector<Month>& periodic_months,
                                   const std::string& prefix, const DueSink& sink) {
  const std::string skip_months = month_list(periodic_months);
  if (native_ != nullptr) {
    const auto& ids = changed_ids(prefix);
    // A few changed among many (every month but the first): each looked up by its id;
    // otherwise the set queries below.
    if (static_cast<long long>(ids.size()) * 10 < assignments_in_prefix_)
      return changed_due_each(from, to, skip_months, ids, sink);
  }
  const std::string a = from.iso(), b = to.iso(), like = prefix + "%";
  stream_due(sql_, kSelectChangedDue, sink, a, b, like, skip_months);
  stream_due(sql_, kSelectChangedUnscheduled, sink, a, b, like);
  return {};
}

Result<void> Schedule::mark_seen(const std::string& prefix, const std::vector<std::string>& deferred) {
  if (native_ != nullptr && changed_ && changed_prefix_ == prefix && changed_->size() < kSeenOneByOneMax) {
    // The changed ones are known from this run's changed_due(): only they are written.
    sqlite::Statement up(native_, kUpsertSeenOne);
    for (const auto& id : *changed_) {
      up.bind_text(1, id);
      up.run();
    }
  } else {
    const std::string like = prefix + "%";
    sql_ << kUpsertSeenChanged, soci::use(like);
  }
  changed_.reset();
  for (const auto& id : deferred) sql_ << kDeleteSeen, soci::use(id);
  return {};
}

}  // namespace komek::store::payments_sql
