// The dates of the payment cycle through the State Corporation (SPEC §9; 001 §27-31), every
// one on the working calendar. Pure functions of a date and the periods in force: the
// national procedure's payment_* periods (rules/procedure/kz.yaml), one cycle for every
// programme, so a pack cannot override them.
//
//   rules::PeriodsInForce periods(calendar, library.procedure());
//   auto d = demand_date(Month(2025, 4), periods);  // 2025-03-28: the 29th is a Saturday
//   auto a = application_due(*d, periods);          // next working day (001 §28)
//
// The rule chosen when the 29th is not a working day (001 §27 says "by the 29th",
// "29-ы күніне"): the demand is formed on the last working day on or before the 29th (or on
// or before the month's last day when the month has no 29th, February of a common year) —
// what a day_of_month period means.
// Forming it later would push the application and the transfer past the 1st of the payment
// month that 001 §28 sets for applications after the 27th; forming it earlier than needed
// would leave out changes made in the last days.
#pragma once

#include <cstdint>

#include "core/calendar.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "rules/procedure.hpp"

namespace komek::payments {

// Values the law does not give: configurable (each marked so in docs/payments.md). They are
// contract terms, not periods of the law, so they are not in the procedure's data.
struct CycleConfig {
  // CONFIGURABLE (contract): working days after the payment date in which a payment
  // organisation's answer is awaited before a pending order expires (R6).
  int answer_window_working_days = 10;
  // CONFIGURABLE (contract, 001 §32): the bank fee in hundredths of a percent of each
  // order's amount (basis points); 0 when the contract sets none.
  int bank_fee_basis_points = 0;
  // CONFIGURABLE (contract, 001 §32): the smallest fee per order, in tiyn.
  std::int64_t bank_fee_min_tiyn = 0;
};

// 001 §27: the demand for monthly and quarterly payments of `payment_month`, by the
// payment_demand_day (the 29th) of the month before.
Result<Date> demand_date(Month payment_month, const rules::PeriodsInForce& periods);
// 001 §28: the State Corporation's application for the demand sum, within payment_application
// (by the next working day).
Result<Date> application_due(Date demand_formed, const rules::PeriodsInForce& periods);
// 001 §28: the authorized body's transfer: within payment_transfer (2 working days) of the
// application; for an application received after payment_late_application_day (the 27th) of
// the month before the payment month, before the 1st of the payment month (the last working
// day before it). For a daily (one-time) demand, payment_month is the application's own month
// and only payment_transfer applies.
Result<Date> transfer_due(Date application_on, Month payment_month, bool periodic, const rules::PeriodsInForce& periods);
// 001 §29: payment orders, within payment_orders (2 working days) of the transfer.
Result<Date> orders_due(Date transfer_on, const rules::PeriodsInForce& periods);
// The payment date of an order under the payment schedule: the first working day of the
// payment month, or the order's day when that is later.
Result<Date> payment_date(Date order_on, Month payment_month, const WorkingCalendar& cal);
// 001 §30: a return is entered in the information system within payment_return_entry (3
// working days).
Result<Date> return_due(Date received_on, const rules::PeriodsInForce& periods);
// 001 §31: overpaid sums go back to the authorized body within overpayment_transfer (by the
// last working day of the month).
Result<Date> recovery_due(Date received_on, const rules::PeriodsInForce& periods);
// The last day an answer to an order is awaited (CycleConfig::answer_window_working_days).
Result<Date> answer_timeout(Date payment_on, const CycleConfig& config, const WorkingCalendar& cal);
// The last working day on or before d.
Result<Date> working_day_on_or_before(Date d, const WorkingCalendar& cal);
// The bank fee of one order (half up to the tiyn), CycleConfig's rate and minimum.
std::int64_t bank_fee(std::int64_t amount_tiyn, const CycleConfig& config);

}  // namespace komek::payments
