#include "rules/parameters.hpp"

#include <gtest/gtest.h>

#include "test_library.hpp"

namespace komek::rules {
namespace {

using test::shipped;
using test::where_what;

Date d(const char* s) { return Date::parse(s).value(); }

TEST(Parameters, DatedValuesChangeOnTheirDate) {
  const ParameterSet& p = shipped().parameters();
  EXPECT_EQ(p.value("aek", d("2020-03-31"))->money, Money::from_tenge(2651).value());
  EXPECT_EQ(p.value("aek", d("2020-04-01"))->money, Money::from_tenge(2778).value());
  EXPECT_EQ(p.value("aek", d("2026-12-31"))->money, Money::from_tenge(4325).value());
  EXPECT_EQ(p.value("etk", d("2024-06-01"))->money, Money::from_tenge(43407).value());
  EXPECT_EQ(p.value("minimum_wage", d("2025-01-01"))->money, Money::from_tenge(85000).value());
  EXPECT_NE(p.value("aek", d("2024-06-01"))->source.find("2024"), std::string::npos);
  // The mid-2022 change is unverified and says so.
  EXPECT_FALSE(p.value("aek", d("2022-07-01"))->verified);
}

TEST(Parameters, UnknownIsAnErrorNeverZero) {
  const ParameterSet& p = shipped().parameters();
  auto before = p.value("aek", d("2019-12-31"));
  ASSERT_FALSE(before.has_value());
  EXPECT_EQ(before.error().code, ErrorCode::kUnknownValue);
  EXPECT_EQ(before.error().message_key, "param.unknown");
  auto regional = p.regional("subsistence_minimum", 33, Quarter::parse("2025-Q4").value());
  ASSERT_FALSE(regional.has_value());
  EXPECT_EQ(regional.error().message_key, "param.unknown_regional");
  EXPECT_EQ(regional.error().param("region"), "33");
  EXPECT_EQ(p.value("no_such_thing", d("2024-01-01")).error().message_key, "param.unknown_name");
}

TEST(Parameters, PublishedPovertyLines) {
  const ParameterSet& p = shipped().parameters();
  EXPECT_EQ(p.regional("poverty_line", 15, Quarter::parse("2026-Q1").value())->money, Money::from_tenge(37060).value());
  EXPECT_EQ(p.regional("poverty_line", 79, Quarter::parse("2023-Q2").value())->money, Money::from_tenge(31908).value());
}

TEST(Parameters, PovertyLineRulesByPeriod) {
  const ParameterSet& p = shipped().parameters();
  auto r2024 = p.poverty_line_rule(d("2024-12-31")).value();
  EXPECT_EQ(r2024.subsistence_share, Ratio::parse("0.7").value());
  EXPECT_FALSE(r2024.median_share.has_value());
  auto r2025 = p.poverty_line_rule(d("2025-01-01")).value();
  EXPECT_EQ(r2025.median_share, Ratio::parse("0.35").value());
  EXPECT_EQ(r2025.subsistence_share, Ratio::parse("0.7").value());
  EXPECT_EQ(p.poverty_line_rule(d("2018-06-01"))->subsistence_share, Ratio::parse("0.5").value());
  EXPECT_FALSE(p.poverty_line_rule(d("2016-01-01")).has_value());
}

TEST(Parameters, OverridesApplyEverywhereAndSayWhereTheyCameFrom) {
  ParameterSet p = shipped().parameters();
  ASSERT_TRUE(p.set_override("aek=5000").has_value());
  EXPECT_EQ(p.value("aek", d("2021-01-01"))->money, Money::from_tenge(5000).value());
  EXPECT_TRUE(p.value("aek", d("2021-01-01"))->overridden);
  ASSERT_TRUE(p.set_override("poverty_line=40000").has_value());
  EXPECT_EQ(p.regional("poverty_line", 33, Quarter::parse("2025-Q1").value())->money, Money::from_tenge(40000).value());
  EXPECT_EQ(p.set_override("aek").error().message_key, "param.set_format");
  EXPECT_EQ(p.set_override("nope=1").error().message_key, "param.unknown_name");
  EXPECT_EQ(p.set_override("aek=abc").error().message_key, "money.format");
  // The shipped set is untouched by a copy's overrides.
  EXPECT_EQ(shipped().parameters().value("aek", d("2021-01-01"))->money, Money::from_tenge(2917).value());
}

TEST(ParameterFiles, BadFilesAreRefusedWholeWithTheirLine) {
  ParameterSet p;
  auto bad_value = p.add_yaml("series:\n  - id: x\n    unit: tenge\n    values:\n      - {from: 2024-01-01, value: \"12,345\", source: s}\n", "p.yaml");
  EXPECT_EQ(where_what(bad_value.error()), "5: '12,345' is not a valid tenge value");
  auto no_source = p.add_yaml("series:\n  - id: x\n    unit: tenge\n    values:\n      - {from: 2024-01-01, value: \"1\"}\n", "p.yaml");
  EXPECT_EQ(where_what(no_source.error()), "5: a value of 'x' needs 'source'");
  auto twice = p.add_yaml("series:\n  - id: x\n    unit: tenge\n    values:\n      - {from: 2024-01-01, value: \"1\", source: s}\n      - {from: 2024-01-01, value: \"2\", source: s}\n", "p.yaml");
  EXPECT_EQ(where_what(twice.error()), "6: 'x' is given twice from 2024-01-01");
  auto unknown = p.add_yaml("series: []\nextra: 1\n", "p.yaml");
  EXPECT_EQ(where_what(unknown.error()), "1: unknown key 'extra' in a parameter file");
  EXPECT_FALSE(p.has("x"));  // nothing half-loaded
  ASSERT_TRUE(p.add_yaml("series:\n  - id: x\n    unit: number\n    values:\n      - {from: 2024-01-01, value: \"1.5\", source: s}\n", "p.yaml").has_value());
  EXPECT_EQ(p.value("x", d("2025-01-01"))->number, Ratio::parse("1.5").value());
}

}  // namespace
}  // namespace komek::rules
