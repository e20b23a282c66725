#include "rules/evaluate.hpp"

#include <fstream>
#include <regex>
#include <sstream>
#include <set>

#include <gtest/gtest.h>

#include "core/messages.hpp"
#include "rules/forecast.hpp"
#include "rules/messages.hpp"
#include "test_library.hpp"

namespace komek::rules {
namespace {

using test::shipped;
using test::where_what;

Family aktobe_family(const std::string& wage) {
  const std::string json = R"({"territory": "151010000", "application_date": "2026-02-10", "members": [
    {"iin": "900101300811", "birth_date": "1990-01-01", "relation": "applicant", "incomes": [
      {"type": "wages", "month": "2025-10", "amount": ")" + wage + R"("},
      {"type": "wages", "month": "2025-11", "amount": ")" + wage + R"("},
      {"type": "wages", "month": "2025-12", "amount": ")" + wage + R"("}]},
    {"birth_date": "1992-03-01", "relation": "spouse", "sex": "female"},
    {"birth_date": "2022-06-15", "relation": "child"},
    {"birth_date": "2025-06-15", "relation": "child"}]})";
  return read_family_json(json, shipped().vocabulary(), "f.json").value();
}

Evaluation run(const Family& family, const ParameterSet& params, const char* pack = "kz-tsa") {
  const Pack* p = shipped().pack(pack).value();
  EvaluationInput in{*p, params, shipped().income_rules(), family, family.application_date, &shipped().calendar(), true};
  auto ev = evaluate(in);
  if (!ev) throw std::runtime_error(render(ev.error(), Lang::kEn));
  return *ev;
}

TEST(Evaluate, EveryStepCitesAClauseAndRendersInEveryLanguage) {
  const Evaluation ev = run(aktobe_family("60000.00"), shipped().parameters());
  for (const auto& o : ev.programmes) {
    ASSERT_FALSE(o.trace.empty());
    for (const auto& step : o.trace) {
      EXPECT_FALSE(step.cites.empty()) << step.rule;
      for (Lang lang : {Lang::kKk, Lang::kRu, Lang::kEn}) {
        const std::string text = render_step(step, lang);
        EXPECT_EQ(text.find('{'), std::string::npos) << step.message_key << ": " << text;
        EXPECT_NE(text, step.message_key) << "no message for " << step.message_key;
      }
    }
  }
  // Money in the Kazakh text is in the local format.
  const auto& tsa = ev.programmes[0];
  bool found = false;
  for (const auto& step : tsa.trace)
    if (step.rule == "tsa.amount") found = render_step(step, Lang::kKk).find("88 240,00 ₸") != std::string::npos;
  EXPECT_TRUE(found);
}

TEST(Evaluate, ExactComparisonAtTheLine) {
  // 4 members × 37,060 × 3 months = 444,720: per-capita exactly the line is not below it.
  const Evaluation at = run(aktobe_family("148240.00"), shipped().parameters());
  EXPECT_FALSE(at.programmes[0].eligible);
  ASSERT_EQ(at.programmes[0].refusals.size(), 1u);
  EXPECT_EQ(at.programmes[0].refusals[0].id, "not_low_income");
  EXPECT_FALSE(at.programmes[1].eligible);  // the supplement goes only with TSA
  // One tiyn less in the quarter: eligible, and the amount is (444,720.00 − 444,719.99) / 3 = 0.0033 → 0.00?
  // No: the quarter total is 3 × 148,239.99 = 444,719.97; (444,720.00 − 444,719.97) / 3 = 0.01.
  const Evaluation below = run(aktobe_family("148239.99"), shipped().parameters());
  EXPECT_TRUE(below.programmes[0].eligible);
  EXPECT_EQ(below.programmes[0].amount_per_payment.tiyn(), 1);
}

