#include "core/calendar.hpp"

#include <set>

#include <gtest/gtest.h>

#include "core/timezone.hpp"

namespace komek {
namespace {

const WorkingCalendar& kz() {
  static const WorkingCalendar cal = [] {
    auto c = WorkingCalendar::load(std::string(KOMEK_RULES_DIR) + "/calendar/kz.yaml");
    if (!c) throw std::runtime_error("calendar: " + c.error().message_key + " " + c.error().param("what"));
    return *c;
  }();
  return cal;
}

Date d(const char* iso) { return Date::parse(iso).value(); }

// Weekdays that are days off, and weekend days that are working, of one year: the whole
// difference from a plain five-day week.
std::set<std::string> exceptions(int year) {
  std::set<std::string> out;
  for (Date x = Date::from_ymd(year, 1, 1); x.year() == year; x = x.plus_days(1)) {
    const bool working = kz().is_working(x).value();
    if (working == x.is_weekend()) out.insert(x.iso() + (working ? " work" : " off"));
  }
  return out;
}

TEST(Calendar2024, EveryHolidayAndMovedDay) {
  const std::set<std::string> expected = {
      "2024-01-01 off", "2024-01-02 off",                    // New Year
      "2024-03-08 off",                                      // Women's Day
      "2024-03-21 off", "2024-03-22 off", "2024-03-25 off",  // Nauryz; 23 Mar Sat -> Mon 25
      "2024-05-01 off", "2024-05-04 work", "2024-05-07 off", "2024-05-08 off", "2024-05-09 off",
      "2024-07-08 off",                                      // Capital Day on Sat 6 Jul -> Mon 8
      "2024-08-30 off", "2024-10-25 off", "2024-12-16 off",
  };
  EXPECT_EQ(exceptions(2024), expected);
  // 7 Jan and Kurban Ait fell on Sundays and never move: 17 June was a working day.
  EXPECT_EQ(kz().describe(d("2024-01-07"))->kind, DayKind::kFixedDayOff);
  EXPECT_EQ(kz().describe(d("2024-06-16"))->kind, DayKind::kFixedDayOff);
  EXPECT_TRUE(kz().is_working(d("2024-06-17")).value());
  EXPECT_EQ(kz().describe(d("2024-05-04"))->kind, DayKind::kOrderWorkingDay);
  EXPECT_EQ(kz().describe(d("2024-05-08"))->kind, DayKind::kOrderDayOff);
}

TEST(Calendar2025, EveryHolidayAndMovedDay) {
  const std::set<std::string> expected = {
      "2025-01-01 off", "2025-01-02 off", "2025-01-03 off", "2025-01-05 work", "2025-01-07 off",
      "2025-03-10 off",                                      // 8 Mar on Sat
      "2025-03-21 off", "2025-03-24 off", "2025-03-25 off",  // Nauryz 22-23 on the weekend
      "2025-05-01 off", "2025-05-07 off", "2025-05-09 off",
      "2025-06-06 off",                                      // Kurban Ait
      "2025-07-07 off",                                      // 6 Jul on Sun
      "2025-09-01 off",                                      // 30 Aug on Sat
      "2025-10-27 off",                                      // 25 Oct on Sat
      "2025-12-16 off",
  };
  EXPECT_EQ(exceptions(2025), expected);
  EXPECT_EQ(kz().describe(d("2025-03-24"))->kind, DayKind::kTransferredDayOff);
  EXPECT_EQ(kz().describe(d("2025-03-24"))->holiday_id, "nauryz");
  EXPECT_EQ(kz().describe(d("2025-01-03"))->kind, DayKind::kOrderDayOff);
}

TEST(Calendar2026, EveryHolidayAndMovedDay) {
  const std::set<std::string> expected = {
      "2026-01-01 off", "2026-01-02 off", "2026-01-07 off",
      "2026-03-09 off",                                      // 8 Mar on Sun
      "2026-03-23 off", "2026-03-24 off", "2026-03-25 off",  // Nauryz 21-22 on the weekend
      "2026-05-01 off", "2026-05-07 off", "2026-05-11 off",  // 9 May on Sat
      "2026-05-27 off",                                      // Kurban Ait
      "2026-07-06 off",
      "2026-10-26 off",                                      // 25 Oct on Sun
      "2026-12-16 off",
  };
  EXPECT_EQ(exceptions(2026), expected);
  // 30 August is no longer a holiday from 2026, so Monday 31 August is an ordinary day.
  EXPECT_TRUE(kz().is_working(d("2026-08-31")).value());
  EXPECT_EQ(kz().describe(d("2026-08-30"))->kind, DayKind::kWeekend);
}

TEST(Calendar, TheDoneWhenExampleOfTheFoundationIssue) {
  // An order made Friday 3 Jan 2025 a day off and Sunday 5 Jan a working day.
  EXPECT_EQ(kz().add_working_days(d("2025-01-02"), 1).value(), d("2025-01-05"));
}

TEST(Calendar, DeadlinesAcrossNewYear2025) {
  EXPECT_EQ(kz().add_working_days(d("2024-12-27"), 3).value(), d("2025-01-05"));
  EXPECT_EQ(kz().add_working_days(d("2024-12-27"), 8).value(), d("2025-01-13"));
  // A TSA decision 15 working days after registration on Friday 20 Dec 2024 (004 App 12).
  EXPECT_EQ(kz().add_working_days(d("2024-12-20"), 15).value(), d("2025-01-15"));
  EXPECT_EQ(kz().working_days_between(d("2024-12-20"), d("2025-01-15")).value(), 15);
  EXPECT_EQ(kz().next_working_day(d("2024-12-31")).value(), d("2025-01-05"));
}

TEST(Calendar, DeadlinesAcrossNauryz2026) {
  // A local-assistance decision 8 working days after registration on Wed 18 Mar 2026 (001 §18).
  EXPECT_EQ(kz().add_working_days(d("2026-03-18"), 8).value(), d("2026-04-02"));
  EXPECT_EQ(kz().working_days_between(d("2026-03-18"), d("2026-04-02")).value(), 8);
  // Hearing notice at least 3 working days before a decision of Thu 26 Mar 2026 (001 §18).
  EXPECT_EQ(kz().add_working_days(d("2026-03-26"), -3).value(), d("2026-03-18"));
  EXPECT_EQ(kz().working_days_between(d("2026-03-26"), d("2026-03-18")).value(), -3);
  EXPECT_EQ(kz().add_working_days(d("2026-03-06"), 1).value(), d("2026-03-10"));
}

TEST(Calendar, DeadlinesAcrossKurbanAit2026) {
  EXPECT_EQ(kz().add_working_days(d("2026-05-26"), 1).value(), d("2026-05-28"));
  EXPECT_EQ(kz().add_working_days(d("2026-05-22"), 3).value(), d("2026-05-28"));
  // 9 May on Saturday moved the day off to Monday 11 May.
  EXPECT_EQ(kz().add_working_days(d("2026-05-08"), 1).value(), d("2026-05-12"));
  // A TSA decision at an akim: 18 working days (004 App 12).
  EXPECT_EQ(kz().add_working_days(d("2026-05-20"), 18).value(), d("2026-06-16"));
}

TEST(Calendar, DayZeroIsTheEventDay) {
  EXPECT_EQ(kz().add_working_days(d("2026-03-21"), 0).value(), d("2026-03-21"));
  EXPECT_EQ(kz().working_days_between(d("2026-03-21"), d("2026-03-21")).value(), 0);
}

TEST(Calendar, AddAndCountAgreeOverTheWholeRange) {
  // For every working day b after a, counting then adding returns b.
  const Date a = d("2024-12-20");
  for (Date b = a; b < d("2026-12-31"); b = b.plus_days(1)) {
    if (!kz().is_working(b).value()) continue;
    const int n = kz().working_days_between(a, b).value();
    ASSERT_EQ(kz().add_working_days(a, n).value(), b) << b.iso();
  }
}

TEST(Calendar, RefusesDatesItDoesNotCover) {
  EXPECT_EQ(kz().is_working(d("2019-12-31")).error().message_key, "calendar.out_of_range");
  EXPECT_EQ(kz().add_working_days(d("2027-12-28"), 10).error().message_key, "calendar.out_of_range");
  EXPECT_EQ(kz().add_working_days(d("2020-01-03"), -5).error().message_key, "calendar.out_of_range");
  EXPECT_EQ(kz().first_year(), 2020);
  EXPECT_EQ(kz().last_year(), 2027);
}

TEST(Calendar, UnverifiedYearsSaySo) {
  EXPECT_FALSE(kz().describe(d("2023-03-21"))->verified);
  EXPECT_TRUE(kz().describe(d("2025-03-21"))->verified);
  // 2027: Constitution Day on 15 March.
  EXPECT_EQ(kz().describe(d("2027-03-15"))->holiday_id, "constitution_day");
}

TEST(Registration, OfficeHoursAndDaysOff) {
  auto at = [](const char* text) { return LocalDateTime::parse(text).value(); };
  EXPECT_EQ(kz().registration_date(at("2026-03-20T10:00"))->date, d("2026-03-20"));
  EXPECT_EQ(kz().registration_date(at("2026-03-20T10:00"))->reason, "within_office_hours");
  EXPECT_EQ(kz().registration_date(at("2026-03-20T18:29"))->date, d("2026-03-20"));
  EXPECT_EQ(kz().registration_date(at("2026-03-20T18:30"))->date, d("2026-03-26"));
  EXPECT_EQ(kz().registration_date(at("2026-03-20T18:45"))->reason, "after_office_hours");
  EXPECT_EQ(kz().registration_date(at("2026-03-20T07:00"))->date, d("2026-03-20"));
  EXPECT_EQ(kz().registration_date(at("2026-03-20T07:00"))->reason, "before_office_hours");
  EXPECT_EQ(kz().registration_date(at("2025-01-03T10:00"))->date, d("2025-01-05"));
  EXPECT_EQ(kz().registration_date(at("2025-01-03T10:00"))->reason, "day_off");
  // Configurable hours: a centre open until 20:00.
  OfficeHours late{{8, 0}, {20, 0}};
  EXPECT_EQ(kz().registration_date(at("2026-03-20T19:00"), late)->date, d("2026-03-20"));
}

TEST(Registration, InstantsAreConvertedToAlmatyTime) {
  // Almaty was UTC+6 until 00:00 local time of 1 March 2024 (18:00 UTC) and UTC+5 from then on.
  auto local = parse_local_or_instant("2024-02-29T20:00Z", kAlmatyZone).value();
  EXPECT_EQ(local.iso(), "2024-03-01T01:00");
  EXPECT_EQ(parse_local_or_instant("2024-02-29T12:00Z", kAlmatyZone)->iso(), "2024-02-29T18:00");
  EXPECT_EQ(parse_local_or_instant("2024-02-29T17:59Z", kAlmatyZone)->iso(), "2024-02-29T23:59");
  EXPECT_EQ(parse_local_or_instant("2024-03-01T13:00Z", kAlmatyZone)->iso(), "2024-03-01T18:00");
  auto late = parse_local_or_instant("2024-03-01T13:45Z", kAlmatyZone).value();
  EXPECT_EQ(kz().registration_date(late)->date, d("2024-03-04"));
  EXPECT_EQ(parse_local_or_instant("2026-03-20T18:00+06:00", kAlmatyZone)->iso(), "2026-03-20T17:00");
  EXPECT_EQ(parse_local_or_instant("2026-03-20T18:00+6", kAlmatyZone).error().message_key, "datetime.format");
  EXPECT_EQ(local_time_in("Mars/Olympus", Instant{}).error().message_key, "timezone.unknown");
}

std::string load_error(const std::string& yaml) {
  auto cal = WorkingCalendar::parse(yaml, "test.yaml");
  EXPECT_FALSE(cal.has_value());
  if (cal) return "";
  return cal.error().param("line") + ": " + cal.error().param("what");
}

TEST(CalendarData, BadFilesAreRefusedWithLineAndReason) {
  const std::string head = "years: {from: 2025, to: 2025}\nholidays:\n";
  EXPECT_EQ(load_error(head + "  - {id: x, dates: [\"13-01\"], moves: true, source: s, names: {kk: a, ru: b, en: c}}\n"),
            "3: '13-01' is not a month-day \"MM-DD\"");
  EXPECT_EQ(load_error(head + "  - {id: x, dates: [\"01-01\"], moves: true, names: {kk: a, ru: b, en: c}}\n"),
            "3: holiday 'x' cites no source");
  EXPECT_EQ(load_error(head + "  - {id: x, dates: [\"01-01\"], moves: true, source: s, names: {kk: a, ru: b, en: c}, colour: red}\n"),
            "3: unknown key 'colour' in a holiday");
  EXPECT_EQ(load_error(head + "  - {id: k, moves: false, dates_by_year: {2024: 2024-06-16}, source: s, names: {kk: a, ru: b, en: c}}\n"),
            "3: holiday 'k' has no date for 2025");
  EXPECT_EQ(load_error(head + "  - {id: x, dates: [\"01-01\"], moves: true, source: s, names: {kk: a, ru: b, en: c}}\n"
                              "orders:\n  - {source: o, working_days: [2025-01-06]}\n"),
            "5: 2025-01-06 is not a weekend day");
  EXPECT_EQ(load_error("years: {from: 2025, to: 2025}\nholidays: [\n"), "3: end of sequence flow not found");
  EXPECT_EQ(load_error("- just a list\n"), "1: the calendar must be a mapping");
  EXPECT_EQ(WorkingCalendar::load("/no/such/calendar.yaml").error().message_key, "file.cannot_open");
}

TEST(CalendarData, AYearIsAddedByDataAlone) {
  const std::string yaml =
      "years: {from: 2028, to: 2028}\n"
      "holidays:\n"
      "  - {id: new_year, dates: [\"01-01\", \"01-02\"], moves: true, source: law, names: {kk: a, ru: b, en: c}}\n"
      "orders:\n"
      "  - {source: decree, days_off: [2028-01-07], working_days: [2028-01-08]}\n";
  auto cal = WorkingCalendar::parse(yaml, "test.yaml");
  ASSERT_TRUE(cal.has_value()) << cal.error().param("what");
  // 1 and 2 Jan 2028 are Saturday and Sunday: the days off move to Monday 3 and Tuesday 4.
  EXPECT_EQ(cal->describe(d("2028-01-03"))->kind, DayKind::kTransferredDayOff);
  EXPECT_EQ(cal->describe(d("2028-01-04"))->kind, DayKind::kTransferredDayOff);
  EXPECT_TRUE(cal->is_working(d("2028-01-05")).value());
  EXPECT_FALSE(cal->is_working(d("2028-01-07")).value());
  EXPECT_TRUE(cal->is_working(d("2028-01-08")).value());
  EXPECT_EQ(cal->add_working_days(d("2028-01-02"), 3).value(), d("2028-01-08"));
  EXPECT_EQ(cal->describe(d("2028-01-08"))->source, "decree");
}

}  // namespace
}  // namespace komek
