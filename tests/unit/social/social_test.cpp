// Special social services, the pure part: the catalogue of seed 003 as data, the needs
// assessment, the individual plan, service records, closing, and the accounting report.
#include <gtest/gtest.h>

#include "reports/csv.hpp"
#include "reports/social_report.hpp"
#include <nlohmann/json.hpp>

#include "core/messages.hpp"
#include "social/catalogue.hpp"
#include "social/json.hpp"
#include "social/model.hpp"
#include "social/report.hpp"

namespace komek::social {
namespace {

using json = nlohmann::json;

const Catalogue& catalogue() {
  static const Catalogue c = Catalogue::load(std::string(KOMEK_RULES_DIR) + "/social-services.yaml").value();
  return c;
}
const Date kToday = Date::parse("2026-03-20").value();

AssessmentInput elderly_input() {
  AssessmentInput in;
  in.iin = "500315400102";  // born 1950-03-15
  in.full_name = "Гүлжан Әбенова";
  in.territory = "334820000";
  in.assessed_on = "2026-03-02";
  in.assessor = "social worker Д. Омарова";
  in.categories = {"elderly_over_70", "chronic_disease_patient"};
  in.circumstances = {"lives alone", "cannot keep house after a stroke"};
  in.needs_services = true;
  in.reasons = {"needs help at home and regular medical supervision"};
  return in;
}

Plan open_elderly_plan() {
  Assessment a = make_assessment(catalogue(), elderly_input(), kToday).value();
  a.id = "a1";
  a.person_id = "p1";
  return open_plan(a, PlanInput{"2026-03-03", "keep living at home safely"}, "plan1", kToday).value();
}

PlannedServiceInput household() {
  return PlannedServiceInput{"social_household", "patronage", "shopping, cleaning, cooking", "twice a week",
                             "district social care unit", 8, "2026-03-03", "2026-03-31"};
}

TEST(SocialCatalogue, HoldsTheSeedsEightTypesFourFormsAndElevenGroupsWithClauses) {
  const auto& c = catalogue();
  ASSERT_EQ(c.service_types().size(), 8u);
  EXPECT_EQ(c.service_types()[0].code, "social_medical");
  EXPECT_EQ(c.service_types()[7].code, "social_cultural");
  EXPECT_EQ(c.find_type("social_household")->clause, "003 types 6)");
  ASSERT_EQ(c.forms().size(), 4u);
  EXPECT_EQ(c.find_form("helpline")->clause, "003 forms 3)");
  ASSERT_EQ(c.categories().size(), 11u);
  EXPECT_EQ(c.find_category("elderly_over_70")->min_age_years, 70);
  EXPECT_EQ(c.find_category("person_with_disability")->kk, "Мүмкіндігі шектеулі тұлғалар (мүгедектер)");
  for (const auto& list : {c.categories(), c.service_types(), c.forms(), c.closing_reasons()})
    for (const auto& e : list) {
      EXPECT_FALSE(e.clause.empty()) << e.code;
      EXPECT_FALSE(e.kk.empty() || e.ru.empty() || e.en.empty()) << e.code;
    }
}

TEST(SocialCatalogue, RefusesUnknownKeysDuplicatesAndEmptyLists) {
  const std::string ok_lists =
      "service_types: [{code: a, kk: a, ru: a, en: a, clause: x}]\n"
      "forms: [{code: f, kk: f, ru: f, en: f, clause: x}]\n"
      "closing_reasons: [{code: r, kk: r, ru: r, en: r, clause: x}]\n";
  EXPECT_TRUE(Catalogue::parse("categories: [{code: c, kk: c, ru: c, en: c, clause: x}]\n" + ok_lists, "t.yaml").has_value());
  auto dup = Catalogue::parse(
      "categories: [{code: c, kk: c, ru: c, en: c, clause: x}, {code: c, kk: c, ru: c, en: c, clause: x}]\n" + ok_lists, "t.yaml");
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().message_key, "data.invalid");
  EXPECT_FALSE(Catalogue::parse("categories: []\n" + ok_lists, "t.yaml").has_value());
  EXPECT_FALSE(Catalogue::parse("categories: [{code: c, kk: c, ru: c, en: c, clause: x, colour: red}]\n" + ok_lists, "t.yaml")
                   .has_value());
  EXPECT_FALSE(Catalogue::parse("categories: [{code: c, kk: c, ru: c, en: c, clause: x}]\n", "t.yaml").has_value());
}

TEST(SocialAssessment, ValidatesEveryFieldAndNamesIt) {
  auto a = make_assessment(catalogue(), elderly_input(), kToday);
  ASSERT_TRUE(a.has_value()) << render(a.error(), Lang::kEn);
  EXPECT_EQ(a->territory, "334820000");
  EXPECT_TRUE(a->needs_services);

  auto with = [](auto change) {
    AssessmentInput in = elderly_input();
    change(in);
    return make_assessment(catalogue(), in, kToday);
  };
  auto e = with([](AssessmentInput& in) { in.iin = "500315400103"; });
  EXPECT_EQ(e.error().field, "iin");
  EXPECT_EQ(e.error().message_key, "iin.checksum");
  e = with([](AssessmentInput& in) { in.categories = {"elderly_over_70", "astronaut"}; });
  EXPECT_EQ(e.error().field, "categories[1]");
  EXPECT_EQ(e.error().message_key, "social.unknown_category");
  EXPECT_NE(render(e.error(), Lang::kKk).find("astronaut"), std::string::npos);
  e = with([](AssessmentInput& in) { in.categories = {}; });
  EXPECT_EQ(e.error().field, "categories");
  e = with([](AssessmentInput& in) { in.territory = "12"; });
  EXPECT_EQ(e.error().field, "territory");
  e = with([](AssessmentInput& in) { in.assessed_on = "2026-03-21"; });
  EXPECT_EQ(e.error().message_key, "social.date_in_future");
  EXPECT_EQ(e.error().field, "assessed_on");
  e = with([](AssessmentInput& in) { in.reasons = {}; });
  EXPECT_EQ(e.error().field, "reasons");
  e = with([](AssessmentInput& in) { in.circumstances = {"ok", ""}; });
  EXPECT_EQ(e.error().field, "circumstances[1]");
  // Group 4 of 003 needs 70 years: the IIN of a person born in 1980 does not qualify.
  e = with([](AssessmentInput& in) { in.iin = "800612300400"; });
  EXPECT_EQ(e.error().field, "categories[0]");
  EXPECT_EQ(e.error().message_key, "social.category_age");
  EXPECT_EQ(e.error().param("age"), "45");
  // The group by its name in the reader's language, not its code.
  EXPECT_NE(render(e.error(), Lang::kEn).find("Elderly persons over 70"), std::string::npos) << render(e.error(), Lang::kEn);
  EXPECT_EQ(render(e.error(), Lang::kRu).find("elderly_over_70"), std::string::npos) << render(e.error(), Lang::kRu);
  e = with([](AssessmentInput& in) { in.categories = {"young_mother", "young_mother"}; });
  EXPECT_EQ(e.error().message_key, "social.duplicate");
}

TEST(SocialPlan, OpensOnlyOnAFoundNeedAndNotBeforeTheAssessment) {
  Assessment a = make_assessment(catalogue(), elderly_input(), kToday).value();
  a.id = "a1";
  a.person_id = "p1";
  EXPECT_EQ(open_plan(a, PlanInput{"2026-03-01", "g"}, "x", kToday).error().field, "opened_on");
  EXPECT_EQ(open_plan(a, PlanInput{"2026-03-01", "g"}, "x", kToday).error().message_key, "social.before_assessment");
  EXPECT_EQ(open_plan(a, PlanInput{"2026-03-02", ""}, "x", kToday).error().field, "goals");
  a.needs_services = false;
  EXPECT_EQ(open_plan(a, PlanInput{"2026-03-03", "g"}, "x", kToday).error().code, ErrorCode::kConflict);
}

TEST(SocialPlan, PlannedServicesCheckTypeFormQuantityAndDates) {
  Plan p = open_elderly_plan();
  auto s = add_planned_service(p, catalogue(), household(), "s1");
  ASSERT_TRUE(s.has_value()) << render(s.error(), Lang::kEn);
  EXPECT_EQ(p.services.size(), 1u);
  auto in = household();
  in.type = "social_magic";
  EXPECT_EQ(add_planned_service(p, catalogue(), in, "s2").error().field, "type");
  in = household();
  in.form = "in_patient";
  EXPECT_EQ(add_planned_service(p, catalogue(), in, "s2").error().field, "form");
  in = household();
  in.quantity = 0;
  EXPECT_EQ(add_planned_service(p, catalogue(), in, "s2").error().field, "quantity");
  in = household();
  in.planned_from = "2026-03-01";  // before the plan opened on 3 March
  EXPECT_EQ(add_planned_service(p, catalogue(), in, "s2").error().field, "planned_from");
  in = household();
  in.planned_to = "2026-03-02";
  in.planned_from = "2026-03-04";
  EXPECT_EQ(add_planned_service(p, catalogue(), in, "s2").error().field, "planned_to");
  EXPECT_EQ(p.services.size(), 1u);  // refusals changed nothing
}

TEST(SocialRecord, OnlyPlannedTypesAfterTheAssessmentOnAnOpenPlan) {
  Plan p = open_elderly_plan();
  ASSERT_TRUE(add_planned_service(p, catalogue(), household(), "s1").has_value());
  RecordInput in{"social_household", "", "2026-03-05", 1, 90, "care worker А. Нұрланова", "cleaning", false, ""};
  auto r = record_service(p, catalogue(), in, "r1", kToday);
  ASSERT_TRUE(r.has_value()) << render(r.error(), Lang::kEn);
  EXPECT_EQ(r->planned_service_id, "s1");
  EXPECT_EQ(r->form, "patronage");
  EXPECT_EQ(r->person_id, "p1");

  RecordInput other = in;
  other.type = "social_legal";  // a real type, but not in this plan
  auto e = record_service(p, catalogue(), other, "r2", kToday);
  EXPECT_EQ(e.error().field, "type");
  EXPECT_EQ(e.error().message_key, "social.type_not_planned");
  other = in;
  other.date = "2026-03-01";  // before the assessment of 2 March
  e = record_service(p, catalogue(), other, "r2", kToday);
  EXPECT_EQ(e.error().field, "date");
  EXPECT_EQ(e.error().message_key, "social.before_assessment");
  other = in;
  other.date = "2026-03-25";
  EXPECT_EQ(record_service(p, catalogue(), other, "r2", kToday).error().message_key, "social.date_in_future");
  other = in;
  other.refused = true;
  EXPECT_EQ(record_service(p, catalogue(), other, "r2", kToday).error().field, "refusal_reason");
  other.refusal_reason = "not at home";
  EXPECT_TRUE(record_service(p, catalogue(), other, "r2", kToday)->refused);
  other = in;
  other.duration_minutes = 2000;
  EXPECT_EQ(record_service(p, catalogue(), other, "r2", kToday).error().field, "duration_minutes");
  other = in;
  other.planned_service_id = "s9";
  EXPECT_EQ(record_service(p, catalogue(), other, "r2", kToday).error().field, "planned_service");

  // An ended planned service takes records up to its end only.
  ASSERT_TRUE(close_planned_service(p, "s1", CloseServiceInput{"2026-03-10", "relative moved in"}, kToday).has_value());
  other = in;
  other.date = "2026-03-12";
  EXPECT_EQ(record_service(p, catalogue(), other, "r3", kToday).error().message_key, "social.service_ended");
  other.date = "2026-03-09";
  EXPECT_TRUE(record_service(p, catalogue(), other, "r3", kToday).has_value());

  ASSERT_TRUE(close_plan(p, catalogue(), ClosePlanInput{"2026-03-15", "goals_met", ""}, kToday).has_value());
  e = record_service(p, catalogue(), in, "r4", kToday);
  EXPECT_EQ(e.error().code, ErrorCode::kConflict);
  EXPECT_EQ(e.error().field, "plan");
  EXPECT_EQ(e.error().message_key, "social.plan_closed");
  EXPECT_EQ(add_planned_service(p, catalogue(), household(), "s5").error().message_key, "social.plan_closed");
  EXPECT_EQ(close_plan(p, catalogue(), ClosePlanInput{"2026-03-16", "died", ""}, kToday).error().code, ErrorCode::kConflict);
}

TEST(SocialPlan, ClosingNeedsAKnownReasonAndADateInThePlan) {
  Plan p = open_elderly_plan();
  EXPECT_EQ(close_plan(p, catalogue(), ClosePlanInput{"2026-03-15", "bored", ""}, kToday).error().field, "reason");
  EXPECT_EQ(close_plan(p, catalogue(), ClosePlanInput{"2026-03-01", "moved", ""}, kToday).error().field, "closed_on");
  EXPECT_EQ(p.state, PlanState::kOpen);
  ASSERT_TRUE(close_plan(p, catalogue(), ClosePlanInput{"2026-03-15", "moved", "to Almaty"}, kToday).has_value());
  EXPECT_EQ(p.state, PlanState::kClosed);
  EXPECT_EQ(p.closing_reason, "moved");
}

TEST(SocialJson, PlansAndRecordsRoundTrip) {
  Plan p = open_elderly_plan();
  ASSERT_TRUE(add_planned_service(p, catalogue(), household(), "s1").has_value());
  ASSERT_TRUE(close_planned_service(p, "s1", CloseServiceInput{"2026-03-10", "done"}, kToday).has_value());
  ASSERT_TRUE(close_plan(p, catalogue(), ClosePlanInput{"2026-03-15", "goals_met", "n"}, kToday).has_value());
  auto back = plan_from_json(to_json(p).dump());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(to_json(*back), to_json(p));
  RecordInput in{"social_household", "", "2026-03-05", 2, 60, "x", "", false, ""};
  Plan open = open_elderly_plan();
  ASSERT_TRUE(add_planned_service(open, catalogue(), household(), "s1").has_value());
  ServiceRecord r = record_service(open, catalogue(), in, "r1", kToday).value();
  EXPECT_EQ(to_json(record_from_json(to_json(r).dump()).value()), to_json(r));
  EXPECT_EQ(plan_from_json("{").error().code, ErrorCode::kInternal);
}

TEST(SocialReport, CountsPersonsByGroupAndFormAndServicesPlannedVersusDelivered) {
  // Two persons: an elderly chronic patient served at home and by consultation, and a
  // young mother served by a support group; one refusal; one record outside the period.
  Plan p1 = open_elderly_plan();
  ASSERT_TRUE(add_planned_service(p1, catalogue(), household(), "s1").has_value());
  auto consult = PlannedServiceInput{"social_psychological", "consultation", "grief counselling", "weekly", "psychologist",
                                     4, "2026-03-03", "2026-04-30"};
  ASSERT_TRUE(add_planned_service(p1, catalogue(), consult, "s2").has_value());
  Plan p2 = open_elderly_plan();
  p2.id = "plan2";
  p2.person_id = "p2";
  p2.categories = {"young_mother"};
  p2.territory = "334830000";
  auto group = PlannedServiceInput{"social_pedagogical", "support_group", "parenting group", "weekly", "NGO Ана", 6,
                                   "2026-03-03", "2026-03-31"};
  ASSERT_TRUE(add_planned_service(p2, catalogue(), group, "s3").has_value());
  // A plan of another district is not in the report of 3348.
  Plan p3 = p2;
  p3.id = "plan3";
  p3.person_id = "p3";
  p3.territory = "151010000";

  std::vector<ServiceRecord> records;
  auto rec = [&](const Plan& p, const char* type, const char* date, int quantity, bool refused = false) {
    RecordInput in{type, "", date, quantity, 30, "worker", "", refused, refused ? "ill" : ""};
    records.push_back(record_service(p, catalogue(), in, "r" + std::to_string(records.size()), kToday).value());
  };
  rec(p1, "social_household", "2026-03-05", 1);
  rec(p1, "social_household", "2026-03-07", 1);
  rec(p1, "social_psychological", "2026-03-10", 1);
  rec(p1, "social_psychological", "2026-03-17", 1, true);
  rec(p2, "social_pedagogical", "2026-03-06", 2);
  rec(p3, "social_pedagogical", "2026-03-06", 5);
  rec(p1, "social_household", "2026-03-19", 1);  // after the period

  const ReportRequest request = make_report_request("2026-03-01", "2026-03-18", "3348").value();
  const Report r = build_report(catalogue(), request, {p1, p2, p3}, records);
  EXPECT_EQ(r.persons_total, 2);
  EXPECT_EQ(r.persons_by_category.at("elderly_over_70"), 1);
  EXPECT_EQ(r.persons_by_category.at("chronic_disease_patient"), 1);
  EXPECT_EQ(r.persons_by_category.at("young_mother"), 1);
  EXPECT_EQ(r.persons_by_form.at("patronage"), 1);
  EXPECT_EQ(r.persons_by_form.at("consultation"), 1);
  EXPECT_EQ(r.persons_by_form.at("support_group"), 1);
  EXPECT_EQ(r.persons_by_category_and_form.at({"elderly_over_70", "consultation"}), 1);
  EXPECT_EQ(r.persons_by_category_and_form.count({"young_mother", "patronage"}), 0u);
  ASSERT_EQ(r.types.size(), 8u);
  auto line = [&](const char* type) {
    for (const auto& l : r.types)
      if (l.type == type) return l;
    return TypeLine{};
  };
  EXPECT_EQ(line("social_household").planned, 8);
  EXPECT_EQ(line("social_household").delivered, 2);
  EXPECT_EQ(line("social_psychological").planned, 4);
  EXPECT_EQ(line("social_psychological").delivered, 1);
  EXPECT_EQ(line("social_psychological").refused, 1);
  EXPECT_EQ(line("social_pedagogical").planned, 6);
  EXPECT_EQ(line("social_pedagogical").delivered, 2);
  EXPECT_EQ(line("social_legal").planned, 0);
  EXPECT_EQ(r.plans_opened, 2);

  const json j = json::parse(report_json(catalogue(), r, Lang::kKk));
  EXPECT_EQ(j["persons_served"], 2);
  EXPECT_EQ(j["services_by_type"][5]["code"], "social_household");
  EXPECT_EQ(j["services_by_type"][5]["name"], "Әлеуметтік-тұрмыстық қызметтер");
  EXPECT_EQ(j["services_by_type"][5]["clause"], "003 types 6)");
  const std::string csv = reports::write_csv(reports::social_report_table(catalogue(), r, Lang::kEn));
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "section,category,category_name,form,form_name,service_type,service_type_name,persons,planned,delivered,refused");
  EXPECT_NE(csv.find("persons_total,,,,,,,2,,,\r\n"), std::string::npos);
  EXPECT_NE(csv.find("services_by_type,,,,,social_household,Social-household services,1,8,2,0\r\n"), std::string::npos);
  EXPECT_NE(csv.find("persons_by_category_and_form,elderly_over_70,Elderly persons over 70,patronage,"), std::string::npos);
}

TEST(SocialReport, ThePeriodAndTerritoryAreChecked) {
  EXPECT_EQ(make_report_request("2026-03-10", "2026-03-01", "").error().field, "to");
  EXPECT_EQ(make_report_request("2026-02-30", "2026-03-01", "").error().field, "from");
  EXPECT_EQ(make_report_request("", "2026-03-01", "").error().field, "from");
  EXPECT_EQ(make_report_request("2020-01-01", "2026-03-01", "").error().message_key, "social.period_too_long");
  EXPECT_EQ(make_report_request("2026-03-01", "2026-03-02", "33a").error().field, "territory");
  EXPECT_TRUE(make_report_request("2026-03-01", "2026-03-01", "").has_value());
}

TEST(SocialMessages, EveryKeyHasThreeLanguages) {
  // Triggers registration, then checks each social.* entry.
  (void)make_report_request("", "", "");
  int seen = 0;
  for (const auto* m : all_messages())
    if (m->key.rfind("social.", 0) == 0) {
      ++seen;
      EXPECT_FALSE(m->kk.empty() || m->ru.empty() || m->en.empty()) << m->key;
    }
  EXPECT_GE(seen, 25);
}

}  // namespace
}  // namespace komek::social
