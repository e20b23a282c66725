#include "store/case_store.hpp"

#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>
#include <soci/soci.h>
#include <sodium.h>

#include "cases/case_json.hpp"
#include "core/text.hpp"
#include "store/assignment_sql.hpp"
#include "store/journal_sql.hpp"

namespace komek::store {
namespace {

using cases::Case;
using json = nlohmann::json;

std::string due_of(const Case& c) {
  const cases::Deadline* d = c.deadline("decision");
  return d != nullptr && !d->done ? d->due.iso() : "";
}

class SqliteTransaction final : public cases::CaseTransaction {
 public:
  explicit SqliteTransaction(soci::session& sql) : sql_(sql) {}

  Result<std::optional<Case>> find_case(std::string_view id) override {
    std::string data;
    soci::indicator ind = soci::i_null;
    const std::string key(id);
    sql_ << "SELECT data FROM cases WHERE id = :id", soci::use(key), soci::into(data, ind);
    if (!sql_.got_data() || ind != soci::i_ok) return std::optional<Case>();
    KOMEK_TRY(c, decode_case(data, key));
    return std::optional<Case>(std::move(c));
  }

  Result<void> insert_case(Case& c) override {
    c.version = 1;
    const std::string now = now_utc();
    const std::string data = cases::to_json(c).dump();
    const std::string state(cases::state_name(c.state));
    const std::string territory = c.territory.code();
    const std::string registered = c.registered_on ? c.registered_on->iso() : "";
    const std::string due = due_of(c);
    soci::indicator number_ind = c.number.empty() ? soci::i_null : soci::i_ok;
    soci::indicator reg_ind = registered.empty() ? soci::i_null : soci::i_ok;
    soci::indicator due_ind = due.empty() ? soci::i_null : soci::i_ok;
    sql_ << "INSERT INTO cases (id, number, state, pack_id, territory, applicant_iin, officer, registered_on, decision_due, "
            "version, data, created_at, updated_at) VALUES (:id, :number, :state, :pack, :territory, :iin, :officer, "
            ":registered, :due, :version, :data, :created, :updated)",
        soci::use(c.id), soci::use(c.number, number_ind), soci::use(state), soci::use(c.pack_id), soci::use(territory),
        soci::use(c.applicant_iin), soci::use(c.officer), soci::use(registered, reg_ind), soci::use(due, due_ind),
        soci::use(c.version), soci::use(data), soci::use(now), soci::use(now);
    return {};
  }

  Result<void> update_case(Case& c) override {
    const int expected = c.version;
    c.version = expected + 1;
    const std::string now = now_utc();
    const std::string data = cases::to_json(c).dump();
    const std::string state(cases::state_name(c.state));
    const std::string registered = c.registered_on ? c.registered_on->iso() : "";
    const std::string due = due_of(c);
    soci::indicator number_ind = c.number.empty() ? soci::i_null : soci::i_ok;
    soci::indicator reg_ind = registered.empty() ? soci::i_null : soci::i_ok;
    soci::indicator due_ind = due.empty() ? soci::i_null : soci::i_ok;
    soci::statement st =
        (sql_.prepare << "UPDATE cases SET number = :number, state = :state, officer = :officer, registered_on = :registered, "
                         "decision_due = :due, version = :version, data = :data, "
                         "updated_at = :updated WHERE id = :id AND version = :expected",
         soci::use(c.number, number_ind), soci::use(state), soci::use(c.officer), soci::use(registered, reg_ind),
         soci::use(due, due_ind), soci::use(c.version), soci::use(data), soci::use(now), soci::use(c.id), soci::use(expected));
    st.execute(true);
    if (st.get_affected_rows() != 1) {
      c.version = expected;
      return fail(ErrorCode::kConflict, "store.version_conflict", {{"id", c.id}});
    }
    return {};
  }

