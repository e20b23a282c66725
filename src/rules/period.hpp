// Procedural periods (мерзімдер, сроки) as cited data: how long the law gives for a step,
// counted from which event, under which clause. The national procedure is
// rules/procedure/kz.yaml (rules/procedure.hpp loads it); a rule pack overrides a period where
// its own act differs (its `periods:` section), and its decision periods are its
// `deadline_classes:`, periods of the same kind (docs/rule-packs.md, "Procedural periods").
//
//   const ProceduralPeriod& p = procedure.period(PeriodId::kComplaintAnswer, pack);
//   p.due(registered_on, calendar)   // 5 working days later (004 §45)
//   p.cites                          // "004 §45"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/date.hpp"
#include "core/lang.hpp"
#include "core/result.hpp"
#include "rules/titles.hpp"

namespace komek::rules {

// How a period is measured. When adding an enumerator, also update period_unit_name(), the
// parser (period.cpp), ProceduralPeriod::due and docs/rule-packs.md.
enum class PeriodUnit : std::uint8_t {
  kWorkingDays,   // on the working calendar of Kazakhstan; the event's day is day 0
  kCalendarDays,  // every day counts
  kMonths,        // the same day N months on (the month's last day when it is shorter)
  kHours,         // to the minute of the local (Asia/Almaty) wall clock
  kMinutes,       // likewise
  kDayOfMonth,    // "by the Nth" of the month counted in: the last working day on or before it
};
std::string_view period_unit_name(PeriodUnit unit);

// Every procedural period of the law Komek knows, by the id it has in the data. The national
// procedure must define each one; a pack may override those that are not national only.
// When adding an enumerator, also update kPeriodSpecs in period.cpp (its id, the event the
// code counts it from, how it is measured, whether a pack may override it),
// rules/procedure/kz.yaml and the table in docs/rule-packs.md.
enum class PeriodId : std::uint8_t {
  // Intake and registration.
  kRegistration,                // registered the working day it arrives (001 §12; 004 App 12)
  kRegistryQueries,             // the 24 information-system queries (004 §7)
  kAkimCoupon,                  // the akim registers and gives the tear-off coupon (004 §12.1)
  kDistrictCommissionReferral,  // to the district commission (001 §12); not a tracked step yet
  kWrittenQueryNotice,          // the applicant told of a written query (004 §8)
  kWrittenQueryAnswer,          // the longest wait for its answer (004 §8, §12)
  kPackageToCentre,             // the akim's package to the centre after the conclusion (004 §12.1)
  // The hearing before a refusal (001 §18).
  kHearingNotice,    // notice at least this long before the decision
  kObjection,        // the applicant's objection
  kProtocolRemarks,  // remarks on the hearing protocol
  // Notices, events, complaints.
  kCabinetDecisionNotice,  // a portal applicant's cabinet gets the decision (004 App 12)
  kEventReport,            // a recipient reports an event that stops payment (001 §22)
  kComplaintAnswer,        // the body that acted answers a complaint (004 §45)
  kComplaintForward,       // … or forwards it with the case (004 §45)
  kComplaintReview,        // the reviewing body answers (004 §45)
  kAppealWindow,           // a complaint against a decision is taken this long after it
  kRedecision,             // the new decision after a complaint set the old one aside
  // Status confirmation to third parties (004 §19-1, App 14): national only.
  kConsentAnswer,  // the subject answers the third party's request
  kStatusService,  // the whole service; not a tracked step (answers are immediate)
  // Service at the counter (004 App 12): national only, not tracked steps.
  kCounterWait,
  kCounterService,
  // The payment cycle through the State Corporation (001 §27-31): national only.
  kPaymentDemandDay,           // the demand for monthly and quarterly payments
  kPaymentApplication,         // the application for the demand sum
  kPaymentTransfer,            // the authorized body's transfer
  kPaymentLateApplicationDay,  // applications after this day are transferred before the 1st
  kPaymentOrders,              // payment orders after the transfer
  kPaymentReturnEntry,         // a returned sum entered in the information system
  kOverpaymentTransfer,        // overpaid sums back to the authorized body
};
inline constexpr std::size_t kPeriodIdCount = static_cast<std::size_t>(PeriodId::kOverpaymentTransfer) + 1;

// The id of a period in the data ("complaint_answer").
std::string_view period_id_name(PeriodId id);
std::optional<PeriodId> parse_period_id(std::string_view name);

// One period as the data gives it. A pack's decision period (a deadline class) is one too,
// with the intake channels it applies to.
struct ProceduralPeriod {
  std::string id;
  Titles titles;
  int length = 0;
  PeriodUnit unit = PeriodUnit::kWorkingDays;
  std::string counted_from;   // the event, e.g. "registration", "complaint_registered"
  std::string cites;          // the clause that sets it, e.g. "004 §45"
  bool configurable = false;  // not given by the source documents: see `note`
  std::string note;
  std::vector<std::string> channels;  // decision periods: the intake channels; empty: the default
  std::string origin;                 // "file:line" of its definition, for explanations

  // The last day of the period counted from the event's day `from` (day units only).
  [[nodiscard]] Result<Date> due(Date from, const WorkingCalendar& calendar) const;
  // The period in minutes (hours and minutes only); periods of days have no length in minutes.
  [[nodiscard]] std::int64_t minutes() const;
  // "5 working days", "5 жұмыс күні", "5 раб. дн.", "by the 29th" — for messages and checks.
  [[nodiscard]] std::string describe(Lang lang) const;
};

// A pack's decision period (SPEC §5): 8 or 20 working days for local assistance (001 §18), 15
// or 18 for TSA (004 App 12).
using DeadlineClass = ProceduralPeriod;

// The last working day on or before d ("by the 29th" when the 29th is a day off).
Result<Date> working_day_on_or_before(Date d, const WorkingCalendar& calendar);

}  // namespace komek::rules
