#include "cases/complaint_service.hpp"

#include <nlohmann/json.hpp>

#include "cases/assignment_json.hpp"
#include "cases/case_json.hpp"

namespace komek::cases {
namespace {

using json = nlohmann::json;

tl::unexpected<Error> not_found() { return fail(ErrorCode::kNotFound, "complaint.not_found"); }

}  // namespace

Result<Done<Complaint>> ComplaintService::file(const Actor& actor, const RequestKey& request, const std::string& case_id,
                                        ComplaintFiling filing) {
  return work::run_idempotent<Complaint, CaseTransaction>(store_, actor, request, complaint_codec(), [&](CaseTransaction& tx) -> Result<Done<Complaint>> {
    KOMEK_TRY(found, tx.find_case(case_id));
    if (!found || !actor.may_see((found)->territory, (found)->applicant_iin))
      return fail(ErrorCode::kNotFound, "case.not_found");
    const Case& c = *found;
    if (actor.is_applicant()) {
      filing.channel = "portal";
      filing.complainant_iin = actor.iin;
      if (filing.complainant_name.empty()) filing.complainant_name = c.applicant_name;
    } else if (filing.complainant_iin.empty()) {
      filing.complainant_iin = c.applicant_iin;
      if (filing.complainant_name.empty()) filing.complainant_name = c.applicant_name;
    }
    KOMEK_TRY(earlier, tx.complaints_of_case(c.id));
    const rules::PeriodsInForce periods = workflow_.periods_for(c);
    KOMEK_TRY(k, register_complaint(c, earlier, std::move(filing), ids_.new_id(), clock_.now_local().date, periods));
    const std::string& cites = periods[rules::PeriodId::kComplaintAnswer].cites;
    KOMEK_CHECK(tx.insert_complaint(k, c.territory));
    KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, "complaint.registered", "complaint", k.id, "", to_json(k).dump()}));
    KOMEK_CHECK(tx.enqueue({Topic::kCabinet, json{{"iin", k.complainant_iin},
                                              {"kind", "complaint.registered"},
                                              {"title", {{"kk", "Шағым тіркелді"}, {"ru", "Жалоба зарегистрирована"}, {"en", "Complaint registered"}}},
                                              {"body", {{"kk", "Жауап " + k.answer_due.iso() + " дейін беріледі (" + cites + ")."},
                                                        {"ru", "Ответ будет дан до " + k.answer_due.iso() + " (" + cites + ")."},
                                                        {"en", "The answer is due by " + k.answer_due.iso() + " (" + cites + ")."}}},
                                              {"ref", "complaint:" + k.id}}
                                             .dump()}));
    return Done<Complaint>{Effect::kCreated, std::move(k)};
  });
}

Result<Done<Complaint>> ComplaintService::step(const Actor& actor, const RequestKey& request, const std::string& id,
                                        const std::string& action, const Step& change) {
  return work::run_idempotent<Complaint, CaseTransaction>(store_, actor, request, complaint_codec(), [&](CaseTransaction& tx) -> Result<Done<Complaint>> {
    KOMEK_TRY(found, tx.find_complaint(id));
    if (!found) return not_found();
    Complaint k = std::move(*found);
    KOMEK_TRY(case_found, tx.find_case(k.case_id));
    if (!case_found || !actor.may_see((case_found)->territory, (case_found)->applicant_iin)) return not_found();
    Case c = std::move(*case_found);
    const std::string before = to_json(k).dump();
    const Date today = clock_.now_local().date;
    const bool aside_before = sets_decision_aside(k);
    const rules::PeriodsInForce periods = workflow_.periods_for(c);
    KOMEK_CHECK(change(k, today, periods));
    // A grant against the decision sets it aside now, with the case, in this transaction.
    if (!aside_before && sets_decision_aside(k) && !k.decision_set_aside && is_terminal(c.state)) {
      const std::string case_before = to_json(c).dump();
      std::vector<Event> events;
      KOMEK_CHECK(workflow_.set_aside_decision(c, k.id, today, events));
      k.decision_set_aside = true;
      KOMEK_CHECK(tx.update_case(c));
      for (const auto& e : events)
        KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, e.action, "case", c.id, "", e.details}));
      KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, "case.set_aside", "case", c.id, case_before, to_json(c).dump()}));
      // Payments under the decision set aside stop from today; the new decision makes new
      // assignments if it grants.
      KOMEK_TRY(assignments, tx.assignments_of_case(c.id));
      for (auto& a : assignments) {
        if (a.status == AssignmentStatus::kTerminated) continue;
        const std::string a_before = to_json(a).dump();
        TerminationEvent t;
        t.ground = "decision_set_aside";
        t.event_on = std::max(today, std::min(a.assigned_on, a.period_from));
        t.source = "officer";
        t.stops = t.event_on;
        t.cites = "004 §45";
        t.officer = actor.login;
        KOMEK_CHECK(terminate(a, t, std::max(today, t.event_on)));
        KOMEK_CHECK(tx.update_assignment(a));
        KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, "assignment.terminate", "assignment", a.id, a_before, to_json(a).dump()}));
      }
    }
    KOMEK_CHECK(tx.update_complaint(k));
    KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, action, "complaint", k.id, before, to_json(k).dump()}));
    return Done<Complaint>{Effect::kDone, std::move(k)};
  });
}

