#include "social/service.hpp"

#include <nlohmann/json.hpp>

#include "social/json.hpp"

namespace komek::social {
namespace {

using json = nlohmann::json;
using work::AccessRecord;
using work::AuditEntry;
using work::Done;
using work::Effect;

tl::unexpected<Error> plan_not_found() { return fail(ErrorCode::kNotFound, "social.plan_not_found"); }

}  // namespace

// A person's territory (a KATO code) or a report's (a prefix) inside the actor's scope.
bool within(const work::Actor& actor, const std::string& territory) {
  return territory.size() == 9 ? actor.covers(territory) : actor.narrowed(territory) == territory;
}

Result<Done<Assessed>> SocialService::assess(const work::Actor& actor, const work::RequestKey& request,
                                             const AssessmentInput& in) {
  const Date today = clock_.now_local().date;
  return work::run_idempotent<Assessed, SocialTransaction>(store_, actor, request, assessed_codec(),
                                                          [&](SocialTransaction& tx) -> Result<Done<Assessed>> {
    KOMEK_TRY(a, make_assessment(catalogue_, in, today));
    if (!within(actor, a.territory)) {
      Error e(ErrorCode::kForbidden, "social.outside_territory", {{"territory", a.territory}});
      e.field = "territory";
      return tl::unexpected(e);
    }
    KOMEK_TRY(existing, tx.find_person_by_iin(in.iin));
    Person person;
    if (existing) {
      person = *existing;
      const std::string before = to_json(person).dump();
      // The person as last assessed: a move to this territory moves the file with them
      // (003 §13: continuity between the organisations serving the person).
      if (person.full_name != in.full_name || person.territory != a.territory) {
        person.full_name = in.full_name;
        person.territory = a.territory;
        KOMEK_CHECK(tx.update_person(person));
        KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, "social.person_updated", "social_person", person.id, before,
                                          to_json(person).dump()}));
      }
    } else {
      person = Person{ids_.new_id(), in.iin, in.full_name, a.territory};
      KOMEK_CHECK(tx.insert_person(person));
      KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, "social.person_registered", "social_person", person.id, "",
                                        to_json(person).dump()}));
    }
    a.id = ids_.new_id();
    a.person_id = person.id;
    a.recorded_by = actor.login;
    KOMEK_CHECK(tx.insert_assessment(a));
    KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, "social.assessed", "social_assessment", a.id, "", to_json(a).dump()}));
    return Done<Assessed>{Effect::kCreated, Assessed{std::move(a), std::move(person)}};
  });
}

Result<Done<Plan>> SocialService::open_plan(const work::Actor& actor, const work::RequestKey& request,
                                            const std::string& assessment_id, const PlanInput& in) {
  const Date today = clock_.now_local().date;
  return work::run_idempotent<Plan, SocialTransaction>(store_, actor, request, plan_codec(),
                                                      [&](SocialTransaction& tx) -> Result<Done<Plan>> {
    if (assessment_id.empty()) {
      Error e(ErrorCode::kInvalidInput, "social.required");
      e.field = "assessment";
      return tl::unexpected(e);
    }
    KOMEK_TRY(a, tx.find_assessment(assessment_id));
    if (!a || !within(actor, (a)->territory)) {
      Error e(ErrorCode::kNotFound, "social.assessment_not_found");
      e.field = "assessment";
      return tl::unexpected(e);
    }
    KOMEK_TRY(plan, social::open_plan(*a, in, ids_.new_id(), today));
    KOMEK_CHECK(tx.insert_plan(plan));
    KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, "social.plan_opened", "social_plan", plan.id, "", to_json(plan).dump()}));
    return Done<Plan>{Effect::kCreated, std::move(plan)};
  });
}