  Result<std::string> next_number(const Kato& district, int year) override {
    const std::string code = district.code();
    int last = 0;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT last FROM case_numbers WHERE district = :d AND year = :y", soci::use(code), soci::use(year),
        soci::into(last, ind);
    if (!sql_.got_data() || ind != soci::i_ok) {
      last = 0;
      sql_ << "INSERT INTO case_numbers (district, year, last) VALUES (:d, :y, 0)", soci::use(code), soci::use(year);
    }
    ++last;
    sql_ << "UPDATE case_numbers SET last = :l WHERE district = :d AND year = :y", soci::use(last), soci::use(code),
        soci::use(year);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s-%04d-%06d", code.substr(0, 4).c_str(), year, last);
    return std::string(buf);
  }

  Result<std::optional<cases::Assignment>> find_assignment(std::string_view id) override {
    return aftercare::find_assignment(sql_, id);
  }
  Result<void> insert_assignment(cases::Assignment& a) override { return aftercare::insert_assignment(sql_, a); }
  Result<void> update_assignment(cases::Assignment& a) override { return aftercare::update_assignment(sql_, a); }
  Result<std::vector<cases::Assignment>> assignments_of_case(std::string_view case_id) override {
    cases::AssignmentFilter f;
    f.case_id = std::string(case_id);
    f.limit = 1000;
    return aftercare::list_assignments(sql_, f);
  }
  Result<std::optional<cases::Complaint>> find_complaint(std::string_view id) override {
    return aftercare::find_complaint(sql_, id);
  }
  Result<void> insert_complaint(cases::Complaint& k, const Kato& territory) override {
    return aftercare::insert_complaint(sql_, k, territory);
  }
  Result<void> update_complaint(cases::Complaint& k) override { return aftercare::update_complaint(sql_, k); }
  Result<std::vector<cases::Complaint>> complaints_of_case(std::string_view case_id) override {
    cases::ComplaintFilter f;
    f.case_id = std::string(case_id);
    f.limit = 1000;
    return aftercare::list_complaints(sql_, f);
  }
  Result<std::optional<cases::HolidayList>> find_holiday_list(std::string_view pack, const Kato& territory, Date date) override {
    return aftercare::find_holiday_list(sql_, pack, territory, date);
  }
  Result<void> insert_holiday_list(const cases::HolidayList& list) override { return aftercare::insert_holiday_list(sql_, list); }

  Result<void> audit(const work::AuditEntry& entry) override { return journal::audit(sql_, entry); }
  Result<void> enqueue(const work::OutboxMessage& message) override { return journal::enqueue(sql_, message); }
  Result<std::optional<work::IdempotencyRecord>> find_idempotency(std::string_view principal, std::string_view key) override {
    return journal::find_idempotency(sql_, principal, key);
  }
  Result<void> put_idempotency(const work::IdempotencyRecord& r) override { return journal::put_idempotency(sql_, r); }
  Result<void> log_access(const work::AccessRecord& r) override { return journal::log_access(sql_, r); }

 private:
  soci::session& sql_;
};

class SqliteCaseStore final : public cases::CaseStore {
 public:
  explicit SqliteCaseStore(Database& db) : db_(db) {}

  Result<void> transact(const std::function<Result<void>(cases::CaseTransaction&)>& work) override {
    return db_.write([&](soci::session& sql) {
      SqliteTransaction tx(sql);
      return work(tx);
    });
  }

