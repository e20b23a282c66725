#include "core/iin.hpp"

#include <gtest/gtest.h>

namespace komek {
namespace {

std::array<int, 11> digits_of(std::string_view s) {
  std::array<int, 11> d{};
  for (std::size_t i = 0; i < 11; ++i) d[i] = s[i] - '0';
  return d;
}

int first_pass(std::string_view s) {
  int sum = 0;
  for (int i = 0; i < 11; ++i) sum += (s[static_cast<std::size_t>(i)] - '0') * (i + 1);
  return sum % 11;
}

TEST(Iin, ValidExamplesOfFacts) {
  for (const char* text : {"871008401427", "760212350620", "990101300122", "900101300811"}) {
    auto iin = Iin::parse(text);
    ASSERT_TRUE(iin.has_value()) << text << ": " << iin.error().message_key;
    EXPECT_EQ(iin->str(), text);
  }
}

TEST(Iin, SecondPassIsUsedWhenTheFirstGivesTen) {
  // 900101300811 is valid only through the second weights 3..11,1,2.
  EXPECT_EQ(first_pass("900101300811"), 10);
  EXPECT_EQ(Iin::check_digit(digits_of("900101300811")), 1);
  EXPECT_TRUE(Iin::parse("900101300811").has_value());
}

TEST(Iin, InvalidExamplesOfFacts) {
  EXPECT_EQ(Iin::parse("990101300000").error().message_key, "iin.checksum");
  EXPECT_EQ(Iin::parse("111222333444").error().message_key, "iin.checksum");
  // Both passes give 10: no check digit exists, so no such IIN can be valid.
  EXPECT_EQ(first_pass("821214240092"), 10);
  EXPECT_FALSE(Iin::check_digit(digits_of("821214240092")).has_value());
  EXPECT_EQ(Iin::parse("821214240092").error().message_key, "iin.checksum");
}

TEST(Iin, DistinctErrorsForLengthAndNonDigits) {
  auto short_one = Iin::parse("87100840142");
  EXPECT_EQ(short_one.error().message_key, "iin.length");
  EXPECT_EQ(short_one.error().param("length"), "11");
  EXPECT_EQ(Iin::parse("").error().message_key, "iin.length");
  EXPECT_EQ(Iin::parse("8710084014271").error().message_key, "iin.length");
  auto letter = Iin::parse("87100840142A");
  EXPECT_EQ(letter.error().message_key, "iin.non_digit");
  EXPECT_EQ(letter.error().param("position"), "12");
  EXPECT_EQ(Iin::parse("8710 8401427").error().message_key, "iin.non_digit");
  // Twelve Cyrillic letters are twelve characters, not 24 bytes: a non-digit, not a length.
  EXPECT_EQ(Iin::parse("ааааааааaaaa").error().message_key, "iin.non_digit");
}

TEST(Iin, DecodesHintsButDoesNotJudgeThem) {
  auto woman = Iin::parse("871008401427").value();
  EXPECT_EQ(woman.birth_date_hint(), Date::from_ymd(1987, 10, 8));
  EXPECT_EQ(woman.sex_hint(), Sex::kFemale);
  EXPECT_EQ(woman.century_hint(), 20);
  auto man = Iin::parse("760212350620").value();
  EXPECT_EQ(man.birth_date_hint(), Date::from_ymd(1976, 2, 12));
  EXPECT_EQ(man.sex_hint(), Sex::kMale);
  EXPECT_EQ(man.masked(), "7602******20");
}

TEST(Iin, AValidChecksumWithAnImpossibleDateIsStillValid) {
  // Since 2013 the digits need not be a real birth date: month 13, century digit 0.
  std::array<int, 11> d = digits_of("901301000010");
  for (int serial = 0; serial < 100; ++serial) {
    d[9] = serial / 10;
    d[10] = serial % 10;
    if (auto c = Iin::check_digit(d)) {
      std::string text;
      for (int x : d) text += static_cast<char>('0' + x);
      text += static_cast<char>('0' + *c);
      auto iin = Iin::parse(text);
      ASSERT_TRUE(iin.has_value()) << text;
      EXPECT_FALSE(iin->birth_date_hint().has_value());
      EXPECT_FALSE(iin->sex_hint().has_value());
      return;
    }
  }
  FAIL() << "no serial gave a check digit";
}

TEST(Iin, GeneratedNumbersAreValidAndCarryTheirHints) {
  int made = 0;
  for (int year : {1931, 1956, 1999, 2000, 2013, 2024}) {
    for (int month = 1; month <= 12; ++month) {
      for (Sex sex : {Sex::kMale, Sex::kFemale}) {
        for (int serial : {0, 17, 4242, 9999}) {
          const Date birth = Date::from_ymd(year, month, 28);
          const Iin iin = Iin::make(birth, sex, serial);
          auto parsed = Iin::parse(iin.str());
          ASSERT_TRUE(parsed.has_value()) << iin.str();
          EXPECT_EQ(parsed->birth_date_hint(), birth);
          EXPECT_EQ(parsed->sex_hint(), sex);
          // Changing any one digit breaks the checksum or the length rule never passes silently.
          std::string corrupted = iin.str();
          corrupted[11] = corrupted[11] == '9' ? '0' : static_cast<char>(corrupted[11] + 1);
          EXPECT_FALSE(Iin::parse(corrupted).has_value()) << corrupted;
          ++made;
        }
      }
    }
  }
  EXPECT_EQ(made, 6 * 12 * 2 * 4);
}

TEST(Iin, CheckDigitAgreesWithAnIndependentComputation) {
  // Every 11-digit prefix over a sweep of serials: parse() accepts exactly the digit the
  // two-pass rule gives.
  const std::string base = "8501014";
  for (int serial = 0; serial < 10000; serial += 7) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04d", serial);
    const std::string prefix = base + buf;
    int c = first_pass(prefix);
    if (c == 10) {
      static constexpr int w2[] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
      int sum = 0;
      for (int i = 0; i < 11; ++i) sum += (prefix[static_cast<std::size_t>(i)] - '0') * w2[i];
      c = sum % 11;
    }
    for (int digit = 0; digit <= 9; ++digit) {
      const bool valid = Iin::parse(prefix + static_cast<char>('0' + digit)).has_value();
      EXPECT_EQ(valid, c != 10 && digit == c) << prefix << digit;
    }
  }
}

}  // namespace
}  // namespace komek
