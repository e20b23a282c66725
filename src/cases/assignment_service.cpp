#include "cases/assignment_service.hpp"

#include "work/json_codec.hpp"

#include <nlohmann/json.hpp>

#include "cases/assignment_json.hpp"
#include "rules/evaluate.hpp"
#include "rules/family.hpp"

namespace komek::cases {
namespace {

using json = nlohmann::json;

tl::unexpected<Error> not_found() { return fail(ErrorCode::kNotFound, "assignment.not_found"); }

// A notice to the recipient's cabinet (delivered by notify/), in the three languages.
OutboxMessage cabinet_notice(const Assignment& a, const std::string& kind, const json& title, const json& body) {
  return {Topic::kCabinet, json{{"iin", a.recipient_iin}, {"kind", kind}, {"title", title}, {"body", body}, {"ref", "assignment:" + a.id}}.dump()};
}

OutboxMessage termination_notice(const Assignment& a) {
  const Termination& t = *a.termination;
  const std::string stops = t.payment_stops.iso();
  return cabinet_notice(
      a, "assignment.terminated",
      {{"kk", "Төлем тоқтатылды"}, {"ru", "Выплата прекращена"}, {"en", "Payment stopped"}},
      {{"kk", a.programme + " бойынша төлем " + stops + " бастап тоқтатылады (" + t.cites + ")."},
       {"ru", "Выплата по " + a.programme + " прекращается с " + stops + " (" + t.cites + ")."},
       {"en", "Payment of " + a.programme + " stops from " + stops + " (" + t.cites + ")."}});
}

}  // namespace

Result<Assignment> AssignmentService::read(const Actor& actor, const std::string& id, const std::string& route) {
  const work::LoggedRead<Assignment> read{"assignment:" + id.substr(0, 64), route, not_found().value(),
                                          [&](const Assignment& a) { return actor.may_see(a.territory, a.recipient_iin); },
                                          [](const Assignment& a) { return a.recipient_iin; }};
  return work::read_logged<Assignment, CaseTransaction>(store_, actor, read,
                                                       [&](CaseTransaction& tx) { return tx.find_assignment(id); });
}

Result<std::vector<Assignment>> AssignmentService::list(const Actor& actor, AssignmentFilter filter, const std::string& route) {
  if (actor.is_applicant()) {
    filter.recipient_iin = actor.iin;
  } else {
    const std::string asked = filter.territory_prefix.value_or("");
    // Staff see their territory only: a narrower prefix inside it, never a wider one.
    filter.territory_prefix = actor.narrowed(asked);
  }
  auto list = store_.list_assignments(filter);
  if (!list) return list;
  KOMEK_CHECK((work::log_reads<Assignment, CaseTransaction>(
      store_, actor, *list, route, [](const Assignment& a) { return "assignment:" + a.id; },
      [](const Assignment& a) { return a.recipient_iin; })));
  return list;
}

Result<Done<Assignment>> AssignmentService::change(const Actor& actor, const RequestKey& request, const std::string& id,
                                           const std::string& action, const Change& change) {
  return work::run_idempotent<Assignment, CaseTransaction>(store_, actor, request, assignment_codec(),
                                                          [&](CaseTransaction& tx) -> Result<Done<Assignment>> {
    KOMEK_TRY(found, tx.find_assignment(id));
    if (!found || !actor.may_see((found)->territory, (found)->recipient_iin)) return not_found();
    Assignment a = std::move(*found);
    const std::string before = to_json(a).dump();
    const Date today = clock_.now_local().date;
    KOMEK_CHECK(change(a, today));
    KOMEK_CHECK(tx.update_assignment(a));
    KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, action, "assignment", a.id, before, to_json(a).dump()}));
    if (a.termination && action == "assignment.terminate")
      KOMEK_CHECK(tx.enqueue(termination_notice(a)));
    return Done<Assignment>{Effect::kDone, std::move(a)};
  });
}

Result<Done<Assignment>> AssignmentService::change_amount(const Actor& actor, const RequestKey& request, const std::string& id,
                                                  Month from, Money amount, const std::string& reason, const std::string& cites) {
  KOMEK_CHECK(workflow_.rules().money_ceilings().check(MoneyKind::kAssignmentAmount, amount, "amount"));
  return change(actor, request, id, "assignment.change_amount", [&](Assignment& a, Date today) {
    return cases::change_amount(a, AmountChange{from, amount, today, reason, cites, actor.login});
  });
}

Result<Done<Assignment>> AssignmentService::suspend(const Actor& actor, const RequestKey& request, const std::string& id, Date from,
                                            const std::string& reason) {
  return change(actor, request, id, "assignment.suspend", [&](Assignment& a, Date) {
    return cases::suspend(a, Suspension{from, std::nullopt, reason, false, actor.login});
  });
}

