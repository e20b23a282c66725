#include "cases/service.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "cases/assignment_json.hpp"
#include "cases/case_json.hpp"
#include "rules/evaluate.hpp"

namespace komek::cases {
namespace {

using json = nlohmann::json;

tl::unexpected<Error> not_found() { return fail(ErrorCode::kNotFound, "case.not_found"); }

}  // namespace

PaymentDestination payment_destination(const Case& c) {
  PaymentDestination to;
  if (c.registry_snapshot_json.empty()) return to;
  const json snapshot = json::parse(c.registry_snapshot_json, nullptr, false);
  if (!snapshot.is_object() || !snapshot.contains("members")) return to;
  for (const auto& m : snapshot["members"]) {
    if (m.value("iin", "") != c.applicant_iin || !m.contains("answers")) continue;
    for (const auto& a : m["answers"]) {
      if (a.value("query", 0) != 7 || !a.contains("data") || !a["data"].is_array() || a["data"].empty()) continue;
      const json& account = a["data"][0];
      to.account = account.value("iban", "");
      to.payment_organisation = account.value("bic", "");
      if (to.account.empty() || to.payment_organisation.empty()) to = PaymentDestination{};
      return to;
    }
  }
  return to;
}

Result<Done<Case>> CaseService::run(const Actor& actor, const RequestKey& request,
                                    const std::function<Result<Done<Case>>(CaseTransaction&)>& work) {
  return work::run_idempotent<Case, CaseTransaction>(store_, actor, request, case_codec(), work);
}

Result<Done<Case>> CaseService::submit(const Actor& actor, const RequestKey& request, Intake intake) {
  if (intake.channel == Channel::kPortal) {
    // 004 §7-1: the registries and the journal are asked before the application is taken.
    KOMEK_TRY(facts, registry_.portal_facts(intake.family_json, clock_.now_local().date));
    intake.family_has_tsa = facts.family_has_tsa;
    intake.members_in_one_settlement = facts.members_in_one_settlement;
    KOMEK_TRY(open, store_.list(CaseFilter{std::nullopt, std::nullopt, std::nullopt, actor.iin, true, 50}));
    // An open application of the same pack counts as one "already filed" (004 §7-1 (2)).
    for (const auto& c : open)
      if (c.pack_id == intake.pack_id) intake.family_has_tsa = true;
  }
  return run(actor, request, [&](CaseTransaction& tx) -> Result<Done<Case>> {
    std::vector<Event> events;
    intake.received_at = clock_.now_local();
    KOMEK_TRY(c, workflow_.submit(intake, ids_.new_id(), events));
    if (actor.is_applicant() && c.applicant_iin != actor.iin)
      return fail(ErrorCode::kForbidden, "case.not_own_application");
    if (!actor.is_applicant() && !actor.covers(c.territory))
      return fail(ErrorCode::kForbidden, "case.outside_territory");
    if (c.state == CaseState::kRegistered) {
      KOMEK_ASSIGN(c.number, tx.next_number(c.territory.district(), c.registered_on->year()));
    }
    KOMEK_CHECK(tx.insert_case(c));
    const std::string after = case_document(c);
    for (const auto& e : events)
      KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, e.action, "case", c.id, "", e.details}));
    KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, "case.created", "case", c.id, "", after}));
    if (c.state == CaseState::kRefusedToAccept)
      KOMEK_CHECK(tx.enqueue({Topic::kNoticeRefusalToAccept, json{{"case", c.id}, {"form", "1-3"}}.dump()}));
    return Done<Case>{Effect::kCreated, std::move(c)};
  });
}

Result<Done<Case>> CaseService::apply(const Actor& actor, const RequestKey& request, const std::string& case_id,
                                    const std::string& command_name, const Command& command) {
  return apply(actor, request, case_id, command_name,
               [&command](const Workflow&, Case& c, Date today, std::vector<Event>& events) { return command(c, today, events); });
}

