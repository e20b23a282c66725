#include "payments/cycle.hpp"

#include <algorithm>

#include "core/money.hpp"

namespace komek::payments {

Result<Date> working_day_on_or_before(Date d, const WorkingCalendar& cal) { return rules::working_day_on_or_before(d, cal); }

Result<Date> demand_date(Month payment_month, const rules::PeriodsInForce& periods) {
  return periods.due(rules::PeriodId::kPaymentDemandDay, payment_month.plus(-1).first_day());
}

Result<Date> application_due(Date demand_formed, const rules::PeriodsInForce& periods) {
  return periods.due(rules::PeriodId::kPaymentApplication, demand_formed);
}

Result<Date> transfer_due(Date application_on, Month payment_month, bool periodic, const rules::PeriodsInForce& periods) {
  KOMEK_TRY(due, periods.due(rules::PeriodId::kPaymentTransfer, application_on));
  if (!periodic) return due;
  const Month before = payment_month.plus(-1);
  const int late_after_day = periods[rules::PeriodId::kPaymentLateApplicationDay].length;
  if (Month::of(application_on) == before && application_on.day() > late_after_day) {
    // "Before the 1st of the payment month": the last working day before it.
    return working_day_on_or_before(payment_month.first_day().plus_days(-1), periods.calendar());
  }
  return due;
}

Result<Date> orders_due(Date transfer_on, const rules::PeriodsInForce& periods) {
  return periods.due(rules::PeriodId::kPaymentOrders, transfer_on);
}

Result<Date> payment_date(Date order_on, Month payment_month, const WorkingCalendar& cal) {
  if (order_on >= payment_month.first_day()) return order_on;
  KOMEK_TRY(w, cal.is_working(payment_month.first_day()));
  if (w) return payment_month.first_day();
  return cal.next_working_day(payment_month.first_day());
}

Result<Date> return_due(Date received_on, const rules::PeriodsInForce& periods) {
  return periods.due(rules::PeriodId::kPaymentReturnEntry, received_on);
}

Result<Date> recovery_due(Date received_on, const rules::PeriodsInForce& periods) {
  return periods.due(rules::PeriodId::kOverpaymentTransfer, received_on);
}

Result<Date> answer_timeout(Date payment_on, const CycleConfig& config, const WorkingCalendar& cal) {
  return cal.add_working_days(payment_on, config.answer_window_working_days);
}

std::int64_t bank_fee(std::int64_t amount_tiyn, const CycleConfig& config) {
  if (config.bank_fee_basis_points <= 0 && config.bank_fee_min_tiyn <= 0) return 0;
  auto fee = static_cast<std::int64_t>(divide_rounded(static_cast<Int128>(amount_tiyn) * config.bank_fee_basis_points,
                                                      10'000, Rounding::kHalfUp));
  return std::max(fee, config.bank_fee_min_tiyn);
}

}  // namespace komek::payments
