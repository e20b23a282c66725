#include "core/date.hpp"

#include <algorithm>
#include <cstdio>

#include "core/invariant.hpp"

namespace komek {
namespace {

// Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms".
constexpr std::int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Ymd {
  int y;
  int m;
  int d;
};

constexpr Ymd civil_from_days(std::int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = yoe + era * 400;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  return {m <= 2 ? y + 1 : y, m, d};
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(civil_from_days(days_from_civil(2024, 2, 29)).d == 29);

// Reads exactly `width` ASCII digits at text[pos]; -1 when they are not all digits.
int fixed_digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string quoted(std::string_view text) {
  // Error parameters echo at most 40 bytes of what was given, so that a huge input
  // does not make a huge message.
  return std::string(text.substr(0, 40));
}

}  // namespace

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  KOMEK_INVARIANT(month >= 1 && month <= 12, "month out of range");
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

Date Date::from_ymd(int year, int month, int day) {
  KOMEK_INVARIANT(month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month),
                  "invalid calendar date");
  return Date(days_from_civil(year, month, day));
}

Result<Date> Date::make(int year, int month, int day) {
  if (year < kYearMin || year > kYearMax)
    return invalid("date.year_out_of_range", {{"year", std::to_string(year)},
                                              {"min", std::to_string(kYearMin)},
                                              {"max", std::to_string(kYearMax)}});
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return invalid("date.no_such_day", {{"value", buf}});
  }
  return Date(days_from_civil(year, month, day));
}

Result<Date> Date::parse(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-')
    return invalid("date.format", {{"value", quoted(iso)}});
  const int y = fixed_digits(iso, 0, 4);
  const int m = fixed_digits(iso, 5, 2);
  const int d = fixed_digits(iso, 8, 2);
  if (y < 0 || m < 0 || d < 0) return invalid("date.format", {{"value", quoted(iso)}});
  return make(y, m, d);
}

int Date::year() const { return civil_from_days(days_).y; }
int Date::month() const { return civil_from_days(days_).m; }
int Date::day() const { return civil_from_days(days_).d; }

Weekday Date::weekday() const {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  const int w = ((days_ % 7) + 7 + 3) % 7;  // 0 = Monday
  return static_cast<Weekday>(w + 1);
}

std::string Date::iso() const {
  const Ymd c = civil_from_days(days_);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.y, c.m, c.d);
  return buf;
}

Date Date::plus_months(int n) const {
  const Ymd c = civil_from_days(days_);
  const int total = c.y * 12 + (c.m - 1) + n;
  const int y = total / 12;
  const int m = total % 12 + 1;
  return from_ymd(y, m, std::min(c.d, days_in_month(y, m)));
}

Date Date::first_of_month() const {
  const Ymd c = civil_from_days(days_);
  return from_ymd(c.y, c.m, 1);
}

Date Date::last_of_month() const {
  const Ymd c = civil_from_days(days_);
  return from_ymd(c.y, c.m, days_in_month(c.y, c.m));
}

int age_on(Date birth, Date on) {
  const Ymd b = civil_from_days(birth.days_since_epoch());
  const Ymd o = civil_from_days(on.days_since_epoch());
  int age = o.y - b.y;
  if (o.m < b.m || (o.m == b.m && o.d < b.d)) --age;
  return age;
}

Result<Month> Month::make(int year, int month) {
  if (year < Date::kYearMin || year > Date::kYearMax)
    return invalid("date.year_out_of_range", {{"year", std::to_string(year)},
                                              {"min", std::to_string(Date::kYearMin)},
                                              {"max", std::to_string(Date::kYearMax)}});
  if (month < 1 || month > 12) return invalid("month.format", {{"value", std::to_string(month)}});
  return Month(year, month);
}

Result<Month> Month::parse(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return invalid("month.format", {{"value", quoted(text)}});
  const int y = fixed_digits(text, 0, 4);
  const int m = fixed_digits(text, 5, 2);
  if (y < 0 || m < 0) return invalid("month.format", {{"value", quoted(text)}});
  return make(y, m);
}

Month Month::plus(int months) const {
  const int total = year_ * 12 + (month_ - 1) + months;
  return Month(total / 12, total % 12 + 1);
}

std::string Month::iso() const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year_, month_);
  return buf;
}

Result<Quarter> Quarter::make(int year, int quarter) {
  if (year < Date::kYearMin || year > Date::kYearMax)
    return invalid("date.year_out_of_range", {{"year", std::to_string(year)},
                                              {"min", std::to_string(Date::kYearMin)},
                                              {"max", std::to_string(Date::kYearMax)}});
  if (quarter < 1 || quarter > 4) return invalid("quarter.format", {{"value", std::to_string(quarter)}});
  return Quarter(year, quarter);
}

Result<Quarter> Quarter::parse(std::string_view text) {
  if (text.size() != 7 || text[4] != '-' || (text[5] != 'Q' && text[5] != 'q'))
    return invalid("quarter.format", {{"value", quoted(text)}});
  const int y = fixed_digits(text, 0, 4);
  const int q = fixed_digits(text, 6, 1);
  if (y < 0 || q < 0) return invalid("quarter.format", {{"value", quoted(text)}});
  return make(y, q);
}

Quarter Quarter::previous() const {
  return quarter_ == 1 ? Quarter(year_ - 1, 4) : Quarter(year_, quarter_ - 1);
}

Quarter Quarter::next() const {
  return quarter_ == 4 ? Quarter(year_ + 1, 1) : Quarter(year_, quarter_ + 1);
}


Month Quarter::first_month() const { return *Month::make(year_, (quarter_ - 1) * 3 + 1); }

std::string Quarter::iso() const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-Q%d", year_, quarter_);
  return buf;
}

Result<Period> Period::make(Date from, Date to) {
  if (to < from) return invalid("period.reversed", {{"from", from.iso()}, {"to", to.iso()}});
  return Period(from, to);
}

Result<TimeOfDay> TimeOfDay::parse(std::string_view hh_mm) {
  if (hh_mm.size() != 5 || hh_mm[2] != ':') return invalid("time.format", {{"value", quoted(hh_mm)}});
  const int h = fixed_digits(hh_mm, 0, 2);
  const int m = fixed_digits(hh_mm, 3, 2);
  if (h < 0 || m < 0 || h > 23 || m > 59) return invalid("time.format", {{"value", quoted(hh_mm)}});
  return TimeOfDay{h, m};
}

std::string TimeOfDay::iso() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", hour, minute);
  return buf;
}

Result<LocalDateTime> LocalDateTime::parse(std::string_view text) {
  if (text.size() != 16 || (text[10] != 'T' && text[10] != ' '))
    return invalid("datetime.format", {{"value", quoted(text)}});
  KOMEK_TRY(date, Date::parse(text.substr(0, 10)));
  KOMEK_TRY(time, TimeOfDay::parse(text.substr(11, 5)));
  return LocalDateTime{date, time};
}

std::string LocalDateTime::iso() const { return date.iso() + "T" + time.iso(); }

}  // namespace komek