Result<rules::ParameterSet> CaseService::parameters_for(int region) {
  if (regional_ == nullptr) return workflow_.rules().parameters();
  return regional_->for_region(region);
}

Result<Done<Case>> CaseService::apply(const Actor& actor, const RequestKey& request, const std::string& case_id,
                                    const std::string& command_name, const EvaluatingCommand& command) {
  // The visibility check is a logged read of its own, committed even when the command then
  // fails (RELIABILITY S3: denials are logged too).
  KOMEK_TRY(seen, read(actor, case_id, command_name));
  // The figures of the case's region (a case never changes its territory), read before the
  // command's transaction: the workflow is given them and reads nothing itself.
  KOMEK_TRY(parameters, parameters_for(seen.territory.region_number()));
  const Workflow workflow = workflow_.with_parameters(parameters);
  return run(actor, request, [&](CaseTransaction& tx) -> Result<Done<Case>> {
    KOMEK_TRY(found, tx.find_case(case_id));
    if (!found) return not_found();
    Case c = std::move(*found);
    const std::string before = case_document(c);
    std::vector<Event> events;
    const Date today = clock_.now_local().date;
    KOMEK_CHECK(command(workflow, c, today, events));
    if (c.state == CaseState::kRegistered && c.number.empty()) {
      KOMEK_ASSIGN(c.number, tx.next_number(c.territory.district(), c.registered_on->year()));
    }
    KOMEK_CHECK(tx.update_case(c));
    const std::string after = case_document(c);
    for (const auto& e : events)
      KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, e.action, "case", c.id, "", e.details}));
    KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, command_name, "case", c.id, before, after}));
    // Notices go out through the outbox, in the same transaction (issue 5 delivers them).
    for (const auto& e : events) {
      if (e.action != "case.granted") continue;
      // The decision's assignments are made in the same transaction (SPEC §9.2: on a decision
      // payment starts).
      auto pack = workflow_.rules().packs().find(c.pack_id);
      if (pack == workflow_.rules().packs().end())
        return fail(ErrorCode::kUnknownValue, "rules.unknown_pack", {{"pack", c.pack_id}});
      KOMEK_TRY(made, assignments_for_decision(c, pack->second, payment_destination(c), [this] { return ids_.new_id(); }));
      for (auto& a : made) {
        KOMEK_CHECK(tx.insert_assignment(a));
        KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, "assignment.made", "assignment", a.id, "", to_json(a).dump()}));
      }
    }
    for (const auto& e : events) {
      if (e.action == "case.granted" || e.action == "case.refused")
        KOMEK_CHECK(tx.enqueue({Topic::kNoticeDecision, json{{"case", c.id}, {"form", c.decision->form}, {"phone", c.phone}}.dump()}));
      if (e.action == "case.hearing_notified")
        KOMEK_CHECK(tx.enqueue({Topic::kNoticeHearing, json{{"case", c.id}}.dump()}));
      if (e.action == "case.query_sent")
        KOMEK_CHECK(tx.enqueue({Topic::kNoticeWrittenQuery, json{{"case", c.id}}.dump()}));
    }
    return Done<Case>{Effect::kDone, std::move(c)};
  });
}

Result<Done<Case>> CaseService::accept(const Actor& actor, const RequestKey& request, const std::string& case_id) {
  return apply(actor, request, case_id, "case.accept", [&](Case& c, Date today, std::vector<Event>& events) -> Result<void> {
    return workflow_.accept(c, today, actor.login, events);
  });
}

Result<Done<Case>> CaseService::query_registry(const Actor& actor, const RequestKey& request, const std::string& case_id) {
  return apply(actor, request, case_id, "case.registry", [&](Case& c, Date today, std::vector<Event>& events) -> Result<void> {
    if (auto ok = require_state(c, {CaseState::kRegistered}, "record_registry"); !ok) return ok;
    KOMEK_TRY(answer, registry_.lookup(c, today));
    return workflow_.record_registry(c, answer.family_json, answer.no_data, answer.taken_at, today, events,
                                     answer.snapshot_json);
  });
}