// The figures a decision will need (issue 16) are the ones evaluate() stops at. A Koksu
// family (region 33) applying on 15 October 2026: the poverty line for 2026-Q4 is
// max(35% of the median income, 70% of the subsistence minimum), both of 2026-Q3 (FACTS §2,
// order No 473 in force from 6 January 2025); neither is shipped for region 33.
TEST(Evaluate, TheFiguresReportedMissingAreTheOnesTheEvaluationStopsAt) {
  Family f = aktobe_family("45000.00");
  f.territory = Kato::parse("334820000").value();
  f.application_date = Date::from_ymd(2026, 10, 15);
  const Pack& tsa = *shipped().pack("kz-tsa").value();
  std::vector<std::string> all;
  for (const auto& p : tsa.programmes) all.push_back(p.id);
  const ParameterSet& shipped_set = shipped().parameters();

  auto missing = missing_regional_figures(tsa, all, 33, f.application_date, shipped_set);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->quarter.iso(), "2026-Q3");
  EXPECT_EQ(missing->series, (std::vector<std::string>{"subsistence_minimum", "median_income"}));
  const Evaluation stuck = run(f, shipped_set);
  bool undecided = false;
  for (const auto& o : stuck.programmes)
    if (!o.decided && o.error && o.error->message_key == "param.unknown_regional") {
      undecided = true;
      EXPECT_EQ(o.error->param("name"), missing->series.front());
      EXPECT_EQ(o.error->param("quarter"), "2026-Q3");
    }
  EXPECT_TRUE(undecided);

  // With both figures laid over the shipped set nothing is missing and every programme is
  // decided: line = max(35% × 150 000 = 52 500; 70% × 60 000 = 42 000) = 52 500 ₸.
  auto figure = [](const char* series, const char* value) {
    RegionalFigure r;
    r.series = series;
    r.region = 33;
    r.quarter = Quarter::parse("2026-Q3").value();
    r.value = Money::parse(value).value();
    r.source = "test";
    r.published_on = Date::from_ymd(2026, 10, 12);
    return r;
  };
  auto entered = shipped_set.with_figures({figure("subsistence_minimum", "60000"), figure("median_income", "150000")});
  ASSERT_TRUE(entered);
  EXPECT_FALSE(missing_regional_figures(tsa, all, 33, f.application_date, *entered));
  const Evaluation decided = run(f, *entered);
  for (const auto& o : decided.programmes) EXPECT_TRUE(o.decided) << o.programme->id;
  bool line_seen = false;
  for (const auto& o : decided.programmes)
    for (const auto& step : o.trace)
      if (step.rule == "tsa.poverty_line")
        for (const auto& prm : step.params)
          if (prm.name == "line") line_seen = prm.value == "52500.00";
  EXPECT_TRUE(line_seen);

  // A published poverty line for the application quarter needs no other figure.
  auto line = figure("poverty_line", "41000");
  line.quarter = Quarter::parse("2026-Q4").value();
  EXPECT_FALSE(missing_regional_figures(tsa, all, 33, f.application_date, *shipped_set.with_figures({line})));
  // Programmes without an income test against the line need nothing.
  EXPECT_FALSE(missing_regional_figures(tsa, {}, 33, f.application_date, shipped_set));
}

TEST(Evaluate, WithoutTraceTheOutcomeIsTheSame) {
  const Family f = aktobe_family("60000.00");
  const Pack* p = shipped().pack("kz-tsa").value();
  EvaluationInput in{*p, shipped().parameters(), shipped().income_rules(), f, f.application_date, nullptr, false};
  auto ev = evaluate(in).value();
  EXPECT_TRUE(ev.programmes[0].trace.empty());
  EXPECT_EQ(ev.programmes[0].amount_per_payment.tiyn(), 8824000);
  EXPECT_EQ(ev.programmes[1].amount_per_payment.tiyn(), 648750);
}

TEST(Evaluate, DecisionBeforeApplicationIsRefused) {
  const Family f = aktobe_family("60000.00");
  const Pack* p = shipped().pack("kz-tsa").value();
  EvaluationInput in{*p, shipped().parameters(), shipped().income_rules(), f, Date::from_ymd(2026, 1, 1), nullptr, true};
  EXPECT_EQ(evaluate(in).error().message_key, "rules.date_before_application");
}

TEST(IncomeRules, AVariantReclassifiesOnlyWhatItLists) {
  const auto& sets = shipped().income_rules();
  const IncomeRuleSet& variant = sets.at("kz-tsa-large-family-excluded");
  EXPECT_FALSE(variant.find("large_family_allowance")->counted);
  EXPECT_TRUE(sets.at("kz-tsa").find("large_family_allowance")->counted);
  EXPECT_TRUE(variant.find("wages")->counted);
  EXPECT_EQ(variant.rules.size(), sets.at("kz-tsa").rules.size());
}

