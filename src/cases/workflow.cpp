#include "cases/workflow.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/phone.hpp"
#include "core/text.hpp"
#include "rules/evaluate.hpp"
#include "rules/json.hpp"

namespace komek::cases {
namespace {

using json = nlohmann::json;

Event event(std::string action, json details) { return Event{std::move(action), details.dump()}; }

tl::unexpected<Error> conflict(std::string key, std::vector<std::pair<std::string, std::string>> params = {}) {
  return fail(ErrorCode::kConflict, std::move(key), std::move(params));
}

}  // namespace

std::string_view channel_name(Channel c) {
  switch (c) {
    case Channel::kAuthorizedBody: return "authorized_body";
    case Channel::kAkim: return "akim";
    case Channel::kStateCorporation: return "state_corporation";
    case Channel::kEmploymentCentre: return "employment_centre";
    case Channel::kPortal: return "portal";
  }
  return "authorized_body";
}

std::optional<Channel> parse_channel(std::string_view s) {
  for (Channel c : {Channel::kAuthorizedBody, Channel::kAkim, Channel::kStateCorporation, Channel::kEmploymentCentre,
                    Channel::kPortal})
    if (channel_name(c) == s) return c;
  return std::nullopt;
}

std::string_view state_name(CaseState s) {
  switch (s) {
    case CaseState::kSubmitted: return "submitted";
    case CaseState::kRefusedToAccept: return "refused_to_accept";
    case CaseState::kRegistered: return "registered";
    case CaseState::kAwaitingDocuments: return "awaiting_documents";
    case CaseState::kAtCommission: return "at_commission";
    case CaseState::kEmploymentMeasures: return "employment_measures";
    case CaseState::kReadyForDecision: return "ready_for_decision";
    case CaseState::kHearing: return "hearing";
    case CaseState::kGranted: return "granted";
    case CaseState::kRefused: return "refused";
  }
  return "submitted";
}

bool is_terminal(CaseState s) {
  return s == CaseState::kRefusedToAccept || s == CaseState::kGranted || s == CaseState::kRefused;
}

const Deadline* Case::deadline(std::string_view step) const {
  for (const auto& d : deadlines)
    if (d.step == step) return &d;
  return nullptr;
}

Deadline* Case::deadline(std::string_view step) {
  for (auto& d : deadlines)
    if (d.step == step) return &d;
  return nullptr;
}

Result<void> require_state(const Case& c, std::initializer_list<CaseState> allowed, std::string_view command) {
  if (std::find(allowed.begin(), allowed.end(), c.state) != allowed.end()) return {};
  return conflict("case.transition", {{"command", std::string(command)}, {"state", std::string(state_name(c.state))}});
}

Result<const rules::Pack*> Workflow::pack_of(const Case& c) const {
  auto it = rules_.packs().find(c.pack_id);
  if (it == rules_.packs().end()) return invalid("rules.unknown_pack", {{"pack", c.pack_id}});
  return &it->second;
}

bool Workflow::is_tsa(const Case& c) const {
  auto pack = pack_of(c);
  if (!pack) return false;
  return std::any_of((*pack)->programmes.begin(), (*pack)->programmes.end(),
                     [](const rules::Programme& p) { return p.kind == rules::ProgrammeKind::kTsa; });
}

rules::PeriodsInForce Workflow::periods(const rules::Pack* pack) const { return {calendar_, rules_.procedure(), pack}; }

rules::PeriodsInForce Workflow::periods_for(const Case& c) const {
  auto pack = pack_of(c);
  return periods(pack ? *pack : nullptr);
}

Result<Date> Workflow::open_period_step(Case& c, std::string step, const rules::PeriodsInForce& periods,
                                        rules::PeriodId period, Date from) const {
  KOMEK_TRY(due, periods.due(period, from));
  open_step(c, std::move(step), due, periods[period].cites);
  return due;
}

void Workflow::open_step(Case& c, std::string step, Date due, std::string cites) const {
  if (Deadline* d = c.deadline(step)) {
    d->due = due;
    d->cites = std::move(cites);
    d->done.reset();
    return;
  }
  c.deadlines.push_back(Deadline{std::move(step), due, std::move(cites), std::nullopt});
}

void Workflow::close_step(Case& c, std::string_view step, Date today) const {
  if (Deadline* d = c.deadline(step); d != nullptr && !d->done) d->done = today;
}

Result<void> Workflow::add_fact(Case& c, const std::string& type, Date date) const {
  json family = json::parse(c.family_json);
  if (!family.contains("facts")) family["facts"] = json::array();
  family["facts"].push_back({{"type", type}, {"date", date.iso()}});
  c.family_json = family.dump();
  return {};
}

Result<Case> Workflow::submit(const Intake& intake, std::string id, std::vector<Event>& events) const {
  auto pack_it = rules_.packs().find(intake.pack_id);
  if (pack_it == rules_.packs().end()) {
    Error e(ErrorCode::kInvalidInput, "rules.unknown_pack", {{"pack", intake.pack_id.substr(0, 80)}});
    e.field = "pack";
    return tl::unexpected(e);
  }
  auto family = rules::read_family_json(intake.family_json, rules_.vocabulary(), "family");
  if (!family) {
    Error e = family.error();
    e.field = e.field.empty() ? "family" : "family." + e.field;
    return tl::unexpected(e);
  }
  if (!pack_it->second.covers(family->territory)) {
    Error e(ErrorCode::kInvalidInput, "rules.territory_outside_pack",
            {{"territory", family->territory.code()}, {"pack", intake.pack_id}});
    e.field = "family.territory";
    return tl::unexpected(e);
  }
  Case c;
  c.id = std::move(id);
  c.channel = intake.channel;
  c.pack_id = intake.pack_id;
  for (const auto& pid : intake.programmes) {
    const rules::Programme* p = pack_it->second.programme(pid);
    if (p == nullptr || p->without_application || !p->requires_programme.empty()) {
      Error e(ErrorCode::kInvalidInput, "case.programme_not_applicable", {{"programme", pid.substr(0, 80)}, {"pack", intake.pack_id}});
      e.field = "programmes";
      return tl::unexpected(e);
    }
  }
  c.programmes = intake.programmes;
  if (c.programmes.empty())
    for (const auto& p : pack_it->second.programmes)
      if (!p.without_application && p.requires_programme.empty()) c.programmes.push_back(p.id);
  c.territory = family->territory;
  for (const auto& m : family->members)
    if (m.relation == rules::Relation::kApplicant && m.iin) c.applicant_iin = m.iin->str();
  c.applicant_name = intake.applicant_name;
  // The number the decision's SMS goes to (001 §19): a Kazakh mobile number, kept in E.164
  // (issue 13 finding 12: NUL, CRLF or path characters were accepted and stored).
  if (!intake.phone.empty()) {
    auto phone = normalize_phone(intake.phone);
    if (!phone) {
      Error e(ErrorCode::kInvalidInput, "case.phone", {{"value", quote_for_message(intake.phone, 24)}});
      e.field = "phone";
      return tl::unexpected(e);
    }
    c.phone = *phone;
  }
  c.family_json = intake.family_json;
  c.received_at = intake.received_at.iso();
  KOMEK_TRY(reg, calendar_.registration_date(intake.received_at, hours_));
  // Registered the working day it arrives (office hours decide which), within the
  // registration period of that day.
  KOMEK_TRY(registration_due,
            open_period_step(c, "registration", periods(&pack_it->second), rules::PeriodId::kRegistration, reg.date));
  events.push_back(event("case.submitted", {{"channel", channel_name(c.channel)}, {"pack", c.pack_id},
                                            {"received_at", c.received_at}, {"registration_due", registration_due.iso()}}));
  if (intake.channel == Channel::kPortal) {
    // 004 §7-1: checked automatically before the application enters the journal.
    std::vector<std::string> failed;
    if (!intake.portal_complete) failed.push_back("incomplete");
    if (intake.family_has_tsa) failed.push_back("tsa_exists");
    if (!intake.members_in_one_settlement) failed.push_back("members_in_different_settlements");
    if (!failed.empty()) {
      std::string reason;
      for (const auto& f : failed) reason += (reason.empty() ? "" : ",") + f;
      KOMEK_CHECK(refuse_to_accept(c, {}, "portal_precheck:" + reason, reg.date, events));
      return c;
    }
    KOMEK_CHECK(accept(c, reg.date, "portal", events));
  }
  return c;
}

Result<void> Workflow::accept(Case& c, Date today, const std::string& officer, std::vector<Event>& events) const {
  if (auto ok = require_state(c, {CaseState::kSubmitted}, "accept"); !ok) return ok;
  KOMEK_TRY(pack, pack_of(c));
  const rules::PeriodsInForce in_force = periods(pack);
  c.state = CaseState::kRegistered;
  c.registered_on = today;
  c.officer = officer;
  close_step(c, "registration", today);
  // Registry queries are made on registration.
  KOMEK_CHECK(open_period_step(c, "registry_queries", in_force, rules::PeriodId::kRegistryQueries, today));
  // The decision deadline: the first programme's decision period for this channel.
  const rules::Programme* first = nullptr;
  for (const auto& p : (pack)->programmes)
    if (!p.without_application && !p.deadline_classes.empty()) {
      first = &p;
      break;
    }
  if (first != nullptr) {
    const rules::DeadlineClass* cls = rules::Procedure::decision_period(*pack, *first, channel_name(c.channel));
    KOMEK_TRY(due, cls->due(today, calendar_));
    open_step(c, "decision", due, cls->cites);
  }
  // The akim registers and gives a tear-off coupon.
  if (c.channel == Channel::kAkim)
    KOMEK_CHECK(open_period_step(c, "akim_coupon", in_force, rules::PeriodId::kAkimCoupon, today));
  events.push_back(event("case.registered", {{"registered_on", today.iso()}, {"officer", officer},
                                             {"decision_due", c.deadline("decision") ? json(c.deadline("decision")->due.iso()) : json(nullptr)}}));
  return {};
}

Result<void> Workflow::refuse_to_accept(Case& c, const std::vector<std::string>& missing, const std::string& reason,
                                        Date today, std::vector<Event>& events) const {
  if (auto ok = require_state(c, {CaseState::kSubmitted}, "refuse_to_accept"); !ok) return ok;
  if (missing.empty() && reason.empty()) return invalid("case.refusal_needs_reason");
  c.state = CaseState::kRefusedToAccept;
  c.missing_documents = missing;
  c.refusal_to_accept_reason = reason;
  close_step(c, "registration", today);
  events.push_back(event("case.refused_to_accept", {{"missing_documents", missing}, {"reason", reason}, {"form", "1-3"},
                                                    {"cites", "001 §11"}}));
  return {};
}

Result<void> Workflow::record_registry(Case& c, const std::string& family_json, const std::vector<std::string>& no_data,
                                       const std::string& taken_at, Date today, std::vector<Event>& events,
                                       const std::string& snapshot_json) const {
  if (auto ok = require_state(c, {CaseState::kRegistered}, "record_registry"); !ok) return ok;
  KOMEK_CHECK(rules::read_family_json(family_json, rules_.vocabulary(), "registry"));
  c.family_json = family_json;
  c.registry_taken_at = taken_at;
  c.registry_snapshot_json = snapshot_json;
  close_step(c, "registry_queries", today);
  if (!no_data.empty()) {
    c.state = CaseState::kAwaitingDocuments;
    c.missing_documents = no_data;
    events.push_back(event("case.documents_requested", {{"items", no_data}, {"cites", "001 §11"}}));
  } else {
    c.state = CaseState::kAtCommission;
  }
  events.push_back(event("case.registry_recorded", {{"taken_at", taken_at}, {"no_data", no_data}}));
  return {};
}

Result<void> Workflow::receive_documents(Case& c, Date today, std::vector<Event>& events) const {
  if (auto ok = require_state(c, {CaseState::kAwaitingDocuments}, "receive_documents"); !ok) return ok;
  c.state = CaseState::kAtCommission;
  events.push_back(event("case.documents_received", {{"items", c.missing_documents}, {"on", today.iso()}}));
  c.missing_documents.clear();
  return {};
}

Result<void> Workflow::send_written_query(Case& c, const std::string& addressee, const std::string& subject, Date today,
                                          std::vector<Event>& events) const {
  if (auto ok = require_state(c, {CaseState::kRegistered, CaseState::kAwaitingDocuments, CaseState::kAtCommission,
                                  CaseState::kEmploymentMeasures},
                              "send_written_query");
      !ok)
    return ok;
  if (c.query && !c.query->answered_on) return conflict("case.query_open");
  if (addressee.empty()) return invalid("case.query_needs_addressee");
  const rules::PeriodsInForce in_force = periods_for(c);
  KOMEK_TRY(notice, in_force.due(rules::PeriodId::kWrittenQueryNotice, today));
  KOMEK_TRY(limit, in_force.due(rules::PeriodId::kWrittenQueryAnswer, today));
  c.query = WrittenQuery{addressee, subject, today, notice, std::nullopt, limit, std::nullopt};
  open_step(c, "query_notice", notice, in_force[rules::PeriodId::kWrittenQueryNotice].cites);
  open_step(c, "query_answer", limit, in_force[rules::PeriodId::kWrittenQueryAnswer].cites);
  events.push_back(event("case.query_sent", {{"addressee", addressee}, {"notice_due", notice.iso()},
                                             {"answer_limit", limit.iso()}}));
  return {};
}

Result<void> Workflow::notify_query(Case& c, Date today, std::vector<Event>& events) const {
  if (!c.query || c.query->applicant_notified_on) return conflict("case.no_query_to_notify");
  c.query->applicant_notified_on = today;
  close_step(c, "query_notice", today);
  events.push_back(event("case.query_notice_sent", {{"on", today.iso()}}));
  return {};
}

Result<void> Workflow::answer_written_query(Case& c, Date today, std::vector<Event>& events) const {
  if (!c.query || c.query->answered_on) return conflict("case.no_open_query");
  if (today < c.query->sent_on) return invalid("case.date_before", {{"date", c.query->sent_on.iso()}});
  c.query->answered_on = today;
  close_step(c, "query_answer", today);
  // The package deadline waited for the answer: the decision moves by the calendar days the
  // query was open, up to its answer limit (the written_query_answer period), to a working day.
  const int waited = std::min(today, c.query->answer_limit) - c.query->sent_on;
  if (Deadline* d = c.deadline("decision"); d != nullptr && !d->done && waited > 0) {
    Date moved = d->due.plus_days(waited);
    KOMEK_TRY(working, calendar_.is_working(moved));
    if (!working) {
      KOMEK_TRY(next, calendar_.next_working_day(moved));
      moved = next;
    }
    d->due = moved;
    d->cites = d->cites + "; extended by a written query (" + periods_for(c)[rules::PeriodId::kWrittenQueryAnswer].cites + ")";
  }
  events.push_back(event("case.query_answered", {{"on", today.iso()}, {"days_waited", waited},
                                                 {"decision_due", c.deadline("decision") ? json(c.deadline("decision")->due.iso()) : json(nullptr)}}));
  return {};
}

Result<void> Workflow::refer_to_commission(Case& c, const std::string& kind, Date today,
                                           std::vector<Event>& events) const {
  if (auto ok = require_state(c, {CaseState::kAtCommission}, "refer_to_commission"); !ok) return ok;
  if (kind != "district" && kind != "special") return invalid("case.commission_kind", {{"value", kind.substr(0, 40)}});
  if (c.commission && !c.commission->concluded_on) return conflict("case.commission_open");
  c.commission = Commission{kind, today, std::nullopt, std::nullopt, ""};
  events.push_back(event("case.referred_to_commission", {{"kind", kind}, {"on", today.iso()},
                                                         {"cites", kind == "district" ? "001 §12; 004 §2.19" : "001 §2.2"}}));
  return {};
}

Result<void> Workflow::record_conclusion(Case& c, bool in_need, const std::string& notes, Date today,
                                         std::vector<Event>& events) const {
  if (auto ok = require_state(c, {CaseState::kAtCommission}, "record_conclusion"); !ok) return ok;
  if (!c.commission || c.commission->concluded_on) return conflict("case.no_commission");
  c.commission->concluded_on = today;
  c.commission->in_need = in_need;
  c.commission->notes = notes;
  // A "not in need" conclusion is a fact the rules weigh (TSA refusal ground 5, 004 App 12).
  if (!in_need)
    if (auto f = add_fact(c, "commission_not_in_need", today); !f) return f;
  if (c.channel == Channel::kAkim)
    KOMEK_CHECK(open_period_step(c, "package_to_centre", periods_for(c), rules::PeriodId::kPackageToCentre, today));
  c.state = is_tsa(c) ? CaseState::kEmploymentMeasures : CaseState::kReadyForDecision;
  events.push_back(event("case.commission_concluded", {{"in_need", in_need}, {"on", today.iso()}}));
  if (c.state == CaseState::kReadyForDecision) return evaluate(c, today, events);
  return {};
}

Result<void> Workflow::record_employment(Case& c, const EmploymentMeasures& measures, Date today,
                                         std::vector<Event>& events) const {
  if (auto ok = require_state(c, {CaseState::kEmploymentMeasures}, "record_employment"); !ok) return ok;
  if (measures.recommendations.empty()) return invalid("case.employment_recommendations_missing");
  for (const auto& m : measures.plan)
    if (rules_.vocabulary().measure(m) == nullptr) {
      Error e(ErrorCode::kInvalidInput, "case.unknown_measure", {{"value", m.substr(0, 60)}});
      e.field = "plan";
      return tl::unexpected(e);
    }
  // Conditional TSA needs a social contract with a plan and the able-bodied members
  // registered as job seekers (FACTS §2; 004 §2.1, §2.8).
  Case probe = c;
  if (auto ev = evaluate(probe, today, events); !ev) return ev;
  const json eval = json::parse(probe.evaluation_json);
  bool conditional = false;
  for (const auto& p : eval["programmes"])
    if (p["tsa_type"] == "conditional" && p["eligible"] == true) conditional = true;
  if (conditional && (measures.contract_number.empty() || measures.plan.empty()))
    return invalid("case.social_contract_needed");
  if (conditional && measures.job_seekers.empty()) return invalid("case.job_seekers_needed");
  c.employment = measures;
  c.employment->recommendations_on = today;
  if (conditional) c.employment->contract_signed_on = today;
  c.state = CaseState::kReadyForDecision;
  events.push_back(event("case.employment_recorded", {{"conditional", conditional}, {"contract", measures.contract_number},
                                                      {"plan", measures.plan}, {"job_seekers", measures.job_seekers.size()}}));
  return evaluate(c, today, events);
}

Result<void> Workflow::evaluate(Case& c, Date today, std::vector<Event>& events) const {
  KOMEK_TRY(pack, pack_of(c));
  KOMEK_TRY(family, rules::read_family_json(c.family_json, rules_.vocabulary(), "case"));
  rules::EvaluationInput in{*pack, parameters(), rules_.income_rules(), family, std::max(today, family.application_date),
                            &calendar_, true};
  KOMEK_TRY(ev, rules::evaluate(in));
  const auto ids = considered(c);
  for (const auto& o : ev.programmes)
    if (std::find(ids.begin(), ids.end(), o.programme->id) != ids.end() && o.in_force && !o.decided) {
      Error e = *o.error;
      e.code = ErrorCode::kUnknownValue;
      return tl::unexpected(e);
    }
  c.evaluation_json = rules::to_json(ev, Lang::kEn, true).dump();
  events.push_back(event("case.evaluated", {{"on", today.iso()}, {"refusal_grounds", refusal_grounds_found(c)}}));
  return {};
}

std::vector<std::string> Workflow::considered(const Case& c) const {
  std::vector<std::string> ids = c.programmes;
  auto pack = pack_of(c);
  if (!pack) return ids;
  for (const auto& p : (*pack)->programmes)
    if (!p.requires_programme.empty() &&
        std::find(ids.begin(), ids.end(), p.requires_programme) != ids.end() &&
        std::find(ids.begin(), ids.end(), p.id) == ids.end())
      ids.push_back(p.id);
  return ids;
}

bool Workflow::refusal_grounds_found(const Case& c) const {
  if (c.evaluation_json.empty()) return false;
  const json eval = json::parse(c.evaluation_json);
  // A refusal ground for anything applied for, or nothing granted at all: the applicant is
  // heard first (001 §18).
  const auto ids = considered(c);
  bool any_refused = false;
  bool any_eligible = false;
  for (const auto& p : eval["programmes"]) {
    if (std::find(ids.begin(), ids.end(), p["id"].get<std::string>()) == ids.end() || p["in_force"] != true) continue;
    if (!p["refusal_reasons"].empty()) any_refused = true;
    any_eligible = any_eligible || p["eligible"] == true;
  }
  return any_refused || !any_eligible;
}

Result<void> Workflow::notify_hearing(Case& c, Date today, Date decision_not_before, std::vector<Event>& events) const {
  if (auto ok = require_state(c, {CaseState::kReadyForDecision}, "notify_hearing"); !ok) return ok;
  if (!refusal_grounds_found(c)) return conflict("case.no_refusal_grounds");
  // The notice comes at least the hearing_notice period before the decision (001 §18).
  const rules::PeriodsInForce in_force = periods_for(c);
  KOMEK_TRY(earliest, in_force.due(rules::PeriodId::kHearingNotice, today));
  if (decision_not_before < earliest)
    return invalid("case.hearing_too_late",
                   {{"earliest", earliest.iso()}, {"cites", in_force[rules::PeriodId::kHearingNotice].cites}});
  auto objection_due = in_force.due(rules::PeriodId::kObjection, today);
  if (!objection_due) return tl::unexpected(objection_due.error());
  Hearing h;
  h.notified_on = today;
  h.decision_not_before = decision_not_before;
  h.objection_due = *objection_due;
  const json eval = json::parse(c.evaluation_json);
  const auto ids = considered(c);
  for (const auto& p : eval["programmes"])
    if (std::find(ids.begin(), ids.end(), p["id"].get<std::string>()) != ids.end())
      for (const auto& r : p["refusal_reasons"]) h.grounds.push_back(r["id"].get<std::string>() + " (" + r["cites"].get<std::string>() + ")");
  c.hearing = h;
  c.state = CaseState::kHearing;
  open_step(c, "objection", *objection_due, in_force[rules::PeriodId::kObjection].cites);
  events.push_back(event("case.hearing_notified", {{"on", today.iso()}, {"decision_not_before", decision_not_before.iso()},
                                                   {"objection_due", objection_due->iso()}, {"grounds", h.grounds}}));
  return {};
}

Result<void> Workflow::record_objection(Case& c, const std::string& text, bool oral, Date today,
                                        std::vector<Event>& events) const {
  if (auto ok = require_state(c, {CaseState::kHearing}, "record_objection"); !ok) return ok;
  Hearing& h = *c.hearing;
  if (h.objection_on) return conflict("case.objection_recorded");
  if (h.objection_due < today) return conflict("case.objection_late", {{"due", h.objection_due.iso()}});
  if (text.empty()) return invalid("case.objection_empty");
  h.objection_on = today;
  h.objection = text;
  h.oral = oral;
  close_step(c, "objection", today);
  if (oral) {
    // An oral objection goes into a protocol; the applicant may file remarks on it within the
    // protocol_remarks period of reading it (001 §18).
    h.protocol_on = today;
    KOMEK_TRY(due, open_period_step(c, "remarks", periods_for(c), rules::PeriodId::kProtocolRemarks, today));
    h.remarks_due = due;
  }
  events.push_back(event("case.objection_recorded", {{"oral", oral}, {"on", today.iso()}}));
  return {};
}

Result<void> Workflow::record_remarks(Case& c, const std::string& text, Date today, std::vector<Event>& events) const {
  if (auto ok = require_state(c, {CaseState::kHearing}, "record_remarks"); !ok) return ok;
  Hearing& h = *c.hearing;
  if (!h.protocol_on) return conflict("case.no_protocol");
  if (h.remarks_on) return conflict("case.remarks_recorded");
  if (*h.remarks_due < today) return conflict("case.remarks_late", {{"due", h.remarks_due->iso()}});
  h.remarks_on = today;
  h.remarks = text;
  close_step(c, "remarks", today);
  events.push_back(event("case.remarks_recorded", {{"on", today.iso()}}));
  return {};
}

Result<void> Workflow::decide(Case& c, Date today, const std::string& officer, std::vector<Event>& events) const {
  if (auto ok = require_state(c, {CaseState::kReadyForDecision, CaseState::kHearing}, "decide"); !ok) return ok;
  if (c.state == CaseState::kReadyForDecision && refusal_grounds_found(c)) return conflict("case.hearing_required");
  if (c.state == CaseState::kHearing) {
    const Hearing& h = *c.hearing;
    if (today < h.decision_not_before) return conflict("case.hearing_not_over", {{"date", h.decision_not_before.iso()}});
    // Remarks on a protocol are considered before the decision (001 §18).
    if (h.protocol_on && !h.remarks_on && !(*h.remarks_due < today))
      return conflict("case.remarks_window_open", {{"date", h.remarks_due->iso()}});
  }
  if (auto ev = evaluate(c, today, events); !ev) return ev;
  const json eval = json::parse(c.evaluation_json);
  Decision d;
  d.on = today;
  d.officer = officer;
  const auto ids = considered(c);
  for (const auto& p : eval["programmes"]) {
    if (p["in_force"] != true || std::find(ids.begin(), ids.end(), p["id"].get<std::string>()) == ids.end()) continue;
    ProgrammeDecision pd;
    pd.programme = p["id"];
    pd.granted = p["eligible"] == true;
    pd.amount_per_payment = Money::from_tiyn(p["amount_per_payment_tiyn"].get<std::int64_t>());
    pd.payments = p["payments"];
    pd.amount_per_period = Money::from_tiyn(p["amount_per_period_tiyn"].get<std::int64_t>());
    if (!p["period"].is_null()) {
      pd.period_from = Date::parse(p["period"]["from"].get<std::string>()).value();
      pd.period_to = Date::parse(p["period"]["to"].get<std::string>()).value();
    }
    if (!p["tsa_type"].is_null()) pd.tsa_type = p["tsa_type"];
    for (const auto& r : p["refusal_reasons"]) {
      pd.refusals.push_back(r["id"]);
      pd.cites.push_back(r["cites"]);
    }
    pd.cites.push_back(p["cites"]);
    d.granted = d.granted || pd.granted;
    d.programmes.push_back(std::move(pd));
  }
  d.form = d.granted ? "5" : "6";
  c.decision = d;
  c.state = d.granted ? CaseState::kGranted : CaseState::kRefused;
  close_step(c, "decision", today);
  events.push_back(event(d.granted ? "case.granted" : "case.refused", {{"on", today.iso()}, {"officer", officer}, {"form", d.form}}));
  return {};
}

Result<void> Workflow::set_aside_decision(Case& c, const std::string& complaint_id, Date today,
                                          std::vector<Event>& events) const {
  if (auto ok = require_state(c, {CaseState::kGranted, CaseState::kRefused, CaseState::kRefusedToAccept}, "set_aside");
      !ok)
    return ok;
  // The new decision (or, after a refusal to accept, the completeness check) within the
  // redecision period (004 §45).
  const rules::PeriodsInForce in_force = periods_for(c);
  KOMEK_TRY(due, in_force.due(rules::PeriodId::kRedecision, today));
  const std::string& cites = in_force[rules::PeriodId::kRedecision].cites;
  if (c.state == CaseState::kRefusedToAccept) {
    c.state = CaseState::kSubmitted;
    open_step(c, "registration", due, cites);
  } else {
    c.earlier_decisions.push_back(*c.decision);
    c.decision.reset();
    c.hearing.reset();
    c.state = CaseState::kReadyForDecision;
    open_step(c, "decision", due, cites);
  }
  events.push_back(event("case.decision_set_aside", {{"complaint", complaint_id}, {"on", today.iso()}, {"decision_due", due.iso()}}));
  return {};
}

}  // namespace komek::cases
