#include "core/money.hpp"

#include <limits>
#include <stdexcept>

#include <gtest/gtest.h>

namespace komek {
namespace {

Money parse_ok(std::string_view text) {
  auto m = Money::parse(text);
  EXPECT_TRUE(m.has_value()) << text << ": " << (m ? "" : m.error().message_key);
  return m.value_or(Money{});
}

std::string parse_error(std::string_view text) {
  auto m = Money::parse(text);
  EXPECT_FALSE(m.has_value()) << text << " parsed as " << (m ? m->tiyn() : 0);
  return m ? "" : m.error().message_key;
}

TEST(MoneyParse, AcceptsTheDocumentedForms) {
  EXPECT_EQ(parse_ok("1 234 567,89").tiyn(), 123456789);
  EXPECT_EQ(parse_ok("1234567.89").tiyn(), 123456789);
  EXPECT_EQ(parse_ok("1234567,89").tiyn(), 123456789);
  EXPECT_EQ(parse_ok("1234567").tiyn(), 123456700);
  EXPECT_EQ(parse_ok("0.05").tiyn(), 5);
  EXPECT_EQ(parse_ok("0,5").tiyn(), 50);
  EXPECT_EQ(parse_ok("-5,5").tiyn(), -550);
  EXPECT_EQ(parse_ok("  78527.61 ").tiyn(), 7852761);
  EXPECT_EQ(parse_ok("1\xC2\xA0" "234\xC2\xA0" "567,89").tiyn(), 123456789);  // no-break spaces
  EXPECT_EQ(parse_ok("1\xE2\x80\xAF" "000").tiyn(), 100000);                    // narrow no-break space
  EXPECT_EQ(parse_ok("37 060 \xE2\x82\xB8").tiyn(), 3706000);                   // with ₸
  EXPECT_EQ(parse_ok("0").tiyn(), 0);
}

TEST(MoneyParse, RefusesWhatIsNotAnAmount) {
  EXPECT_EQ(parse_error(""), "money.empty");
  EXPECT_EQ(parse_error("   "), "money.empty");
  EXPECT_EQ(parse_error("abc"), "money.format");
  EXPECT_EQ(parse_error("12a"), "money.format");
  EXPECT_EQ(parse_error("1.2.3"), "money.format");
  EXPECT_EQ(parse_error("1."), "money.format");
  EXPECT_EQ(parse_error("-"), "money.format");
  EXPECT_EQ(parse_error(".5"), "money.format");
  EXPECT_EQ(parse_error("1,234"), "money.too_many_decimals");  // a third decimal is a fraction of a tiyn
  EXPECT_EQ(parse_error("1.005"), "money.too_many_decimals");
  EXPECT_EQ(parse_error("12 34"), "money.grouping");
  EXPECT_EQ(parse_error("1234 567"), "money.grouping");
  EXPECT_EQ(parse_error("1 23"), "money.grouping");
  EXPECT_EQ(parse_error(" 1  234"), "money.grouping");
}

TEST(MoneyParse, RefusesAmountsThatDoNotFit) {
  EXPECT_EQ(parse_ok("92233720368547758.07").tiyn(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_error("92233720368547758.08"), "money.overflow");
  EXPECT_EQ(parse_error("99999999999999999"), "money.overflow");
  EXPECT_EQ(parse_error("123456789012345678901234567890"), "money.overflow");
  EXPECT_EQ(parse_ok("-92233720368547758.08").tiyn(), std::numeric_limits<std::int64_t>::min());
}

TEST(MoneyFormat, KazakhAndRussianUseSpaceGroupsAndDecimalComma) {
  const Money m = Money::from_tiyn(123456789);
  EXPECT_EQ(m.format(Lang::kKk), "1 234 567,89 \xE2\x82\xB8");
  EXPECT_EQ(m.format(Lang::kRu), "1 234 567,89 \xE2\x82\xB8");
  EXPECT_EQ(m.format(Lang::kEn), "1,234,567.89 \xE2\x82\xB8");
  EXPECT_EQ(Money::from_tiyn(0).format(Lang::kKk), "0,00 \xE2\x82\xB8");
  EXPECT_EQ(Money::from_tiyn(5).format(Lang::kRu), "0,05 \xE2\x82\xB8");
  EXPECT_EQ(Money::from_tiyn(-100000).format(Lang::kKk), "-1 000,00 \xE2\x82\xB8");
  EXPECT_EQ(Money::from_tiyn(99999).format(Lang::kEn), "999.99 \xE2\x82\xB8");
  EXPECT_EQ(Money::from_tiyn(std::numeric_limits<std::int64_t>::min()).decimal(),
            "-92233720368547758.08");
}

TEST(MoneyFormat, DecimalFormRoundTrips) {
  for (std::int64_t tiyn : {0LL, 1LL, 99LL, 100LL, 123456789LL, -7LL, -123456789LL}) {
    const Money m = Money::from_tiyn(tiyn);
    EXPECT_EQ(parse_ok(m.decimal()), m) << m.decimal();
    EXPECT_EQ(parse_ok(m.format(Lang::kKk)), m) << m.format(Lang::kKk);
  }
}

TEST(MoneyArithmetic, IsCheckedForOverflow) {
  const Money max = Money::from_tiyn(std::numeric_limits<std::int64_t>::max());
  const Money min = Money::from_tiyn(std::numeric_limits<std::int64_t>::min());
  EXPECT_FALSE(max.plus(Money::from_tiyn(1)).has_value());
  EXPECT_EQ(max.plus(Money::from_tiyn(1)).error().message_key, "money.overflow");
  EXPECT_FALSE(min.minus(Money::from_tiyn(1)).has_value());
  EXPECT_FALSE(max.times(2).has_value());
  EXPECT_FALSE(min.times(-1).has_value());
  EXPECT_FALSE(max.mul_ratio(3, 2, Rounding::kHalfUp).has_value());
  EXPECT_EQ(max.mul_ratio(1, 2, Rounding::kDown)->tiyn(), std::numeric_limits<std::int64_t>::max() / 2);
  EXPECT_THROW((void)(max + Money::from_tiyn(1)), std::overflow_error);
  EXPECT_THROW((void)(min - Money::from_tiyn(1)), std::overflow_error);
  EXPECT_EQ((Money::from_tiyn(5) + Money::from_tiyn(7)).tiyn(), 12);
  EXPECT_EQ(Money::from_tenge(36920)->times(300)->times(12)->tiyn(), 13291200000);
  EXPECT_FALSE(Money::from_tenge(std::numeric_limits<std::int64_t>::max() / 10).has_value());
  EXPECT_FALSE(Money::from_tiyn(100).mul_ratio(1, 0, Rounding::kHalfUp).has_value());
}

TEST(MoneyRounding, NamedModesOnRatios) {
  // 1.5 АЕК of 2026 (4 325 ₸) = 6 487,50 ₸: exact in tiyn; to whole tenge the mode decides.
  const Money supplement = *Money::from_tenge(4325)->mul_ratio(3, 2, Rounding::kHalfUp);
  EXPECT_EQ(supplement.tiyn(), 648750);
  EXPECT_EQ(supplement.round_to_tenge(Rounding::kHalfUp).tiyn(), 648800);
  EXPECT_EQ(supplement.round_to_tenge(Rounding::kHalfEven).tiyn(), 648800);  // 6487 is odd
  EXPECT_EQ(supplement.round_to_tenge(Rounding::kDown).tiyn(), 648700);
  EXPECT_EQ(supplement.round_to_tenge(Rounding::kUp).tiyn(), 648800);
  EXPECT_EQ(Money::from_tiyn(648650).round_to_tenge(Rounding::kHalfEven).tiyn(), 648600);  // 6486 even
  EXPECT_EQ(Money::from_tiyn(648650).round_to_tenge(Rounding::kHalfUp).tiyn(), 648700);
  EXPECT_EQ(Money::from_tiyn(648649).round_to_tenge(Rounding::kHalfUp).tiyn(), 648600);
  EXPECT_EQ(Money::from_tiyn(648601).round_to_tenge(Rounding::kUp).tiyn(), 648700);

  // To a tiyn: 1 tiyn × 1/2.
  EXPECT_EQ(Money::from_tiyn(1).mul_ratio(1, 2, Rounding::kHalfUp)->tiyn(), 1);
  EXPECT_EQ(Money::from_tiyn(1).mul_ratio(1, 2, Rounding::kHalfEven)->tiyn(), 0);
  EXPECT_EQ(Money::from_tiyn(3).mul_ratio(1, 2, Rounding::kHalfEven)->tiyn(), 2);
  EXPECT_EQ(Money::from_tiyn(1).mul_ratio(1, 3, Rounding::kUp)->tiyn(), 1);
  // 70% of 37 060 ₸.
  EXPECT_EQ(Money::from_tenge(37060)->mul_ratio(70, 100, Rounding::kHalfUp)->tiyn(), 2594200);
  // Negative values round symmetrically (away from zero for half-up).
  EXPECT_EQ(Money::from_tiyn(-250).round_to_tenge(Rounding::kHalfUp).tiyn(), -300);
  EXPECT_EQ(Money::from_tiyn(-250).round_to_tenge(Rounding::kHalfEven).tiyn(), -200);
  EXPECT_EQ(Money::from_tiyn(-250).round_to_tenge(Rounding::kDown).tiyn(), -200);
}

TEST(MoneyRounding, ModeNamesRoundTrip) {
  for (Rounding r : {Rounding::kHalfUp, Rounding::kHalfEven, Rounding::kDown, Rounding::kUp})
    EXPECT_EQ(parse_rounding(rounding_name(r)).value(), r);
  EXPECT_EQ(parse_rounding("bankers").error().message_key, "rounding.unknown");
}

}  // namespace
}  // namespace komek