TEST(AssetTest, AppliesWhenThePackListsIt) {
  // The TSA pack defines the 2020 asset test as a refusal ground but does not list it; a pack
  // that lists it refuses a family with a car, unless it raises a disabled child.
  std::ifstream in(std::string(KOMEK_RULES_DIR) + "/packs/kz-tsa.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  const std::string from = "refusal_grounds: [not_low_income, refused_employment_measures,";
  yaml.replace(yaml.find(from), from.size(), "refusal_grounds: [assets, not_low_income, refused_employment_measures,");
  const Pack pack = parse_pack(yaml, "kz-tsa-assets.yaml", shipped().environment()).value();
  Family family = aktobe_family("60000.00");
  family.members[0].properties.push_back({"vehicle", ""});
  EvaluationInput in1{pack, shipped().parameters(), shipped().income_rules(), family, family.application_date, nullptr, true};
  auto refused = evaluate(in1).value();
  ASSERT_EQ(refused.programmes[0].refusals.size(), 1u);
  EXPECT_EQ(refused.programmes[0].refusals[0].id, "assets");
  family.members[2].statuses.push_back({"disabled_child", std::nullopt, std::nullopt});
  EvaluationInput in2{pack, shipped().parameters(), shipped().income_rules(), family, family.application_date, nullptr, true};
  EXPECT_TRUE(evaluate(in2)->programmes[0].eligible);
  // The shipped pack, which does not list it, does not apply it.
  EvaluationInput in3{*shipped().pack("kz-tsa").value(), shipped().parameters(), shipped().income_rules(), family,
                      family.application_date, nullptr, true};
  EXPECT_TRUE(evaluate(in3)->programmes[0].eligible);
}

TEST(Termination, FollowsThePacksRules) {
  const Pack* koksu = shipped().pack("koksu-local").value();
  auto death = termination_for(*koksu, *koksu->programme("old_age_help"), "death", Date::from_ymd(2026, 12, 31)).value();
  EXPECT_TRUE(death.terminates);
  EXPECT_EQ(death.payment_stops, Date::from_ymd(2027, 1, 1));
  EXPECT_EQ(death.cites, "001 §22.1");
  auto fire = termination_for(*koksu, *koksu->programme("fire_help"), "institution", Date::from_ymd(2026, 5, 5)).value();
  EXPECT_FALSE(fire.terminates);
  EXPECT_EQ(termination_for(*koksu, *koksu->programme("fire_help"), "promotion", Date::from_ymd(2026, 5, 5)).error().message_key,
            "rules.unknown_event");
}

std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> out;
  const std::string s(text);
  static const std::regex re(R"(\{([a-z_]+)\})");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) out.insert((*it)[1].str());
  return out;
}

TEST(RulesMessages, ThreeLanguagesSamePlaceholders) {
  std::set<std::string_view> keys;
  for (const MessageEntry* e : all_messages()) {
    EXPECT_TRUE(keys.insert(e->key).second) << "duplicate " << e->key;
    EXPECT_EQ(placeholders(e->kk), placeholders(e->en)) << e->key;
    EXPECT_EQ(placeholders(e->ru), placeholders(e->en)) << e->key;
  }
  EXPECT_GT(keys.size(), 80u);
}

TEST(Counts, CsvErrorsHaveTheirLine) {
  auto e = [](const std::string& text) {
    auto r = read_counts_csv(text, "c.csv");
    return r ? std::string("(read)") : where_what(r.error());
  };
  EXPECT_EQ(e("# comment\nline_id,persons\na,10\nb,x\n"), "4: persons 'x' must be a whole number 0-100000000");
  EXPECT_EQ(e("line_id,persons\na,10\na,5\n"), "3: line 'a' is given twice");
  EXPECT_EQ(e("line_id,persons,colour\n"), "1: unknown column 'colour'");
  EXPECT_EQ(e("persons,line_id\n"), "1: the header must start with line_id,persons");
  EXPECT_EQ(e("line_id,persons,seed_amount_tenge\na,1\n"), "2: expected 3 fields, found 2");
  EXPECT_EQ(e("# only comments\n"), "2: no header line (line_id,persons,…)");
  EXPECT_EQ(e("line_id,persons,seed_amount_tenge\r\na,1,1.5\r\n"), "(read)");
}

TEST(Forecast, MonthlyAmountsFollowAMidYearChangeOfAek) {
  // A made-up pack line of 10 АЕК a month in 2020: АЕК was 2,651 until March and 2,778 from
  // April (FACTS §1), so one person's year is 3 × 26,510 + 9 × 27,780 = 329,550.
  const std::string text = R"(pack:
  id: f
  titles: {kk: a, ru: b, en: c}
  territory: national
  effective: {from: 2020-01-01}
  legal_basis: ["x"]
programmes:
  - {id: tb, kind: local, titles: {kk: a, ru: b, en: c}, cites: "x", per: person, who: {status: tuberculosis},
     amount: {aek: "10"}, frequency: monthly, assignment: {until: year_end}, application: none}
)";
  auto pack = parse_pack(text, "f.yaml", shipped().environment()).value();
  auto f = forecast(pack, shipped().parameters(), 2020, {{"tb", 2, {}, {}, Money::from_tenge(659000).value(), 2}}, Money::from_tenge(1000000).value());
  ASSERT_TRUE(f.has_value()) << where_what(f.error());
  EXPECT_EQ(f->lines[0].per_person_year, Money::from_tenge(329550).value());
  EXPECT_EQ(f->total, Money::from_tenge(659100).value());
  EXPECT_EQ(f->lines[0].difference, Money::from_tenge(-100).value());
  EXPECT_EQ(f->balance, Money::from_tenge(340900).value());
  EXPECT_EQ(thousands(f->total), "659.1");
  auto unknown = forecast(pack, shipped().parameters(), 2020, {{"nope", 1, {}, {}, {}, 7}}, {});
  EXPECT_EQ(unknown.error().message_key, "forecast.unknown_line");
}

}  // namespace
}  // namespace komek::rules