Result<Done<Complaint>> ComplaintService::answer(const Actor& actor, const RequestKey& request, const std::string& id,
                                          ComplaintOutcome outcome, const std::string& reasons) {
  return step(actor, request, id, "complaint.answer", [&](Complaint& k, Date today, const rules::PeriodsInForce&) {
    return answer_complaint(k, ComplaintAnswer{today, outcome, reasons, actor.login});
  });
}

Result<Done<Complaint>> ComplaintService::forward(const Actor& actor, const RequestKey& request, const std::string& id,
                                           const std::string& reviewing_body) {
  return step(actor, request, id, "complaint.forward", [&](Complaint& k, Date today, const rules::PeriodsInForce& periods) {
    return forward_complaint(k, reviewing_body, today, periods);
  });
}

Result<Done<Complaint>> ComplaintService::review(const Actor& actor, const RequestKey& request, const std::string& id,
                                          ComplaintOutcome outcome, const std::string& reasons) {
  return step(actor, request, id, "complaint.review", [&](Complaint& k, Date today, const rules::PeriodsInForce&) {
    return review_complaint(k, ComplaintAnswer{today, outcome, reasons, actor.login});
  });
}

Result<Complaint> ComplaintService::read(const Actor& actor, const std::string& id, const std::string& route) {
  // A complaint is visible with its case; the read is logged before it is answered (S3).
  bool visible = false;
  const work::LoggedRead<Complaint> read{"complaint:" + id.substr(0, 64), route, not_found().value(),
                                         [&](const Complaint&) { return visible; },
                                         [](const Complaint& k) { return k.complainant_iin; }};
  return work::read_logged<Complaint, CaseTransaction>(
      store_, actor, read, [&](CaseTransaction& tx) -> Result<std::optional<Complaint>> {
        KOMEK_TRY(found, tx.find_complaint(id));
        if (found) {
          KOMEK_TRY(c, tx.find_case(found->case_id));
          visible = c && actor.may_see(c->territory, c->applicant_iin);
        }
        return std::move(found);
      });
}

Result<std::vector<Complaint>> ComplaintService::list(const Actor& actor, ComplaintFilter filter, const std::string& route) {
  if (actor.is_applicant()) {
    filter.complainant_iin = actor.iin;
  } else {
    filter.territory_prefix = actor.narrowed(filter.territory_prefix.value_or(""));
  }
  KOMEK_TRY(complaints, store_.list_complaints(filter));
  KOMEK_CHECK((work::log_reads<Complaint, CaseTransaction>(
      store_, actor, complaints, route, [](const Complaint& k) { return "complaint:" + k.id; },
      [](const Complaint& k) { return k.complainant_iin; })));
  return std::move(complaints);
}

}  // namespace komek::cases
