// Special social services on the database, through the use cases: every change in one
// transaction with its audit record and idempotency key, reads of a person's file in the
// access log, territory scoping, bad input changing nothing. SQLite always; PostgreSQL too
// when KOMEK_TEST_PG names a server (as tests/unit/store/store_test.cpp).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/iin.hpp"
#include "core/messages.hpp"
#include "social/service.hpp"
#include "store/case_store.hpp"
#include "store/social_store.hpp"
#include "support/store_harness.hpp"
#include "support/outcomes.hpp"

namespace komek::store {
namespace {

using json = nlohmann::json;
using namespace komek::social;

const Catalogue& catalogue() {
  static const Catalogue c = Catalogue::load(std::string(KOMEK_RULES_DIR) + "/social-services.yaml").value();
  return c;
}

class SocialStoreTest : public test::StoreHarness {
 protected:
  SocialStoreTest() : StoreHarness("social") {}

  int count(const std::string& table) { return std::stoi(raw("SELECT COUNT(*) FROM " + table)); }

  void SetUp() override {
    StoreHarness::SetUp();
    store_ = make_social_store(*db_);
    cases_ = make_case_store(*db_);
    service_ = std::make_unique<SocialService>(*store_, catalogue(), clock_, ids_);
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    cases_.reset();
  }

  work::RequestKey key(const std::string& k, const std::string& body = "b") { return {k, body}; }
  AssessmentInput assessment() {
    AssessmentInput in;
    in.iin = "500315400102";
    in.full_name = "Гүлжан Әбенова";
    in.territory = "334820000";
    in.assessed_on = "2026-03-02";
    in.assessor = "Д. Омарова";
    in.categories = {"elderly_over_70"};
    in.circumstances = {"lives alone"};
    in.needs_services = true;
    in.reasons = {"cannot keep house"};
    return in;
  }
  // Assessment, plan and one planned household service; returns {person, plan, service}.
  std::tuple<std::string, std::string, std::string> plan_with_service() {
    auto a = service_->assess(officer_, key("k-assess"), assessment());
    EXPECT_TRUE(a.has_value()) << (a ? "" : render(a.error(), Lang::kEn));
    const json aj = json::parse(test::body(*a));
    auto p = service_->open_plan(officer_, key("k-plan"), aj["assessment"]["id"], PlanInput{"2026-03-03", "stay at home"});
    EXPECT_TRUE(p.has_value());
    const std::string plan = json::parse(test::body(*p))["id"];
    auto s = service_->add_service(officer_, key("k-service"), plan,
                                   PlannedServiceInput{"social_household", "patronage", "cleaning", "twice a week", "care unit",
                                                       8, "2026-03-03", "2026-03-31"});
    EXPECT_TRUE(s.has_value()) << (s ? "" : render(s.error(), Lang::kEn));
    return {aj["person"]["id"], plan, json::parse(test::body(*s))["id"]};
  }
  RecordInput visit(const char* date) { return RecordInput{"social_household", "", date, 1, 90, "А. Нұрланова", "", false, ""}; }

  std::unique_ptr<SocialStore> store_;
  std::unique_ptr<cases::CaseStore> cases_;
  std::unique_ptr<SocialService> service_;
  test::SettableClock clock_{"2026-03-20T10:00"};
  test::CountingIds ids_{"id-"};
  work::Actor officer_{"officer1", "officer", "3348", "", "127.0.0.1"};
  work::Actor stranger_{"officer15", "officer", "15", "", "127.0.0.1"};
  work::Actor auditor_{"auditor1", "auditor", "", "", "127.0.0.1"};
};

TEST_P(SocialStoreTest, AssessPlanRecordCloseAndReadTheFileWithAuditAndAccessLog) {
  const auto [person, plan, planned] = plan_with_service();
  ASSERT_TRUE(service_->record(officer_, key("k-r1"), plan, visit("2026-03-05")).has_value());
  ASSERT_TRUE(service_->record(officer_, key("k-r2"), plan, visit("2026-03-07")).has_value());
  EXPECT_EQ(count("social_persons"), 1);
  EXPECT_EQ(count("social_assessments"), 1);
  EXPECT_EQ(count("social_plans"), 1);
  EXPECT_EQ(count("social_service_records"), 2);

  auto early = service_->close_plan(officer_, key("k-early"), plan, ClosePlanInput{"2026-03-06", "goals_met", ""});
  EXPECT_EQ(early.error().field, "closed_on");
  EXPECT_EQ(early.error().message_key, "social.before_last_record");
  EXPECT_EQ(raw("SELECT state FROM social_plans WHERE id = '" + plan + "'"), "open");
  auto closed = service_->close_plan(officer_, key("k-close"), plan, ClosePlanInput{"2026-03-18", "goals_met", ""});
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(json::parse(test::body(*closed))["state"], "closed");
  EXPECT_EQ(raw("SELECT state FROM social_plans WHERE id = '" + plan + "'"), "closed");
  EXPECT_EQ(raw("SELECT version FROM social_plans WHERE id = '" + plan + "'"), "3");
  // No outbox message: nothing downstream consumes plan closings (the notices dispatcher
  // would count an unknown topic as a failure); the audit record is the trace.
  EXPECT_EQ(count("outbox"), 0);

  auto f = service_->file(auditor_, person, "test");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->person.iin, "500315400102");
  ASSERT_EQ(f->plans.size(), 1u);
  EXPECT_EQ(f->plans[0].services[0].id, planned);
  EXPECT_EQ(f->records.size(), 2u);
  EXPECT_EQ(f->assessments[0].categories, std::vector<std::string>{"elderly_over_70"});
  // The read is logged with a digest of the IIN, never the IIN.
  EXPECT_EQ(count("pd_access_log WHERE record = 'social_person:" + person + "' AND denied = 0"), 1);
  EXPECT_EQ(count("pd_access_log WHERE subject = '500315400102'"), 0);
  // person registered, assessed, plan opened, service planned, 2 records, plan closed.
  EXPECT_EQ(count("audit_log WHERE action LIKE 'social.%'"), 7);
  EXPECT_EQ(cases_->verify_audit_chain().value(), 7u);

