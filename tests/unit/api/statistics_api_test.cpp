// The statistics routes (issue 16 item 1): staff read the figures; officers enter them for
// their own region, one by one or from CSV text; a bad line is a 400 naming the line and the
// column, and writes nothing; the warning lists the figures open cases will need.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "statistics/service.hpp"
#include "store/statistics_store.hpp"
#include "support/api_harness.hpp"

namespace komek {
namespace {

using json = nlohmann::json;

class StatisticsApiTest : public test::ApiHarness {
 protected:
  StatisticsApiTest() { local_.set("2026-10-15T10:00"); }
  std::vector<api::RouteModule> wire() override {
    stats_store_ = store::make_statistics_store(*db_);
    stats_ = std::make_unique<statistics::StatisticsService>(*stats_store_, test::library(), local_);
    // The case service as `komek serve` wires it: evaluating with the entered figures.
    cases_with_figures_ = std::make_unique<cases::CaseService>(*cases_, *workflow_, local_, ids_, registry_, stats_.get());
    return {api::statistics_routes(*stats_, *cases_with_figures_)};
  }
  void SetUp() override {
    ApiHarness::SetUp();
    add_user("officer", cases::Role::kOfficer, "3348");
    add_user("auditor", cases::Role::kAuditor, "3348");
    add_user("consultant", cases::Role::kConsultant, "3348");
    add_user("officer15", cases::Role::kOfficer, "1510");
  }
  json figure(const char* series, const char* period, const char* value, const char* published) {
    return {{"series", series}, {"region", "33"}, {"period", period}, {"value", value},
            {"source", "БНС, бюллетень"}, {"published_on", published}};
  }

  std::unique_ptr<statistics::StatisticsStore> stats_store_;
  std::unique_ptr<statistics::StatisticsService> stats_;
  std::unique_ptr<cases::CaseService> cases_with_figures_;
};

TEST_F(StatisticsApiTest, StaffReadOfficersWriteForTheirOwnRegion) {
  auto listed = get("auditor", "/api/v1/statistics/figures", "region=33");
  ASSERT_EQ(listed.status, 200) << listed.body;
  // The shipped months of Zhetisu (rules/parameters/regional.yaml, STATISTICS.md §1a).
  const json shipped = json::parse(listed.body)["figures"];
  ASSERT_EQ(shipped.size(), 2u);
  EXPECT_EQ(shipped[0]["origin"], "shipped");
  EXPECT_EQ(shipped[0]["value_tiyn"], 5'911'500);
  EXPECT_EQ(shipped[0]["region_name"], "Zhetysu Region");

  auto by_auditor = post("auditor", "/api/v1/statistics/figures", figure("median_income", "2026-Q3", "150000", "2026-10-12"));
  EXPECT_EQ(by_auditor.status, 403) << by_auditor.body;
  auto by_consultant = post("consultant", "/api/v1/statistics/figures", figure("median_income", "2026-Q3", "150000", "2026-10-12"));
  EXPECT_EQ(by_consultant.status, 403) << by_consultant.body;
  auto other_region = post("officer15", "/api/v1/statistics/figures", figure("median_income", "2026-Q3", "150000", "2026-10-12"));
  EXPECT_EQ(other_region.status, 403) << other_region.body;
  EXPECT_EQ(rows("regional_figures"), 0);

  auto made = post("officer", "/api/v1/statistics/figures", figure("median_income", "2026-Q3", "150000", "2026-10-12"));
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(json::parse(made.body)["value_tiyn"], 15'000'000);
  auto bad = post("officer", "/api/v1/statistics/figures", figure("median_income", "2026-08", "150000", "2026-10-12"), "", "ru");
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(json::parse(bad.body)["field"], "period");
  EXPECT_EQ(json::parse(bad.body)["message"],
            "Показатель median_income задаётся только за квартал (ГГГГ-Qn), а «2026-08» — месяц. Помесячно вводится только "
            "прожиточный минимум");
  EXPECT_EQ(rows("regional_figures"), 1);
}

TEST_F(StatisticsApiTest, ACsvImportIsAllOrNothingAndNamesTheLineAndColumn) {
  const std::string csv = "series,region,period,value,source,published_on\n"
                          "subsistence_minimum,33,2026-Q3,60000,БНС,2026-10-10\n"
                          "median_income,33,2026-Q3,150000,БНС,2026-10-12\n"
                          "poverty_line,33,2026-Q4,41000,БНС,2026-13-01\n";
  auto refused = post("officer", "/api/v1/statistics/import", {{"csv", csv}}, "", "kk");
  ASSERT_EQ(refused.status, 400) << refused.body;
  const json e = json::parse(refused.body);
  EXPECT_EQ(e["field"], "csv");
  EXPECT_EQ(e["message"], "4-жол, «published_on» бағаны: «2026-13-01» — күн емес: жарияланған күнді ЖЖЖЖ-АА-КК түрінде жазыңыз");
  EXPECT_EQ(rows("regional_figures"), 0);

  const std::string good = csv.substr(0, csv.rfind("poverty_line"));
  auto imported = post("officer", "/api/v1/statistics/import", {{"csv", good}});
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(json::parse(imported.body)["entered"], 2);
  EXPECT_EQ(rows("regional_figures"), 2);
}

TEST_F(StatisticsApiTest, TheWarningCountsTheOpenTsaCasesWaitingForARegionsQuarter) {
  const json family = {{"territory", "334820000"},
                       {"application_date", "2026-10-15"},
                       {"members", json::array({{{"iin", "900101300811"}, {"birth_date", "1990-01-01"}, {"relation", "applicant"}}})}};
  auto made = post("officer", "/api/v1/cases", {{"channel", "authorized_body"}, {"pack", "kz-tsa"}, {"family", family},
                                                {"applicant_name", "Айгүл"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = json::parse(made.body)["id"];

  auto wanted = get("auditor", "/api/v1/statistics/wanted");
  ASSERT_EQ(wanted.status, 200) << wanted.body;
  json w = json::parse(wanted.body);
  EXPECT_TRUE(w["complete"].get<bool>());
  ASSERT_EQ(w["wanted"].size(), 1u);
  EXPECT_EQ(w["wanted"][0]["region"], 33);
  EXPECT_EQ(w["wanted"][0]["quarter"], "2026-Q3");
  EXPECT_EQ(w["wanted"][0]["cases"], 1);
  EXPECT_EQ(w["wanted"][0]["series"], json::array({"subsistence_minimum", "median_income"}));
  EXPECT_EQ(json::parse(get("officer", "/api/v1/statistics/wanted", "case=" + id).body)["wanted"].size(), 1u);
  // A district elsewhere does not see Koksu's case.
  EXPECT_TRUE(json::parse(get("officer15", "/api/v1/statistics/wanted").body)["wanted"].empty());

  ASSERT_EQ(post("officer", "/api/v1/statistics/figures", figure("subsistence_minimum", "2026-Q3", "60000", "2026-10-10")).status, 201);
  ASSERT_EQ(post("officer", "/api/v1/statistics/figures", figure("median_income", "2026-Q3", "150000", "2026-10-12")).status, 201);
  EXPECT_TRUE(json::parse(get("auditor", "/api/v1/statistics/wanted").body)["wanted"].empty());
}

}  // namespace
}  // namespace komek