Result<Done<Assignment>> AssignmentService::resume(const Actor& actor, const RequestKey& request, const std::string& id, Date on,
                                           bool repay) {
  return change(actor, request, id, "assignment.resume",
                [&](Assignment& a, Date) { return cases::resume(a, on, repay, actor.login); });
}

Result<void> AssignmentService::terminate_in(const Actor& actor, Assignment& a,
                                             const TerminationRequest& t, Date today, const std::string& source) {
  auto pack = workflow_.rules().packs().find(a.pack_id);
  if (pack == workflow_.rules().packs().end()) return fail(ErrorCode::kUnknownValue, "rules.unknown_pack", {{"pack", a.pack_id}});
  const rules::Programme* programme = pack->second.programme(a.programme);
  if (programme == nullptr)
    return fail(ErrorCode::kUnknownValue, "assignment.programme_unknown", {{"programme", a.programme}, {"pack", a.pack_id}});
  auto rule = rules::termination_for(pack->second, *programme, t.ground, t.event_on);
  if (!rule) {
    Error e = rule.error();
    e.field = "ground";
    return tl::unexpected(e);
  }
  // 001 §22.3: placement in an institution does not stop disaster or fire assistance.
  if (!rule->terminates)
    return fail(ErrorCode::kConflict, "assignment.ground_does_not_stop", {{"ground", t.ground}, {"programme", a.programme}, {"cites", rule->cites}});
  TerminationEvent event;
  event.ground = t.ground;
  event.event_on = t.event_on;
  event.source = source;
  event.stops = *rule->payment_stops;
  event.cites = rule->cites;
  event.officer = actor.login;
  if (source == "recipient_report") {
    // Recipients report within the event_report period of the event (001 §22; SPEC §10).
    KOMEK_TRY(due, workflow_.periods(&pack->second).due(rules::PeriodId::kEventReport, t.event_on));
    event.reported_on = today;
    event.report_due = due;
  }
  return cases::terminate(a, event, today);
}

Result<Done<Assignment>> AssignmentService::terminate(const Actor& actor, const RequestKey& request, const std::string& id,
                                              const TerminationRequest& termination) {
  std::string source = termination.source;
  if (actor.is_applicant()) source = "recipient_report";
  if (source != "officer" && source != "recipient_report") {
    Error e(ErrorCode::kInvalidInput, "assignment.source_unknown", {{"value", source.substr(0, 40)}});
    e.field = "source";
    return tl::unexpected(e);
  }
  return change(actor, request, id, "assignment.terminate", [&](Assignment& a, Date today) -> Result<void> {
    // A recipient reports on their own assignment only (change() checks visibility); staff of
    // the territory record both.
    return terminate_in(actor, a, termination, today, source);
  });
}

Result<Done<RegistrySweep>> AssignmentService::apply_registry_events(const Actor& actor, const RequestKey& request) {
  const Date today = clock_.now_local().date;
  AssignmentFilter filter;
  filter.territory_prefix = actor.territory;
  filter.status = AssignmentStatus::kActive;
  filter.limit = 100000;
  KOMEK_TRY(active, store_.list_assignments(filter));
  filter.status = AssignmentStatus::kSuspended;
  KOMEK_TRY(suspended, store_.list_assignments(filter));
  active.insert(active.end(), suspended.begin(), suspended.end());
  // The registry is asked outside the transaction (it may be slow); the terminations are
  // then made in one transaction, each against the version read.
  std::vector<std::pair<std::string, RegistryEvent>> found;
  for (const auto& a : active) {
    KOMEK_TRY(events, events_.events(a.recipient_iin, a.territory.district(), today));
    const RegistryEvent* first = nullptr;
    for (const auto& e : events)
      if (e.on >= std::min(a.assigned_on, a.period_from) && (first == nullptr || e.on < first->on)) first = &e;
    if (first != nullptr) found.emplace_back(a.id, *first);
  }
  return work::run_idempotent<RegistrySweep, CaseTransaction>(store_, actor, request, registry_sweep_codec(),
                                                             [&](CaseTransaction& tx) -> Result<Done<RegistrySweep>> {
    RegistrySweep sweep{active.size(), {}};
    for (const auto& [id, event] : found) {
      KOMEK_TRY(a, tx.find_assignment(id));
      if (!a || (a)->status == AssignmentStatus::kTerminated) continue;
      Assignment x = std::move(*a);
      const std::string before = to_json(x).dump();
      auto ok = terminate_in(actor, x, TerminationRequest{event.ground, event.on, "registry"}, today, "registry");
      if (!ok) {
        // A ground the programme does not stop on (e.g. institution for disaster relief) is
        // reported, not an error of the sweep.
        sweep.events.push_back(SweepEvent{id, event.ground, event.on, false, ok.error().message_key, std::nullopt});
        continue;
      }
      KOMEK_CHECK(tx.update_assignment(x));
      KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, "assignment.terminate", "assignment", x.id, before, to_json(x).dump()}));
      KOMEK_CHECK(tx.enqueue(termination_notice(x)));
      sweep.events.push_back(SweepEvent{id, event.ground, event.on, true, "", x.termination->payment_stops});
    }
    return Done<RegistrySweep>{Effect::kDone, std::move(sweep)};
  });
}

