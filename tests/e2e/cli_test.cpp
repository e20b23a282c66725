// The `komek` command as a user or a script meets it: outputs, JSON and exit codes.
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace komek::test {
namespace {

CommandResult komek(const std::vector<std::string>& args) { return run_command(KOMEK_BINARY, args); }

TEST(CliIin, ValidIinExitsZeroWithHints) {
  auto r = komek({"iin", "check", "871008401427"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "valid (hints: born 1987-10-08, female)\n");
}

TEST(CliIin, JsonOutput) {
  auto r = komek({"iin", "check", "900101300811", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["valid"], true);
  EXPECT_EQ(j["birth_date"], "1990-01-01");
  EXPECT_EQ(j["sex"], "male");
  EXPECT_TRUE(j["error"].is_null());
}

TEST(CliIin, WrongLengthIsInvalidWithTheReason) {
  auto r = komek({"iin", "check", "12345", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["valid"], false);
  EXPECT_EQ(j["error"], "iin.length");
  EXPECT_EQ(j["message"], "An IIN has 12 digits; 5 characters were given");
  EXPECT_TRUE(j["birth_date"].is_null());
}

TEST(CliIin, LetterIsInvalidWithTheReason) {
  auto r = komek({"iin", "check", "87100840142X"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "invalid: An IIN has only digits: character 12 is not a digit\n");
  auto ru = komek({"--lang", "ru", "iin", "check", "871008401428"});
  EXPECT_EQ(ru.exit_code, 1);
  EXPECT_EQ(ru.out, "invalid: Контрольная цифра ИИН не сходится\n");
}

TEST(CliCalendar, AddWorkingDaysOverTheJanuary2025Order) {
  auto r = komek({"calendar", "add-working-days", "2025-01-02", "1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "2025-01-05\n");
}

TEST(CliCalendar, IsWorking) {
  auto yes = komek({"calendar", "is-working", "2025-01-05"});
  EXPECT_EQ(yes.exit_code, 0);
  EXPECT_EQ(yes.out, "true\n");
  auto no = komek({"calendar", "is-working", "2026-03-24", "--json", "--lang", "kk"});
  EXPECT_EQ(no.exit_code, 1);
  auto j = nlohmann::json::parse(no.out);
  EXPECT_EQ(j["working"], false);
  EXPECT_EQ(j["kind"], "transferred_day_off");
  EXPECT_EQ(j["holiday"], "Наурыз мейрамы");
}

TEST(CliCalendar, WorkingDaysBetweenAndRegistration) {
  auto n = komek({"calendar", "working-days-between", "2026-03-18", "2026-04-02"});
  EXPECT_EQ(n.exit_code, 0);
  EXPECT_EQ(n.out, "8\n");
  auto reg = komek({"calendar", "register-date", "2026-03-20T18:45"});
  EXPECT_EQ(reg.exit_code, 0);
  EXPECT_EQ(reg.out, "2026-03-26\n");
  auto reg_json = komek({"calendar", "register-date", "2024-03-01T13:45Z", "--json"});
  auto j = nlohmann::json::parse(reg_json.out);
  EXPECT_EQ(j["received_local"], "2024-03-01T18:45");
  EXPECT_EQ(j["registration_date"], "2024-03-04");
  EXPECT_EQ(j["reason"], "after_office_hours");
  auto custom = komek({"calendar", "register-date", "2026-03-20T18:45", "--close", "19:00"});
  EXPECT_EQ(custom.out, "2026-03-20\n");
}

TEST(CliCalendar, DaysOffListsTheYearWithSources) {
  auto r = komek({"calendar", "days-off", "2025", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  bool found_order = false;
  for (const auto& day : j) {
    EXPECT_FALSE(day["source"].is_null()) << day.dump();
    if (day["date"] == "2025-01-05") found_order = day["kind"] == "order_working_day";
  }
  EXPECT_TRUE(found_order);
}

TEST(CliErrors, MalformedDateExitsTwoNamingTheArgument) {
  auto r = komek({"calendar", "add-working-days", "2025-13-02", "1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "komek: DATE: There is no such day as 2025-13-02\n");
  auto j = komek({"calendar", "is-working", "02.01.2025", "--json"});
  EXPECT_EQ(j.exit_code, 2);
  EXPECT_EQ(nlohmann::json::parse(j.out)["error"]["field"], "DATE");
}

TEST(CliErrors, UnknownSubcommandAndMissingArgumentsExitTwo) {
  EXPECT_EQ(komek({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(komek({"calendar", "frobnicate"}).exit_code, 2);
  EXPECT_EQ(komek({"calendar", "add-working-days", "2025-01-02"}).exit_code, 2);
  EXPECT_EQ(komek({"calendar", "add-working-days", "2025-01-02", "one"}).exit_code, 2);
  EXPECT_EQ(komek({"iin"}).exit_code, 2);
  EXPECT_EQ(komek({}).exit_code, 2);
  EXPECT_EQ(komek({"--lang", "de", "version"}).exit_code, 2);
  EXPECT_EQ(komek({"calendar", "register-date", "2026-03-20T18:45", "--open", "19:00"}).exit_code, 2);
}

TEST(CliErrors, DatesOutsideTheCalendarAreRefused) {
  auto r = komek({"calendar", "is-working", "2031-01-01"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("outside the working calendar"), std::string::npos) << r.err;
}

TEST(CliErrors, ABrokenCalendarFileIsAFailureNotAUsageError) {
  auto r = komek({"--rules", "/nonexistent", "calendar", "is-working", "2025-01-01"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("/nonexistent/calendar/kz.yaml"), std::string::npos) << r.err;
}

std::string write_temp(const std::string& name, const std::string& content) {
  const std::string path = "/tmp/komek-cli-test-" + std::to_string(::getpid()) + "-" + name;
  std::ofstream(path) << content;
  return path;
}

const char* kFamily = R"({"territory": "151010000", "application_date": "2026-02-10",
 "members": [{"iin": "900101300811", "birth_date": "1990-01-01", "relation": "applicant",
              "statuses": [], "incomes": [{"type": "wages", "month": "2025-10", "amount": "60000.00"}]},
             {"birth_date": "2022-06-15", "relation": "child", "statuses": [], "incomes": []}]})";

TEST(CliEvaluate, JsonGivesEveryAmountInTiyn) {
  const std::string family = write_temp("family.json", kFamily);
  auto r = komek({"evaluate", "--pack", "kz-tsa", "--family", family, "--date", "2026-02-12", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["reference_quarter"], "2025-Q4");
  const auto& tsa = j["programmes"][0];
  EXPECT_EQ(tsa["id"], "tsa");
  EXPECT_EQ(tsa["eligible"], true);
  // (37,060 − 60,000 / 2 / 3) × 2 = 54,120.00 ₸ a month.
  EXPECT_EQ(tsa["amount_per_payment_tiyn"], 5412000);
  EXPECT_EQ(tsa["payments"], 2);
  EXPECT_EQ(tsa["tsa_type"], "conditional");
  EXPECT_EQ(j["programmes"][1]["amount_per_payment_tiyn"], 648750);
  EXPECT_FALSE(j.contains("trace"));
}

TEST(CliEvaluate, ExplainSpeaksTheAskedLanguageWithCitations) {
  const std::string family = write_temp("family-kk.json", kFamily);
  auto r = komek({"explain", "--pack", "kz-tsa", "--family", family, "--lang", "kk"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("кедейлік шегі"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("37 060,00 ₸"), std::string::npos);
  EXPECT_NE(r.out.find("[FACTS §2 amount"), std::string::npos);
  auto what_if = komek({"evaluate", "--pack", "kz-tsa", "--family", family, "--set", "poverty_line=40000", "--json"});
  EXPECT_EQ(nlohmann::json::parse(what_if.out)["programmes"][0]["amount_per_payment_tiyn"], 6000000);
}

TEST(CliEvaluate, BadInputExitsTwoNamingThePlace) {
  const std::string broken = write_temp("broken.json", "{\"territory\": \"151010000\",\n \"members\": [\n");
  auto r = komek({"evaluate", "--pack", "kz-tsa", "--family", broken});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(broken + ", line 3"), std::string::npos) << r.err;
  auto unknown_pack = komek({"evaluate", "--pack", "nope", "--family", broken});
  EXPECT_EQ(unknown_pack.exit_code, 2);
  auto bad_set = komek({"evaluate", "--pack", "kz-tsa", "--family", broken, "--set", "aek"});
  EXPECT_EQ(bad_set.exit_code, 2);
  EXPECT_NE(bad_set.err.find("--set"), std::string::npos) << bad_set.err;
  const std::string pack = write_temp("pack.yaml", "pack:\n  id: x\n  colour: red\nprogrammes: []\n");
  auto bad_pack = komek({"packs", "check", pack});
  EXPECT_EQ(bad_pack.exit_code, 2);
  EXPECT_NE(bad_pack.err.find(pack + ", line 2: unknown key 'colour' in the pack header"), std::string::npos) << bad_pack.err;
}

TEST(CliForecast, AtyrauReproducesTheSeedAndShowsTheShortfall) {
  auto r = komek({"forecast", "--pack", "atyrau-007", "--year", "2024", "--counts",
                  std::string(KOMEK_RULES_DIR) + "/packs/atyrau-007/counts-2024.csv", "--allocation", "1348887.0", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["total_tiyn"], 134893310615LL);
  EXPECT_EQ(j["seed_total_tiyn"], 134888700000LL);
  EXPECT_EQ(j["balance_thousand"], "-46.1");
  for (const auto& line : j["lines"])
    if (line["line_id"] == "tuberculosis_patients_monthly") {
      EXPECT_EQ(line["total_thousand"], "132912.0");
      EXPECT_EQ(line["difference_tiyn"], -4600000);
    }
  const std::string counts = write_temp("counts.csv", "line_id,persons\nhiv_children_monthly,three\n");
  auto bad = komek({"forecast", "--pack", "atyrau-007", "--year", "2024", "--counts", counts});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(counts + ", line 2: persons 'three'"), std::string::npos) << bad.err;
}

TEST(CliPacks, ShippedPacksAreValid) {
  for (const char* pack : {"kz-tsa", "koksu-local", "atyrau-007"}) {
    auto r = komek({"packs", "check", pack, "--json"});
    EXPECT_EQ(r.exit_code, 0) << pack << r.out << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["valid"], true) << pack;
  }
  auto list = komek({"packs", "list", "--json"});
  EXPECT_EQ(nlohmann::json::parse(list.out).size(), 3u);
}

TEST(CliDocs, VocabularyPageIsTheCommandsOutput) {
  auto r = komek({"vocabulary"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(std::string(KOMEK_SOURCE_DIR) + "/docs/vocabulary.md");
  std::stringstream page;
  page << in.rdbuf();
  EXPECT_EQ(page.str(), r.out) << "docs/vocabulary.md is stale: run ./build/komek vocabulary > docs/vocabulary.md";
}

TEST(CliMisc, VersionAndHelp) {
  auto v = komek({"version", "--json"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(v.out)["name"], "komek");
  auto h = komek({"--help"});
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("calendar"), std::string::npos);
}

}  // namespace
}  // namespace komek::test
