#include "store/payments_results.hpp"

#include "store/case_store.hpp"
#include "store/rows.hpp"

namespace komek::store::payments_sql {
namespace {

using namespace komek::payments;

inline constexpr std::string_view kInsertRecovery = R"sql(
  INSERT INTO payment_recoveries (id, assignment_id, month, programme, territory, year, amount, recovered, detected_on)
  VALUES (:id, :a, :m, :p, :t, :y, :am, :r, :d)
)sql";

inline constexpr std::string_view kSelectOpenRecoveries = R"sql(
  SELECT id, programme, territory, year, amount, recovered, detected_on FROM payment_recoveries
  WHERE assignment_id = :a AND month = :m AND recovered < amount ORDER BY id
)sql";

inline constexpr std::string_view kUpdateRecovery = R"sql(
  UPDATE payment_recoveries SET recovered = :r, recovered_on = :o, due_by = :d WHERE id = :id
)sql";

inline constexpr std::string_view kCountAppliedResults = R"sql(
  SELECT COUNT(*) FROM payment_results WHERE order_id = :o AND result = :r AND outcome = 'applied'
)sql";

inline constexpr std::string_view kInsertResult = R"sql(
  INSERT INTO payment_results (file, line, order_id, result, result_on, reason, outcome, received_on, created_at)
  VALUES (:f, :l, :o, :r, :ro, :re, :out, :rec, :c)
)sql";

// payment_recoveries in the order of kSelectOpenRecoveries (the assignment and the month are
// the ones asked for).
struct RecoveryRow {
  std::string id, programme, territory, detected;
  long long amount = 0, recovered = 0;
  int year = 0;

  void exchange(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(programme));
    st.exchange(soci::into(territory));
    st.exchange(soci::into(year));
    st.exchange(soci::into(amount));
    st.exchange(soci::into(recovered));
    st.exchange(soci::into(detected));
  }
  [[nodiscard]] Recovery value(const std::string& assignment_id, Month month) const {
    Recovery r;
    r.id = id;
    r.assignment_id = assignment_id;
    r.month = month;
    r.line = {programme, territory, year};
    r.amount = amount;
    r.recovered = recovered;
    r.detected_on = stored_date(detected);
    return r;
  }
};

}  // namespace

Result<void> insert_recovery(soci::session& sql, const Recovery& r) {
  long long amount = r.amount, recovered = r.recovered;
  int year = r.line.year;
  const std::string month = r.month.iso(), detected = r.detected_on.iso();
  sql << kInsertRecovery, soci::use(r.id), soci::use(r.assignment_id), soci::use(month),
      soci::use(r.line.programme), soci::use(r.line.territory), soci::use(year), soci::use(amount),
      soci::use(recovered), soci::use(detected);
  return {};
}

Result<std::vector<Recovery>> open_recoveries(soci::session& sql, const std::string& assignment_id,
                                              Month month) {
  std::vector<Recovery> out;
  const std::string m = month.iso();
  RecoveryRow row;
  soci::statement st = prepare_rows(sql, kSelectOpenRecoveries, row, assignment_id, m);
  st.execute();
  while (st.fetch()) out.push_back(row.value(assignment_id, month));
  return out;
}

Result<void> update_recovery(soci::session& sql, const Recovery& r) {
  long long recovered = r.recovered;
  const std::string on = r.recovered_on ? r.recovered_on->iso() : "", due = r.due_by ? r.due_by->iso() : "";
  soci::indicator on_ind = null_unless(r.recovered_on.has_value()),
                  due_ind = null_unless(r.due_by.has_value());
  sql << kUpdateRecovery, soci::use(recovered), soci::use(on, on_ind), soci::use(due, due_ind),
      soci::use(r.id);
  return {};
}

Result<bool> result_applied(soci::session& sql, const std::string& order_id, ResultKind result) {
  int n = 0;
  const std::string r(result_kind_name(result));
  sql << kCountAppliedResults, soci::use(order_id), soci::use(r), soci::into(n);
  return n > 0;
}

Result<void> log_result(soci::session& sql, const ResultLine& l, const std::string& file,
                        const std::string& outcome, Date on) {
  const std::string result(result_kind_name(l.result)), result_on = l.on.iso(), received = on.iso(),
                                                        now = now_utc();
  int line = l.line;
  sql << kInsertResult, soci::use(file), soci::use(line), soci::use(l.order_id), soci::use(result),
      soci::use(result_on), soci::use(l.reason), soci::use(outcome), soci::use(received), soci::use(now);
  return {};
}

}  // namespace komek::store::payments_sql
