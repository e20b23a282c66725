// End-to-end: special social services (seed 003) through the built binary: `komek serve`
// with a controllable clock, carried from the needs assessment through the plan and the
// services to the report over HTTP, the bad inputs refused with their field, and
// `komek social report` reading the same database (text, JSON, CSV, exit codes).
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/server.hpp"

namespace komek::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

class Social : public ::testing::Test {
 protected:
  void SetUp() override {
    s.set_clock("2026-03-20T10:00");
    s.add_user("officer1", "officer", "3348");
    s.add_user("auditor1", "auditor", "3348");
    s.add_user("officer15", "officer", "15");
    ASSERT_TRUE(s.start({"--registry-families", "20"})) << s.output();
  }
  std::string db() const { return s.db(); }
  std::string login(const std::string& who) { return s.login(who); }
  HttpResponse post(const std::string& token, const std::string& path, const json& body) { return s.post(token, path, body); }
  json ok(const HttpResponse& r, int status) { return KomekServer::ok(r, status); }
  CommandResult komek(std::vector<std::string> args) { return s.komek(args); }

  KomekServer s{::testing::UnitTest::GetInstance()->current_test_info()->name()};
};

TEST_F(Social, AssessmentPlanServicesReportAndTheBadInputs) {
  const std::string t = login("officer1");
  // 003 §11: the needs assessment of an elderly person living alone.
  json a = ok(post(t, "/api/v1/social/assessments",
                   {{"iin", "500315400102"}, {"full_name", "Гүлжан Әбенова"}, {"territory", "334820000"},
                    {"assessed_on", "2026-03-02"}, {"assessor", "Д. Омарова"},
                    {"categories", {"elderly_over_70", "person_with_disability"}},
                    {"circumstances", {"lives alone", "group 2 disability"}}, {"needs_services", true},
                    {"reasons", {"cannot keep house", "needs rehabilitation at home"}}}),
              201);
  const std::string person = a["person"]["id"];
  json plan = ok(post(t, "/api/v1/social/plans",
                      {{"assessment", a["assessment"]["id"]}, {"opened_on", "2026-03-03"}, {"goals", "live at home safely"}}),
                 201);
  const std::string id = plan["id"];
  const std::string base = "/api/v1/social/plans/" + id;
  ok(post(t, base + "/services",
          {{"type", "social_household"}, {"form", "patronage"}, {"description", "cleaning and shopping"},
           {"frequency", "twice a week"}, {"quantity", 8}, {"provider", "district care unit"},
           {"planned_from", "2026-03-03"}, {"planned_to", "2026-03-31"}}),
     201);
  json medical = ok(post(t, base + "/services",
                         {{"type", "social_medical"}, {"form", "consultation"}, {"description", "blood pressure checks"},
                          {"frequency", "weekly"}, {"quantity", 4}, {"provider", "polyclinic nurse"},
                          {"planned_from", "2026-03-03"}, {"planned_to", "2026-03-31"}}),
                    201);
  ok(post(t, base + "/records",
          {{"type", "social_household"}, {"date", "2026-03-05"}, {"quantity", 1}, {"duration_minutes", 120},
           {"provider", "А. Нұрланова"}}),
     201);
  ok(post(t, base + "/records",
          {{"type", "social_medical"}, {"date", "2026-03-06"}, {"duration_minutes", 20}, {"provider", "nurse Б. Ержанова"}}),
     201);
  ok(post(t, base + "/records",
          {{"type", "social_medical"}, {"date", "2026-03-13"}, {"provider", "nurse Б. Ержанова"}, {"refused", true},
           {"refusal_reason", "felt unwell, asked to come next week"}}),
     201);

  // The bad inputs: each names its field and changes nothing.
  json e = ok(post(t, base + "/records", {{"type", "social_legal"}, {"date", "2026-03-06"}, {"provider", "x"}}), 400);
  EXPECT_EQ(e["field"], "type");
  e = ok(post(t, base + "/records", {{"type", "social_household"}, {"date", "2026-03-01"}, {"provider", "x"}}), 400);
  EXPECT_EQ(e["field"], "date");
  e = ok(post(t, "/api/v1/social/assessments",
              {{"iin", "800612300400"}, {"full_name", "X"}, {"territory", "334820000"}, {"assessed_on", "2026-03-02"},
               {"assessor", "Y"}, {"categories", {"sailor"}}, {"circumstances", {"c"}}, {"needs_services", true},
               {"reasons", {"r"}}}),
         400);
  EXPECT_EQ(e["field"], "categories[0]");
  auto missing_key = http_request(s.port(), "POST", base + "/records", {"Authorization: Bearer " + t},
                                  json{{"type", "social_household"}, {"date", "2026-03-06"}, {"provider", "x"}}.dump());
  EXPECT_EQ(missing_key.status, 400);

  // End the medical checks, close the plan; a record on the closed plan is refused.
  ok(post(t, base + "/services/" + medical["id"].get<std::string>() + "/close",
          {{"closed_on", "2026-03-14"}, {"reason", "moved to the polyclinic's own programme"}}),
     200);
  ok(post(t, base + "/close", {{"closed_on", "2026-03-18"}, {"reason", "goals_met"}}), 200);
  e = ok(post(t, base + "/records", {{"type", "social_household"}, {"date", "2026-03-10"}, {"provider", "x"}}), 409);
  EXPECT_EQ(e["field"], "plan");

  // The auditor reads the file; another district does not see it.
  auto file = http_request(s.port(), "GET", "/api/v1/social/persons/" + person, {"Authorization: Bearer " + login("auditor1")});
  ASSERT_EQ(file.status, 200) << file.body;
  const json f = json::parse(file.body);
  EXPECT_EQ(f["plans"][0]["state"], "closed");
  EXPECT_EQ(f["plans"][0]["records"].size(), 3u);
  EXPECT_EQ(http_request(s.port(), "GET", "/api/v1/social/persons/" + person, {"Authorization: Bearer " + login("officer15")}).status,
            404);

  auto report = http_request(s.port(), "GET", "/api/v1/social/report?from=2026-03-01&to=2026-03-31&lang=kk",
                             {"Authorization: Bearer " + t});
  ASSERT_EQ(report.status, 200) << report.body;
  const json r = json::parse(report.body);
  EXPECT_EQ(r["persons_served"], 1);
  EXPECT_EQ(r["by_category"][3]["code"], "elderly_over_70");
  EXPECT_EQ(r["by_category"][3]["persons"], 1);
  EXPECT_EQ(r["by_category"][3]["by_form"]["patronage"], 1);
  EXPECT_EQ(r["services_by_type"][0]["name"], "Әлеуметтік-медициналық қызметтер");
  EXPECT_EQ(r["services_by_type"][0]["planned"], 4);
  EXPECT_EQ(r["services_by_type"][0]["delivered"], 1);
  EXPECT_EQ(r["services_by_type"][0]["refused"], 1);
  EXPECT_EQ(r["plans"]["closed_by_reason"]["goals_met"], 1);
  auto csv = http_request(s.port(), "GET", "/api/v1/social/report?from=2026-03-01&to=2026-03-31&format=csv",
                          {"Authorization: Bearer " + t});
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.headers.find("text/csv"), std::string::npos);
  EXPECT_NE(csv.body.find("services_by_type,,,,,social_household,Social-household services,1,8,1,0"), std::string::npos)
      << csv.body;

  // The same report from the command line, on the same database.
  auto text = komek({"social", "report", "--db", db(), "--from", "2026-03-01", "--to", "2026-03-31", "--territory", "3348"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("persons served: 1"), std::string::npos) << text.out;
  auto as_json = komek({"social", "report", "--db", db(), "--from", "2026-03-01", "--to", "2026-03-31", "--json"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
  EXPECT_EQ(json::parse(as_json.out)["services_by_type"][5]["delivered"], 1);
  auto as_csv = komek({"social", "report", "--db", db(), "--from", "2026-03-01", "--to", "2026-03-31", "--csv"});
  EXPECT_EQ(as_csv.exit_code, 0);
  EXPECT_EQ(as_csv.out, csv.body);
  auto other = komek({"social", "report", "--db", db(), "--from", "2026-03-01", "--to", "2026-03-31", "--territory", "15", "--json"});
  EXPECT_EQ(json::parse(other.out)["persons_served"], 0);
}

TEST_F(Social, TheReportCommandRefusesBadArguments) {
  auto reversed = komek({"social", "report", "--db", db(), "--from", "2026-03-10", "--to", "2026-03-01"});
  EXPECT_EQ(reversed.exit_code, 2);
  EXPECT_NE(reversed.err.find("--to"), std::string::npos) << reversed.err;
  auto bad_date = komek({"social", "report", "--db", db(), "--from", "2026-13-01", "--to", "2026-03-01", "--json"});
  EXPECT_EQ(bad_date.exit_code, 2);
  EXPECT_EQ(json::parse(bad_date.out)["error"]["field"], "--from");
  auto no_db = komek({"social", "report", "--db", (s.dir() / "none.db").string(), "--from", "2026-03-01", "--to", "2026-03-31"});
  EXPECT_EQ(no_db.exit_code, 2);
  EXPECT_NE(no_db.err.find("--db"), std::string::npos);
  EXPECT_FALSE(fs::exists(s.dir() / "none.db"));
  auto ru = komek({"--lang", "ru", "social", "report", "--db", db(), "--from", "2026-03-01", "--to", "2026-03-31",
                   "--territory", "33x"});
  EXPECT_EQ(ru.exit_code, 2);
  EXPECT_NE(ru.err.find("КАТО"), std::string::npos) << ru.err;
}

}  // namespace
}  // namespace komek::test
