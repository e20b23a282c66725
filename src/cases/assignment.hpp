// An assignment (тағайындау): what a decision — or a holiday list made without an application
// (001 §10, §25) — grants one recipient under one programme: the period, the amount of each
// payment, later changes of amount, suspensions, and the termination of 001 §22 with the date
// payment stops. The schedule (amount due per payment month) is derived from it and stored
// beside it (table assignment_months): payments read only the schedule.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/money.hpp"
#include "core/result.hpp"
#include "core/territory.hpp"
#include "cases/case.hpp"
#include "rules/pack.hpp"

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
// the recipient's report (due within the event_report period of the event), the registry, or the
// officer's own finding.
struct Termination {
  std::string ground;           // termination ground id of the pack (e.g. "death", "moved_out")
  Date event_on;                // when the event happened
  Date decided_on;
  Date payment_stops;           // the first day not paid (001 §22)
  std::string source;           // "recipient_report" | "registry" | "officer"
  std::optional<Date> reported_on;
  std::optional<Date> report_due;  // event_on + the event_report period, for a recipient's report
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

// The schedule as it stands: each payment month with the amount due after changes,
// suspensions and termination (months with nothing due are left out).
//
// Monthly and quarterly assistance is paid in advance at the start of the month it is for
// (SPEC §9: the demand on the 29th of the month before, the transfer before the 1st), so a
// payment month is due when payment had not stopped by its first day and no suspension was
// in force on that day. 001 §22 stops payment "from the next month" for death, moving out and
// placement in an institution — payment_stops is then the 1st of the next month and the month
// of the event stays paid — and "from the day" for unreliable information or a ground that
// ceased — payment_stops is that day, and no payment falls due from it on. One-time and
// holiday payments are due when payment had not stopped by their payment day.
// Quarterly payments fall in the first month of the period and every third month after it.
std::vector<ScheduledPayment> schedule(const Assignment& a);
// The amount due for one month (zero when none).
Money amount_due(const Assignment& a, Month m);
// The total due over the whole schedule.
Money total_due(const Assignment& a);
// The status on a day: ended once the period is over (unless terminated).
AssignmentStatus status_on(const Assignment& a, Date today);

// ---- commands (each checks its input and changes nothing on an error) -------------------

// Where the money goes: the recipient's bank account from the registry (001 §31), or cash
// through the post when none is known.
struct PaymentDestination {
  std::string payment_organisation = "KAZPOST";   // BIC, or "KAZPOST"
  std::string account;                            // IBAN; empty for the post
};
// The assignments a granted decision makes: one per granted programme, to the applicant for
// the family (001 §21), with the frequency of the pack's programme. `new_id` gives ids.
Result<std::vector<Assignment>> assignments_for_decision(const Case& c, const rules::Pack& pack,
                                                         const PaymentDestination& to,
                                                         const std::function<std::string()>& new_id);

// A new amount from a month on. Errors: the month outside the period, a negative amount,
// an assignment already terminated.
Result<void> change_amount(Assignment& a, AmountChange change);
// Payment held from a day. Errors: already suspended, terminated, the day outside the period.
Result<void> suspend(Assignment& a, Suspension s);
// The hold lifted on a day; with `repay` the held months are paid after all.
Result<void> resume(Assignment& a, Date on, bool repay, const std::string& officer);

// A termination event reported or found (001 §22). `stops` is the date payment stops as the
// rules give it (rules::termination_for), `cites` its clause. The report deadline of SPEC §10
// (the event_report period after the event) is computed by the caller on the working calendar.
struct TerminationEvent {
  std::string ground;
  Date event_on;
  std::string source;                 // "recipient_report" | "registry" | "officer"
  std::optional<Date> reported_on;
  std::optional<Date> report_due;
  Date stops;
  std::string cites;
  std::string officer;
};
// Errors: already terminated; the event before the assignment was made or before its
// period (a termination dated before the assignment); the event after today; an unknown
// source.
Result<void> terminate(Assignment& a, const TerminationEvent& event, Date today);

}  // namespace komek::cases
