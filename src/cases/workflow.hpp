// The application workflow as an explicit state machine (SPEC §4-§7): each command checks
// the state it may be given in, changes the case, closes and opens steps with their
// deadlines on the working calendar, each citing its clause. Every period and its clause come
// from the rule data (rules::Procedure: the national procedure, overridden by the case's
// pack where its act differs). Pure: no I/O, no clock; the service passes today's date and
// ids in.
//
//   submitted ──accept──▶ registered ──registry──▶ [awaiting documents] ──▶ at commission
//        │                                                                     │
//        └─refuse to accept (form 1-3)              TSA: employment measures ◀─┤
//                                                                              ▼
//                              granted / refused ◀──decide── ready for decision ──▶ hearing
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cases/case.hpp"
#include "core/calendar.hpp"
#include "core/result.hpp"
#include "rules/library.hpp"

namespace komek::cases {

// A change for the audit log: what happened, in a few words, with its details as JSON.
struct Event {
  std::string action;   // e.g. "case.registered"
  std::string details;  // JSON object
};

struct Intake {
  Channel channel = Channel::kAuthorizedBody;
  std::string pack_id;
  std::vector<std::string> programmes;  // empty: every programme of the pack taken on application
  std::string family_json;
  std::string applicant_name;
  std::string phone;
  LocalDateTime received_at;
  // Portal pre-checks (004 §7-1), established by the service from the registries and the
  // store; ignored for other channels.
  bool portal_complete = true;
  bool family_has_tsa = false;
  bool members_in_one_settlement = true;
};

class Workflow {
 public:
  Workflow(const WorkingCalendar& calendar, const rules::Library& rules, OfficeHours hours = {})
      : calendar_(calendar), rules_(rules), hours_(hours) {}

  // This workflow evaluating with `parameters` in place of the library's — the shipped ones
  // with the regional figures entered in the database laid over them (CaseService passes
  // them in; the workflow reads nothing itself). `parameters` must outlive the copy.
  [[nodiscard]] Workflow with_parameters(const rules::ParameterSet& parameters) const {
    Workflow w = *this;
    w.parameters_ = &parameters;
    return w;
  }
  // The parameters evaluations use.
  [[nodiscard]] const rules::ParameterSet& parameters() const {
    return parameters_ != nullptr ? *parameters_ : rules_.parameters();
  }

  // A new case from an application. The family is validated by the rules' reader, the pack
  // must exist and cover the family. A portal application that fails a pre-check is refused
  // to accept at once (004 §7-1); one that passes is registered at once.
  Result<Case> submit(const Intake& intake, std::string id, std::vector<Event>& events) const;

  // The completeness check: accept and register (001 §12; 004 App 12) …
  Result<void> accept(Case& c, Date today, const std::string& officer, std::vector<Event>& events) const;
  // … or refuse to accept with the missing documents (form 1-3, 001 §11).
  Result<void> refuse_to_accept(Case& c, const std::vector<std::string>& missing, const std::string& reason,
                                Date today, std::vector<Event>& events) const;

  // The registries' answers (004 §7): the family as they give it, and the items they had no
  // data on (the applicant then brings documents, 001 §11).
  Result<void> record_registry(Case& c, const std::string& family_json, const std::vector<std::string>& no_data,
                               const std::string& taken_at, Date today, std::vector<Event>& events,
                               const std::string& snapshot_json = "") const;
  Result<void> receive_documents(Case& c, Date today, std::vector<Event>& events) const;

  // A written query to another body extends the package deadline until the answer, at most
  // the written_query_answer period (30 calendar days); the applicant is told within the
  // written_query_notice period (2 working days) (004 §8, §12).
  Result<void> send_written_query(Case& c, const std::string& addressee, const std::string& subject, Date today,
                                  std::vector<Event>& events) const;
  Result<void> notify_query(Case& c, Date today, std::vector<Event>& events) const;
  Result<void> answer_written_query(Case& c, Date today, std::vector<Event>& events) const;

  // The district or special commission (001 §12; 004 §2.19).
  Result<void> refer_to_commission(Case& c, const std::string& kind, Date today, std::vector<Event>& events) const;
  Result<void> record_conclusion(Case& c, bool in_need, const std::string& notes, Date today,
                                 std::vector<Event>& events) const;

  // TSA: employment commission recommendations, the social contract with its plan from 002
  // Appendix 9 (needed for conditional TSA), able-bodied members registered as job seekers.
  Result<void> record_employment(Case& c, const EmploymentMeasures& measures, Date today,
                                 std::vector<Event>& events) const;

  // Runs the rules engine on the case's family (the evaluation is kept with its trace).
  Result<void> evaluate(Case& c, Date today, std::vector<Event>& events) const;

  // The hearing before a refusal (001 §18).
  Result<void> notify_hearing(Case& c, Date today, Date decision_not_before, std::vector<Event>& events) const;
  Result<void> record_objection(Case& c, const std::string& text, bool oral, Date today,
                                std::vector<Event>& events) const;
  Result<void> record_remarks(Case& c, const std::string& text, Date today, std::vector<Event>& events) const;

  // The decision (form 4): grant with amounts and period, or refuse with reasons and
  // citations. Re-evaluates on the decision day.
  Result<void> decide(Case& c, Date today, const std::string& officer, std::vector<Event>& events) const;

  // A complaint granted against the decision (004 §45) sets it aside: the decision is kept
  // in the case's history and the case returns for a new decision (or, after a refusal to
  // accept, to the completeness check), due within the redecision period — the seeds give no
  // term for the new decision; the data says which it is [configurable].
  Result<void> set_aside_decision(Case& c, const std::string& complaint_id, Date today,
                                  std::vector<Event>& events) const;
  [[nodiscard]] const rules::Library& rules() const { return rules_; }
  // The procedural periods in force under a pack (nullptr: the national procedure), on this
  // workflow's calendar …
  [[nodiscard]] rules::PeriodsInForce periods(const rules::Pack* pack) const;
  // … and under a case's pack (the national procedure when the pack is no longer loaded).
  [[nodiscard]] rules::PeriodsInForce periods_for(const Case& c) const;

  // Whether the last evaluation found refusal grounds for what was applied for: then the
  // applicant must be heard before a decision.
  [[nodiscard]] bool refusal_grounds_found(const Case& c) const;
  [[nodiscard]] const WorkingCalendar& calendar() const { return calendar_; }
  // The programmes a case is decided on: those applied for and those that go with them.
  [[nodiscard]] std::vector<std::string> considered(const Case& c) const;
  // Whether the case applies for targeted social assistance (the pack's programmes say so).
  [[nodiscard]] bool is_tsa(const Case& c) const;

 private:
  [[nodiscard]] Result<const rules::Pack*> pack_of(const Case& c) const;
  void open_step(Case& c, std::string step, Date due, std::string cites) const;
  // Opens `step` due at the end of `period` counted from `from`, citing the period's clause;
  // returns the due day.
  Result<Date> open_period_step(Case& c, std::string step, const rules::PeriodsInForce& periods, rules::PeriodId period,
                                Date from) const;
  void close_step(Case& c, std::string_view step, Date today) const;
  Result<void> add_fact(Case& c, const std::string& type, Date date) const;

  const WorkingCalendar& calendar_;
  const rules::Library& rules_;
  OfficeHours hours_;
  const rules::ParameterSet* parameters_ = nullptr;  // nullptr: the library's
};

// Whether a command is allowed from the current state; the error names both ("case.transition").
Result<void> require_state(const Case& c, std::initializer_list<CaseState> allowed, std::string_view command);

}  // namespace komek::cases
