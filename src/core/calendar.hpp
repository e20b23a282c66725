// The working calendar of Kazakhstan, loaded from data (rules/calendar/kz.yaml).
//
// Deadlines in the rules are counted in working days: weekends, public holidays, the
// weekend-transfer rule (a holiday falling on a Saturday or Sunday moves the day off to the
// next working day), the days off that never move (7 January, the first day of Kurban Ait),
// and the Government's orders that swap days off and working days. Adding a year or an
// order is a data change (FACTS §4).
//
//   auto cal = WorkingCalendar::load("rules/calendar/kz.yaml").value();
//   cal.add_working_days(Date::from_ymd(2025, 1, 2), 1)   // 2025-01-05: 3 Jan off by order
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/lang.hpp"
#include "core/result.hpp"

namespace komek {

// Why a day is or is not a working day. When adding an enumerator, also update
// day_kind_name() and the explanation messages.
enum class DayKind : std::uint8_t {
  kWorking,             // an ordinary working day
  kWeekend,             // Saturday or Sunday
  kHoliday,             // a public holiday (moves to the next working day if on a weekend)
  kFixedDayOff,         // a day off that never moves (7 January, Kurban Ait)
  kTransferredDayOff,   // the day off a weekend holiday moved to
  kOrderDayOff,         // made a day off by an order moving days off
  kOrderWorkingDay,     // made a working day by such an order
};
std::string_view day_kind_name(DayKind kind);

struct DayInfo {
  Date date;
  DayKind kind = DayKind::kWorking;
  bool working = true;
  std::string holiday_id;  // the holiday behind a holiday, fixed or transferred day off
  std::string name_kk, name_ru, name_en;  // the holiday's name, where there is one
  std::string source;      // the act that makes this day what it is
  bool verified = true;    // false for years whose data is not confirmed against the acts
  [[nodiscard]] const std::string& name(Lang lang) const {
    return lang == Lang::kKk ? name_kk : lang == Lang::kRu ? name_ru : name_en;
  }
};

// Office hours of the receiving body; the defaults are the usual 09:00-18:30 and may be
// configured per body (the law says only "working time").
struct OfficeHours {
  TimeOfDay open{9, 0};
  TimeOfDay close{18, 30};
};

// When and why an application received at a local instant is registered.
struct Registration {
  Date date;
  // "within_office_hours", "before_office_hours", "after_office_hours" or "day_off".
  std::string reason;
};

class WorkingCalendar {
 public:
  static Result<WorkingCalendar> load(const std::filesystem::path& file);
  // `origin` names the text in errors (a file name, or "<string>").
  static Result<WorkingCalendar> parse(std::string_view yaml_text, std::string_view origin);

  [[nodiscard]] int first_year() const { return first_year_; }
  [[nodiscard]] int last_year() const { return last_year_; }
  [[nodiscard]] const std::string& timezone() const { return timezone_; }

  // Every query fails with "calendar.out_of_range" for a date the data does not cover,
  // rather than guess at holidays and orders it does not know.
  [[nodiscard]] Result<bool> is_working(Date d) const;
  [[nodiscard]] Result<DayInfo> describe(Date d) const;
  // The first working day strictly after d.
  [[nodiscard]] Result<Date> next_working_day(Date d) const;
  // Day 0 is the event day; the result is the Nth working day after it (N > 0), the Nth
  // working day before it (N < 0), or the event day itself (N = 0).
  [[nodiscard]] Result<Date> add_working_days(Date d, int n) const;
  // The number of working days in (from, to]; negative when to < from. For a working day
  // `to`, add_working_days(from, working_days_between(from, to)) == to.
  [[nodiscard]] Result<int> working_days_between(Date from, Date to) const;
  [[nodiscard]] static Date add_calendar_days(Date d, int n) { return d.plus_days(n); }
  // The registration date of something received at a local (Asia/Almaty) instant: the same
  // day within office hours or before they open on a working day; otherwise the next
  // working day (001 §12; 004 App 12).
  [[nodiscard]] Result<Registration> registration_date(LocalDateTime received,
                                                       const OfficeHours& hours = {}) const;
  // Every day off of a year that is not a plain weekend, in date order.
  [[nodiscard]] Result<std::vector<DayInfo>> special_days(int year) const;

 private:
  struct Reason {
    std::string holiday_id, name_kk, name_ru, name_en, source;
  };
  struct Day {
    DayKind kind = DayKind::kWorking;
    std::uint16_t reason = 0;  // index into reasons_ (0 = none)
  };
  [[nodiscard]] Result<std::size_t> index_of(Date d) const;
  [[nodiscard]] bool working_at(std::size_t i) const;

  int first_year_ = 0;
  int last_year_ = 0;
  Date first_day_;
  std::string timezone_;
  std::vector<Day> days_;
  std::vector<Reason> reasons_;
  std::vector<int> unverified_years_;
};

}  // namespace komek
