#include "rules/pack.hpp"

#include <gtest/gtest.h>

#include "test_library.hpp"

namespace komek::rules {
namespace {

using test::shipped;
using test::where_what;

// A small valid pack; tests replace one line to break it.
const std::string kPack = R"(pack:
  id: t
  titles: {kk: "т", ru: "т", en: "t"}
  territory: "334800000"
  effective: {from: 2025-01-01}
  legal_basis: ["decision"]
  income_rules: kz-tsa
refusal_grounds:
  - {id: unreliable, titles: {kk: a, ru: b, en: c}, cites: "x §1", when: {fact: unreliable_information}}
  - {id: rich, titles: {kk: a, ru: b, en: c}, cites: "x §2", income_test: true}
deadline_classes:
  - {id: std, titles: {kk: a, ru: b, en: c}, working_days: 8, counted_from: registration, cites: "x §3"}
programmes:
  - id: veterans
    kind: local
    titles: {kk: a, ru: b, en: c}
    cites: "x §4"
    per: person
    who: {status: chernobyl_liquidator}
    amount: {fixed: "30000"}
    frequency: monthly
    assignment: {until: year_end}
    decision_deadline: [std]
    refusal_grounds: [unreliable]
)";

Result<Pack> parse(const std::string& text) { return parse_pack(text, "t.yaml", shipped().environment()); }

std::string error_of(const std::string& text) {
  auto p = parse(text);
  if (p) return "(loaded)";
  return where_what(p.error());
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  if (pos == std::string::npos) throw std::runtime_error("test setup: no '" + from + "'");
  return text.replace(pos, from.size(), to);
}

TEST(PackLoader, TheBasePackLoads) {
  auto p = parse(kPack);
  ASSERT_TRUE(p.has_value()) << where_what(p.error());
  EXPECT_EQ(p->programmes.size(), 1u);
  EXPECT_EQ(p->programmes[0].line, 14);
  EXPECT_TRUE(p->covers(Kato::parse("334820000").value()));
  EXPECT_FALSE(p->covers(Kato::parse("331010000").value()));
}

TEST(PackLoader, RefusesUnknownKeysAndMissingCitations) {
  EXPECT_EQ(error_of(replace(kPack, "    cites: \"x §4\"\n", "")), "14: programme veterans needs 'cites'");
  EXPECT_EQ(error_of(replace(kPack, "    per: person\n", "    per: person\n    colour: red\n")),
            "14: unknown key 'colour' in a programme");
  EXPECT_EQ(error_of(replace(kPack, "  legal_basis: [\"decision\"]\n", "")), "2: the pack cites no legal basis");
  EXPECT_EQ(error_of(replace(kPack, "cites: \"x §3\"", "cites: \"\"")), "12: deadline class std.cites is empty");
}

TEST(PackLoader, RefusesWordsOutsideTheVocabulary) {
  EXPECT_EQ(error_of(replace(kPack, "status: chernobyl_liquidator", "status: martian")), "19: unknown status 'martian'");
  EXPECT_EQ(error_of(replace(kPack, "fact: unreliable_information", "fact: rumour")), "9: unknown fact 'rumour'");
}

TEST(PackLoader, RefusesAPersonConditionAtFamilyLevel) {
  auto text = replace(kPack, "    per: person\n", "    per: family\n");
  EXPECT_EQ(error_of(text),
            "19: 'status' is about one person; at family level wrap it in any_member, all_members or count_members");
  auto wrapped = replace(text, "who: {status: chernobyl_liquidator}", "who: {any_member: {status: chernobyl_liquidator}}");
  EXPECT_EQ(error_of(wrapped), "(loaded)");
}

TEST(PackLoader, RefusesBrokenAmountsAndSchedules) {
  EXPECT_EQ(error_of(replace(kPack, "amount: {fixed: \"30000\"}", "amount: {fixed: \"30000\", aek: \"2\"}")),
            "20: amount needs exactly one of fixed, aek, etk, percent, value or formula");
  EXPECT_EQ(error_of(replace(kPack, "amount: {fixed: \"30000\"}", "amount: {fixed: \"-5\"}")),
            "20: fixed must be a non-negative amount in tenge, e.g. \"30000\"");
  EXPECT_EQ(error_of(replace(kPack, "amount: {fixed: \"30000\"}", "amount: {value: nowhere}")),
            "20: 'nowhere' is neither a value of this pack nor a parameter");
  EXPECT_EQ(error_of(replace(kPack, "    assignment: {until: year_end}\n", "")),
            "14: a monthly programme needs 'assignment' (how long it is assigned)");
  EXPECT_EQ(error_of(replace(kPack, "frequency: monthly", "frequency: {holiday: {date: \"02-30\", occasion: x, titles: {kk: a, ru: b, en: c}}}")),
            "21: holiday date must be \"MM-DD\"");
}

TEST(PackLoader, RefusesDanglingReferences) {
  EXPECT_EQ(error_of(replace(kPack, "refusal_grounds: [unreliable]", "refusal_grounds: [unreliable, nope]")),
            "24: refusal ground 'nope' is not defined in this pack");
  EXPECT_EQ(error_of(replace(kPack, "decision_deadline: [std]", "decision_deadline: [fast]")),
            "23: deadline class 'fast' is not defined in this pack");
  EXPECT_EQ(error_of(replace(kPack, "    decision_deadline: [std]\n", "")),
            "14: a programme with applications needs a decision_deadline class");
  EXPECT_EQ(error_of(replace(kPack, "    per: person\n", "    per: person\n    requires: veterans\n")),
            "19: requires must name a programme listed earlier in this pack, not 'veterans'");
  EXPECT_EQ(error_of(replace(kPack, "  income_rules: kz-tsa\n", "  income_rules: nope\n")),
            "7: income rules 'nope' are not defined under rules/income/");
}

TEST(PackLoader, IncomeTestsNeedTheirRefusalGround) {
  const std::string test = "    income_test: {threshold: {etk: \"1\"}, compare: not_above, refusal: rich, cites: \"x §5\"}\n";
  auto with_test = replace(kPack, "    amount:", test + "    amount:");
  EXPECT_EQ(error_of(with_test), "25: the income test's refusal 'rich' must be listed in refusal_grounds");
  EXPECT_EQ(error_of(replace(with_test, "refusal_grounds: [unreliable]", "refusal_grounds: [unreliable, rich]")), "(loaded)");
  EXPECT_EQ(error_of(replace(with_test, "refusal: rich", "refusal: unreliable")),
            "20: refusal 'unreliable' must be a refusal ground with income_test: true");
}

TEST(PackLoader, ConfigurableValuesMustSaySo) {
  auto text = replace(kPack, "refusal_grounds:\n  - {id: unreliable",
                      "values:\n  - {id: sum, unit: tenge, value: \"1000\", configurable: true}\nrefusal_grounds:\n  - {id: unreliable");
  EXPECT_EQ(error_of(text), "9: configurable value 'sum' needs a note saying why and who sets it");
  auto uncited = replace(kPack, "refusal_grounds:\n  - {id: unreliable",
                         "values:\n  - {id: sum, unit: tenge, value: \"1000\"}\nrefusal_grounds:\n  - {id: unreliable");
  EXPECT_EQ(error_of(uncited), "9: value 'sum' cites no source (or mark it configurable with a note)");
}

TEST(PackLoader, SyntaxErrorsHaveTheirLine) {
  EXPECT_EQ(error_of("pack: {id: [\n"), "2: end of sequence flow not found");
  EXPECT_EQ(error_of("- 1\n"), "1: a rule pack must be a mapping");
  EXPECT_EQ(error_of(replace(kPack, "programmes:\n", "programmes: []\nx:\n")), "1: unknown key 'x' in a rule pack");
}

TEST(PackCheck, FindsOverlapsUnlessDeclared) {
  const std::string twin = R"(  - id: veterans_again
    kind: local
    titles: {kk: a, ru: b, en: c}
    cites: "x §9"
    per: person
    who: {status: chernobyl_liquidator}
    amount: {fixed: "35000"}
    frequency: monthly
    assignment: {until: year_end}
    decision_deadline: [std]
    refusal_grounds: [unreliable]
)";
  auto pack = parse(kPack + twin);
  ASSERT_TRUE(pack.has_value()) << where_what(pack.error());
  auto findings = check_pack(*pack, shipped().environment());
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].severity, "error");
  EXPECT_EQ(findings[0].programme, "veterans_again");
  EXPECT_NE(findings[0].message.find("overlaps programme 'veterans'"), std::string::npos);
  auto declared = parse(kPack + replace(twin, "    refusal_grounds: [unreliable]\n", "    refusal_grounds: [unreliable]\n    combines_with: [veterans]\n"));
  ASSERT_TRUE(declared.has_value());
  for (const auto& f : check_pack(*declared, shipped().environment())) EXPECT_NE(f.severity, "error") << f.message;
}

TEST(PackCheck, FindsCasesLeftUndecided) {
  // An АЕК multiple in a pack that runs from 2019, before the first known АЕК (2020).
  auto text = replace(replace(kPack, "effective: {from: 2025-01-01}", "effective: {from: 2019-07-01, to: 2020-12-31}"),
                      "amount: {fixed: \"30000\"}", "amount: {aek: \"10\"}");
  auto pack = parse(text);
  ASSERT_TRUE(pack.has_value()) << where_what(pack.error());
  auto findings = check_pack(*pack, shipped().environment());
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].severity, "error");
  EXPECT_NE(findings[0].message.find("'aek' is not known on 2019-07-01"), std::string::npos) << findings[0].message;
}

TEST(ShippedPacks, AllLoadAndCheckWithoutErrors) {
  EXPECT_GE(shipped().packs().size(), 2u);
  for (const auto& [id, pack] : shipped().packs()) {
    for (const auto& f : check_pack(pack, shipped().environment()))
      EXPECT_NE(f.severity, "error") << id << ": " << f.programme << ": " << f.message;
  }
}

}  // namespace
}  // namespace komek::rules