Result<HolidayList> AssignmentService::build_holiday_list(const Actor& actor, const rules::Pack& pack,
                                                          const std::vector<const rules::Programme*>& paid, Date date,
                                                          Date today, std::vector<Assignment>& made) {
  const rules::Library& lib = workflow_.rules();
  std::string taken_at;
  std::vector<std::string> unresolved;
  KOMEK_TRY(families, recipients_.recipients(*pack.territory, date, taken_at, unresolved));
  HolidayList list;
  list.id = ids_.new_id();
  list.pack_id = pack.id;
  list.date = date;
  list.territory = *pack.territory;
  list.made_on = today;
  list.made_by = actor.login;
  list.source_taken_at = taken_at;
  list.unresolved = std::move(unresolved);
  for (const auto* p : paid) list.programmes.push_back(p->id);
  for (const auto& f : families) {
    KOMEK_TRY(family, rules::read_family_json(f.family_json, lib.vocabulary(), "family"));
    auto ev = rules::evaluate(rules::EvaluationInput{pack, lib.parameters(), lib.income_rules(), family, date, nullptr, false});
    if (!ev) continue;  // a family outside the pack's territory or rules: not on this list
    for (const auto& outcome : ev->programmes) {
      if (outcome.programme == nullptr || !outcome.eligible || !outcome.decided) continue;
      if (std::find(list.programmes.begin(), list.programmes.end(), outcome.programme->id) == list.programmes.end()) continue;
      for (int index : outcome.recipients) {
        const auto i = static_cast<std::size_t>(index);
        if (i >= f.iins.size()) continue;
        Assignment a;
        a.id = ids_.new_id();
        a.list_id = list.id;
        a.pack_id = pack.id;
        a.programme = outcome.programme->id;
        a.recipient_iin = f.iins[i];
        a.recipient_name = i < f.names.size() ? f.names[i] : "";
        a.territory = family.territory;
        a.frequency = PaymentFrequency::kHoliday;
        a.period_from = date;
        a.period_to = date;
        a.payment_date = outcome.payment_date.value_or(date);
        a.amount = outcome.amount_per_recipient;
        a.payments = 1;
        const PaymentDestination to = i < f.destinations.size() ? f.destinations[i] : PaymentDestination{};
        a.payment_organisation = to.payment_organisation.empty() ? "KAZPOST" : to.payment_organisation;
        a.account = to.account;
        a.assigned_on = today;
        a.cites = outcome.programme->cites;
        list.entries.push_back({a.programme, a.recipient_iin, a.recipient_name, a.amount, a.cites, a.id});
        made.push_back(std::move(a));
      }
    }
  }
  return list;
}

Result<Done<HolidayList>> AssignmentService::make_holiday_list(const Actor& actor, const RequestKey& request, const std::string& pack_id,
                                                      Date date) {
  const rules::Library& lib = workflow_.rules();
  auto pack_it = lib.packs().find(pack_id);
  if (pack_it == lib.packs().end()) {
    Error e(ErrorCode::kInvalidInput, "rules.unknown_pack", {{"pack", pack_id.substr(0, 80)}});
    e.field = "pack";
    return tl::unexpected(e);
  }
  const rules::Pack& pack = pack_it->second;
  if (!pack.territory) {
    Error e(ErrorCode::kInvalidInput, "holiday.pack_not_local", {{"pack", pack.id}});
    e.field = "pack";
    return tl::unexpected(e);
  }
  if (!actor.covers(*pack.territory)) return fail(ErrorCode::kForbidden, "http.forbidden");
  std::vector<const rules::Programme*> paid;
  for (const auto& p : pack.programmes)
    if (p.frequency.kind == rules::FrequencyKind::kHoliday && p.without_application && p.frequency.month == date.month() &&
        p.frequency.day == date.day())
      paid.push_back(&p);
  if (paid.empty()) {
    Error e(ErrorCode::kInvalidInput, "holiday.no_programme_on_date", {{"pack", pack.id}, {"date", date.iso()}});
    e.field = "date";
    return tl::unexpected(e);
  }
  const Date today = clock_.now_local().date;
  // A list already made is answered as it is, without asking the registry again.
  bool exists = false;
  KOMEK_CHECK(store_.transact([&](CaseTransaction& tx) -> Result<void> {
    KOMEK_TRY(x, tx.find_holiday_list(pack.id, *pack.territory, date));
    exists = x.has_value();
    return {};
  }));
  HolidayList list;
  std::vector<Assignment> made;
  if (!exists) {
    KOMEK_TRY(built, build_holiday_list(actor, pack, paid, date, today, made));
    list = std::move(built);
  }
  return work::run_idempotent<HolidayList, CaseTransaction>(store_, actor, request, holiday_list_codec(),
                                                           [&](CaseTransaction& tx) -> Result<Done<HolidayList>> {
    KOMEK_TRY(already, tx.find_holiday_list(pack.id, *pack.territory, date));
    if (already) return Done<HolidayList>{Effect::kDone, std::move(*already)};
    KOMEK_CHECK(tx.insert_holiday_list(list));
    for (auto& a : made)
      KOMEK_CHECK(tx.insert_assignment(a));
    json summary = {{"pack", list.pack_id}, {"date", list.date.iso()}, {"territory", list.territory.code()},
                    {"recipients", list.entries.size()}, {"total_tiyn", list.total().tiyn()}, {"programmes", list.programmes}};
    KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, "holiday_list.made", "holiday_list", list.id, "", summary.dump()}));
    return Done<HolidayList>{Effect::kCreated, std::move(list)};
  });
}

