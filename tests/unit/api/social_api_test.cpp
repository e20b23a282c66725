// Special social services over the API without a server: the route table and its policies,
// roles (officers and consultants write, auditors read), the whole path from assessment to
// report in JSON and CSV, idempotency keys, bad input naming its field in the caller's
// language, territory scoping.
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/router.hpp"
#include "social/service.hpp"
#include "store/social_store.hpp"
#include "api/routes.hpp"
#include "support/api_harness.hpp"

namespace komek::api {
namespace {

using json = nlohmann::json;

const social::Catalogue& catalogue() {
  static const social::Catalogue c = social::Catalogue::load(std::string(KOMEK_RULES_DIR) + "/social-services.yaml").value();
  return c;
}

class SocialApi : public test::ApiHarness {
 protected:
  SocialApi() {
    local_.set("2026-03-20T10:00");
    ids_.prefix = "id";
  }
  std::vector<RouteModule> wire() override {
    social_store_ = store::make_social_store(*db_);
    social_ = std::make_unique<social::SocialService>(*social_store_, catalogue(), local_, ids_);
    return {social_routes(*social_)};
  }
  void SetUp() override {
    ApiHarness::SetUp();
    add_user("officer1", cases::Role::kOfficer, "3348");
    add_user("consultant1", cases::Role::kConsultant, "3348");
    add_user("auditor1", cases::Role::kAuditor, "3348");
    add_user("officer15", cases::Role::kOfficer, "15");
    add_user("akim1", cases::Role::kAkimOfficer, "3348");
  }
  static json assessment() {
    return {{"iin", "500315400102"},
            {"full_name", "Гүлжан Әбенова"},
            {"territory", "334820000"},
            {"assessed_on", "2026-03-02"},
            {"assessor", "Д. Омарова"},
            {"categories", {"elderly_over_70", "chronic_disease_patient"}},
            {"circumstances", {"lives alone after a stroke"}},
            {"needs_services", true},
            {"reasons", {"needs help at home"}}};
  }
  // Assessment and plan with one planned household service: {person, plan}.
  std::pair<std::string, std::string> open_plan() {
    auto a = post("officer1", "/api/v1/social/assessments", assessment());
    EXPECT_EQ(a.status, 201) << a.body;
    const json aj = json::parse(a.body);
    auto p = post("consultant1", "/api/v1/social/plans",
                  {{"assessment", aj["assessment"]["id"]}, {"opened_on", "2026-03-03"}, {"goals", "stay at home"}});
    EXPECT_EQ(p.status, 201) << p.body;
    const std::string plan = json::parse(p.body)["id"];
    auto s = post("officer1", "/api/v1/social/plans/" + plan + "/services",
                  {{"type", "social_household"}, {"form", "patronage"}, {"description", "cleaning, shopping"},
                   {"frequency", "twice a week"}, {"quantity", 8}, {"provider", "care unit"},
                   {"planned_from", "2026-03-03"}, {"planned_to", "2026-03-31"}});
    EXPECT_EQ(s.status, 201) << s.body;
    return {aj["person"]["id"], plan};
  }