  Result<std::optional<Case>> get(std::string_view id) override {
    std::optional<Case> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      SqliteTransaction tx(sql);
      KOMEK_TRY(c, tx.find_case(id));
      out = std::move(c);
      return {};
    }));
    return out;
  }

  Result<std::vector<Case>> list(const cases::CaseFilter& f) override {
    std::vector<Case> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      // Named, parameterised SQL only (STYLE card 6): an optional filter is written as
      // "(:x_any = 1 OR column = :x)" rather than concatenated. "Any" is only an absent
      // filter, never an empty value: an applicant's own-records filter with an empty IIN
      // matches nothing (fail closed, issue 13 finding 2).
      const std::string prefix = f.territory_prefix.value_or("") + "%";
      const int officer_any = f.officer ? 0 : 1;
      const std::string officer = f.officer.value_or("");
      const std::string state = f.state ? std::string(cases::state_name(*f.state)) : "";
      const int iin_any = f.applicant_iin ? 0 : 1;
      const std::string iin = f.applicant_iin.value_or("");
      const int open_only = f.open_only ? 1 : 0;
      const int limit = static_cast<int>(std::min<std::size_t>(f.limit, 500));
      soci::rowset<std::string> rows =
          (sql.prepare << "SELECT data FROM cases WHERE territory LIKE :prefix "
                          "AND (:officer_any = 1 OR officer = :officer) AND (:state = '' OR state = :state2) "
                          "AND (:iin_any = 1 OR applicant_iin = :iin) "
                          "AND (:open = 0 OR state NOT IN ('refused_to_accept', 'granted', 'refused')) "
                          "ORDER BY COALESCE(decision_due, '9999-12-31'), id LIMIT :limit",
           soci::use(prefix), soci::use(officer_any), soci::use(officer), soci::use(state), soci::use(state),
           soci::use(iin_any), soci::use(iin), soci::use(open_only), soci::use(limit));
      for (const auto& data : rows) {
        KOMEK_TRY(c, decode_case(data));
        out.push_back(std::move(c));
      }
      return {};
    }));
    return out;
  }

  Result<std::vector<cases::Assignment>> list_assignments(const cases::AssignmentFilter& f) override {
    std::vector<cases::Assignment> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      KOMEK_TRY(x, aftercare::list_assignments(sql, f));
      out = std::move(x);
      return {};
    }));
    return out;
  }
  Result<std::vector<cases::Complaint>> list_complaints(const cases::ComplaintFilter& f) override {
    std::vector<cases::Complaint> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      KOMEK_TRY(x, aftercare::list_complaints(sql, f));
      out = std::move(x);
      return {};
    }));
    return out;
  }
  Result<std::optional<cases::HolidayList>> get_holiday_list(std::string_view id) override {
    std::optional<cases::HolidayList> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      KOMEK_TRY(x, aftercare::get_holiday_list(sql, id));
      out = std::move(x);
      return {};
    }));
    return out;
  }

  Result<std::vector<cases::HolidayListSummary>> list_holiday_lists(const cases::HolidayListFilter& f) override {
    std::vector<cases::HolidayListSummary> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      KOMEK_TRY(x, aftercare::list_holiday_lists(sql, f));
      out = std::move(x);
      return {};
    }));
    return out;
  }

  Result<std::vector<work::AccessRecord>> access_log_of(std::string_view subject, std::size_t limit) override {
    std::vector<work::AccessRecord> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      KOMEK_TRY(x, journal::access_log_of(sql, subject, limit));
      out = std::move(x);
      return {};
    }));
    return out;
  }

  Result<std::size_t> verify_audit_chain() override {
    std::size_t count = 0;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      KOMEK_TRY(n, journal::verify_audit_chain(sql));
      count = n;
      return {};
    }));
    return count;
  }

  Result<RecordsCheck> check_case_records() override {
    RecordsCheck out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      soci::rowset<soci::row> rows = (sql.prepare << "SELECT id, data FROM cases ORDER BY id");
      for (const auto& row : rows) {
        const auto id = row.get<std::string>(0);
        ++out.read;
        if (!decode_case(row.get<std::string>(1), id)) out.damaged.push_back(id);
      }
      return {};
    }));
    return out;
  }

 private:
  Database& db_;
};

}  // namespace

Result<cases::Case> decode_case(std::string_view data, std::string_view id) {
  const json j = json::parse(data, nullptr, false);
  auto damaged = [&] {
    std::string record(id);
    if (record.empty() && j.is_object() && j.contains("id") && j["id"].is_string()) record = j["id"].get<std::string>();
    return fail(ErrorCode::kUnavailable, "store.record_damaged",
                {{"record", record.empty() ? std::string("?") : quote_for_message(record, 64)}});
  };
  if (j.is_discarded() || !j.is_object()) return damaged();
  auto c = cases::case_from_json(j);
  if (!c) return damaged();
  return c;
}

std::unique_ptr<cases::CaseStore> make_case_store(Database& db) { return std::make_unique<SqliteCaseStore>(db); }

}  // namespace komek::store
