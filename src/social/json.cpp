#include "social/json.hpp"

#include <nlohmann/json.hpp>

#include "core/iin.hpp"

namespace komek::social {
namespace {

using json = nlohmann::json;

json optional_date(const std::optional<Date>& d) { return d ? json(d->iso()) : json(nullptr); }

Date date_of(const json& j, const char* key) { return Date::parse(j.at(key).get<std::string>()).value(); }
std::optional<Date> optional_date_of(const json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return date_of(j, key);
}

// Stored documents are written by to_json; one that does not read back is corruption or a
// bug, reported as internal (the details go to the log, not to the caller).
template <typename T, typename F>
Result<T> read(const std::string& text, F&& reader) {
  try {
    return reader(json::parse(text));
  } catch (const std::exception& e) {
    return fail(ErrorCode::kInternal, "internal.error", {{"correlation_id", std::string("social.json: ") + e.what()}});
  }
}

PlannedService planned_service_of(const json& s) {
  PlannedService ps;
  ps.id = s.at("id").get<std::string>();
  ps.type = s.at("type").get<std::string>();
  ps.form = s.at("form").get<std::string>();
  ps.description = s.at("description").get<std::string>();
  ps.frequency = s.at("frequency").get<std::string>();
  ps.quantity = s.at("quantity").get<int>();
  ps.provider = s.at("provider").get<std::string>();
  ps.planned_from = date_of(s, "planned_from");
  ps.planned_to = date_of(s, "planned_to");
  ps.closed = s.at("closed").get<bool>();
  ps.closed_on = optional_date_of(s, "closed_on");
  ps.closed_reason = s.at("closed_reason").get<std::string>();
  return ps;
}

Person person_of(const json& j) {
  return Person{j.at("id").get<std::string>(), j.at("iin").get<std::string>(), j.at("full_name").get<std::string>(),
                j.at("territory").get<std::string>()};
}

}  // namespace

json to_json(const Person& p) {
  return json{{"id", p.id}, {"iin", p.iin}, {"full_name", p.full_name}, {"territory", p.territory}};
}

json to_json(const Assessment& a) {
  return json{{"id", a.id},
              {"person_id", a.person_id},
              {"territory", a.territory},
              {"assessed_on", a.assessed_on.iso()},
              {"assessor", a.assessor},
              {"categories", a.categories},
              {"circumstances", a.circumstances},
              {"needs_services", a.needs_services},
              {"reasons", a.reasons},
              {"recorded_by", a.recorded_by}};
}

json to_json(const PlannedService& s) {
  return json{{"id", s.id},
              {"type", s.type},
              {"form", s.form},
              {"description", s.description},
              {"frequency", s.frequency},
              {"quantity", s.quantity},
              {"provider", s.provider},
              {"planned_from", s.planned_from.iso()},
              {"planned_to", s.planned_to.iso()},
              {"closed", s.closed},
              {"closed_on", optional_date(s.closed_on)},
              {"closed_reason", s.closed_reason}};
}

json to_json(const Plan& p) {
  json services = json::array();
  for (const auto& s : p.services) services.push_back(to_json(s));
  return json{{"id", p.id},
              {"person_id", p.person_id},
              {"assessment_id", p.assessment_id},
              {"territory", p.territory},
              {"categories", p.categories},
              {"assessed_on", p.assessed_on.iso()},
              {"opened_on", p.opened_on.iso()},
              {"goals", p.goals},
              {"state", std::string(plan_state_name(p.state))},
              {"closed_on", optional_date(p.closed_on)},
              {"closing_reason", p.closing_reason},
              {"closing_notes", p.closing_notes},
              {"services", services},
              {"version", p.version}};
}

json to_json(const ServiceRecord& r) {
  return json{{"id", r.id},
              {"plan_id", r.plan_id},
              {"person_id", r.person_id},
              {"planned_service_id", r.planned_service_id},
              {"type", r.type},
              {"form", r.form},
              {"date", r.delivered_on.iso()},
              {"quantity", r.quantity},
              {"duration_minutes", r.duration_minutes},
              {"provider", r.provider},
              {"notes", r.notes},
              {"refused", r.refused},
              {"refusal_reason", r.refusal_reason},
              {"recorded_by", r.recorded_by}};
}

json to_json(const PersonFile& f) {
  json assessments = json::array(), plans = json::array(), records = json::array();
  for (const auto& a : f.assessments) assessments.push_back(to_json(a));
  for (const auto& p : f.plans) {
    json plan = to_json(p);
    plan["records"] = json::array();
    for (const auto& r : f.records)
      if (r.plan_id == p.id) plan["records"].push_back(to_json(r));
    plans.push_back(plan);
  }
  return json{{"person", to_json(f.person)}, {"assessments", assessments}, {"plans", plans}};
}

json to_json(const PersonSummary& s) {
  // Stored IINs were checked when assessed; one that no longer parses shows nothing.
  auto iin = Iin::parse(s.person.iin);
  return json{{"id", s.person.id},
              {"full_name", s.person.full_name},
              {"iin_masked", iin ? iin->masked() : std::string()},
              {"territory", s.person.territory},
              {"last_assessed_on", optional_date(s.last_assessed_on)},
              {"open_plan_since", optional_date(s.open_plan_since)}};
}

Result<Assessment> assessment_from_json(const std::string& text) {
  return read<Assessment>(text, [](const json& j) {
    Assessment a;
    a.id = j.at("id").get<std::string>();
    a.person_id = j.at("person_id").get<std::string>();
    a.territory = j.at("territory").get<std::string>();
    a.assessed_on = date_of(j, "assessed_on");
    a.assessor = j.at("assessor").get<std::string>();
    a.categories = j.at("categories").get<std::vector<std::string>>();
    a.circumstances = j.at("circumstances").get<std::vector<std::string>>();
    a.needs_services = j.at("needs_services").get<bool>();
    a.reasons = j.at("reasons").get<std::vector<std::string>>();
    a.recorded_by = j.value("recorded_by", "");
    return a;
  });
}

Result<Plan> plan_from_json(const std::string& text) {
  return read<Plan>(text, [](const json& j) {
    Plan p;
    p.id = j.at("id").get<std::string>();
    p.person_id = j.at("person_id").get<std::string>();
    p.assessment_id = j.at("assessment_id").get<std::string>();
    p.territory = j.at("territory").get<std::string>();
    p.categories = j.at("categories").get<std::vector<std::string>>();
    p.assessed_on = date_of(j, "assessed_on");
    p.opened_on = date_of(j, "opened_on");
    p.goals = j.at("goals").get<std::string>();
    p.state = j.at("state").get<std::string>() == "closed" ? PlanState::kClosed : PlanState::kOpen;
    p.closed_on = optional_date_of(j, "closed_on");
    p.closing_reason = j.at("closing_reason").get<std::string>();
    p.closing_notes = j.at("closing_notes").get<std::string>();
    for (const auto& s : j.at("services")) p.services.push_back(planned_service_of(s));
    p.version = j.at("version").get<int>();
    return p;
  });
}

Result<ServiceRecord> record_from_json(const std::string& text) {
  return read<ServiceRecord>(text, [](const json& j) {
    ServiceRecord r;
    r.id = j.at("id").get<std::string>();
    r.plan_id = j.at("plan_id").get<std::string>();
    r.person_id = j.at("person_id").get<std::string>();
    r.planned_service_id = j.at("planned_service_id").get<std::string>();
    r.type = j.at("type").get<std::string>();
    r.form = j.at("form").get<std::string>();
    r.delivered_on = date_of(j, "date");
    r.quantity = j.at("quantity").get<int>();
    r.duration_minutes = j.at("duration_minutes").get<int>();
    r.provider = j.at("provider").get<std::string>();
    r.notes = j.at("notes").get<std::string>();
    r.refused = j.at("refused").get<bool>();
    r.refusal_reason = j.at("refusal_reason").get<std::string>();
    r.recorded_by = j.value("recorded_by", "");
    return r;
  });
}

json to_json(const Assessed& a) { return json{{"assessment", to_json(a.assessment)}, {"person", to_json(a.person)}}; }

Result<Assessed> assessed_from_json(const std::string& text) {
  return read<Assessed>(text, [](const json& j) -> Result<Assessed> {
    KOMEK_TRY(assessment, assessment_from_json(j.at("assessment").dump()));
    return Assessed{assessment, person_of(j.at("person"))};
  });
}

Result<PlannedService> planned_service_from_json(const std::string& text) {
  return read<PlannedService>(text, [](const json& j) { return planned_service_of(j); });
}

work::Codec<Assessed> assessed_codec() {
  return {[](const Assessed& a) { return to_json(a).dump(); }, [](std::string_view t) { return assessed_from_json(std::string(t)); }};
}
work::Codec<Plan> plan_codec() {
  return {[](const Plan& p) { return to_json(p).dump(); }, [](std::string_view t) { return plan_from_json(std::string(t)); }};
}
work::Codec<PlannedService> planned_service_codec() {
  return {[](const PlannedService& s) { return to_json(s).dump(); },
          [](std::string_view t) { return planned_service_from_json(std::string(t)); }};
}
work::Codec<ServiceRecord> record_codec() {
  return {[](const ServiceRecord& r) { return to_json(r).dump(); }, [](std::string_view t) { return record_from_json(std::string(t)); }};
}

}  // namespace komek::social