Result<void> SocialService::check_plan_visible(const work::Actor& actor, const std::string& plan_id,
                                               const std::string& route) {
  bool visible = false;
  KOMEK_CHECK(store_.transact([&](SocialTransaction& tx) -> Result<void> {
    KOMEK_TRY(plan, tx.find_plan(plan_id));
    std::string subject;
    if (plan && within(actor, (plan)->territory)) {
      visible = true;
      KOMEK_TRY(person, tx.find_person((plan)->person_id));
      if (person) subject = work::subject_of((person)->iin);
    }
    return tx.log_access(AccessRecord{"", actor.login, subject, "social_plan:" + plan_id.substr(0, 64), route, actor.client,
                                      !visible});
  }));
  if (!visible) return plan_not_found();
  return {};
}

template <typename T>
Result<Done<T>> SocialService::change_plan(const work::Actor& actor, const work::RequestKey& request,
                                           const std::string& plan_id, const std::string& action, const work::Codec<T>& codec,
                                           const std::function<Result<Done<T>>(SocialTransaction&, Plan&, Date)>& change) {
  KOMEK_CHECK(work::check_request_key(request));
  KOMEK_CHECK(check_plan_visible(actor, plan_id, action));
  const Date today = clock_.now_local().date;
  return work::run_idempotent<T, SocialTransaction>(store_, actor, request, codec,
                                                   [&](SocialTransaction& tx) -> Result<Done<T>> {
    KOMEK_TRY(found, tx.find_plan(plan_id));
    if (!found || !within(actor, found->territory)) return plan_not_found();
    Plan plan = std::move(*found);
    const std::string before = to_json(plan).dump();
    KOMEK_TRY(done, change(tx, plan, today));
    KOMEK_CHECK(tx.update_plan(plan));
    KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, action, "social_plan", plan.id, before, to_json(plan).dump()}));
    return std::move(done);
  });
}

Result<Done<PlannedService>> SocialService::add_service(const work::Actor& actor, const work::RequestKey& request,
                                                        const std::string& plan_id, const PlannedServiceInput& in) {
  return change_plan<PlannedService>(actor, request, plan_id, "social.service_planned", planned_service_codec(),
                                     [&](SocialTransaction&, Plan& plan, Date) -> Result<Done<PlannedService>> {
                                       KOMEK_TRY(s, add_planned_service(plan, catalogue_, in, ids_.new_id()));
                                       return Done<PlannedService>{Effect::kCreated, s};
                                     });
}

Result<Done<PlannedService>> SocialService::close_service(const work::Actor& actor, const work::RequestKey& request,
                                                          const std::string& plan_id, const std::string& service_id,
                                                          const CloseServiceInput& in) {
  return change_plan<PlannedService>(actor, request, plan_id, "social.service_ended", planned_service_codec(),
                                     [&](SocialTransaction&, Plan& plan, Date today) -> Result<Done<PlannedService>> {
                                       KOMEK_CHECK(close_planned_service(plan, service_id, in, today));
                                       return Done<PlannedService>{Effect::kDone, *plan.find_service(service_id)};
                                     });
}

Result<Done<ServiceRecord>> SocialService::record(const work::Actor& actor, const work::RequestKey& request,
                                                  const std::string& plan_id, const RecordInput& in) {
  KOMEK_CHECK(work::check_request_key(request));
  KOMEK_CHECK(check_plan_visible(actor, plan_id, "social.service_recorded"));
  const Date today = clock_.now_local().date;
  // A record changes no field of the plan: it is appended to the records, audited against
  // the plan it belongs to.
  return work::run_idempotent<ServiceRecord, SocialTransaction>(store_, actor, request, record_codec(),
                                                               [&](SocialTransaction& tx) -> Result<Done<ServiceRecord>> {
    KOMEK_TRY(found, tx.find_plan(plan_id));
    if (!found || !within(actor, found->territory)) return plan_not_found();
    KOMEK_TRY(r, record_service(*found, catalogue_, in, ids_.new_id(), today));
    r.recorded_by = actor.login;
    KOMEK_CHECK(tx.insert_record(r));
    KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, r.refused ? "social.service_refused" : "social.service_delivered",
                                      "social_plan", plan_id, "", to_json(r).dump()}));
    return Done<ServiceRecord>{Effect::kCreated, std::move(r)};
  });
}