Result<Case> CaseService::read(const Actor& actor, const std::string& case_id, const std::string& route) {
  // Every read of a person's record is logged before it is answered (S3), denials too.
  const work::LoggedRead<Case> read{"case:" + case_id.substr(0, 64), route, not_found().value(),
                                    [&](const Case& c) { return actor.may_see(c.territory, c.applicant_iin); },
                                    [](const Case& c) { return c.applicant_iin; }};
  return work::read_logged<Case, CaseTransaction>(store_, actor, read,
                                                 [&](CaseTransaction& tx) { return tx.find_case(case_id); });
}

Result<FiguresWantedReport> CaseService::figures_wanted(const Actor& actor, const std::string& case_id) {
  FiguresWantedReport report;
  std::vector<Case> cases;
  if (!case_id.empty()) {
    KOMEK_TRY(c, read(actor, case_id, "GET /api/v1/statistics/wanted"));
    if (!is_terminal(c.state)) cases.push_back(std::move(c));
  } else {
    for (int s = 0; s <= static_cast<int>(CaseState::kRefused); ++s) {
      const auto state = static_cast<CaseState>(s);
      if (is_terminal(state)) continue;
      CaseFilter filter;
      filter.state = state;
      filter.limit = kFiguresWantedPage;
      KOMEK_TRY(page, list(actor, filter));
      if (page.size() >= kFiguresWantedPage) report.complete = false;
      for (auto& c : page) cases.push_back(std::move(c));
    }
  }
  std::map<int, rules::ParameterSet> by_region;
  std::map<std::pair<int, Quarter>, FiguresWanted> wanted;
  for (const auto& c : cases) {
    auto pack = workflow_.rules().packs().find(c.pack_id);
    if (pack == workflow_.rules().packs().end()) continue;
    // The application day is the family's (the rules count the quarters from it).
    const json family = json::parse(c.family_json, nullptr, false);
    auto applied = Date::parse(family.is_object() ? family.value("application_date", "") : "");
    if (!applied) continue;
    const int region = c.territory.region_number();
    auto at = by_region.find(region);
    if (at == by_region.end()) {
      KOMEK_TRY(parameters, parameters_for(region));
      at = by_region.emplace(region, std::move(parameters)).first;
    }
    auto missing = rules::missing_regional_figures(pack->second, workflow_.considered(c), region, *applied, at->second);
    if (!missing) continue;
    FiguresWanted& w = wanted[{region, missing->quarter}];
    w.region = region;
    w.quarter = missing->quarter;
    for (const auto& s : missing->series)
      if (std::find(w.series.begin(), w.series.end(), s) == w.series.end()) w.series.push_back(s);
    ++w.cases;
    if (w.case_ids.size() < kFiguresWantedIdsMax) w.case_ids.push_back(c.id);
  }
  for (auto& [key, w] : wanted) {
    // Series in the order the rules ask for them.
    std::stable_sort(w.series.begin(), w.series.end(),
                     [](const std::string& a, const std::string& b) { return a == "subsistence_minimum" && b != a; });
    report.wanted.push_back(std::move(w));
  }
  return report;
}

Result<std::vector<Case>> CaseService::read_all(const Actor& actor, CaseFilter filter, const std::string& route) {
  KOMEK_TRY(cases, list(actor, std::move(filter)));
  KOMEK_CHECK((work::log_reads<Case, CaseTransaction>(
      store_, actor, cases, route, [](const Case& c) { return "case:" + c.id; },
      [](const Case& c) { return c.applicant_iin; })));
  return std::move(cases);
}

Result<std::vector<Case>> CaseService::list(const Actor& actor, CaseFilter filter) {
  if (actor.is_applicant()) {
    filter.applicant_iin = actor.iin;
  } else {
    // Staff see only their territory, whatever the request asks.
    filter.territory_prefix = actor.narrowed(filter.territory_prefix.value_or(""));
  }
  return store_.list(filter);
}

}  // namespace komek::cases
