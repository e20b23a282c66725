#include "cases/complaint.hpp"

#include <algorithm>
#include <array>


namespace komek::cases {
namespace {

constexpr std::array<std::string_view, 6> kStateNames = {"registered", "granted", "answered",
                                                          "forwarded", "upheld", "dismissed"};
constexpr std::array<std::string_view, 3> kOutcomeNames = {"granted", "partly_granted", "rejected"};
constexpr std::array<std::string_view, 4> kAgainst = {"decision", "refusal_to_accept", "action", "inaction"};
constexpr std::array<std::string_view, 4> kChannels = {"in_writing", "post", "by_hand", "portal"};

tl::unexpected<Error> field_error(const char* key, const char* field,
                                  std::vector<std::pair<std::string, std::string>> params = {}) {
  Error e(ErrorCode::kInvalidInput, key, std::move(params));
  e.field = field;
  return tl::unexpected(e);
}

bool one_of(std::string_view v, const auto& list) { return std::find(list.begin(), list.end(), v) != list.end(); }

}  // namespace

std::string_view complaint_state_name(ComplaintState s) { return kStateNames[static_cast<std::size_t>(s)]; }
std::optional<ComplaintState> parse_complaint_state(std::string_view s) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i)
    if (kStateNames[i] == s) return static_cast<ComplaintState>(i);
  return std::nullopt;
}
std::string_view complaint_outcome_name(ComplaintOutcome o) { return kOutcomeNames[static_cast<std::size_t>(o)]; }
std::optional<ComplaintOutcome> parse_complaint_outcome(std::string_view s) {
  for (std::size_t i = 0; i < kOutcomeNames.size(); ++i)
    if (kOutcomeNames[i] == s) return static_cast<ComplaintOutcome>(i);
  return std::nullopt;
}

Result<Complaint> register_complaint(const Case& c, const std::vector<Complaint>& earlier, ComplaintFiling filing,
                                     std::string id, Date today, const rules::PeriodsInForce& periods) {
  if (!one_of(filing.against, kAgainst)) return field_error("complaint.against_unknown", "against", {{"value", filing.against.substr(0, 40)}});
  if (!one_of(filing.channel, kChannels)) return field_error("complaint.channel_unknown", "channel", {{"value", filing.channel.substr(0, 40)}});
  if (filing.text.empty()) return field_error("complaint.text_required", "text");
  if (filing.against == "decision" && !c.decision)
    return fail(ErrorCode::kConflict, "complaint.no_decision", {{"case", c.number.empty() ? c.id : c.number}});
  if (filing.against == "refusal_to_accept" && c.state != CaseState::kRefusedToAccept)
    return fail(ErrorCode::kConflict, "complaint.no_refusal_to_accept", {{"case", c.number.empty() ? c.id : c.number}});
  // A closed case: the reviewing body has already answered a complaint on it (only the court
  // remains, 004 §45), or it was decided longer ago than the appeal window.
  for (const auto& k : earlier)
    if (k.state == ComplaintState::kUpheld || k.state == ComplaintState::kDismissed)
      return fail(ErrorCode::kConflict, "complaint.case_closed_reviewed", {{"case", c.number.empty() ? c.id : c.number}});
  for (const auto& k : earlier)
    if (k.state == ComplaintState::kRegistered || k.state == ComplaintState::kAnswered || k.state == ComplaintState::kForwarded)
      return fail(ErrorCode::kConflict, "complaint.already_open", {{"case", c.number.empty() ? c.id : c.number}});
  if (is_terminal(c.state)) {
    std::optional<Date> closed_on;
    if (c.decision) closed_on = c.decision->on;
    else if (c.registered_on) closed_on = c.registered_on;
    if (closed_on) {
      KOMEK_TRY(until, periods.due(rules::PeriodId::kAppealWindow, *closed_on));
      if (until < today)
        return fail(ErrorCode::kConflict, "complaint.case_closed", {{"case", c.number.empty() ? c.id : c.number}, {"until", until.iso()}});
    }
  }
  KOMEK_TRY(answer_due, periods.due(rules::PeriodId::kComplaintAnswer, today));
  KOMEK_TRY(forward_due, periods.due(rules::PeriodId::kComplaintForward, today));
  Complaint k;
  k.id = std::move(id);
  k.case_id = c.id;
  k.case_number = c.number;
  k.complainant_iin = filing.complainant_iin;
  k.complainant_name = filing.complainant_name;
  k.against = filing.against;
  k.employee = filing.employee;
  k.channel = filing.channel;
  k.text = filing.text;
  k.received_on = today;
  k.answer_due = answer_due;
  k.forward_due = forward_due;
  k.state = ComplaintState::kRegistered;
  return k;
}

Result<void> answer_complaint(Complaint& k, ComplaintAnswer answer) {
  if (k.state != ComplaintState::kRegistered)
    return fail(ErrorCode::kConflict, "complaint.state", {{"state", std::string(complaint_state_name(k.state))}, {"command", "answer"}});
  if (answer.reasons.empty()) return field_error("complaint.reasons_required", "reasons");
  if (answer.on < k.received_on) return field_error("complaint.date_before_receipt", "on", {{"date", answer.on.iso()}});
  // Fully granted: nothing goes to the reviewing body (004 §45); a grant after the forwarding
  // window shows as that deadline missed.
  const bool fully = answer.outcome == ComplaintOutcome::kGranted;
  k.state = fully ? ComplaintState::kGranted : ComplaintState::kAnswered;
  k.answer = std::move(answer);
  return {};
}

Result<void> forward_complaint(Complaint& k, const std::string& reviewing_body, Date today,
                               const rules::PeriodsInForce& periods) {
  // Unanswered complaints may be forwarded too: the body may not hold the case back by
  // not answering.
  if (k.state != ComplaintState::kAnswered && k.state != ComplaintState::kRegistered)
    return fail(ErrorCode::kConflict, "complaint.state", {{"state", std::string(complaint_state_name(k.state))}, {"command", "forward"}});
  if (reviewing_body.empty()) return field_error("complaint.reviewing_body_required", "reviewing_body");
  KOMEK_TRY(due, periods.due(rules::PeriodId::kComplaintReview, today));
  k.forwarded_on = today;
  k.reviewing_body = reviewing_body;
  k.review_due = due;
  k.state = ComplaintState::kForwarded;
  return {};
}

Result<void> review_complaint(Complaint& k, ComplaintAnswer review) {
  if (k.state != ComplaintState::kForwarded)
    return fail(ErrorCode::kConflict, "complaint.state", {{"state", std::string(complaint_state_name(k.state))}, {"command", "review"}});
  if (review.reasons.empty()) return field_error("complaint.reasons_required", "reasons");
  if (review.on < *k.forwarded_on) return field_error("complaint.date_before_receipt", "on", {{"date", review.on.iso()}});
  k.state = review.outcome == ComplaintOutcome::kRejected ? ComplaintState::kDismissed : ComplaintState::kUpheld;
  k.review = std::move(review);
  return {};
}

bool sets_decision_aside(const Complaint& k) {
  if (k.against != "decision" && k.against != "refusal_to_accept") return false;
  if (k.state == ComplaintState::kGranted) return true;
  if (k.state == ComplaintState::kUpheld) return true;
  // A partial grant by the body that acted also reopens the decision in the part granted;
  // the new decision is made on the whole case.
  return k.state == ComplaintState::kAnswered && k.answer && k.answer->outcome == ComplaintOutcome::kPartlyGranted;
}

}  // namespace komek::cases
