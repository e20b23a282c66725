#include "core/date.hpp"

#include <gtest/gtest.h>

namespace komek {
namespace {

TEST(Date, ParsesAndFormatsIso) {
  EXPECT_EQ(Date::parse("2024-02-29")->iso(), "2024-02-29");
  EXPECT_EQ(Date::parse("1970-01-01")->days_since_epoch(), 0);
  EXPECT_EQ(Date::parse("2000-03-01")->days_since_epoch(), 11017);
  EXPECT_EQ(Date::parse("2025-02-29").error().message_key, "date.no_such_day");
  EXPECT_EQ(Date::parse("2025-13-01").error().message_key, "date.no_such_day");
  EXPECT_EQ(Date::parse("2025-1-01").error().message_key, "date.format");
  EXPECT_EQ(Date::parse("2025/01/01").error().message_key, "date.format");
  EXPECT_EQ(Date::parse("abcd-ef-gh").error().message_key, "date.format");
  EXPECT_EQ(Date::parse("").error().message_key, "date.format");
  EXPECT_EQ(Date::parse("1899-12-31").error().message_key, "date.year_out_of_range");
  EXPECT_EQ(Date::parse("9999-12-31").error().message_key, "date.year_out_of_range");
}

TEST(Date, RoundTripsEveryDayOfTwoCenturies) {
  Date d = Date::from_ymd(1900, 1, 1);
  int previous_day = 0;
  for (int i = 0; i < 365 * 200; ++i, d = d.plus_days(1)) {
    auto again = Date::parse(d.iso());
    ASSERT_TRUE(again.has_value());
    ASSERT_EQ(*again, d);
    ASSERT_TRUE(d.day() == previous_day + 1 || d.day() == 1);
    previous_day = d.day();
  }
}

TEST(Date, Weekdays) {
  EXPECT_EQ(Date::from_ymd(2025, 1, 5).weekday(), Weekday::kSunday);
  EXPECT_EQ(Date::from_ymd(2025, 1, 3).weekday(), Weekday::kFriday);
  EXPECT_EQ(Date::from_ymd(2026, 3, 23).weekday(), Weekday::kMonday);
  EXPECT_EQ(Date::from_ymd(1969, 12, 31).weekday(), Weekday::kWednesday);
  EXPECT_TRUE(Date::from_ymd(2026, 3, 21).is_weekend());
}

TEST(Date, MonthArithmeticClampsToTheMonthEnd) {
  EXPECT_EQ(Date::from_ymd(2025, 1, 31).plus_months(1), Date::from_ymd(2025, 2, 28));
  EXPECT_EQ(Date::from_ymd(2024, 1, 31).plus_months(1), Date::from_ymd(2024, 2, 29));
  EXPECT_EQ(Date::from_ymd(2025, 11, 15).plus_months(3), Date::from_ymd(2026, 2, 15));
  EXPECT_EQ(Date::from_ymd(2026, 2, 15).plus_months(-3), Date::from_ymd(2025, 11, 15));
  EXPECT_EQ(Date::from_ymd(2024, 2, 29).plus_years(1), Date::from_ymd(2025, 2, 28));
  EXPECT_EQ(Date::from_ymd(2026, 2, 10).last_of_month(), Date::from_ymd(2026, 2, 28));
}

TEST(Date, AgeInFullYears) {
  const Date birth = Date::from_ymd(2020, 6, 15);
  EXPECT_EQ(age_on(birth, Date::from_ymd(2026, 6, 14)), 5);
  EXPECT_EQ(age_on(birth, Date::from_ymd(2026, 6, 15)), 6);
  const Date leap = Date::from_ymd(2004, 2, 29);
  EXPECT_EQ(age_on(leap, Date::from_ymd(2022, 2, 28)), 17);
  EXPECT_EQ(age_on(leap, Date::from_ymd(2022, 3, 1)), 18);
}

TEST(Quarter, ThePreviousQuarterIsTheTsaReferencePeriod) {
  // An application of 10 Feb 2026 counts the income of October-December 2025.
  const Quarter ref = Quarter::of(Date::from_ymd(2026, 2, 10)).previous();
  EXPECT_EQ(ref.iso(), "2025-Q4");
  EXPECT_EQ(ref.first_day(), Date::from_ymd(2025, 10, 1));
  EXPECT_EQ(ref.last_day(), Date::from_ymd(2025, 12, 31));
  EXPECT_TRUE(ref.contains(Month::parse("2025-11").value()));
  EXPECT_FALSE(ref.contains(Month::parse("2026-01").value()));
  EXPECT_EQ(Quarter::of(Date::from_ymd(2025, 7, 1)).previous().iso(), "2025-Q2");
  EXPECT_EQ(Quarter::parse("2025-Q4")->next().iso(), "2026-Q1");
  EXPECT_EQ(Quarter::parse("2025-Q5").error().message_key, "quarter.format");
  EXPECT_EQ(Quarter::parse("2025Q4").error().message_key, "quarter.format");
}

TEST(Month, ParsesAndCounts) {
  const Month m = Month::parse("2025-10").value();
  EXPECT_EQ(m.plus(3).iso(), "2026-01");
  EXPECT_EQ(Month::parse("2026-01").value() - m, 3);
  EXPECT_EQ(m.last_day(), Date::from_ymd(2025, 10, 31));
  EXPECT_EQ(Month::parse("2025-00").error().message_key, "month.format");
  EXPECT_EQ(Month::parse("2025-1").error().message_key, "month.format");
}

TEST(Period, IsClosedAndOrdered) {
  auto p = Period::make(Date::from_ymd(2026, 1, 1), Date::from_ymd(2026, 3, 31)).value();
  EXPECT_EQ(p.days(), 90);
  EXPECT_TRUE(p.contains(Date::from_ymd(2026, 3, 31)));
  EXPECT_FALSE(p.contains(Date::from_ymd(2026, 4, 1)));
  EXPECT_EQ(Period::make(Date::from_ymd(2026, 2, 1), Date::from_ymd(2026, 1, 1)).error().message_key,
            "period.reversed");
  EXPECT_TRUE(p.overlaps(Period::of(Month::parse("2026-03").value())));
  EXPECT_FALSE(p.overlaps(Period::of(Quarter::parse("2026-Q2").value())));
}

TEST(LocalDateTime, Parses) {
  auto t = LocalDateTime::parse("2026-03-20T18:45").value();
  EXPECT_EQ(t.date, Date::from_ymd(2026, 3, 20));
  EXPECT_EQ(t.time.minutes(), 18 * 60 + 45);
  EXPECT_EQ(LocalDateTime::parse("2026-03-20 09:00")->iso(), "2026-03-20T09:00");
  EXPECT_EQ(LocalDateTime::parse("2026-03-20T24:00").error().message_key, "time.format");
  EXPECT_EQ(LocalDateTime::parse("2026-03-20").error().message_key, "datetime.format");
}

}  // namespace
}  // namespace komek