  std::unique_ptr<social::SocialStore> social_store_;
  std::unique_ptr<social::SocialService> social_;
};

TEST_F(SocialApi, EverySocialRouteHasAPolicyAndIsInTheOpenApiDocument) {
  std::set<std::string> social;
  for (const auto& r : app_->routes()) {
    if (r.pattern.rfind("/api/v1/social/", 0) != 0) continue;
    social.insert(r.method + " " + r.pattern);
    EXPECT_FALSE(r.policy.public_route) << r.pattern;
    EXPECT_FALSE(r.policy.roles.empty()) << r.pattern;
    EXPECT_EQ(r.policy.mutates, r.method == "POST") << r.pattern;
  }
  EXPECT_EQ(social.size(), 10u);
  const json doc = json::parse(app_->openapi());
  EXPECT_TRUE(doc["paths"].contains("/api/v1/social/plans/{id}/records"));
  EXPECT_EQ(doc["paths"]["/api/v1/social/plans/{id}/records"]["post"]["parameters"][1]["name"], "Idempotency-Key");
}

TEST_F(SocialApi, FromAssessmentToReportInJsonAndCsv) {
  const auto [person, plan] = open_plan();
  auto r = post("officer1", "/api/v1/social/plans/" + plan + "/records",
                {{"type", "social_household"}, {"date", "2026-03-05"}, {"quantity", 1}, {"duration_minutes", 90},
                 {"provider", "А. Нұрланова"}, {"notes", "cleaning"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["form"], "patronage");
  r = post("officer1", "/api/v1/social/plans/" + plan + "/records",
           {{"type", "social_household"}, {"date", "2026-03-07"}, {"provider", "А. Нұрланова"}, {"refused", true},
            {"refusal_reason", "not at home"}});
  ASSERT_EQ(r.status, 201) << r.body;

  auto file = get("auditor1", "/api/v1/social/persons/" + person);
  ASSERT_EQ(file.status, 200) << file.body;
  const json f = json::parse(file.body);
  EXPECT_EQ(f["person"]["iin"], "500315400102");
  EXPECT_EQ(f["plans"][0]["records"].size(), 2u);
  EXPECT_EQ(f["plans"][0]["services"][0]["quantity"], 8);

  auto report = get("auditor1", "/api/v1/social/report", "from=2026-03-01&to=2026-03-31");
  ASSERT_EQ(report.status, 200) << report.body;
  const json j = json::parse(report.body);
  EXPECT_EQ(j["territory"], "3348");
  EXPECT_EQ(j["persons_served"], 1);
  EXPECT_EQ(j["services_by_type"][5]["planned"], 8);
  EXPECT_EQ(j["services_by_type"][5]["delivered"], 1);
  EXPECT_EQ(j["services_by_type"][5]["refused"], 1);
  auto csv = get("officer1", "/api/v1/social/report", "from=2026-03-01&to=2026-03-31&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("services_by_type,,,,,social_household,Social-household services,1,8,1,1\r\n"), std::string::npos)
      << csv.body;

  auto closed = post("officer1", "/api/v1/social/plans/" + plan + "/close", {{"closed_on", "2026-03-19"}, {"reason", "died"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  auto late = post("officer1", "/api/v1/social/plans/" + plan + "/records",
                   {{"type", "social_household"}, {"date", "2026-03-08"}, {"provider", "x"}});
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(json::parse(late.body)["field"], "plan");
  EXPECT_EQ(json::parse(late.body)["code"], "conflict");
}

TEST_F(SocialApi, BadInputNamesItsFieldInTheCallersLanguage) {
  const auto [person, plan] = open_plan();
  const std::string records = "/api/v1/social/plans/" + plan + "/records";
  auto r = post("officer1", records, {{"type", "social_legal"}, {"date", "2026-03-05"}, {"provider", "x"}}, "", "ru");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["field"], "type");
  EXPECT_NE(json::parse(r.body)["message"].get<std::string>().find("индивидуальном плане"), std::string::npos) << r.body;
  r = post("officer1", records, {{"type", "social_household"}, {"date", "2026-02-27"}, {"provider", "x"}}, "", "kk");
  EXPECT_EQ(json::parse(r.body)["field"], "date");
  EXPECT_NE(json::parse(r.body)["message"].get<std::string>().find("бағалаудан"), std::string::npos) << r.body;
  r = post("officer1", records, {{"type", "social_household"}, {"date", "2026-03-05"}, {"provider", "x"}, {"quantity", "two"}});
  EXPECT_EQ(json::parse(r.body)["field"], "quantity");
  r = post("officer1", records, {{"type", "social_household"}, {"date", "2026-03-05"}, {"provider", "x"}, {"colour", "red"}});
  EXPECT_EQ(json::parse(r.body)["field"], "colour");
  json bad = assessment();
  bad["categories"] = {"elderly_over_70", "wizard"};
  r = post("officer1", "/api/v1/social/assessments", bad);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["field"], "categories[1]");
  r = post("officer1", "/api/v1/social/assessments", assessment(), "-");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["code"], "invalid_input");
  r = app_->handle(HttpRequest{"GET", "/api/v1/social/report", "from=2026-03-10&to=2026-03-01",
                               {{"authorization", "Bearer " + token("officer1")}}, "", "t"});
  EXPECT_EQ(json::parse(r.body)["field"], "to");
  // Nothing of the refused requests was stored.
  auto file = json::parse(get("officer1", "/api/v1/social/persons/" + person).body);
  EXPECT_EQ(file["plans"][0]["records"].size(), 0u);
  EXPECT_EQ(file["assessments"].size(), 1u);
}

TEST_F(SocialApi, TheTerritorysPersonsAreListedWithMaskedIinsAndLogged) {
  const auto [person, plan] = open_plan();
  const int logged = rows("pd_access_log");
  auto r = get("auditor1", "/api/v1/social/persons");
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  EXPECT_TRUE(j["complete"].get<bool>());
  ASSERT_EQ(j["persons"].size(), 1u);
  EXPECT_EQ(j["persons"][0]["id"], person);
  EXPECT_EQ(j["persons"][0]["full_name"], "Гүлжан Әбенова");
  EXPECT_EQ(j["persons"][0]["iin_masked"], "5003******02");
  EXPECT_EQ(j["persons"][0]["last_assessed_on"], "2026-03-02");
  EXPECT_EQ(j["persons"][0]["open_plan_since"], "2026-03-03");
  EXPECT_EQ(r.body.find("500315400102"), std::string::npos);
  EXPECT_EQ(rows("pd_access_log"), logged + 1);
  EXPECT_EQ(json::parse(get("officer15", "/api/v1/social/persons").body)["persons"].size(), 0u);
  EXPECT_EQ(get("akim1", "/api/v1/social/persons").status, 403);
}

TEST_F(SocialApi, RolesAndTerritoriesDecideWhoReadsAndWrites) {
  const auto [person, plan] = open_plan();
  // Auditors read but do not write; akim's offices neither.
  EXPECT_EQ(post("auditor1", "/api/v1/social/assessments", assessment()).status, 403);
  EXPECT_EQ(get("akim1", "/api/v1/social/persons/" + person).status, 403);
  EXPECT_EQ(get("auditor1", "/api/v1/social/catalogue").status, 200);
  // Another territory sees nothing at all.
  EXPECT_EQ(get("officer15", "/api/v1/social/persons/" + person).status, 404);
  EXPECT_EQ(post("officer15", "/api/v1/social/plans/" + plan + "/close", {{"closed_on", "2026-03-19"}, {"reason", "moved"}}).status,
            404);
  EXPECT_EQ(post("officer15", "/api/v1/social/assessments", assessment()).status, 403);
  EXPECT_EQ(get("officer1", "/api/v1/social/report", "from=2026-03-01&to=2026-03-31&territory=15").status, 403);
  // The same key with the same body gives the same answer once; with another body, 422.
  const json body = {{"type", "social_household"}, {"date", "2026-03-05"}, {"provider", "x"}};
  auto a = post("officer1", "/api/v1/social/plans/" + plan + "/records", body, "rec-1");
  auto b = post("officer1", "/api/v1/social/plans/" + plan + "/records", body, "rec-1");
  EXPECT_EQ(a.status, 201);
  EXPECT_EQ(a.body, b.body);
  json other = body;
  other["date"] = "2026-03-06";
  EXPECT_EQ(post("officer1", "/api/v1/social/plans/" + plan + "/records", other, "rec-1").status, 422);
  EXPECT_EQ(json::parse(get("officer1", "/api/v1/social/persons/" + person).body)["plans"][0]["records"].size(), 1u);
}

}  // namespace
}  // namespace komek::api
