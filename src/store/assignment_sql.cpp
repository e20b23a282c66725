#include "store/assignment_sql.hpp"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "cases/assignment_json.hpp"
#include "store/case_store.hpp"

namespace komek::store::aftercare {
namespace {

using json = nlohmann::json;

// The schedule rows of an assignment, rewritten whole: it is small (at most a year's
// months) and always derived from the assignment itself.
void write_schedule(soci::session& sql, const cases::Assignment& a) {
  sql << "DELETE FROM assignment_months WHERE assignment_id = :id", soci::use(a.id);
  for (const auto& p : cases::schedule(a)) {
    const std::string month = p.month.iso();
    const long long amount = p.amount.tiyn();
    sql << "INSERT INTO assignment_months (assignment_id, month, amount) VALUES (:id, :m, :a)", soci::use(a.id),
        soci::use(month), soci::use(amount);
  }
}

template <class T, class Parse>
Result<std::vector<T>> parse_rows(soci::rowset<std::string>& rows, Parse parse) {
  std::vector<T> out;
  for (const auto& data : rows) {
    KOMEK_TRY(x, parse(json::parse(data)));
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace

Result<std::optional<cases::Assignment>> find_assignment(soci::session& sql, std::string_view id) {
  std::string data;
  soci::indicator ind = soci::i_null;
  const std::string key(id);
  sql << "SELECT data FROM assignments WHERE id = :id", soci::use(key), soci::into(data, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::optional<cases::Assignment>();
  KOMEK_TRY(a, cases::assignment_from_json(json::parse(data)));
  return std::optional<cases::Assignment>(std::move(a));
}

Result<void> insert_assignment(soci::session& sql, cases::Assignment& a) {
  a.version = 1;
  const std::string now = now_utc();
  const std::string data = cases::to_json(a).dump();
  const std::string territory = a.territory.code();
  const std::string frequency(cases::frequency_name(a.frequency));
  const std::string status(cases::assignment_status_name(a.status));
  const std::string from = a.period_from.iso(), to = a.period_to.iso();
  const std::string stops = a.termination ? a.termination->payment_stops.iso() : "";
  soci::indicator case_ind = a.case_id.empty() ? soci::i_null : soci::i_ok;
  soci::indicator list_ind = a.list_id.empty() ? soci::i_null : soci::i_ok;
  soci::indicator stops_ind = stops.empty() ? soci::i_null : soci::i_ok;
  sql << "INSERT INTO assignments (id, case_id, list_id, pack_id, programme, recipient_iin, territory, frequency, period_from, "
         "period_to, payment_stops, status, payment_organisation, account, version, data, created_at, updated_at) "
         "VALUES (:id, :case_id, :list_id, :pack, :programme, :iin, :territory, :frequency, :from, :to, :stops, :status, :org, "
         ":account, :version, :data, :created, :updated)",
      soci::use(a.id), soci::use(a.case_id, case_ind), soci::use(a.list_id, list_ind), soci::use(a.pack_id), soci::use(a.programme),
      soci::use(a.recipient_iin), soci::use(territory), soci::use(frequency), soci::use(from), soci::use(to),
      soci::use(stops, stops_ind), soci::use(status), soci::use(a.payment_organisation), soci::use(a.account),
      soci::use(a.version), soci::use(data), soci::use(now), soci::use(now);
  write_schedule(sql, a);
  return {};
}

Result<void> update_assignment(soci::session& sql, cases::Assignment& a) {
  const int expected = a.version;
  a.version = expected + 1;
  const std::string now = now_utc();
  const std::string data = cases::to_json(a).dump();
  const std::string status(cases::assignment_status_name(a.status));
  const std::string stops = a.termination ? a.termination->payment_stops.iso() : "";
  soci::indicator stops_ind = stops.empty() ? soci::i_null : soci::i_ok;
  soci::statement st = (sql.prepare << "UPDATE assignments SET status = :status, payment_stops = :stops, version = :version, "
                                       "data = :data, updated_at = :updated WHERE id = :id AND version = :expected",
                        soci::use(status), soci::use(stops, stops_ind), soci::use(a.version), soci::use(data), soci::use(now),
                        soci::use(a.id), soci::use(expected));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    a.version = expected;
    return fail(ErrorCode::kConflict, "store.version_conflict", {{"id", a.id}});
  }
  write_schedule(sql, a);
  return {};
}

Result<std::vector<cases::Assignment>> list_assignments(soci::session& sql, const cases::AssignmentFilter& f) {
  const std::string prefix = f.territory_prefix.value_or("") + "%";
  // "Any" is only an absent filter, never an empty value (fail closed, issue 13 finding 2).
  const int case_any = f.case_id ? 0 : 1;
  const std::string case_id = f.case_id.value_or("");
  const int iin_any = f.recipient_iin ? 0 : 1;
  const std::string iin = f.recipient_iin.value_or("");
  const std::string status = f.status ? std::string(cases::assignment_status_name(*f.status)) : "";
  const std::string list = f.list_id.value_or("");
  const int limit = static_cast<int>(std::min<std::size_t>(f.limit, 100000));
  soci::rowset<std::string> rows =
      (sql.prepare << "SELECT data FROM assignments WHERE territory LIKE :prefix "
                      "AND (:case_any = 1 OR case_id = :case_id) AND (:iin_any = 1 OR recipient_iin = :iin) "
                      "AND (:status = '' OR status = :status2) AND (:list = '' OR list_id = :list2) "
                      "ORDER BY created_at, id LIMIT :limit",
       soci::use(prefix), soci::use(case_any), soci::use(case_id), soci::use(iin_any), soci::use(iin), soci::use(status),
       soci::use(status), soci::use(list), soci::use(list), soci::use(limit));
  return parse_rows<cases::Assignment>(rows, cases::assignment_from_json);
}

Result<std::optional<cases::Complaint>> find_complaint(soci::session& sql, std::string_view id) {
  std::string data;
  soci::indicator ind = soci::i_null;
  const std::string key(id);
  sql << "SELECT data FROM complaints WHERE id = :id", soci::use(key), soci::into(data, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::optional<cases::Complaint>();
  KOMEK_TRY(k, cases::complaint_from_json(json::parse(data)));
  return std::optional<cases::Complaint>(std::move(k));
}

Result<void> insert_complaint(soci::session& sql, cases::Complaint& k, const Kato& territory) {
  k.version = 1;
  const std::string now = now_utc();
  const std::string data = cases::to_json(k).dump();
  const std::string code = territory.code();
  const std::string state(cases::complaint_state_name(k.state));
  sql << "INSERT INTO complaints (id, case_id, territory, state, complainant_iin, version, data, created_at, updated_at) "
         "VALUES (:id, :case_id, :territory, :state, :iin, :version, :data, :created, :updated)",
      soci::use(k.id), soci::use(k.case_id), soci::use(code), soci::use(state), soci::use(k.complainant_iin),
      soci::use(k.version), soci::use(data), soci::use(now), soci::use(now);
  return {};
}

Result<void> update_complaint(soci::session& sql, cases::Complaint& k) {
  const int expected = k.version;
  k.version = expected + 1;
  const std::string now = now_utc();
  const std::string data = cases::to_json(k).dump();
  const std::string state(cases::complaint_state_name(k.state));
  soci::statement st = (sql.prepare << "UPDATE complaints SET state = :state, version = :version, data = :data, "
                                       "updated_at = :updated WHERE id = :id AND version = :expected",
                        soci::use(state), soci::use(k.version), soci::use(data), soci::use(now), soci::use(k.id),
                        soci::use(expected));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    k.version = expected;
    return fail(ErrorCode::kConflict, "store.version_conflict", {{"id", k.id}});
  }
  return {};
}

Result<std::vector<cases::Complaint>> list_complaints(soci::session& sql, const cases::ComplaintFilter& f) {
  const std::string prefix = f.territory_prefix.value_or("") + "%";
  const int case_any = f.case_id ? 0 : 1;
  const std::string case_id = f.case_id.value_or("");
  const int iin_any = f.complainant_iin ? 0 : 1;
  const std::string iin = f.complainant_iin.value_or("");
  const int open_only = f.open_only ? 1 : 0;
  const int limit = static_cast<int>(std::min<std::size_t>(f.limit, 1000));
  soci::rowset<std::string> rows =
      (sql.prepare << "SELECT data FROM complaints WHERE territory LIKE :prefix "
                      "AND (:case_any = 1 OR case_id = :case_id) AND (:iin_any = 1 OR complainant_iin = :iin) "
                      "AND (:open = 0 OR state IN ('registered', 'answered', 'forwarded')) "
                      "ORDER BY created_at, id LIMIT :limit",
       soci::use(prefix), soci::use(case_any), soci::use(case_id), soci::use(iin_any), soci::use(iin), soci::use(open_only),
       soci::use(limit));
  return parse_rows<cases::Complaint>(rows, cases::complaint_from_json);
}

Result<std::optional<cases::HolidayList>> find_holiday_list(soci::session& sql, std::string_view pack, const Kato& territory,
                                                            Date date) {
  std::string data;
  soci::indicator ind = soci::i_null;
  const std::string p(pack), t = territory.code(), d = date.iso();
  sql << "SELECT data FROM holiday_lists WHERE pack_id = :p AND territory = :t AND holiday = :d", soci::use(p), soci::use(t),
      soci::use(d), soci::into(data, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::optional<cases::HolidayList>();
  KOMEK_TRY(l, cases::holiday_list_from_json(json::parse(data)));
  return std::optional<cases::HolidayList>(std::move(l));
}

Result<std::optional<cases::HolidayList>> get_holiday_list(soci::session& sql, std::string_view id) {
  std::string data;
  soci::indicator ind = soci::i_null;
  const std::string key(id);
  sql << "SELECT data FROM holiday_lists WHERE id = :id", soci::use(key), soci::into(data, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::optional<cases::HolidayList>();
  KOMEK_TRY(l, cases::holiday_list_from_json(json::parse(data)));
  return std::optional<cases::HolidayList>(std::move(l));
}

Result<void> insert_holiday_list(soci::session& sql, const cases::HolidayList& list) {
  const std::string now = now_utc();
  const std::string data = cases::to_json(list).dump();
  const std::string t = list.territory.code(), d = list.date.iso();
  sql << "INSERT INTO holiday_lists (id, pack_id, territory, holiday, data, created_at) VALUES (:id, :p, :t, :d, :data, :c)",
      soci::use(list.id), soci::use(list.pack_id), soci::use(t), soci::use(d), soci::use(data), soci::use(now);
  return {};
}

// The count and total are those of the list's own entries, as made (holiday_list_from_json,
// as GET /api/v1/holiday-lists/{id} shows them): its assignments may have been changed or
// terminated since, which does not change what the list was.
Result<std::vector<cases::HolidayListSummary>> list_holiday_lists(soci::session& sql, const cases::HolidayListFilter& f) {
  const std::string prefix = f.territory_prefix.value_or("") + "%";
  const std::string pack = f.pack.value_or("");
  // ISO dates: a year's holidays are those starting "YYYY-" (LIKE works alike in SQLite and PostgreSQL).
  const std::string year = f.year ? std::to_string(*f.year) + "-%" : "%";
  const int limit = static_cast<int>(std::min<std::size_t>(f.limit, 1000));
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT created_at, data FROM holiday_lists WHERE territory LIKE :prefix "
                      "AND (:pack = '' OR pack_id = :pack2) AND holiday LIKE :year "
                      "ORDER BY holiday DESC, created_at DESC, id DESC LIMIT :limit",
       soci::use(prefix), soci::use(pack), soci::use(pack), soci::use(year), soci::use(limit));
  std::vector<cases::HolidayListSummary> out;
  for (const auto& row : rows) {
    KOMEK_TRY(l, cases::holiday_list_from_json(json::parse(row.get<std::string>(1))));
    out.push_back({l.id, l.pack_id, l.territory, l.date, l.made_on, row.get<std::string>(0), l.made_by,
                   l.entries.size(), l.total()});
  }
  return out;
}

}  // namespace komek::store::aftercare
