#include "store/social_store.hpp"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "social/json.hpp"
#include "store/case_store.hpp"
#include "store/journal_sql.hpp"

namespace komek::store {
namespace {

using social::Assessment;
using social::Person;
using social::Plan;
using social::ServiceRecord;

// Named, parameterised statements only (STYLE card 6).
constexpr const char* kSelectPerson = "SELECT id, iin, full_name, territory FROM social_persons WHERE id = :id";
constexpr const char* kSelectPersonByIin = "SELECT id, iin, full_name, territory FROM social_persons WHERE iin = :iin";
constexpr const char* kInsertPerson =
    "INSERT INTO social_persons (id, iin, territory, full_name, created_at, updated_at) "
    "VALUES (:id, :iin, :territory, :name, :created, :updated)";
constexpr const char* kUpdatePerson =
    "UPDATE social_persons SET territory = :territory, full_name = :name, updated_at = :updated WHERE id = :id";
constexpr const char* kSelectAssessment = "SELECT data FROM social_assessments WHERE id = :id";
constexpr const char* kInsertAssessment =
    "INSERT INTO social_assessments (id, person_id, territory, assessed_on, needs_services, data, created_at) "
    "VALUES (:id, :person, :territory, :on, :needs, :data, :created)";
constexpr const char* kSelectPlan = "SELECT data, version FROM social_plans WHERE id = :id";
constexpr const char* kInsertPlan =
    "INSERT INTO social_plans (id, person_id, assessment_id, territory, state, opened_on, closed_on, version, data, "
    "created_at, updated_at) VALUES (:id, :person, :assessment, :territory, :state, :opened, :closed, :version, :data, "
    ":created, :updated)";
constexpr const char* kUpdatePlan =
    "UPDATE social_plans SET state = :state, closed_on = :closed, version = :version, data = :data, updated_at = :updated "
    "WHERE id = :id AND version = :expected";
constexpr const char* kInsertRecord =
    "INSERT INTO social_service_records (id, plan_id, person_id, service_type, delivered_on, quantity, refused, data, "
    "created_at) VALUES (:id, :plan, :person, :type, :on, :quantity, :refused, :data, :created)";
constexpr const char* kAssessmentsOf =
    "SELECT data FROM social_assessments WHERE person_id = :person ORDER BY assessed_on, created_at, id";
constexpr const char* kPlansOf = "SELECT data, version FROM social_plans WHERE person_id = :person ORDER BY opened_on, id";
constexpr const char* kRecordsOf =
    "SELECT data FROM social_service_records WHERE person_id = :person ORDER BY delivered_on, created_at, id";
// The persons of a territory with the date of their latest assessment and of their earliest
// open plan ('' when none): text in both databases, so one reading serves both.
constexpr const char* kPersonsIn =
    "SELECT s.id, s.iin, s.full_name, s.territory, "
    "COALESCE((SELECT MAX(a.assessed_on) FROM social_assessments a WHERE a.person_id = s.id), ''), "
    "COALESCE((SELECT MIN(p.opened_on) FROM social_plans p WHERE p.person_id = s.id AND p.state = 'open'), '') "
    "FROM social_persons s WHERE s.territory LIKE :prefix ORDER BY s.full_name, s.id LIMIT :limit";
// The plans of a territory open at some time in the period, or holding a record dated in it.
constexpr const char* kReportPlans =
    "SELECT data, version FROM social_plans WHERE territory LIKE :prefix AND opened_on <= :to "
    "AND (closed_on IS NULL OR closed_on >= :from OR id IN "
    "(SELECT plan_id FROM social_service_records WHERE delivered_on >= :from2 AND delivered_on <= :to2)) ORDER BY id";
constexpr const char* kReportRecords =
    "SELECT r.data FROM social_service_records r JOIN social_plans p ON p.id = r.plan_id "
    "WHERE p.territory LIKE :prefix AND r.delivered_on >= :from AND r.delivered_on <= :to ORDER BY r.delivered_on, r.id";

Result<Plan> plan_of(const std::string& data, int version) {
  auto p = social::plan_from_json(data);
  if (!p) return p;
  // The row's version is the authority for optimistic locking.
  p->version = version;
  return p;
}

class SqlSocialTransaction final : public social::SocialTransaction {
 public:
  explicit SqlSocialTransaction(soci::session& sql) : sql_(sql) {}

