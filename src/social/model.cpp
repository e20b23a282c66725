#include "social/model.hpp"

#include "core/iin.hpp"
#include "core/territory.hpp"

namespace komek::social {
namespace {

tl::unexpected<Error> at(std::string field, ErrorCode code, std::string key,
                         std::vector<std::pair<std::string, std::string>> params = {}) {
  Error e(code, std::move(key), std::move(params));
  e.field = std::move(field);
  return tl::unexpected(e);
}
tl::unexpected<Error> bad(std::string field, std::string key, std::vector<std::pair<std::string, std::string>> params = {}) {
  return at(std::move(field), ErrorCode::kInvalidInput, std::move(key), std::move(params));
}

Result<void> text(const char* field, const std::string& value, bool required) {
  if (required && value.empty()) return bad(field, "social.required");
  if (value.size() > kTextBytesMax) return bad(field, "social.too_long", {{"max", std::to_string(kTextBytesMax)}});
  return {};
}

Result<void> texts(const char* field, const std::vector<std::string>& values, bool required) {
  if (required && values.empty()) return bad(field, "social.required");
  if (values.size() > kListItemsMax) return bad(field, "social.too_many", {{"max", std::to_string(kListItemsMax)}});
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string name = std::string(field) + "[" + std::to_string(i) + "]";
    if (values[i].empty()) return bad(name, "social.required");
    if (values[i].size() > kTextBytesMax) return bad(name, "social.too_long", {{"max", std::to_string(kTextBytesMax)}});
  }
  return {};
}

Result<Date> date(const char* field, const std::string& value) {
  if (value.empty()) return bad(field, "social.required");
  auto d = Date::parse(value);
  if (!d) {
    Error e = d.error();
    e.field = field;
    return tl::unexpected(e);
  }
  return *d;
}

// Dates of things done cannot lie in the future.
Result<Date> past_date(const char* field, const std::string& value, Date today) {
  auto d = date(field, value);
  if (!d) return d;
  if (*d > today) return bad(field, "social.date_in_future", {{"date", d->iso()}, {"today", today.iso()}});
  return d;
}

Result<void> quantity(const char* field, int value, int min, int max) {
  if (value < min || value > max)
    return bad(field, "social.out_of_range",
               {{"value", std::to_string(value)}, {"min", std::to_string(min)}, {"max", std::to_string(max)}});
  return {};
}

}  // namespace

std::string_view plan_state_name(PlanState s) { return s == PlanState::kOpen ? "open" : "closed"; }

const PlannedService* Plan::find_service(std::string_view service_id) const {
  for (const auto& s : services)
    if (s.id == service_id) return &s;
  return nullptr;
}

Result<Assessment> make_assessment(const Catalogue& catalogue, const AssessmentInput& in, Date today) {
  auto iin = Iin::parse(in.iin);
  if (!iin) {
    Error e = iin.error();
    e.field = "iin";
    return tl::unexpected(e);
  }
  KOMEK_CHECK(text("full_name", in.full_name, true));
  auto kato = Kato::parse(in.territory);
  if (!kato) {
    Error e = kato.error();
    e.field = "territory";
    return tl::unexpected(e);
  }
  auto assessed_on = past_date("assessed_on", in.assessed_on, today);
  if (!assessed_on) return tl::unexpected(assessed_on.error());
  KOMEK_CHECK(text("assessor", in.assessor, true));
  KOMEK_CHECK(texts("categories", in.categories, true));
  for (std::size_t i = 0; i < in.categories.size(); ++i) {
    const std::string name = "categories[" + std::to_string(i) + "]";
    const CatalogueEntry* category = catalogue.find_category(in.categories[i]);
    if (category == nullptr) return bad(name, "social.unknown_category", {{"value", in.categories[i].substr(0, 60)}});
    for (std::size_t j = 0; j < i; ++j)
      if (in.categories[j] == in.categories[i]) return bad(name, "social.duplicate", {{"value", in.categories[i]}});
    // An age the group requires (e.g. 70 for the elderly, 003 groups item 4) is checked
    // against the birth date the IIN encodes; an IIN without a decodable date is not
    // refused here (FACTS §3: the digits are a hint), the assessor's judgement stands.
    if (category->min_age_years) {
      const auto birth = iin->birth_date_hint();
      if (birth && age_on(*birth, *assessed_on) < *category->min_age_years)
        return bad(name, "social.category_age",
                   {{"category", category->code},
                    {"category.kk", category->name(Lang::kKk)},
                    {"category.ru", category->name(Lang::kRu)},
                    {"category.en", category->name(Lang::kEn)},
                    {"age", std::to_string(age_on(*birth, *assessed_on))},
                    {"min", std::to_string(*category->min_age_years)},
                    {"clause", category->clause}});
    }
  }
  KOMEK_CHECK(texts("circumstances", in.circumstances, true));
  KOMEK_CHECK(texts("reasons", in.reasons, true));
  Assessment a;
  a.territory = kato->code();
  a.assessed_on = *assessed_on;
  a.assessor = in.assessor;
  a.categories = in.categories;
  a.circumstances = in.circumstances;
  a.needs_services = in.needs_services;
  a.reasons = in.reasons;
  return a;
}