Result<HolidayList> AssignmentService::read_holiday_list(const Actor& actor, const std::string& id) {
  KOMEK_TRY(list, store_.get_holiday_list(id));
  if (!list || actor.is_applicant() || !actor.covers(list->territory))
    return fail(ErrorCode::kNotFound, "holiday.not_found");
  // Each recipient's IIN and name are read: one access-log row per recipient (S3; issue 13
  // finding 9 — this read was not logged).
  KOMEK_CHECK((work::log_reads<HolidayListEntry, CaseTransaction>(
      store_, actor, list->entries, "GET /api/v1/holiday-lists/{id}",
      [&list](const HolidayListEntry& e) { return "holiday-list:" + list->id + "/" + e.assignment_id; },
      [](const HolidayListEntry& e) { return e.iin; })));
  return std::move(*list);
}

Result<std::vector<HolidayListSummary>> AssignmentService::list_holiday_lists(const Actor& actor, HolidayListFilter filter) {
  // As read_holiday_list: staff of the list's territory; a recipient has no lists to read.
  if (actor.is_applicant()) return fail(ErrorCode::kForbidden, "http.forbidden");
  if (filter.pack && workflow_.rules().packs().count(*filter.pack) == 0) {
    Error e(ErrorCode::kInvalidInput, "rules.unknown_pack", {{"pack", filter.pack->substr(0, 80)}});
    e.field = "pack";
    return tl::unexpected(e);
  }
  const std::string asked = filter.territory_prefix.value_or("");
  // Staff see their territory only: a narrower prefix inside it, never a wider one.
  filter.territory_prefix = actor.narrowed(asked);
  return store_.list_holiday_lists(filter);
}

json to_json(const RegistrySweep& s) {
  json events = json::array();
  for (const auto& e : s.events) {
    json j = {{"assignment", e.assignment}, {"ground", e.ground}, {"event_on", e.event_on.iso()}, {"terminated", e.terminated}};
    if (e.terminated && e.payment_stops) j["payment_stops"] = e.payment_stops->iso();
    if (!e.terminated) j["reason"] = e.reason;
    events.push_back(std::move(j));
  }
  return json{{"checked", s.checked}, {"events", events}};
}

Result<RegistrySweep> registry_sweep_from_json(const json& j) {
  try {
    RegistrySweep s;
    s.checked = j.at("checked").get<std::size_t>();
    for (const auto& e : j.at("events")) {
      SweepEvent x;
      x.assignment = e.at("assignment");
      x.ground = e.at("ground");
      KOMEK_ASSIGN(x.event_on, Date::parse(e.at("event_on").get<std::string>()));
      x.terminated = e.at("terminated");
      if (x.terminated && e.contains("payment_stops")) {
        KOMEK_TRY(stops, Date::parse(e["payment_stops"].get<std::string>()));
        x.payment_stops = stops;
      }
      if (!x.terminated) x.reason = e.at("reason");
      s.events.push_back(std::move(x));
    }
    return s;
  } catch (const json::exception&) {
    return fail(ErrorCode::kInternal, "store.corrupt", {{"what", "registry sweep"}});
  }
}

work::Codec<RegistrySweep> registry_sweep_codec() {
  return work::json_codec<RegistrySweep>([](const RegistrySweep& s) { return to_json(s); },
                                         [](const json& j) { return registry_sweep_from_json(j); });
}

}  // namespace komek::cases
