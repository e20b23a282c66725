// A complaint (шағым) against a decision, or an action or inaction, in an administrative case
// (004 §45; SPEC §12): registered on the day it is received; reviewed by the body that acted
// within the complaint_answer period with a reasoned answer; unless that body fully grants it
// within the complaint_forward period, it forwards the complaint with the case to the
// reviewing body (the quality authority), which answers within the complaint_review period.
// The national procedure (rules/procedure/kz.yaml) gives them as 5, 3 and 15 working days; a
// pack may set its own. An outcome that grants the complaint sets the decision aside: the
// case returns for a new decision.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/case.hpp"
#include "core/calendar.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "rules/procedure.hpp"

namespace komek::cases {

// When adding one, also update complaint_state_name() and parse_complaint_state().
enum class ComplaintState {
  kRegistered,       // with the body that acted; answer due within complaint_answer
  kGranted,          // fully granted by that body: not forwarded (terminal)
  kAnswered,         // answered but not fully granted: to be forwarded within complaint_forward
  kForwarded,        // with the reviewing body: due within complaint_review
  kUpheld,           // the reviewing body granted it (terminal; the decision set aside)
  kDismissed,        // the reviewing body dismissed it (terminal; court remains)
};
std::string_view complaint_state_name(ComplaintState s);
std::optional<ComplaintState> parse_complaint_state(std::string_view s);

// The answer of the body that acted, or of the reviewing body.
enum class ComplaintOutcome { kGranted, kPartlyGranted, kRejected };
std::string_view complaint_outcome_name(ComplaintOutcome o);
std::optional<ComplaintOutcome> parse_complaint_outcome(std::string_view s);

struct ComplaintAnswer {
  Date on;
  ComplaintOutcome outcome = ComplaintOutcome::kRejected;
  std::string reasons;          // the reasoned answer (004 §45): required
  std::string by;               // login of who answered
};

struct Complaint {
  std::string id;
  std::string case_id;
  std::string case_number;
  std::string complainant_iin;
  std::string complainant_name;
  std::string against;          // "decision" | "refusal_to_accept" | "action" | "inaction"
  std::string employee;         // against an employee: whose action (then the head reviews it)
  std::string channel;          // "in_writing" | "post" | "by_hand" | "portal"
  std::string text;
  Date received_on;             // the registration stamp's date
  Date answer_due;              // received_on + complaint_answer
  Date forward_due;             // received_on + complaint_forward (unless fully granted by then)
  std::optional<ComplaintAnswer> answer;
  std::optional<Date> forwarded_on;
  std::string reviewing_body;
  std::optional<Date> review_due;   // forwarded_on + complaint_review
  std::optional<ComplaintAnswer> review;
  bool decision_set_aside = false;
  ComplaintState state = ComplaintState::kRegistered;
  int version = 0;
};

struct ComplaintFiling {
  std::string against;
  std::string employee;
  std::string channel;
  std::string text;
  std::string complainant_iin;
  std::string complainant_name;
};

// Registers a complaint on a case, its deadlines counted with the periods in force under the
// case's pack. Errors: an unknown `against` or channel, empty text; a complaint against a
// decision when the case has none; a closed case — decided longer ago than the appeal_window
// period (the seeds do not give it: configurable), or already reviewed by the reviewing body
// (only the court remains).
Result<Complaint> register_complaint(const Case& c, const std::vector<Complaint>& earlier, ComplaintFiling filing,
                                     std::string id, Date today, const rules::PeriodsInForce& periods);
// The answer of the body that acted. A full grant within the forwarding window ends the
// complaint; otherwise it is to be forwarded. Errors: answered already, empty reasons.
Result<void> answer_complaint(Complaint& k, ComplaintAnswer answer);
// Forwarded with the case to the reviewing body. Errors: not answered yet, or fully granted
// (nothing to forward) — a complaint not answered in time may be forwarded anyway.
Result<void> forward_complaint(Complaint& k, const std::string& reviewing_body, Date today,
                               const rules::PeriodsInForce& periods);
// The reviewing body's answer. Errors: not forwarded, reviewed already, empty reasons.
Result<void> review_complaint(Complaint& k, ComplaintAnswer review);

// Whether the complaint's outcome sets the case's decision aside (granted in full or in part
// by either body, when the complaint is against the decision or a refusal to accept).
bool sets_decision_aside(const Complaint& k);

}  // namespace komek::cases
