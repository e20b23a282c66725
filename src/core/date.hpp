// Calendar dates, months, quarters and periods in the proleptic Gregorian calendar.
//
// A Date is a count of days since 1970-01-01, so that comparisons, differences and the
// columnar batch engine are plain integer operations. Conversions use Howard Hinnant's
// civil-from-days algorithms.
//
//   Date d = *Date::parse("2026-02-10");
//   Quarter q = Quarter::of(d).previous();   // 2025 Q4: the reference period for TSA income
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace komek {

enum class Weekday : std::uint8_t { kMonday = 1, kTuesday, kWednesday, kThursday, kFriday, kSaturday, kSunday };

class Date {
 public:
  // Years outside this range are refused by parse(): no rule of Komek concerns them, and the
  // bound keeps every arithmetic step far from overflow.
  static constexpr int kYearMin = 1900;
  static constexpr int kYearMax = 2199;

  constexpr Date() = default;
  static constexpr Date from_days(std::int32_t days_since_epoch) { return Date(days_since_epoch); }
  // Caller guarantees a valid date (a programmer error otherwise); see make() for input.
  static Date from_ymd(int year, int month, int day);
  static Result<Date> make(int year, int month, int day);
  // ISO 8601 calendar date "YYYY-MM-DD".
  static Result<Date> parse(std::string_view iso);

  [[nodiscard]] constexpr std::int32_t days_since_epoch() const { return days_; }
  [[nodiscard]] int year() const;
  [[nodiscard]] int month() const;
  [[nodiscard]] int day() const;
  [[nodiscard]] Weekday weekday() const;
  [[nodiscard]] bool is_weekend() const {
    return weekday() == Weekday::kSaturday || weekday() == Weekday::kSunday;
  }
  [[nodiscard]] std::string iso() const;

  [[nodiscard]] constexpr Date plus_days(std::int32_t n) const { return Date(days_ + n); }
  // Same day n months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
  [[nodiscard]] Date plus_months(int n) const;
  [[nodiscard]] Date plus_years(int n) const { return plus_months(12 * n); }
  [[nodiscard]] Date first_of_month() const;
  [[nodiscard]] Date last_of_month() const;

  friend constexpr auto operator<=>(Date, Date) = default;
  friend constexpr std::int32_t operator-(Date a, Date b) { return a.days_ - b.days_; }

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

[[nodiscard]] bool is_leap_year(int year);
[[nodiscard]] int days_in_month(int year, int month);
// Full years of age on a date: a person born on 29 Feb comes of age on 1 Mar in common years.
[[nodiscard]] int age_on(Date birth, Date on);

// A calendar month, e.g. the month an income was received.
class Month {
 public:
  constexpr Month() = default;
  static Result<Month> make(int year, int month);
  static Month of(Date d) { return Month(d.year(), d.month()); }
  // "YYYY-MM".
  static Result<Month> parse(std::string_view text);

  [[nodiscard]] constexpr int year() const { return year_; }
  [[nodiscard]] constexpr int month() const { return month_; }
  [[nodiscard]] Date first_day() const { return Date::from_ymd(year_, month_, 1); }
  [[nodiscard]] Date last_day() const { return first_day().last_of_month(); }
  [[nodiscard]] Month plus(int months) const;
  [[nodiscard]] std::string iso() const;
  // Months from a to b: Month(2025,12) - Month(2025,10) == 2.
  friend int operator-(Month a, Month b) {
    return (a.year_ - b.year_) * 12 + (a.month_ - b.month_);
  }
  friend constexpr auto operator<=>(const Month&, const Month&) = default;

 private:
  constexpr Month(int y, int m) : year_(y), month_(m) {}
  int year_ = 1970;
  int month_ = 1;
};

// A calendar quarter. TSA income is counted over the quarter before the application's
// quarter (Social Code art. 127 p. 2; FACTS §2).
class Quarter {
 public:
  constexpr Quarter() = default;
  static Result<Quarter> make(int year, int quarter);
  static Quarter of(Date d) { return Quarter(d.year(), (d.month() - 1) / 3 + 1); }
  // "YYYY-Qn".
  static Result<Quarter> parse(std::string_view text);

  [[nodiscard]] constexpr int year() const { return year_; }
  [[nodiscard]] constexpr int number() const { return quarter_; }
  [[nodiscard]] Quarter previous() const;
  [[nodiscard]] Quarter next() const;
  [[nodiscard]] Month first_month() const;
  [[nodiscard]] Date first_day() const { return first_month().first_day(); }
  [[nodiscard]] Date last_day() const { return first_month().plus(2).last_day(); }
  [[nodiscard]] bool contains(Month m) const { return Quarter::of(m.first_day()) == *this; }
  [[nodiscard]] std::string iso() const;
  friend constexpr auto operator<=>(const Quarter&, const Quarter&) = default;

 private:
  constexpr Quarter(int y, int q) : year_(y), quarter_(q) {}
  int year_ = 1970;
  int quarter_ = 1;
};

// A closed interval of dates [from, to]. An open end is represented by Date max.
class Period {
 public:
  static Result<Period> make(Date from, Date to);
  static Period of(Month m) { return Period(m.first_day(), m.last_day()); }
  static Period of(Quarter q) { return Period(q.first_day(), q.last_day()); }

  [[nodiscard]] Date from() const { return from_; }
  [[nodiscard]] Date to() const { return to_; }
  [[nodiscard]] bool contains(Date d) const { return from_ <= d && d <= to_; }
  [[nodiscard]] std::int32_t days() const { return (to_ - from_) + 1; }
  [[nodiscard]] bool overlaps(const Period& other) const {
    return from_ <= other.to_ && other.from_ <= to_;
  }
  friend bool operator==(const Period&, const Period&) = default;

 private:
  Period(Date f, Date t) : from_(f), to_(t) {}
  Date from_;
  Date to_;
};

// A wall-clock time of day, minutes precision (office hours, registration instants).
struct TimeOfDay {
  int hour = 0;
  int minute = 0;
  static Result<TimeOfDay> parse(std::string_view hh_mm);
  [[nodiscard]] int minutes() const { return hour * 60 + minute; }
  [[nodiscard]] std::string iso() const;
  friend constexpr auto operator<=>(const TimeOfDay&, const TimeOfDay&) = default;
};

// A local date and time (Asia/Almaty wall clock unless said otherwise).
struct LocalDateTime {
  Date date;
  TimeOfDay time;
  // "YYYY-MM-DDTHH:MM" or "YYYY-MM-DD HH:MM".
  static Result<LocalDateTime> parse(std::string_view text);
  [[nodiscard]] std::string iso() const;
};

}  // namespace komek