Result<Plan> open_plan(const Assessment& assessment, const PlanInput& in, std::string id, Date today) {
  // 003 §11: services rest on an assessed need; an assessment that found none opens nothing.
  if (!assessment.needs_services) return at("assessment", ErrorCode::kConflict, "social.no_need_found");
  auto opened_on = past_date("opened_on", in.opened_on, today);
  if (!opened_on) return tl::unexpected(opened_on.error());
  if (*opened_on < assessment.assessed_on)
    return bad("opened_on", "social.before_assessment", {{"date", opened_on->iso()}, {"assessed_on", assessment.assessed_on.iso()}});
  KOMEK_CHECK(text("goals", in.goals, true));
  Plan p;
  p.id = std::move(id);
  p.person_id = assessment.person_id;
  p.assessment_id = assessment.id;
  p.territory = assessment.territory;
  p.categories = assessment.categories;
  p.assessed_on = assessment.assessed_on;
  p.opened_on = *opened_on;
  p.goals = in.goals;
  return p;
}

Result<PlannedService> add_planned_service(Plan& plan, const Catalogue& catalogue, const PlannedServiceInput& in,
                                           std::string id) {
  if (plan.state != PlanState::kOpen) return at("plan", ErrorCode::kConflict, "social.plan_closed", {{"plan", plan.id}});
  if (plan.services.size() >= kPlannedServicesPerPlanMax)
    return at("plan", ErrorCode::kConflict, "social.too_many", {{"max", std::to_string(kPlannedServicesPerPlanMax)}});
  if (catalogue.find_type(in.type) == nullptr) return bad("type", "social.unknown_type", {{"value", in.type.substr(0, 60)}});
  if (catalogue.find_form(in.form) == nullptr) return bad("form", "social.unknown_form", {{"value", in.form.substr(0, 60)}});
  KOMEK_CHECK(text("description", in.description, true));
  KOMEK_CHECK(text("frequency", in.frequency, true));
  KOMEK_CHECK(quantity("quantity", in.quantity, 1, kQuantityMax));
  KOMEK_CHECK(text("provider", in.provider, true));
  KOMEK_TRY(from, date("planned_from", in.planned_from));
  if (from < plan.opened_on)
    return bad("planned_from", "social.before_plan", {{"date", from.iso()}, {"opened_on", plan.opened_on.iso()}});
  KOMEK_TRY(to, date("planned_to", in.planned_to));
  if (to < from) return bad("planned_to", "social.period_reversed", {{"from", from.iso()}, {"to", to.iso()}});
  PlannedService s;
  s.id = std::move(id);
  s.type = in.type;
  s.form = in.form;
  s.description = in.description;
  s.frequency = in.frequency;
  s.quantity = in.quantity;
  s.provider = in.provider;
  s.planned_from = from;
  s.planned_to = to;
  plan.services.push_back(s);
  return s;
}

Result<void> close_planned_service(Plan& plan, std::string_view service_id, const CloseServiceInput& in, Date today) {
  if (plan.state != PlanState::kOpen) return at("plan", ErrorCode::kConflict, "social.plan_closed", {{"plan", plan.id}});
  PlannedService* s = nullptr;
  for (auto& candidate : plan.services)
    if (candidate.id == service_id) s = &candidate;
  if (s == nullptr) return at("service", ErrorCode::kNotFound, "social.service_not_found");
  if (s->closed) return at("service", ErrorCode::kConflict, "social.service_closed", {{"service", s->id}});
  KOMEK_TRY(on, past_date("closed_on", in.closed_on, today));
  if (on < plan.opened_on)
    return bad("closed_on", "social.before_plan", {{"date", on.iso()}, {"opened_on", plan.opened_on.iso()}});
  KOMEK_CHECK(text("reason", in.reason, true));
  s->closed = true;
  s->closed_on = on;
  s->closed_reason = in.reason;
  return {};
}

