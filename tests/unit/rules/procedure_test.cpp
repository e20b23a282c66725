// The procedural periods as data (rules/procedure/kz.yaml, a pack's `periods:`): the shipped
// values are the ones the code counted with before they were data, the loader refuses a
// malformed period naming its line, a pack overrides only what it may, and the one lookup
// serves both the national procedure and a pack.
#include "rules/procedure.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "test_library.hpp"

namespace komek::rules {
namespace {

using test::shipped;
using test::where_what;

Date d(const char* s) {
  return Date::parse(s).value();
}

std::string shipped_text() {
  std::ifstream in(std::string(KOMEK_RULES_DIR) + "/procedure/kz.yaml");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  if (pos == std::string::npos) throw std::runtime_error("test setup: no '" + from + "'");
  return text.replace(pos, from.size(), to);
}

// The 1-based line of the first occurrence of `needle`.
int line_of(const std::string& text, const std::string& needle) {
  const auto pos = text.find(needle);
  if (pos == std::string::npos) throw std::runtime_error("test setup: no '" + needle + "'");
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

std::string error_of(const std::string& text) {
  auto p = Procedure::parse(text, "kz.yaml");
  if (p) return "(loaded)";
  return where_what(p.error());
}

const Procedure& national() {
  return shipped().procedure();
}

TEST(Procedure, TheShippedPeriodsAreTheOnesKomekCountedWith) {
  struct Expected {
    PeriodId id;
    int length;
    PeriodUnit unit;
    const char* cites;
  };
  using enum PeriodId;
  using enum PeriodUnit;
  const Expected expected[] = {
      {kRegistration, 0, kWorkingDays, "001 §12; 004 App 12"},
      {kRegistryQueries, 0, kWorkingDays, "004 §7; 001 §11"},
      {kAkimCoupon, 1, kWorkingDays, "004 §12.1"},
      {kWrittenQueryNotice, 2, kWorkingDays, "004 §8"},
      {kWrittenQueryAnswer, 30, kCalendarDays, "004 §8, §12"},
      {kPackageToCentre, 3, kWorkingDays, "004 §12.1"},
      {kHearingNotice, 3, kWorkingDays, "001 §18"},
      {kObjection, 2, kWorkingDays, "001 §18"},
      {kProtocolRemarks, 3, kWorkingDays, "001 §18"},
      {kCabinetDecisionNotice, 1, kWorkingDays, "004 App 12"},
      {kEventReport, 10, kWorkingDays, "001 §22"},
      {kComplaintAnswer, 5, kWorkingDays, "004 §45"},
      {kComplaintForward, 3, kWorkingDays, "004 §45"},
      {kComplaintReview, 15, kWorkingDays, "004 §45"},
      {kRedecision, 5, kWorkingDays, "004 §45"},
      {kConsentAnswer, 2, kHours, "004 §19-1"},
      {kStatusService, 15, kMinutes, "004 App 14"},
      {kPaymentDemandDay, 29, kDayOfMonth, "001 §27"},
      {kPaymentApplication, 1, kWorkingDays, "001 §28"},
      {kPaymentTransfer, 2, kWorkingDays, "001 §28"},
      {kPaymentLateApplicationDay, 27, kDayOfMonth, "001 §28"},
      {kPaymentOrders, 2, kWorkingDays, "001 §29"},
      {kPaymentReturnEntry, 3, kWorkingDays, "001 §30"},
      {kOverpaymentTransfer, 31, kDayOfMonth, "001 §31"},
  };
  for (const auto& e : expected) {
    const ProceduralPeriod& p = national().period(e.id);
    EXPECT_EQ(p.id, period_id_name(e.id));
    EXPECT_EQ(p.length, e.length) << p.id;
    EXPECT_EQ(p.unit, e.unit) << p.id;
    EXPECT_EQ(p.cites, e.cites) << p.id;
  }
  EXPECT_EQ(national().period(kAppealWindow).length, 3);
  EXPECT_EQ(national().period(kAppealWindow).unit, kMonths);
  EXPECT_TRUE(national().period(kAppealWindow).configurable);
  EXPECT_EQ(national().period(kConsentAnswer).minutes(), 120);
  // Every period is titled in the three languages and says where it is defined.
  for (const ProceduralPeriod& p : national().periods()) {
    EXPECT_FALSE(p.titles.kk.empty() || p.titles.ru.empty() || p.titles.en.empty()) << p.id;
    EXPECT_NE(p.origin.find("procedure/kz.yaml:"), std::string::npos) << p.origin;
  }
  ASSERT_EQ(national().periods().size(), kPeriodIdCount);
}

TEST(Procedure, PeriodsCountInTheirUnit) {
  const WorkingCalendar& cal = shipped().calendar();
  const PeriodsInForce periods(cal, national());
  using enum PeriodId;
  // Friday 20 March 2026, before Nauryz (21-25 March off): 5 working days end on 1 April.
  EXPECT_EQ(periods.due(kComplaintAnswer, d("2026-03-20")).value(), d("2026-04-01"));
  EXPECT_EQ(periods.due(kWrittenQueryAnswer, d("2026-03-20")).value(), d("2026-04-19"));
  EXPECT_EQ(periods.due(kAppealWindow, d("2026-01-31")).value(), d("2026-04-30"));
  EXPECT_EQ(periods.due(kRegistration, d("2026-03-20")).value(), d("2026-03-20"));
  // "By the 29th": 29 March 2025 is a Saturday, the demand is formed on Friday the 28th;
  // February 2025 has no 29th; "last" is the month's last working day.
  EXPECT_EQ(periods.due(kPaymentDemandDay, d("2025-03-01")).value(), d("2025-03-28"));
  EXPECT_EQ(periods.due(kPaymentDemandDay, d("2025-02-10")).value(), d("2025-02-28"));
  EXPECT_EQ(periods.due(kOverpaymentTransfer, d("2025-08-05")).value(), d("2025-08-29"));
  EXPECT_EQ(national().period(kComplaintAnswer).describe(Lang::kEn), "5 working days");
  EXPECT_EQ(national().period(kComplaintAnswer).describe(Lang::kKk), "5 жұмыс күні");
  EXPECT_EQ(national().period(kAkimCoupon).describe(Lang::kEn), "1 working day");
  EXPECT_EQ(national().period(kOverpaymentTransfer).describe(Lang::kEn), "by the last day of the month");
  EXPECT_EQ(national().period(kConsentAnswer).describe(Lang::kRu), "2 ч");
}

TEST(ProcedureLoader, TheShippedFileLoadsAndEachEditIsRefusedWithItsLine) {
  const std::string text = shipped_text();
  ASSERT_EQ(error_of(text), "(loaded)");
  const std::string answer = "    working_days: 5\n    counted_from: complaint_registered\n";
  const std::string at = std::to_string(line_of(text, answer));
  const std::string item = std::to_string(line_of(text, "  - id: complaint_answer"));
  // Unknown and repeated ids, a period left out.
  EXPECT_EQ(
      error_of(replace(text, "id: complaint_answer", "id: complaint_anwser")),
      item +
          ": unknown period 'complaint_anwser' (the periods Komek knows are listed in docs/rule-packs.md)");
  EXPECT_EQ(error_of(replace(text, "id: complaint_forward", "id: complaint_answer")),
            std::to_string(line_of(text, "  - id: complaint_forward")) +
                ": period 'complaint_answer' is defined twice (first at kz.yaml:" + item + ")");
  // The length: missing, twice, out of range, in a unit the code does not count it in.
  EXPECT_EQ(
      error_of(replace(text, answer, "    counted_from: complaint_registered\n")),
      item +
          ": period complaint_answer needs its length: one of working_days, calendar_days, months, hours, "
          "minutes or day_of_month");
  EXPECT_EQ(error_of(replace(
                text, answer,
                "    working_days: 5\n    calendar_days: 7\n    counted_from: complaint_registered\n")),
            item + ": period complaint_answer gives its length twice ('working_days' and 'calendar_days')");
  EXPECT_EQ(error_of(replace(text, answer, "    working_days: -1\n    counted_from: complaint_registered\n")),
            at + ": working_days must be 0-365");
  EXPECT_EQ(
      error_of(replace(text, answer, "    working_days: five\n    counted_from: complaint_registered\n")),
      at + ": working_days must be a whole number");
  EXPECT_EQ(
      error_of(replace(text, answer, "    hours: 5\n    counted_from: complaint_registered\n")),
      at + ": period complaint_answer is counted in working_days, calendar_days or months, not in hours");
  EXPECT_NE(error_of(replace(text, "hours: 2\n", "working_days: 1\n"))
                .find("period consent_answer is counted in hours or minutes"),
            std::string::npos);
  EXPECT_NE(error_of(replace(text, "day_of_month: 29", "day_of_month: 32")).find("day_of_month must be 1-31"),
            std::string::npos);
  // The event, the clause, a configurable period's note, unknown keys.
  EXPECT_EQ(error_of(replace(text, answer, "    working_days: 5\n    counted_from: decision\n")),
            std::to_string(line_of(text, answer) + 1) +
                ": period complaint_answer is counted from 'complaint_registered', the event Komek counts it "
                "from, not 'decision'");
  EXPECT_EQ(error_of(replace(text, answer + "    cites: \"004 §45\"\n", answer)),
            item + ": period complaint_answer needs 'cites'");
  EXPECT_NE(
      error_of(replace(text, "    note: \"The seeds give no term for the new decision", "    notes: \"x"))
          .find("unknown key 'notes' in a period"),
      std::string::npos);
  const std::string no_note =
      replace(text,
              "    note: \"The seeds give no term for the new decision after a complaint sets the old one "
              "aside; the complaint's own 5 working days are used.\"\n",
              "");
  EXPECT_EQ(error_of(no_note),
            std::to_string(line_of(text, "  - id: redecision")) +
                ": configurable period redecision needs a note saying why and who sets it");
  EXPECT_EQ(
      error_of(replace(text, "\nprocedure:\n", "\nprocedures:\n")),
      std::to_string(line_of(text, "procedure:\n  id: kz")) + ": unknown key 'procedures' in the procedure");
}

TEST(ProcedureLoader, APeriodLeftOutIsRefused) {
  std::string text = shipped_text();
  const auto from = text.find("  - id: counter_service");
  const auto to = text.find("  # ---- Payment through");
  text.erase(from, to - from);
  EXPECT_NE(error_of(text).find("the procedure does not define period 'counter_service', which Komek counts"),
            std::string::npos)
      << error_of(text);
}

// A pack's periods: an override of the national procedure where its act differs.
const std::string kPack = R"(pack:
  id: t
  titles: {kk: "т", ru: "т", en: "t"}
  territory: "334800000"
  effective: {from: 2025-01-01}
  legal_basis: ["decision"]
refusal_grounds:
  - {id: unreliable, titles: {kk: a, ru: b, en: c}, cites: "x §1", when: {fact: unreliable_information}}
deadline_classes:
  - {id: std, titles: {kk: a, ru: b, en: c}, working_days: 8, counted_from: registration, cites: "x §3"}
  - {id: akim, titles: {kk: a, ru: b, en: c}, working_days: 12, counted_from: registration, cites: "x §3", channels: [akim]}
periods:
  - id: event_report
    working_days: 15
    cites: "x §9"
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
    decision_deadline: [std, akim]
    refusal_grounds: [unreliable]
)";

Result<Pack> parse(const std::string& text) {
  return parse_pack(text, "t.yaml", shipped().environment());
}

std::string pack_error(const std::string& text) {
  auto p = parse(text);
  if (p) return "(loaded)";
  return where_what(p.error());
}

TEST(PackPeriods, APackOverridesWhereItsActDiffersAndTheLookupFallsBack) {
  auto pack = parse(kPack);
  ASSERT_TRUE(pack.has_value()) << where_what(pack.error());
  const ProceduralPeriod& own = national().period(PeriodId::kEventReport, &*pack);
  EXPECT_EQ(own.length, 15);
  EXPECT_EQ(own.cites, "x §9");
  EXPECT_EQ(own.counted_from, "event");
  EXPECT_EQ(own.titles.en, national().period(PeriodId::kEventReport).titles.en);  // inherited
  EXPECT_EQ(national().period(PeriodId::kEventReport).length, 10);
  EXPECT_EQ(national().period(PeriodId::kComplaintAnswer, &*pack).length, 5);  // not overridden
  const PeriodsInForce periods(shipped().calendar(), national(), &*pack);
  EXPECT_EQ(periods.due(PeriodId::kEventReport, d("2026-04-01")).value(),
            shipped().calendar().add_working_days(d("2026-04-01"), 15).value());
}

TEST(PackPeriods, TheLoaderRefusesWhatAPackMayNotOverride) {
  EXPECT_EQ(pack_error(replace(kPack, "id: event_report", "id: event_reports")),
            "13: unknown period 'event_reports' (the periods Komek knows are listed in docs/rule-packs.md)");
  EXPECT_EQ(
      pack_error(replace(kPack, "id: event_report\n    working_days: 15",
                         "id: payment_orders\n    working_days: 3")),
      "13: period 'payment_orders' is national only, one for every programme: a pack cannot override it");
  EXPECT_EQ(pack_error(replace(kPack, "working_days: 15", "hours: 15")),
            "14: period event_report is counted in working_days, calendar_days or months, not in hours");
  EXPECT_EQ(pack_error(replace(kPack, "    cites: \"x §9\"\n", "")), "13: period event_report needs 'cites'");
  EXPECT_EQ(pack_error(replace(kPack, "    cites: \"x §9\"\n",
                               "    cites: \"x §9\"\n  - {id: event_report, working_days: 9, cites: y}\n")),
            "16: period 'event_report' is overridden twice");
  EXPECT_EQ(
      pack_error(
          replace(kPack, "    working_days: 15\n", "    working_days: 15\n    counted_from: decision\n")),
      "15: period event_report is counted from 'event', the event Komek counts it from, not 'decision'");
  EXPECT_EQ(
      pack_error(replace(kPack, "    cites: \"x §9\"\n", "    cites: \"x §9\"\n    channels: [akim]\n")),
      "13: unknown key 'channels' in a period");
  EXPECT_EQ(pack_error(replace(kPack, "periods:\n", "period:\n")), "1: unknown key 'period' in a rule pack");
}

TEST(PackPeriods, TheDecisionPeriodIsTheClassNamingTheChannel) {
  auto pack = parse(kPack);
  ASSERT_TRUE(pack.has_value()) << where_what(pack.error());
  const Programme& p = *pack->programme("veterans");
  EXPECT_EQ(Procedure::decision_period(*pack, p, "akim")->id, "akim");
  EXPECT_EQ(Procedure::decision_period(*pack, p, "portal")->id, "std");
  const Pack& tsa = *shipped().pack("kz-tsa").value();
  EXPECT_EQ(Procedure::decision_period(tsa, *tsa.programme("tsa"), "akim")->length, 18);
  EXPECT_EQ(Procedure::decision_period(tsa, *tsa.programme("tsa"), "employment_centre")->length, 15);
  // Two classes of one programme naming one channel would make the choice ambiguous.
  EXPECT_EQ(pack_error(replace(kPack, "cites: \"x §3\"}\n  - {id: akim",
                               "cites: \"x §3\", channels: [akim]}\n  - {id: akim")),
            "26: two deadline classes name the channel 'akim'");
}

TEST(PackPeriods, PacksCheckListsTheConfigurablePeriods) {
  auto pack = parse(kPack);
  ASSERT_TRUE(pack.has_value()) << where_what(pack.error());
  int configurable = 0;
  for (const auto& f : check_pack(*pack, shipped().environment()))
    if (f.message.find("period '") == 0 && f.message.find("is configurable") != std::string::npos)
      ++configurable;
  EXPECT_EQ(configurable, 3);  // registry_queries, appeal_window, redecision
}

}  // namespace
}  // namespace komek::rules
