// The use cases of special social services, as the API and the CLI call them. Each command
// is one transaction with its audit record (and outbox message where something downstream
// must know), under the request's idempotency key (work::idempotent, RELIABILITY R3).
// Territory scoping as for cases: an actor sees and changes only what lies in their KATO
// prefix; what they may not see is "not found", and the refusal is in the access log.
#pragma once

#include <string>

#include "work/actor.hpp"
#include "work/journal.hpp"
#include "work/outcome.hpp"
#include "work/request.hpp"
#include "work/runner.hpp"
#include "social/catalogue.hpp"
#include "social/model.hpp"
#include "social/report.hpp"
#include "social/store.hpp"

namespace komek::social {

class SocialService {
 public:
  SocialService(SocialStore& store, const Catalogue& catalogue, work::Clock& clock, work::IdSource& ids)
      : store_(store), catalogue_(catalogue), clock_(clock), ids_(ids) {}

  // 003 §11: the needs assessment; registers the person on first sight (created).
  Result<work::Done<Assessed>> assess(const work::Actor& actor, const work::RequestKey& request, const AssessmentInput& in);
  // 003 §11: the individual plan, on an assessment that found a need (created).
  Result<work::Done<Plan>> open_plan(const work::Actor& actor, const work::RequestKey& request,
                                    const std::string& assessment_id, const PlanInput& in);
  Result<work::Done<PlannedService>> add_service(const work::Actor& actor, const work::RequestKey& request,
                                      const std::string& plan_id, const PlannedServiceInput& in);
  Result<work::Done<PlannedService>> close_service(const work::Actor& actor, const work::RequestKey& request,
                                        const std::string& plan_id, const std::string& service_id,
                                        const CloseServiceInput& in);
  // 003 §14: a service delivered or refused (created).
  Result<work::Done<ServiceRecord>> record(const work::Actor& actor, const work::RequestKey& request, const std::string& plan_id,
                                 const RecordInput& in);
  Result<work::Done<Plan>> close_plan(const work::Actor& actor, const work::RequestKey& request,
                                     const std::string& plan_id, const ClosePlanInput& in);

  // A person's file; the read (or its refusal) is in the personal-data access log (S3).
  Result<PersonFile> file(const work::Actor& actor, const std::string& person_id, const std::string& route);
  // The persons of the actor's territory, by name, at most kPersonsListedMax (`complete`
  // false when there are more). Each person listed is in the access log (S3).
  struct PersonList {
    std::vector<PersonSummary> persons;
    bool complete = true;
  };
  Result<PersonList> persons(const work::Actor& actor, const std::string& route);
  // The accounting report for a period and a territory inside the actor's own.
  Result<Report> report(const work::Actor& actor, const std::string& from, const std::string& to,
                        const std::string& territory);

  [[nodiscard]] const Catalogue& catalogue() const { return catalogue_; }

 private:
  // A plan the actor may see, read with its access-log record in a transaction of its own
  // (committed even when the command then fails, so that denials stay logged).
  Result<void> check_plan_visible(const work::Actor& actor, const std::string& plan_id, const std::string& route);
  // A change of a plan, audited against it; `change` makes the command's value of type T.
  template <typename T>
  Result<work::Done<T>> change_plan(const work::Actor& actor, const work::RequestKey& request,
                                    const std::string& plan_id, const std::string& action, const work::Codec<T>& codec,
                                    const std::function<Result<work::Done<T>>(SocialTransaction&, Plan&, Date)>& change);

  SocialStore& store_;
  const Catalogue& catalogue_;
  work::Clock& clock_;
  work::IdSource& ids_;
};

// Whether a territory lies inside the actor's (KATO prefix, "" = the whole country).
[[nodiscard]] bool within(const work::Actor& actor, const std::string& territory);

}  // namespace komek::social
