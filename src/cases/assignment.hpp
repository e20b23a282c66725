// An assignment (тағайындау): what a decision — or a holiday list made without an application
// (001 §10, §25) — grants one recipient under one programme: the period, the amount of each
// payment, later changes of amount, suspensions, and the termination of 001 §22 with the date
// payment stops. The schedule (amount due per payment month) is derived from it and stored
// beside it (table assignment_months): payments read only the schedule.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/money.hpp"
#include "core/result.hpp"
#include "core/territory.hpp"

namespace komek::cases {

// When adding one, also update assignment_status_name() and parse_assignment_status().
enum class AssignmentStatus {
  kActive,
  kSuspended,    // payment held (e.g. pending a check of a reported event)
  kTerminated,   // stopped under 001 §22 from payment_stops
  kEnded,        // the period ran out
};
std::string_view assignment_status_name(AssignmentStatus s);
std::optional<AssignmentStatus> parse_assignment_status(std::string_view s);

// How the payments of an assignment fall: one payment, each month, each quarter (the
// quarter's first month carries the three months), or on a holiday date.
enum class PaymentFrequency { kOneTime, kMonthly, kQuarterly, kHoliday };
std::string_view frequency_name(PaymentFrequency f);
std::optional<PaymentFrequency> parse_frequency(std::string_view s);

// A new amount per payment from a month on (e.g. a recalculation after a change in the family).
struct AmountChange {
  Month from;
  Money amount;                 // per payment
  Date decided_on;
  std::string reason;
  std::string cites;
  std::string officer;
};

// Payment held from `from` to `to` (inclusive; open when absent). Held months are not paid
// and not owed later unless the suspension is lifted with `repay` (then they are paid).
struct Suspension {
  Date from;
  std::optional<Date> to;
  std::string reason;
  bool repay = false;
  std::string officer;
};

// Who learned of the event that ended the assignment, and how (001 §22; SPEC §10):
// the recipient's report (due within 10 working days of the event), the registry, or the
// officer's own finding.
struct Termination {
  std::string ground;           // termination ground id of the pack (e.g. "death", "moved_out")
  Date event_on;                // when the event happened
  Date decided_on;
  Date payment_stops;           // the first day not paid (001 §22)
  std::string source;           // "recipient_report" | "registry" | "officer"
  std::optional<Date> reported_on;
  std::optional<Date> report_due;  // event_on + 10 working days, for a recipient's report
  bool reported_late = false;
  std::string cites;
  std::string officer;
};

struct Assignment {
  std::string id;
  std::string case_id;          // empty for holiday lists
  std::string case_number;
  std::string list_id;          // the holiday list that made it, if any
  std::string pack_id;
  std::string programme;
  std::string recipient_iin;
  std::string recipient_name;
  std::string phone;
  Kato territory;
  PaymentFrequency frequency = PaymentFrequency::kMonthly;
  Date period_from;             // first day paid for
  Date period_to;               // last day paid for
  std::optional<Date> payment_date;  // holiday payments: the day
  Money amount;                 // per payment, at the start
  int payments = 0;             // payments in the period, at the start
  std::string payment_organisation;  // BIC of the recipient's bank, or "KAZPOST"
  std::string account;          // IBAN, or empty for cash through the post
  Date assigned_on;
  std::string cites;
  std::vector<AmountChange> changes;
  std::vector<Suspension> suspensions;
  std::optional<Termination> termination;
  AssignmentStatus status = AssignmentStatus::kActive;
  int version = 0;
};

// One payment month of the schedule.
struct ScheduledPayment {
  Month month;
  Money amount;
};

// The schedule as it stands: each payment month of the period with the amount due after
// changes, suspensions and termination (months not due are left out). A monthly payment is
// due for a month when the month is in the period and payment had not stopped before the
// month began: 001 §22 stops payment "from the next month" for death, moving out and
// placement in an institution, and from the day itself otherwise, so that a month already
// begun is paid in full in the first case and not at all in the second.
std::vector<ScheduledPayment> schedule(const Assignment& a);
// The amount due for one month (zero when none).
Money amount_due(const Assignment& a, Month m);

}  // namespace komek::cases