  Result<std::optional<Person>> find_person(std::string_view id) override { return person(kSelectPerson, std::string(id)); }
  Result<std::optional<Person>> find_person_by_iin(std::string_view iin) override {
    return person(kSelectPersonByIin, std::string(iin));
  }
  Result<void> insert_person(const Person& p) override {
    const std::string now = now_utc();
    sql_ << kInsertPerson, soci::use(p.id), soci::use(p.iin), soci::use(p.territory), soci::use(p.full_name), soci::use(now),
        soci::use(now);
    return {};
  }
  Result<void> update_person(const Person& p) override {
    const std::string now = now_utc();
    sql_ << kUpdatePerson, soci::use(p.territory), soci::use(p.full_name), soci::use(now), soci::use(p.id);
    return {};
  }

  Result<std::optional<Assessment>> find_assessment(std::string_view id) override {
    std::string data;
    soci::indicator ind = soci::i_null;
    const std::string key(id);
    sql_ << kSelectAssessment, soci::use(key), soci::into(data, ind);
    if (!sql_.got_data() || ind != soci::i_ok) return std::optional<Assessment>();
    KOMEK_TRY(a, social::assessment_from_json(data));
    return std::optional<Assessment>(std::move(a));
  }
  Result<void> insert_assessment(const Assessment& a) override {
    const std::string now = now_utc();
    const std::string on = a.assessed_on.iso();
    const int needs = a.needs_services ? 1 : 0;
    const std::string data = social::to_json(a).dump();
    sql_ << kInsertAssessment, soci::use(a.id), soci::use(a.person_id), soci::use(a.territory), soci::use(on),
        soci::use(needs), soci::use(data), soci::use(now);
    return {};
  }

  Result<std::optional<Plan>> find_plan(std::string_view id) override {
    std::string data;
    int version = 0;
    soci::indicator ind = soci::i_null;
    const std::string key(id);
    sql_ << kSelectPlan, soci::use(key), soci::into(data, ind), soci::into(version);
    if (!sql_.got_data() || ind != soci::i_ok) return std::optional<Plan>();
    KOMEK_TRY(p, plan_of(data, version));
    return std::optional<Plan>(std::move(p));
  }
  Result<void> insert_plan(Plan& p) override {
    p.version = 1;
    const std::string now = now_utc();
    const std::string state(social::plan_state_name(p.state));
    const std::string opened = p.opened_on.iso();
    const std::string closed = p.closed_on ? p.closed_on->iso() : "";
    soci::indicator closed_ind = p.closed_on ? soci::i_ok : soci::i_null;
    const std::string data = social::to_json(p).dump();
    sql_ << kInsertPlan, soci::use(p.id), soci::use(p.person_id), soci::use(p.assessment_id), soci::use(p.territory),
        soci::use(state), soci::use(opened), soci::use(closed, closed_ind), soci::use(p.version), soci::use(data),
        soci::use(now), soci::use(now);
    return {};
  }
  Result<void> update_plan(Plan& p) override {
    const int expected = p.version;
    p.version = expected + 1;
    const std::string now = now_utc();
    const std::string state(social::plan_state_name(p.state));
    const std::string closed = p.closed_on ? p.closed_on->iso() : "";
    soci::indicator closed_ind = p.closed_on ? soci::i_ok : soci::i_null;
    const std::string data = social::to_json(p).dump();
    soci::statement st = (sql_.prepare << kUpdatePlan, soci::use(state), soci::use(closed, closed_ind), soci::use(p.version),
                          soci::use(data), soci::use(now), soci::use(p.id), soci::use(expected));
    st.execute(true);
    if (st.get_affected_rows() != 1) {
      p.version = expected;
      return fail(ErrorCode::kConflict, "store.version_conflict", {{"id", p.id}});
    }
    return {};
  }

  Result<void> insert_record(const ServiceRecord& r) override {
    const std::string now = now_utc();
    const std::string on = r.delivered_on.iso();
    const int refused = r.refused ? 1 : 0;
    const std::string data = social::to_json(r).dump();
    sql_ << kInsertRecord, soci::use(r.id), soci::use(r.plan_id), soci::use(r.person_id), soci::use(r.type), soci::use(on),
        soci::use(r.quantity), soci::use(refused), soci::use(data), soci::use(now);
    return {};
  }

  Result<std::vector<Assessment>> assessments_of(std::string_view person_id) override {
    std::vector<Assessment> out;
    const std::string key(person_id);
    soci::rowset<std::string> rows = (sql_.prepare << kAssessmentsOf, soci::use(key));
    for (const auto& data : rows) {
      KOMEK_TRY(a, social::assessment_from_json(data));
      out.push_back(std::move(a));
    }
    return out;
  }
  Result<std::vector<Plan>> plans_of(std::string_view person_id) override {
    const std::string key(person_id);
    soci::rowset<soci::row> rows = (sql_.prepare << kPlansOf, soci::use(key));
    return plans(rows);
  }
  Result<std::vector<ServiceRecord>> records_of_person(std::string_view person_id) override {
    const std::string key(person_id);
    soci::rowset<std::string> rows = (sql_.prepare << kRecordsOf, soci::use(key));
    return records(rows);
  }

