#include "payments/cycle.hpp"

#include <algorithm>

#include "core/money.hpp"

namespace komek::payments {

Result<Date> working_day_on_or_before(Date d, const WorkingCalendar& cal) {
  // A month never has more than 9 consecutive days off in the data (Nauryz with a weekend is
  // the longest run); 31 keeps the loop bounded if the data is odd.
  for (int i = 0; i < 31; ++i) {
    KOMEK_TRY(w, cal.is_working(d));
    if (w) return d;
    d = d.plus_days(-1);
  }
  return fail(ErrorCode::kUnknownValue, "calendar.out_of_range", {{"date", d.iso()}});
}

Result<Date> demand_date(Month payment_month, const WorkingCalendar& cal) {
  const Month before = payment_month.plus(-1);
  const int day = std::min(29, days_in_month(before.year(), before.month()));
  return working_day_on_or_before(Date::from_ymd(before.year(), before.month(), day), cal);
}

Result<Date> application_due(Date demand_formed, const WorkingCalendar& cal) { return cal.next_working_day(demand_formed); }

Result<Date> transfer_due(Date application_on, Month payment_month, bool periodic, const WorkingCalendar& cal) {
  auto two = cal.add_working_days(application_on, 2);
  if (!two) return two;
  if (!periodic) return two;
  const Month before = payment_month.plus(-1);
  if (Month::of(application_on) == before && application_on.day() > 27) {
    // "Before the 1st of the payment month": the last working day before it.
    return working_day_on_or_before(payment_month.first_day().plus_days(-1), cal);
  }
  return two;
}

Result<Date> orders_due(Date transfer_on, const WorkingCalendar& cal) { return cal.add_working_days(transfer_on, 2); }

Result<Date> payment_date(Date order_on, Month payment_month, const WorkingCalendar& cal) {
  if (order_on >= payment_month.first_day()) return order_on;
  KOMEK_TRY(w, cal.is_working(payment_month.first_day()));
  if (w) return payment_month.first_day();
  return cal.next_working_day(payment_month.first_day());
}

Result<Date> return_due(Date received_on, const WorkingCalendar& cal) { return cal.add_working_days(received_on, 3); }

Result<Date> recovery_due(Date received_on, const WorkingCalendar& cal) {
  return working_day_on_or_before(received_on.last_of_month(), cal);
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