Result<Done<Plan>> SocialService::close_plan(const work::Actor& actor, const work::RequestKey& request,
                                             const std::string& plan_id, const ClosePlanInput& in) {
  return change_plan<Plan>(actor, request, plan_id, "social.plan_closed", plan_codec(),
                     [&](SocialTransaction& tx, Plan& plan, Date today) -> Result<Done<Plan>> {
                       KOMEK_CHECK(social::close_plan(plan, catalogue_, in, today));
                       // A plan does not end before a service already recorded under it.
                       KOMEK_TRY(records, tx.records_of_person(plan.person_id));
                       for (const auto& r : records)
                         if (r.plan_id == plan.id && r.delivered_on > *plan.closed_on) {
                           Error e(ErrorCode::kInvalidInput, "social.before_last_record",
                                   {{"date", plan.closed_on->iso()}, {"recorded_on", r.delivered_on.iso()}});
                           e.field = "closed_on";
                           return tl::unexpected(e);
                         }
                       return Done<Plan>{Effect::kDone, plan};
                     });
}

Result<PersonFile> SocialService::file(const work::Actor& actor, const std::string& person_id, const std::string& route) {
  Result<PersonFile> out = fail(ErrorCode::kNotFound, "social.person_not_found");
  KOMEK_CHECK(store_.transact([&](SocialTransaction& tx) -> Result<void> {
    auto person = tx.find_person(person_id);
    if (!person) return tl::unexpected(person.error());
    const bool visible = *person && within(actor, (*person)->territory);
    // Logged before it is answered, denials too (RELIABILITY S3).
    if (auto ok = tx.log_access(AccessRecord{"", actor.login, visible ? work::subject_of((*person)->iin) : "",
                                             "social_person:" + person_id.substr(0, 64), route, actor.client, !visible});
        !ok)
      return ok;
    if (!visible) return {};
    PersonFile f;
    f.person = **person;
    auto assessments = tx.assessments_of(person_id);
    if (!assessments) return tl::unexpected(assessments.error());
    auto plans = tx.plans_of(person_id);
    if (!plans) return tl::unexpected(plans.error());
    auto records = tx.records_of_person(person_id);
    if (!records) return tl::unexpected(records.error());
    f.assessments = std::move(*assessments);
    f.plans = std::move(*plans);
    f.records = std::move(*records);
    out = std::move(f);
    return {};
  }));
  return out;
}

Result<SocialService::PersonList> SocialService::persons(const work::Actor& actor, const std::string& route) {
  PersonList out;
  KOMEK_CHECK(store_.transact([&](SocialTransaction& tx) -> Result<void> {
    // One more than a page, to know whether the page holds them all.
    KOMEK_TRY(found, tx.persons_in(actor.territory, kPersonsListedMax + 1));
    out.complete = found.size() <= kPersonsListedMax;
    if (!out.complete) found.resize(kPersonsListedMax);
    // A name on a list is a read of the person's record: logged with the answer (S3).
    for (const auto& s : found)
      if (auto ok = tx.log_access(AccessRecord{"", actor.login, work::subject_of(s.person.iin),
                                               "social_person:" + s.person.id, route, actor.client, false});
          !ok)
        return ok;
    out.persons = std::move(found);
    return {};
  }));
  return out;
}

Result<Report> SocialService::report(const work::Actor& actor, const std::string& from, const std::string& to,
                                     const std::string& territory) {
  KOMEK_TRY(request, make_report_request(from, to, territory.empty() ? actor.territory : territory));
  if (!within(actor, request.territory)) {
    Error e(ErrorCode::kForbidden, "social.outside_territory", {{"territory", request.territory}});
    e.field = "territory";
    return tl::unexpected(e);
  }
  KOMEK_TRY(data, store_.report_data(request.territory, request.from, request.to));
  return build_report(catalogue_, request, data.plans, data.records);
}

}  // namespace komek::social
