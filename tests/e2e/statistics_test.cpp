// The statistics bureau's regional figures through the built binary (issue 16 item 1): the
// CSV import command refuses a bad file naming its line and column and writes nothing, and
// takes a good one; the demo district ships the figures it needs — marked as demo figures,
// since none is published for a quarter (STATISTICS.md §1a, §3) — so that a TSA application
// in Koksu is carried to a decision in the demo.
#include <signal.h>
#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace komek::test {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

std::string temp_path(const std::string& name) {
  return "/tmp/komek-statistics-e2e-" + std::to_string(::getpid()) + "-" + name;
}
void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(CliStatistics, ImportRefusesABadFileWholeAndTakesAGoodOne) {
  const std::string db = temp_path("import.db");
  const std::string header = "series,region,period,value,source,published_on\n";
  const std::string good_line = "subsistence_minimum,33,2025-07,58000,\"БНС, July 2025\",2025-07-31\n";
  write(temp_path("bad.csv"), header + good_line + "median_income,33,2025-Q3,сто,БНС,2025-10-20\n");
  auto bad = run_command(KOMEK_BINARY, {"statistics", "import", "--db", db, "--file", temp_path("bad.csv")});
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("Line 3, column 'value'"), std::string::npos) << bad.err;

  auto none = run_command(KOMEK_BINARY, {"--json", "statistics", "list", "--db", db, "--region", "33"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  for (const auto& f : json::parse(none.out)) EXPECT_EQ(f["origin"], "shipped") << f.dump();

  write(temp_path("good.csv"), header + good_line);
  auto good = run_command(KOMEK_BINARY, {"statistics", "import", "--db", db, "--file", temp_path("good.csv")});
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
  EXPECT_NE(good.out.find("Imported 1 figures: 1 new"), std::string::npos) << good.out;
  auto listed = run_command(KOMEK_BINARY, {"--json", "statistics", "list", "--db", db, "--region", "33"});
  int entered = 0;
  for (const auto& f : json::parse(listed.out)) entered += f["origin"] == "entered" ? 1 : 0;
  EXPECT_EQ(entered, 1);
}

TEST(Demo, ATsaApplicationInKoksuIsDecidedOnTheDemoFigures) {
  const int port = free_port();
  const std::string clock = temp_path("clock");
  write(clock, "2026-10-15T10:00");
  BackgroundProcess server(KOMEK_BINARY, {"serve", "--demo", "--port", std::to_string(port), "--db", temp_path("demo.db"),
                                          "--clock", clock, "--registry-families", "50"});
  ASSERT_TRUE(wait_for_port(port, 60s)) << server.output();
  const std::string out = server.output();
  EXPECT_NE(out.find("regional figures for Zhetisu 2026-Q3 entered as demo figures"), std::string::npos) << out;
  const auto at = out.find("  officer / ");
  ASSERT_NE(at, std::string::npos) << out;
  const std::string password = out.substr(at + 12, out.find(' ', at + 12) - at - 12);
  auto session = http_request(port, "POST", "/api/v1/sessions", {}, json{{"login", "officer"}, {"password", password}}.dump());
  ASSERT_EQ(session.status, 201) << session.body;
  const std::string auth = "Authorization: Bearer " + json::parse(session.body)["token"].get<std::string>();
  int keys = 0;
  const auto post = [&](const std::string& path, const json& body) {
    return http_request(port, "POST", path, {auth, "Content-Type: application/json", "Idempotency-Key: e2e-" + std::to_string(++keys)},
                        body.dump());
  };

  // The figures page shows the demo figures as such.
  auto figures = http_request(port, "GET", "/api/v1/statistics/figures?region=33", {auth});
  int demo = 0;
  const json listed = json::parse(figures.body);
  for (const auto& f : listed["figures"])
    if (f["demo"] == true && f["source"].get<std::string>().find("demo figure, not published") != std::string::npos) ++demo;
  EXPECT_EQ(demo, 2) << figures.body;

  const json family = {{"territory", "334820000"},
                       {"application_date", "2026-10-15"},
                       {"members", json::array({{{"iin", "900101300811"}, {"birth_date", "1990-01-01"}, {"relation", "applicant"},
                                                 {"incomes", json::array({{{"type", "wages"}, {"month", "2026-07"}, {"amount", "45000.00"}},
                                                                          {{"type", "wages"}, {"month", "2026-08"}, {"amount", "45000.00"}},
                                                                          {{"type", "wages"}, {"month", "2026-09"}, {"amount", "45000.00"}}})}},
                                                {{"birth_date", "1992-03-01"}, {"relation", "spouse"}, {"sex", "female"}},
                                                {{"birth_date", "2016-05-20"}, {"relation", "child"}}})}};
  auto made = post("/api/v1/cases", {{"channel", "authorized_body"}, {"pack", "kz-tsa"}, {"family", family}, {"applicant_name", "Айгүл"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = json::parse(made.body)["id"];
  const std::string base = "/api/v1/cases/" + id + "/";
  ASSERT_EQ(post(base + "accept", json::object()).status, 200);
  auto registry = post(base + "registry", json::object());
  ASSERT_EQ(registry.status, 200) << registry.body;
  if (json::parse(registry.body)["state"] == "awaiting_documents") {
    ASSERT_EQ(post(base + "documents-received", json::object()).status, 200);
  }
  ASSERT_EQ(post(base + "commission", {{"kind", "district"}}).status, 200);
  ASSERT_EQ(post(base + "commission/conclusion", {{"in_need", true}}).status, 200);
  // Nothing is wanted: the demo entered what Koksu's cases need.
  EXPECT_TRUE(json::parse(http_request(port, "GET", "/api/v1/statistics/wanted", {auth}).body)["wanted"].empty());
  auto employed = post(base + "employment", {{"recommendations", "training"}, {"contract_number", "SC-1"},
                                             {"plan", {"alm_vocational_training"}}, {"job_seekers", {"900101300811"}}});
  ASSERT_EQ(employed.status, 200) << employed.body;
  auto decided = post(base + "decision", json::object());
  ASSERT_EQ(decided.status, 200) << decided.body;
  const json c = json::parse(decided.body);
  EXPECT_EQ(c["state"], "granted");
  // Poverty line = max(35% × 63 000 = 22 050; 70% × 59 725 = 41 807,50) = 41 807,50 ₸ (FACTS
  // §2, order No 473); per-capita income 15 000 ₸; (41 807,50 − 15 000) × 3 = 80 422,50 ₸.
  bool amount = false;
  for (const auto& p : c["decision"]["programmes"]) amount = amount || p["amount_per_payment_tiyn"] == 8'042'250;
  EXPECT_TRUE(amount) << c["decision"].dump();
  EXPECT_NE(c["evaluation"].dump().find("demo figure, not published"), std::string::npos);
  EXPECT_EQ(server.stop(SIGTERM, 15s), 0);
}

}  // namespace
}  // namespace komek::test
