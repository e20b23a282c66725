#include "rules/period.hpp"

#include <algorithm>
#include <array>

#include "core/invariant.hpp"
#include "core/yaml_util.hpp"
#include "rules/period_yaml.hpp"

namespace komek::rules {
namespace {

using yaml::data_error;
using enum PeriodMeasure;

// What the code does with each period, in PeriodId order. `counted_from` is the event the code
// counts from: the data names the same event, so that what the data says is what Komek does.
constexpr std::array<PeriodSpec, kPeriodIdCount> kPeriodSpecs = {{
    {PeriodId::kRegistration, "registration", "receipt", kDays, true},
    {PeriodId::kRegistryQueries, "registry_queries", "registration", kDays, true},
    {PeriodId::kAkimCoupon, "akim_coupon", "registration", kDays, true},
    {PeriodId::kDistrictCommissionReferral, "district_commission_referral", "registration", kDays, true},
    {PeriodId::kWrittenQueryNotice, "written_query_notice", "written_query_sent", kDays, true},
    {PeriodId::kWrittenQueryAnswer, "written_query_answer", "written_query_sent", kDays, true},
    {PeriodId::kPackageToCentre, "package_to_centre", "commission_conclusion", kDays, true},
    {PeriodId::kHearingNotice, "hearing_notice", "hearing_notified", kDays, true},
    {PeriodId::kObjection, "objection", "hearing_notified", kDays, true},
    {PeriodId::kProtocolRemarks, "protocol_remarks", "hearing_protocol", kDays, true},
    {PeriodId::kCabinetDecisionNotice, "cabinet_decision_notice", "decision", kDays, true},
    {PeriodId::kEventReport, "event_report", "event", kDays, true},
    {PeriodId::kComplaintAnswer, "complaint_answer", "complaint_registered", kDays, true},
    {PeriodId::kComplaintForward, "complaint_forward", "complaint_registered", kDays, true},
    {PeriodId::kComplaintReview, "complaint_review", "complaint_forwarded", kDays, true},
    {PeriodId::kAppealWindow, "appeal_window", "decision", kDays, true},
    {PeriodId::kRedecision, "redecision", "complaint_granted", kDays, true},
    {PeriodId::kConsentAnswer, "consent_answer", "status_request_received", kInstant, false},
    {PeriodId::kStatusService, "status_service", "status_request_received", kInstant, false},
    {PeriodId::kCounterWait, "counter_wait", "arrival_at_counter", kInstant, false},
    {PeriodId::kCounterService, "counter_service", "service_start", kInstant, false},
    {PeriodId::kPaymentDemandDay, "payment_demand_day", "month_before_payment_month", kDayOfMonth, false},
    {PeriodId::kPaymentApplication, "payment_application", "demand_formed", kDays, false},
    {PeriodId::kPaymentTransfer, "payment_transfer", "application_received", kDays, false},
    {PeriodId::kPaymentLateApplicationDay, "payment_late_application_day", "month_before_payment_month",
     kDayOfMonth, false},
    {PeriodId::kPaymentOrders, "payment_orders", "transfer_received", kDays, false},
    {PeriodId::kPaymentReturnEntry, "payment_return_entry", "return_information_received", kDays, false},
    {PeriodId::kOverpaymentTransfer, "overpayment_transfer", "overpayment_received", kDayOfMonth, false},
}};

constexpr bool specs_in_order() {
  for (std::size_t i = 0; i < kPeriodSpecs.size(); ++i)
    if (static_cast<std::size_t>(kPeriodSpecs[i].id) != i) return false;
  return true;
}
static_assert(specs_in_order(), "kPeriodSpecs lists the periods in PeriodId order");

struct UnitKey {
  std::string_view key;
  PeriodUnit unit;
  PeriodMeasure measure;
  int max;  // the longest period the data may give in this unit
};
constexpr std::array<UnitKey, 6> kUnitKeys = {{
    {"working_days", PeriodUnit::kWorkingDays, kDays, 365},
    {"calendar_days", PeriodUnit::kCalendarDays, kDays, 366},
    {"months", PeriodUnit::kMonths, kDays, 120},
    {"hours", PeriodUnit::kHours, kInstant, 24 * 31},
    {"minutes", PeriodUnit::kMinutes, kInstant, 60 * 24 * 31},
    {"day_of_month", PeriodUnit::kDayOfMonth, kDayOfMonth, 31},
}};

std::string_view measure_words(PeriodMeasure m) {
  switch (m) {
    case kDays:
      return "working_days, calendar_days or months";
    case kInstant:
      return "hours or minutes";
    case kDayOfMonth:
      return "day_of_month";
  }
  return "?";
}

std::string plural(int n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// The length and unit: exactly one of the unit keys, in a unit the code counts that period
// in. `last` is the month's last day (day_of_month: 31, shortened to the month).
Result<void> parse_length(std::string_view origin, const YAML::Node& node, const std::string& what,
                          std::optional<PeriodMeasure> measure, ProceduralPeriod& out) {
  const UnitKey* found = nullptr;
  for (const UnitKey& u : kUnitKeys) {
    if (!node[std::string(u.key)]) continue;
    if (found != nullptr)
      return data_error(origin, node,
                        what + " gives its length twice ('" + std::string(found->key) + "' and '" +
                            std::string(u.key) + "')");
    found = &u;
  }
  if (found == nullptr)
    return data_error(origin, node,
                      what +
                          " needs its length: one of working_days, calendar_days, months, hours, "
                          "minutes or day_of_month");
  const YAML::Node value = node[std::string(found->key)];
  if (measure && found->measure != *measure)
    return data_error(origin, value,
                      what + " is counted in " + std::string(measure_words(*measure)) + ", not in " +
                          std::string(found->key));
  int length = 0;
  if (found->unit == PeriodUnit::kDayOfMonth && value.IsScalar() && value.Scalar() == "last") {
    length = 31;
  } else {
    KOMEK_TRY(n, yaml::int_of(origin, value, std::string(found->key)));
    length = n;
  }
  const int min = found->unit == PeriodUnit::kDayOfMonth ? 1 : 0;
  if (length < min || length > found->max)
    return data_error(
        origin, value,
        std::string(found->key) + " must be " + std::to_string(min) + "-" + std::to_string(found->max));
  out.length = length;
  out.unit = found->unit;
  return {};
}

// A deadline class keeps the form packs have always had: `working_days: N` with N ≥ 1.
Result<void> parse_decision_length(std::string_view origin, const YAML::Node& node, ProceduralPeriod& out) {
  if (!node["working_days"])
    return data_error(origin, node, "deadline class " + out.id + " needs 'working_days'");
  KOMEK_TRY(days, yaml::int_of(origin, node["working_days"], "working_days"));
  if (days <= 0 || days > 365) return data_error(origin, node["working_days"], "working_days must be 1-365");
  out.length = days;
  out.unit = PeriodUnit::kWorkingDays;
  return {};
}

Result<std::vector<std::string>> channel_list(std::string_view origin, const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node) return out;
  if (node.IsScalar()) return std::vector<std::string>{node.Scalar()};
  if (!node.IsSequence()) return data_error(origin, node, "channels must be a list");
  for (const auto& item : node) {
    KOMEK_TRY(text, yaml::scalar_of(origin, item, "channels"));
    out.push_back(text);
  }
  return out;
}

// The id: free for a deadline class; one of the known periods otherwise, and for a pack, one
// a pack may override.
Result<const PeriodSpec*> parse_id(std::string_view origin, const YAML::Node& node, PeriodPlace place,
                                   ProceduralPeriod& out) {
  KOMEK_TRY(id, yaml::string_at(origin, node, "id",
                                place == PeriodPlace::kDecision ? "a deadline class" : "a period"));
  out.id = id;
  if (place == PeriodPlace::kDecision) return nullptr;
  const auto known = parse_period_id(id);
  if (!known)
    return data_error(origin, node["id"],
                      "unknown period '" + id +
                          "' (the periods Komek knows are listed in "
                          "docs/rule-packs.md)");
  const PeriodSpec& spec = period_spec(*known);
  if (place == PeriodPlace::kPackOverride && !spec.per_pack)
    return data_error(origin, node["id"],
                      "period '" + id +
                          "' is national only, one for every programme: a pack "
                          "cannot override it");
  return &spec;
}

}  // namespace

std::string_view period_unit_name(PeriodUnit unit) {
  for (const UnitKey& u : kUnitKeys)
    if (u.unit == unit) return u.key;
  return "?";
}

const PeriodSpec& period_spec(PeriodId id) {
  return kPeriodSpecs[static_cast<std::size_t>(id)];
}

std::string_view period_id_name(PeriodId id) {
  return period_spec(id).name;
}

std::optional<PeriodId> parse_period_id(std::string_view name) {
  for (const PeriodSpec& s : kPeriodSpecs)
    if (s.name == name) return s.id;
  return std::nullopt;
}

Result<Date> working_day_on_or_before(Date d, const WorkingCalendar& calendar) {
  // A month never has more than 9 consecutive days off in the data (Nauryz with a weekend is
  // the longest run); 31 keeps the loop bounded if the data is odd.
  for (int i = 0; i < 31; ++i) {
    KOMEK_TRY(working, calendar.is_working(d));
    if (working) return d;
    d = d.plus_days(-1);
  }
  return fail(ErrorCode::kUnknownValue, "calendar.out_of_range", {{"date", d.iso()}});
}

Result<Date> ProceduralPeriod::due(Date from, const WorkingCalendar& calendar) const {
  // The loaders refuse a period in hours or minutes where the code counts days, so a period
  // without a day here is a bug in the code that asks.
  KOMEK_INVARIANT(unit != PeriodUnit::kHours && unit != PeriodUnit::kMinutes,
                  "period " + id + " is not counted in days");
  switch (unit) {
    case PeriodUnit::kWorkingDays:
      return calendar.add_working_days(from, length);
    case PeriodUnit::kCalendarDays:
      return from.plus_days(length);
    case PeriodUnit::kMonths:
      return from.plus_months(length);
    case PeriodUnit::kDayOfMonth: {
      const int day = std::min(length, days_in_month(from.year(), from.month()));
      return working_day_on_or_before(Date::from_ymd(from.year(), from.month(), day), calendar);
    }
    case PeriodUnit::kHours:
    case PeriodUnit::kMinutes:
      break;
  }
  return from;
}

std::int64_t ProceduralPeriod::minutes() const {
  KOMEK_INVARIANT(unit == PeriodUnit::kHours || unit == PeriodUnit::kMinutes,
                  "period " + id + " is not counted in minutes");
  return unit == PeriodUnit::kHours ? std::int64_t{length} * 60 : std::int64_t{length};
}

std::string ProceduralPeriod::describe(Lang lang) const {
  const std::string n = std::to_string(length);
  const bool last = length >= 31;
  switch (unit) {
    case PeriodUnit::kWorkingDays:
      return lang == Lang::kKk   ? n + " жұмыс күні"
             : lang == Lang::kRu ? n + " раб. дн."
                                 : plural(length, "working day", "working days");
    case PeriodUnit::kCalendarDays:
      return lang == Lang::kKk   ? n + " күнтізбелік күн"
             : lang == Lang::kRu ? n + " кал. дн."
                                 : plural(length, "calendar day", "calendar days");
    case PeriodUnit::kMonths:
      return lang == Lang::kKk   ? n + " ай"
             : lang == Lang::kRu ? n + " мес."
                                 : plural(length, "month", "months");
    case PeriodUnit::kHours:
      return lang == Lang::kKk   ? n + " сағат"
             : lang == Lang::kRu ? n + " ч"
                                 : plural(length, "hour", "hours");
    case PeriodUnit::kMinutes:
      return lang == Lang::kKk   ? n + " минут"
             : lang == Lang::kRu ? n + " мин"
                                 : plural(length, "minute", "minutes");
    case PeriodUnit::kDayOfMonth:
      if (lang == Lang::kKk) return last ? "айдың соңғы күніне дейін" : "айдың " + n + "-күніне дейін";
      if (lang == Lang::kRu) return last ? "до последнего дня месяца" : "до " + n + "-го числа месяца";
      return last ? "by the last day of the month" : "by day " + n + " of the month";
  }
  return n;
}

Result<Titles> parse_titles(std::string_view origin, const YAML::Node& owner, const std::string& what) {
  const YAML::Node t = owner["titles"];
  if (!t) return data_error(origin, owner, what + " needs titles in kk, ru and en");
  KOMEK_CHECK(yaml::expect_map(origin, t, "titles of " + what, {"kk", "ru", "en"}));
  Titles out;
  for (auto [key, target] : {std::pair{"kk", &out.kk}, std::pair{"ru", &out.ru}, std::pair{"en", &out.en}}) {
    KOMEK_TRY(text, yaml::string_at(origin, t, key, "titles of " + what));
    *target = text;
  }
  return out;
}

Result<ProceduralPeriod> parse_period(std::string_view origin, const YAML::Node& node, PeriodPlace place) {
  const bool decision = place == PeriodPlace::kDecision;
  if (decision)
    KOMEK_CHECK(yaml::expect_map(
        origin, node, "a deadline class",
        {"id", "titles", "working_days", "counted_from", "cites", "configurable", "note", "channels"}));
  else
    KOMEK_CHECK(
        yaml::expect_map(origin, node, "a period",
                         {"id", "titles", "working_days", "calendar_days", "months", "hours", "minutes",
                          "day_of_month", "counted_from", "cites", "configurable", "note"}));
  ProceduralPeriod p;
  p.origin = std::string(origin) + ":" + std::to_string(yaml::line_of(node));
  KOMEK_TRY(spec, parse_id(origin, node, place, p));
  const std::string what = (decision ? "deadline class " : "period ") + p.id;
  if (place != PeriodPlace::kPackOverride || node["titles"]) {
    KOMEK_TRY(t, parse_titles(origin, node, what));
    p.titles = t;
  }
  if (decision) {
    KOMEK_CHECK(parse_decision_length(origin, node, p));
  } else {
    KOMEK_CHECK(parse_length(origin, node, what, spec->measure, p));
  }
  if (decision || place == PeriodPlace::kNational || node["counted_from"]) {
    KOMEK_TRY(from, yaml::string_at(origin, node, "counted_from", what));
    p.counted_from = from;
  }
  if (spec != nullptr) {
    if (p.counted_from.empty()) p.counted_from = std::string(spec->counted_from);
    if (p.counted_from != spec->counted_from)
      return data_error(origin, node["counted_from"],
                        what + " is counted from '" + std::string(spec->counted_from) +
                            "', the event Komek counts it from, not '" + p.counted_from + "'");
  }
  KOMEK_TRY(cites, yaml::string_at(origin, node, "cites", what));
  p.cites = cites;
  if (node["configurable"]) {
    KOMEK_TRY(c, yaml::bool_of(origin, node["configurable"], "configurable"));
    p.configurable = c;
  }
  if (node["note"]) {
    KOMEK_TRY(note, yaml::scalar_of(origin, node["note"], "note"));
    p.note = note;
  }
  // A period the law does not give must say so, and why it has its length.
  if (!decision && p.configurable && p.note.empty())
    return data_error(origin, node, "configurable " + what + " needs a note saying why and who sets it");
  KOMEK_TRY(channels, channel_list(origin, node["channels"]));
  p.channels = channels;
  return p;
}

}  // namespace komek::rules