Result<ServiceRecord> record_service(const Plan& plan, const Catalogue& catalogue, const RecordInput& in, std::string id,
                                     Date today) {
  if (plan.state != PlanState::kOpen) return at("plan", ErrorCode::kConflict, "social.plan_closed", {{"plan", plan.id}});
  if (catalogue.find_type(in.type) == nullptr) return bad("type", "social.unknown_type", {{"value", in.type.substr(0, 60)}});
  KOMEK_TRY(on, past_date("date", in.date, today));
  // 003 §11: services follow the assessment of the need, never precede it.
  if (on < plan.assessed_on)
    return bad("date", "social.before_assessment", {{"date", on.iso()}, {"assessed_on", plan.assessed_on.iso()}});
  if (on < plan.opened_on) return bad("date", "social.before_plan", {{"date", on.iso()}, {"opened_on", plan.opened_on.iso()}});
  const PlannedService* planned = nullptr;
  if (!in.planned_service_id.empty()) {
    planned = plan.find_service(in.planned_service_id);
    if (planned == nullptr) return bad("planned_service", "social.service_not_found");
    if (planned->type != in.type)
      return bad("type", "social.type_mismatch", {{"type", in.type}, {"planned", planned->type}});
  } else {
    for (const auto& s : plan.services)
      if (s.type == in.type && !s.closed) {
        planned = &s;
        break;
      }
    if (planned == nullptr) {
      // Distinguish "planned once but ended" from "never planned" in the message only.
      for (const auto& s : plan.services)
        if (s.type == in.type) planned = &s;
      if (planned == nullptr) return bad("type", "social.type_not_planned", {{"type", in.type}, {"plan", plan.id}});
    }
  }
  if (planned->closed && planned->closed_on && on > *planned->closed_on)
    return bad("type", "social.service_ended", {{"type", in.type}, {"closed_on", planned->closed_on->iso()}});
  KOMEK_CHECK(quantity("quantity", in.quantity, 1, kQuantityMax));
  KOMEK_CHECK(quantity("duration_minutes", in.duration_minutes, 0, kDurationMinutesMax));
  KOMEK_CHECK(text("provider", in.provider, true));
  KOMEK_CHECK(text("notes", in.notes, false));
  KOMEK_CHECK(text("refusal_reason", in.refusal_reason, in.refused));
  if (!in.refused && !in.refusal_reason.empty()) return bad("refusal_reason", "social.reason_without_refusal");
  ServiceRecord r;
  r.id = std::move(id);
  r.plan_id = plan.id;
  r.person_id = plan.person_id;
  r.planned_service_id = planned->id;
  r.type = in.type;
  r.form = planned->form;
  r.delivered_on = on;
  r.quantity = in.quantity;
  r.duration_minutes = in.refused ? 0 : in.duration_minutes;
  r.provider = in.provider;
  r.notes = in.notes;
  r.refused = in.refused;
  r.refusal_reason = in.refusal_reason;
  return r;
}

Result<void> close_plan(Plan& plan, const Catalogue& catalogue, const ClosePlanInput& in, Date today) {
  if (plan.state != PlanState::kOpen) return at("plan", ErrorCode::kConflict, "social.plan_closed", {{"plan", plan.id}});
  if (catalogue.find_reason(in.reason) == nullptr)
    return bad("reason", "social.unknown_reason", {{"value", in.reason.substr(0, 60)}});
  KOMEK_TRY(on, past_date("closed_on", in.closed_on, today));
  if (on < plan.opened_on)
    return bad("closed_on", "social.before_plan", {{"date", on.iso()}, {"opened_on", plan.opened_on.iso()}});
  KOMEK_CHECK(text("notes", in.notes, false));
  plan.state = PlanState::kClosed;
  plan.closed_on = on;
  plan.closing_reason = in.reason;
  plan.closing_notes = in.notes;
  return {};
}

}  // namespace komek::social
