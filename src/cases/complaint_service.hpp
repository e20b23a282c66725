// The complaint use cases (004 §45): filing (the applicant on the portal for their own case,
// or staff registering a paper complaint), the answer of the body that acted, forwarding
// with the case to the reviewing body, its review — and, when a complaint against the
// decision is granted, the decision set aside in the same transaction.
#pragma once

#include <string>
#include <vector>

#include "cases/complaint.hpp"
#include "cases/service.hpp"
#include "cases/store.hpp"

namespace komek::cases {

class ComplaintService {
 public:
  // The complaint's periods, the appeal window and the term of a new decision are the rule
  // data's (workflow.periods_for(case)).
  ComplaintService(CaseStore& store, const Workflow& workflow, Clock& clock, IdSource& ids)
      : store_(store), workflow_(workflow), clock_(clock), ids_(ids) {}

  Result<Done<Complaint>> file(const Actor& actor, const RequestKey& request, const std::string& case_id, ComplaintFiling filing);
  Result<Done<Complaint>> answer(const Actor& actor, const RequestKey& request, const std::string& id, ComplaintOutcome outcome,
                          const std::string& reasons);
  Result<Done<Complaint>> forward(const Actor& actor, const RequestKey& request, const std::string& id,
                           const std::string& reviewing_body);
  Result<Done<Complaint>> review(const Actor& actor, const RequestKey& request, const std::string& id, ComplaintOutcome outcome,
                          const std::string& reasons);

  Result<Complaint> read(const Actor& actor, const std::string& id, const std::string& route);
  // Complaints carry the complainant's IIN and words: every one listed is a read of personal
  // data, logged (S3).
  Result<std::vector<Complaint>> list(const Actor& actor, ComplaintFilter filter, const std::string& route);

 private:
  using Step = std::function<Result<void>(Complaint&, Date today, const rules::PeriodsInForce& periods)>;
  Result<Done<Complaint>> step(const Actor& actor, const RequestKey& request, const std::string& id, const std::string& action,
                        const Step& step);

  CaseStore& store_;
  const Workflow& workflow_;
  Clock& clock_;
  IdSource& ids_;
};

}  // namespace komek::cases