  auto report = service_->report(officer_, "2026-03-01", "2026-03-31", "");
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->request.territory, "3348");
  EXPECT_EQ(report->persons_total, 1);
  EXPECT_EQ(report->persons_by_form.at("patronage"), 1);
  EXPECT_EQ(report->types[5].delivered, 2);
  EXPECT_EQ(report->types[5].planned, 8);
  EXPECT_EQ(report->plans_closed_by_reason.at("goals_met"), 1);
  // A period before the plan: nothing.
  EXPECT_EQ(service_->report(officer_, "2026-01-01", "2026-02-28", "3348")->persons_total, 0);
}

TEST_P(SocialStoreTest, BadInputChangesNothing) {
  const auto [person, plan, planned] = plan_with_service();
  const int audits = count("audit_log");
  const int versions = std::stoi(raw("SELECT version FROM social_plans WHERE id = '" + plan + "'"));
  RecordInput wrong_type = visit("2026-03-05");
  wrong_type.type = "social_legal";
  EXPECT_EQ(service_->record(officer_, key("b1"), plan, wrong_type).error().field, "type");
  EXPECT_EQ(service_->record(officer_, key("b2"), plan, visit("2026-03-01")).error().field, "date");
  auto bad_category = assessment();
  bad_category.categories = {"pirate"};
  EXPECT_EQ(service_->assess(officer_, key("b3"), bad_category).error().field, "categories[0]");
  PlannedServiceInput bad_form{"social_legal", "in_patient", "x", "once", "y", 1, "2026-03-03", "2026-03-04"};
  EXPECT_EQ(service_->add_service(officer_, key("b4"), plan, bad_form).error().field, "form");
  ASSERT_TRUE(service_->close_plan(officer_, key("c"), plan, ClosePlanInput{"2026-03-10", "refused", "declined help"}).has_value());
  const int audits_after_close = count("audit_log");
  EXPECT_EQ(audits_after_close, audits + 1);
  auto on_closed = service_->record(officer_, key("b5"), plan, visit("2026-03-05"));
  EXPECT_EQ(on_closed.error().code, ErrorCode::kConflict);
  EXPECT_EQ(on_closed.error().message_key, "social.plan_closed");
  EXPECT_EQ(count("social_service_records"), 0);
  EXPECT_EQ(count("social_persons"), 1);
  EXPECT_EQ(count("audit_log"), audits_after_close);
  EXPECT_EQ(std::stoi(raw("SELECT version FROM social_plans WHERE id = '" + plan + "'")), versions + 1);
  // Failed requests store no idempotency record: the same key may be sent again, fixed.
  EXPECT_EQ(count("idempotency_keys WHERE key LIKE 'b%'"), 0);
}

TEST_P(SocialStoreTest, TheSameKeyReplaysTheAnswerAndAnotherBodyIsRefused) {
  const auto [person, plan, planned] = plan_with_service();
  auto first = service_->record(officer_, key("same", "body-1"), plan, visit("2026-03-05"));
  auto again = service_->record(officer_, key("same", "body-1"), plan, visit("2026-03-05"));
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(test::body(*first), test::body(*again));
  EXPECT_EQ(count("social_service_records"), 1);
  auto other = service_->record(officer_, key("same", "body-2"), plan, visit("2026-03-06"));
  EXPECT_EQ(other.error().message_key, "http.idempotency_key_reused");
  EXPECT_EQ(service_->record(officer_, key(""), plan, visit("2026-03-06")).error().message_key, "http.idempotency_key_missing");
  EXPECT_EQ(count("social_service_records"), 1);
}