  Result<std::vector<social::PersonSummary>> persons_in(std::string_view territory_prefix, std::size_t limit) override {
    const std::string prefix = std::string(territory_prefix) + "%";
    const int rows_max = static_cast<int>(limit);
    std::vector<social::PersonSummary> out;
    soci::rowset<soci::row> rows = (sql_.prepare << kPersonsIn, soci::use(prefix), soci::use(rows_max));
    auto date_or_none = [](const std::string& text) -> Result<std::optional<Date>> {
      if (text.empty()) return std::optional<Date>();
      KOMEK_TRY(d, Date::parse(text));
      return std::optional<Date>(d);
    };
    for (const auto& row : rows) {
      social::PersonSummary s;
      s.person = Person{row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2), row.get<std::string>(3)};
      KOMEK_TRY(assessed, date_or_none(row.get<std::string>(4)));
      KOMEK_TRY(open_since, date_or_none(row.get<std::string>(5)));
      s.last_assessed_on = assessed;
      s.open_plan_since = open_since;
      out.push_back(std::move(s));
    }
    return out;
  }

  Result<void> audit(const work::AuditEntry& entry) override { return journal::audit(sql_, entry); }
  Result<void> enqueue(const work::OutboxMessage& message) override { return journal::enqueue(sql_, message); }
  Result<std::optional<work::IdempotencyRecord>> find_idempotency(std::string_view principal, std::string_view key) override {
    return journal::find_idempotency(sql_, principal, key);
  }
  Result<void> put_idempotency(const work::IdempotencyRecord& r) override { return journal::put_idempotency(sql_, r); }
  Result<void> log_access(const work::AccessRecord& r) override { return journal::log_access(sql_, r); }

  static Result<std::vector<Plan>> plans(soci::rowset<soci::row>& rows) {
    std::vector<Plan> out;
    for (const auto& row : rows) {
      KOMEK_TRY(p, plan_of(row.get<std::string>(0), row.get<int>(1)));
      out.push_back(std::move(p));
    }
    return out;
  }
  static Result<std::vector<ServiceRecord>> records(soci::rowset<std::string>& rows) {
    std::vector<ServiceRecord> out;
    for (const auto& data : rows) {
      KOMEK_TRY(r, social::record_from_json(data));
      out.push_back(std::move(r));
    }
    return out;
  }

 private:
  Result<std::optional<Person>> person(const char* statement, const std::string& key) {
    Person p;
    soci::indicator ind = soci::i_null;
    sql_ << statement, soci::use(key), soci::into(p.id, ind), soci::into(p.iin), soci::into(p.full_name),
        soci::into(p.territory);
    if (!sql_.got_data() || ind != soci::i_ok) return std::optional<Person>();
    return std::optional<Person>(std::move(p));
  }

  soci::session& sql_;
};

class SqlSocialStore final : public social::SocialStore {
 public:
  explicit SqlSocialStore(Database& db) : db_(db) {}

  Result<void> transact(const std::function<Result<void>(social::SocialTransaction&)>& work) override {
    return db_.write([&](soci::session& sql) {
      SqlSocialTransaction tx(sql);
      return work(tx);
    });
  }

  Result<social::ReportData> report_data(const std::string& territory_prefix, Date from, Date to) override {
    social::ReportData out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      const std::string prefix = territory_prefix + "%";
      const std::string f = from.iso();
      const std::string t = to.iso();
      soci::rowset<soci::row> plan_rows =
          (sql.prepare << kReportPlans, soci::use(prefix), soci::use(t), soci::use(f), soci::use(f), soci::use(t));
      auto plans = SqlSocialTransaction::plans(plan_rows);
      if (!plans) return tl::unexpected(plans.error());
      soci::rowset<std::string> record_rows = (sql.prepare << kReportRecords, soci::use(prefix), soci::use(f), soci::use(t));
      auto records = SqlSocialTransaction::records(record_rows);
      if (!records) return tl::unexpected(records.error());
      out.plans = std::move(*plans);
      out.records = std::move(*records);
      return {};
    }));
    return out;
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<social::SocialStore> make_social_store(Database& db) { return std::make_unique<SqlSocialStore>(db); }

}  // namespace komek::store
