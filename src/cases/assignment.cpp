#include "cases/assignment.hpp"

#include <algorithm>


namespace komek::cases {
namespace {

constexpr std::string_view kStatusNames[] = {"active", "suspended", "terminated", "ended"};
constexpr std::string_view kFrequencyNames[] = {"one_time", "monthly", "quarterly", "holiday"};

tl::unexpected<Error> field_error(const char* key, const char* field, std::vector<std::pair<std::string, std::string>> params = {}) {
  Error e(ErrorCode::kInvalidInput, key, std::move(params));
  e.field = field;
  return tl::unexpected(e);
}

// The day the payment of a schedule month is made, for the rules of termination and
// suspension: the first day of the month for periodic payments, the payment day otherwise.
Date payment_day(const Assignment& a, Month m) {
  if (a.frequency == PaymentFrequency::kHoliday && a.payment_date) return *a.payment_date;
  if (a.frequency == PaymentFrequency::kOneTime) return std::max(a.period_from, m.first_day());
  return m.first_day();
}

// Payment months before termination, suspension and changes.
std::vector<Month> payment_months(const Assignment& a) {
  std::vector<Month> out;
  switch (a.frequency) {
    case PaymentFrequency::kOneTime:
      out.push_back(Month::of(a.period_from));
      break;
    case PaymentFrequency::kHoliday:
      out.push_back(Month::of(a.payment_date.value_or(a.period_from)));
      break;
    case PaymentFrequency::kMonthly:
      for (Month m = Month::of(a.period_from); m <= Month::of(a.period_to); m = m.plus(1)) out.push_back(m);
      break;
    case PaymentFrequency::kQuarterly:
      for (Month m = Month::of(a.period_from); m <= Month::of(a.period_to); m = m.plus(3)) out.push_back(m);
      break;
  }
  return out;
}

bool held(const Assignment& a, Date day) {
  for (const auto& s : a.suspensions) {
    if (s.repay && s.to) continue;  // lifted with repayment: the months are owed after all
    if (s.from <= day && (!s.to || day <= *s.to)) return true;
  }
  return false;
}

Money base_amount(const Assignment& a, Month m) {
  Money amount = a.amount;
  for (const auto& c : a.changes)  // in the order decided: a later change from an earlier month wins from then on
    if (c.from <= m) amount = c.amount;
  return amount;
}

}  // namespace

std::string_view assignment_status_name(AssignmentStatus s) { return kStatusNames[static_cast<int>(s)]; }

std::optional<AssignmentStatus> parse_assignment_status(std::string_view s) {
  for (int i = 0; i < 4; ++i)
    if (kStatusNames[i] == s) return static_cast<AssignmentStatus>(i);
  return std::nullopt;
}

std::string_view frequency_name(PaymentFrequency f) { return kFrequencyNames[static_cast<int>(f)]; }

std::optional<PaymentFrequency> parse_frequency(std::string_view s) {
  for (int i = 0; i < 4; ++i)
    if (kFrequencyNames[i] == s) return static_cast<PaymentFrequency>(i);
  return std::nullopt;
}

std::vector<ScheduledPayment> schedule(const Assignment& a) {
  std::vector<ScheduledPayment> out;
  for (const Month m : payment_months(a)) {
    const Date day = payment_day(a, m);
    if (a.termination && a.termination->payment_stops <= day) continue;
    if (held(a, day)) continue;
    const Money amount = base_amount(a, m);
    if (amount.is_positive()) out.push_back({m, amount});
  }
  return out;
}

Money amount_due(const Assignment& a, Month m) {
  for (const auto& p : schedule(a))
    if (p.month == m) return p.amount;
  return Money();
}

Money total_due(const Assignment& a) {
  Money total;
  for (const auto& p : schedule(a)) total = total + p.amount;
  return total;
}

AssignmentStatus status_on(const Assignment& a, Date today) {
  if (a.status == AssignmentStatus::kActive && today > a.period_to) return AssignmentStatus::kEnded;
  return a.status;
}

Result<std::vector<Assignment>> assignments_for_decision(const Case& c, const rules::Pack& pack,
                                                         const PaymentDestination& to,
                                                         const std::function<std::string()>& new_id) {
  std::vector<Assignment> out;
  if (!c.decision || !c.decision->granted) return out;
  for (const auto& p : c.decision->programmes) {
    if (!p.granted) continue;
    const rules::Programme* programme = pack.programme(p.programme);
    if (programme == nullptr)
      return fail(ErrorCode::kUnknownValue, "assignment.programme_unknown", {{"programme", p.programme}, {"pack", pack.id}});
    Assignment a;
    a.id = new_id();
    a.case_id = c.id;
    a.case_number = c.number;
    a.pack_id = c.pack_id;
    a.programme = p.programme;
    a.recipient_iin = c.applicant_iin;
    a.recipient_name = c.applicant_name;
    a.phone = c.phone;
    a.territory = c.territory;
    switch (programme->frequency.kind) {
      case rules::FrequencyKind::kMonthly: a.frequency = PaymentFrequency::kMonthly; break;
      case rules::FrequencyKind::kQuarterly: a.frequency = PaymentFrequency::kQuarterly; break;
      case rules::FrequencyKind::kOneTime: a.frequency = PaymentFrequency::kOneTime; break;
      case rules::FrequencyKind::kHoliday: a.frequency = PaymentFrequency::kHoliday; break;
    }
    a.period_from = p.period_from.value_or(c.decision->on);
    a.period_to = p.period_to.value_or(a.period_from);
    if (a.frequency == PaymentFrequency::kHoliday) {
      // The payment day of the holiday in the year of the period.
      auto day = Date::make(a.period_from.year(), programme->frequency.month, programme->frequency.day);
      if (day) a.payment_date = *day;
    }
    a.amount = p.amount_per_payment;
    a.payments = p.payments;
    a.payment_organisation = to.payment_organisation.empty() ? "KAZPOST" : to.payment_organisation;
    a.account = to.account;
    a.assigned_on = c.decision->on;
    a.cites = p.cites.empty() ? programme->cites : p.cites.front();
    a.status = AssignmentStatus::kActive;
    out.push_back(std::move(a));
  }
  return out;
}

Result<void> change_amount(Assignment& a, AmountChange change) {
  if (a.status == AssignmentStatus::kTerminated)
    return fail(ErrorCode::kConflict, "assignment.terminated", {{"id", a.id}});
  if (change.amount.is_negative()) return field_error("assignment.amount_negative", "amount");
  if (change.from < Month::of(a.period_from) || change.from > Month::of(a.period_to))
    return field_error("assignment.month_outside_period", "from",
                       {{"month", change.from.iso()}, {"from", a.period_from.iso()}, {"to", a.period_to.iso()}});
  if (change.reason.empty()) return field_error("assignment.reason_required", "reason");
  a.changes.push_back(std::move(change));
  return {};
}

Result<void> suspend(Assignment& a, Suspension s) {
  if (a.status == AssignmentStatus::kTerminated)
    return fail(ErrorCode::kConflict, "assignment.terminated", {{"id", a.id}});
  if (a.status == AssignmentStatus::kSuspended) return fail(ErrorCode::kConflict, "assignment.already_suspended", {{"id", a.id}});
  if (s.from < a.period_from || s.from > a.period_to)
    return field_error("assignment.date_outside_period", "from",
                       {{"date", s.from.iso()}, {"from", a.period_from.iso()}, {"to", a.period_to.iso()}});
  if (s.reason.empty()) return field_error("assignment.reason_required", "reason");
  s.to.reset();
  a.suspensions.push_back(std::move(s));
  a.status = AssignmentStatus::kSuspended;
  return {};
}

Result<void> resume(Assignment& a, Date on, bool repay, const std::string& officer) {
  if (a.status != AssignmentStatus::kSuspended || a.suspensions.empty() || a.suspensions.back().to)
    return fail(ErrorCode::kConflict, "assignment.not_suspended", {{"id", a.id}});
  Suspension& s = a.suspensions.back();
  if (on < s.from) return field_error("assignment.resume_before_suspension", "on", {{"date", on.iso()}, {"from", s.from.iso()}});
  // The hold covers the days before `on`: the day it is lifted is paid again.
  s.to = on.plus_days(-1);
  s.repay = repay;
  if (!officer.empty()) s.officer += (s.officer.empty() ? "" : ", ") + officer;
  a.status = AssignmentStatus::kActive;
  return {};
}

Result<void> terminate(Assignment& a, const TerminationEvent& event, Date today) {
  if (a.status == AssignmentStatus::kTerminated)
    return fail(ErrorCode::kConflict, "assignment.terminated", {{"id", a.id}});
  if (event.source != "recipient_report" && event.source != "registry" && event.source != "officer")
    return field_error("assignment.source_unknown", "source", {{"value", event.source.substr(0, 40)}});
  if (event.event_on > today) return field_error("assignment.event_in_future", "event_on", {{"date", event.event_on.iso()}});
  // An event before the assignment existed cannot end it: the decision was made knowing the
  // family as it was then, and a false statement is ground (4), dated when it came to light.
  const Date earliest = std::min(a.assigned_on, a.period_from);
  if (event.event_on < earliest)
    return field_error("assignment.event_before_assignment", "event_on",
                       {{"date", event.event_on.iso()}, {"assigned_on", earliest.iso()}});
  if (event.reported_on && *event.reported_on < event.event_on)
    return field_error("assignment.reported_before_event", "reported_on", {{"date", event.reported_on->iso()}});
  Termination t;
  t.ground = event.ground;
  t.event_on = event.event_on;
  t.decided_on = today;
  t.payment_stops = event.stops;
  t.source = event.source;
  t.reported_on = event.reported_on;
  t.report_due = event.report_due;
  t.reported_late = event.reported_on && event.report_due && *event.reported_on > *event.report_due;
  t.cites = event.cites;
  t.officer = event.officer;
  a.termination = std::move(t);
  a.status = AssignmentStatus::kTerminated;
  // An open suspension ends with the assignment.
  if (!a.suspensions.empty() && !a.suspensions.back().to) a.suspensions.back().to = today;
  return {};
}

}  // namespace komek::cases