TEST_P(SocialStoreTest, AnotherTerritorySeesNothingAndIsLogged) {
  const auto [person, plan, planned] = plan_with_service();
  EXPECT_EQ(service_->file(stranger_, person, "test").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(count("pd_access_log WHERE actor = 'officer15' AND denied = 1"), 1);
  EXPECT_EQ(service_->record(stranger_, key("s1"), plan, visit("2026-03-05")).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(count("pd_access_log WHERE actor = 'officer15' AND denied = 1"), 2);
  EXPECT_EQ(count("social_service_records"), 0);
  auto outside = assessment();
  EXPECT_EQ(service_->assess(stranger_, key("s2"), outside).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(service_->report(officer_, "2026-03-01", "2026-03-31", "15").error().code, ErrorCode::kForbidden);
  EXPECT_EQ(service_->report(stranger_, "2026-03-01", "2026-03-31", "")->persons_total, 0);
}

TEST_P(SocialStoreTest, APersonAssessedAgainKeepsOneFileAndRecordsAreAppendOnly) {
  const auto [person, plan, planned] = plan_with_service();
  auto again = assessment();
  again.assessed_on = "2026-03-15";
  again.territory = "334830000";
  auto a = service_->assess(officer_, key("k-again"), again);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(json::parse(test::body(*a))["person"]["id"], person);
  EXPECT_EQ(count("social_persons"), 1);
  EXPECT_EQ(raw("SELECT territory FROM social_persons"), "334830000");
  EXPECT_EQ(service_->file(officer_, person, "t")->assessments.size(), 2u);
  ASSERT_TRUE(service_->record(officer_, key("r"), plan, visit("2026-03-05")).has_value());
  EXPECT_EQ(raw("UPDATE social_service_records SET quantity = 5"), "ERROR");
  EXPECT_EQ(raw("DELETE FROM social_service_records"), "ERROR");
  EXPECT_EQ(count("social_service_records"), 1);
}

TEST_P(SocialStoreTest, TheTerritorysPersonsAreListedByNameWithTheLatestAssessmentAndTheOpenPlan) {
  const auto [person, plan, planned] = plan_with_service();
  auto other = assessment();
  other.iin = Iin::make(*Date::parse("1985-05-05"), Sex::kMale, 1).str();
  other.full_name = "Айбек Сейітов";
  other.assessed_on = "2026-03-04";
  other.categories = {"low_income_family"};
  other.needs_services = false;
  ASSERT_TRUE(service_->assess(officer_, key("k-other"), other).has_value());
  auto later = assessment();
  later.assessed_on = "2026-03-10";
  ASSERT_TRUE(service_->assess(officer_, key("k-later"), later).has_value());

  auto list = service_->persons(officer_, "test-list");
  ASSERT_TRUE(list.has_value());
  EXPECT_TRUE(list->complete);
  ASSERT_EQ(list->persons.size(), 2u);
  EXPECT_EQ(list->persons[0].person.full_name, "Айбек Сейітов");
  EXPECT_EQ(list->persons[0].last_assessed_on, Date::parse("2026-03-04").value());
  EXPECT_FALSE(list->persons[0].open_plan_since.has_value());
  EXPECT_EQ(list->persons[1].person.id, person);
  EXPECT_EQ(list->persons[1].last_assessed_on, Date::parse("2026-03-10").value());
  EXPECT_EQ(list->persons[1].open_plan_since, Date::parse("2026-03-03").value());
  // Each name listed is a read of the person's record (S3), logged with a digest, not the IIN.
  EXPECT_EQ(count("pd_access_log WHERE route = 'test-list' AND denied = 0"), 2);
  EXPECT_EQ(count("pd_access_log WHERE subject = '500315400102'"), 0);
  // Another territory lists no one; a closed plan is no longer open.
  EXPECT_TRUE(service_->persons(stranger_, "test-list")->persons.empty());
  ASSERT_TRUE(service_->close_plan(officer_, key("k-close"), plan, ClosePlanInput{"2026-03-18", "moved", ""}).has_value());
  EXPECT_FALSE(service_->persons(auditor_, "test-list")->persons[1].open_plan_since.has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, SocialStoreTest, ::testing::ValuesIn(test::backends()), test::backend_name);

}  // namespace
}  // namespace komek::store
