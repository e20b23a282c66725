// `komek population …` and `komek batch …` as a planner or a script meets them, on small
// generated populations: outputs, JSON, files and exit codes.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace komek::test {
namespace {

CommandResult komek(const std::vector<std::string>& args) { return run_command(KOMEK_BINARY, args); }

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

// One scratch directory and two populations for the whole suite (generated once: fast).
class BatchCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() / ("komek_batch_cli_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    auto r = komek({"population", "generate", "--persons", "3000", "--seed", "5", "--out", (dir_ / "p.pop").string(),
                    "--csv", (dir_ / "csv").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = komek({"population", "generate", "--persons", "30000", "--seed", "6", "--as-of", "2024-01-01", "--out",
               (dir_ / "p2024.pop").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  static std::string path(const std::string& name) { return (dir_ / name).string(); }
  static std::filesystem::path dir_;
};
std::filesystem::path BatchCli::dir_;

TEST_F(BatchCli, GenerateExportsCsvAndImportGivesTheSameFile) {
  EXPECT_TRUE(std::filesystem::exists(path("csv/population.csv")));
  auto r = komek({"population", "import", "--csv", path("csv"), "--out", path("imported.pop"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["persons"], 3000);
  EXPECT_EQ(slurp(path("imported.pop")), slurp(path("p.pop")));
  auto info = komek({"population", "info", "--population", path("p.pop")});
  EXPECT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("3000 persons"), std::string::npos) << info.out;
}

TEST_F(BatchCli, ImportReportsTheBadLineAndWritesNothing) {
  std::filesystem::create_directories(path("bad"));
  std::ofstream(path("bad/population.csv")) << "family,territory,birth_date,sex,relation,statuses,incomes\n"
                                            << "0,151010000,1980-01-01,male,applicant,,\n"
                                            << "1,151010000,1980-13-01,male,applicant,,\n";
  auto r = komek({"population", "import", "--csv", path("bad"), "--out", path("bad.pop")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("birth_date"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(path("bad.pop")));
}

TEST_F(BatchCli, EvaluateGivesTotalsByProgrammeAndRegionExactToTheTiyn) {
  auto r = komek({"batch", "evaluate", "--pack", "kz-tsa", "--pack", "koksu-local", "--population", path("p.pop"), "--date",
                  "2026-01-20", "--set", "poverty_line=52000", "--json", "--threads", "2", "--families-out",
                  path("families.csv"), "--trace-sample", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["packs"].size(), 2u);
  const auto& tsa = j["packs"][0];
  EXPECT_EQ(tsa["id"], "kz-tsa");
  EXPECT_EQ(tsa["families_outside"], 0);
  const auto& programme = tsa["programmes"][0];
  EXPECT_EQ(programme["id"], "tsa");
  EXPECT_EQ(programme["payments"], 3);  // January to the end of the quarter
  std::int64_t families = 0, per_period = 0;
  for (const auto& region : programme["regions"]) {
    families += region["families"].get<std::int64_t>();
    per_period += region["per_period_tiyn"].get<std::int64_t>();
  }
  EXPECT_GT(families, 0);
  EXPECT_EQ(families, programme["total"]["families"].get<std::int64_t>());
  EXPECT_EQ(per_period, programme["total"]["per_period_tiyn"].get<std::int64_t>());
  EXPECT_EQ(per_period, 3 * programme["total"]["per_payment_tiyn"].get<std::int64_t>());
  EXPECT_GT(j["packs"][1]["families_outside"].get<std::int64_t>(), 0);  // Koksu is one district
  // Per-family rows: the eligible TSA rows add up to the total.
  const std::string csv = slurp(path("families.csv"));
  std::istringstream in(csv);
  std::string row;
  std::getline(in, row);
  EXPECT_EQ(row.rfind("family,territory,pack,programme,status", 0), 0u);
  std::int64_t eligible = 0;
  while (std::getline(in, row))
    if (row.find(",kz-tsa,tsa,eligible,") != std::string::npos) ++eligible;
  EXPECT_EQ(eligible, families);
  EXPECT_EQ(j["families_out"]["rows"].get<std::size_t>() + 1, lines(csv));
  // Two sampled families traced through both packs.
  ASSERT_EQ(j["traces"].size(), 4u);
  EXPECT_TRUE(j["traces"][0]["evaluation"]["programmes"].is_array());
}

TEST_F(BatchCli, EvaluateTextIsReadableAndTheSameWhateverTheThreads) {
  auto one = komek({"batch", "evaluate", "--pack", "kz-tsa", "--population", path("p.pop"), "--date", "2026-01-20",
                    "--set", "poverty_line=52000", "--threads", "1", "--json"});
  auto four = komek({"batch", "evaluate", "--pack", "kz-tsa", "--population", path("p.pop"), "--date", "2026-01-20",
                     "--set", "poverty_line=52000", "--threads", "4", "--json"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(four.exit_code, 0) << four.err;
  const auto packs = [](const std::string& out) {
    auto p = nlohmann::json::parse(out)["packs"];
    for (auto& x : p) x.erase("seconds");  // timings differ; everything else must not
    return p;
  };
  EXPECT_EQ(packs(one.out), packs(four.out));
  auto text = komek({"batch", "evaluate", "--pack", "kz-tsa", "--population", path("p.pop"), "--date", "2026-01-20"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("tsa — Targeted social assistance"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("undecided"), std::string::npos);  // the shipped poverty line covers Aktobe only
  EXPECT_TRUE(text.err.empty()) << text.err;                 // no progress bar off a terminal
}

TEST_F(BatchCli, BadInputIsRefusedWithExitCode2) {
  std::string bytes = slurp(path("p.pop"));
  bytes[bytes.size() / 2] ^= 0x5a;
  std::ofstream(path("corrupt.pop"), std::ios::binary) << bytes;
  auto corrupt = komek({"batch", "evaluate", "--pack", "kz-tsa", "--population", path("corrupt.pop"), "--date", "2026-01-20"});
  EXPECT_EQ(corrupt.exit_code, 2);
  EXPECT_NE(corrupt.err.find("checksum"), std::string::npos) << corrupt.err;
  auto unknown = komek({"batch", "evaluate", "--pack", "kz-tsa", "--population", path("p.pop"), "--date", "2026-01-20",
                        "--set", "no_such_value=1", "--json"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(nlohmann::json::parse(unknown.out)["error"]["field"].get<std::string>().rfind("--set", 0), 0u);
  auto out_of_force = komek({"batch", "evaluate", "--pack", "atyrau-007", "--population", path("p.pop"), "--date", "2026-01-20"});
  EXPECT_EQ(out_of_force.exit_code, 2);
  EXPECT_NE(out_of_force.err.find("atyrau-007"), std::string::npos) << out_of_force.err;
  auto no_reform = komek({"batch", "whatif", "--pack", "kz-tsa", "--population", path("p.pop"), "--date", "2026-01-20"});
  EXPECT_EQ(no_reform.exit_code, 2);
}

TEST_F(BatchCli, OffersLeaveOutTheFamiliesAlreadyApplied) {
  auto all = komek({"batch", "offers", "--pack", "kz-tsa", "--population", path("p.pop"), "--date", "2026-01-20", "--set",
                    "poverty_line=52000"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  std::istringstream in(all.out);
  std::string header, first;
  std::getline(in, header);
  std::getline(in, first);
  EXPECT_EQ(header, "family,territory,programmes,per_payment,per_period");
  ASSERT_NE(first.find("kz-tsa/tsa"), std::string::npos) << first;
  const std::string family = first.substr(0, first.find(','));
  std::ofstream(path("applied.txt")) << "# applied already\n" << family << "\n";
  auto fewer = komek({"batch", "offers", "--pack", "kz-tsa", "--population", path("p.pop"), "--date", "2026-01-20", "--set",
                      "poverty_line=52000", "--exclude", path("applied.txt"), "--json"});
  ASSERT_EQ(fewer.exit_code, 0) << fewer.err;
  auto j = nlohmann::json::parse(fewer.out);
  EXPECT_EQ(j["excluded"], 1);
  EXPECT_EQ(j["offers"].get<std::size_t>(), lines(all.out) - 2);
  EXPECT_NE(j["list"][0]["family"].get<std::size_t>(), std::stoul(family));
  std::ofstream(path("iins.txt")) << "900101300811\n";
  auto iin = komek({"batch", "offers", "--pack", "kz-tsa", "--population", path("p.pop"), "--date", "2026-01-20",
                    "--exclude", path("iins.txt")});
  EXPECT_EQ(iin.exit_code, 2);
  EXPECT_NE(iin.err.find("line 1"), std::string::npos) << iin.err;
}

TEST_F(BatchCli, HolidayListOnAMemorableDay) {
  auto r = komek({"batch", "holiday", "--pack", "atyrau-007", "--population", path("p2024.pop"), "--date", "2024-02-15",
                  "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_FALSE(j["programmes"].empty());
  std::int64_t total = 0, rows = 0;
  for (const auto& p : j["programmes"]) total += p["amount_tiyn"].get<std::int64_t>();
  for (const auto& row : j["rows"]) rows += row["amount_tiyn"].get<std::int64_t>();
  EXPECT_EQ(rows, total);
  auto csv = komek({"batch", "holiday", "--pack", "atyrau-007", "--population", path("p2024.pop"), "--date", "2024-02-15",
                    "--out", path("holiday.csv")});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(lines(slurp(path("holiday.csv"))), j["rows"].size() + 1);
  auto ordinary = komek({"batch", "holiday", "--pack", "atyrau-007", "--population", path("p2024.pop"), "--date",
                         "2024-03-04", "--json"});
  ASSERT_EQ(ordinary.exit_code, 0) << ordinary.err;
  EXPECT_TRUE(nlohmann::json::parse(ordinary.out)["rows"].empty());
}

TEST_F(BatchCli, WhatIfCountsFamiliesBetterOffByRegion) {
  auto r = komek({"batch", "whatif", "--pack", "atyrau-007", "--population", path("p2024.pop"), "--date", "2024-08-01",
                  "--set", "low_income_one_time_amount=100000", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  const auto& total = j["total"];
  EXPECT_GT(total["better_off"].get<std::int64_t>(), 0);
  EXPECT_EQ(total["worse_off"], 0);
  EXPECT_EQ(total["cost_after_tiyn"].get<std::int64_t>() - total["cost_before_tiyn"].get<std::int64_t>(),
            total["better_off"].get<std::int64_t>() * (10'000'000 - 7'852'761));
  ASSERT_EQ(j["regions"].size(), 1u);  // the pack covers Atyrau city only
  EXPECT_EQ(j["regions"][0]["region"], 23);
}

}  // namespace
}  // namespace komek::test
