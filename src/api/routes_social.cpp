// Special social services (seed 003) over HTTP: the needs assessment, the individual plan
// and its planned services, the records of services delivered or refused, closing a plan,
// a person's file, the territory's list of persons and the accounting report (JSON, or CSV
// with ?format=csv). Officers and employment-centre consultants of the territory write;
// auditors read. Every POST takes an Idempotency-Key; every read of a person's file, and
// every person on a list, is in the personal-data access log.
#include <climits>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "api/router.hpp"
#include "api/routes.hpp"
#include "reports/csv.hpp"
#include "reports/social_report.hpp"
#include "social/json.hpp"
#include "social/report.hpp"
#include "social/service.hpp"

namespace komek::api {
namespace {

using cases::Role;

const std::vector<Role> kWriters = {Role::kOfficer, Role::kConsultant};
const std::vector<Role> kReaders = {Role::kOfficer, Role::kConsultant, Role::kAuditor};

tl::unexpected<Error> field_error(const std::string& name, const char* key,
                                  std::vector<std::pair<std::string, std::string>> params = {}) {
  Error e(ErrorCode::kInvalidInput, key, std::move(params));
  e.field = name;
  return tl::unexpected(e);
}

// The router's Body reads strings, booleans and lists; integer fields are taken out of the
// document first (and checked here), and the rest goes through Body, which still refuses
// fields the route does not know.
struct IntegerField {
  const char* name;
  bool required;
  int fallback;
};
Result<Body> body_with_integers(const std::string& text, const std::vector<IntegerField>& fields,
                                std::map<std::string, int>& out) {
  if (text.size() > kRequestBodyBytesMax) return Body::parse(text);
  json j;
  try {
    j = text.empty() ? json::object() : json::parse(text);
  } catch (const json::exception&) {
    return Body::parse(text);  // the same syntax error as every other route
  }
  if (!j.is_object()) return Body::parse(text);
  for (const auto& f : fields) {
    out[f.name] = f.fallback;
    if (!j.contains(f.name) || j[f.name].is_null()) {
      if (f.required) return field_error(f.name, "http.field_required");
      j.erase(f.name);
      continue;
    }
    const json& v = j[f.name];
    if (!v.is_number_integer() || v.get<std::int64_t>() < INT_MIN || v.get<std::int64_t>() > INT_MAX)
      return field_error(f.name, "http.field_type", {{"expected", "integer"}});
    out[f.name] = static_cast<int>(v.get<std::int64_t>());
    j.erase(f.name);
  }
  return Body::parse(j.dump());
}

json entries(const std::vector<social::CatalogueEntry>& list, Lang lang) {
  json out = json::array();
  for (const auto& e : list) {
    json row = {{"code", e.code}, {"name", e.name(lang)}, {"clause", e.clause}};
    if (e.min_age_years) row["min_age_years"] = *e.min_age_years;
    out.push_back(row);
  }
  return out;
}

}  // namespace

RouteModule social_routes(social::SocialService& service) {
  return [&service](Router& router) {
    router.add("GET", "/api/v1/social/catalogue", "Special social services: groups served, types, forms, closing reasons (003)",
               reads(kReaders, "officers, consultants and auditors"), {}, [&service](Context& ctx) -> Result<HttpResponse> {
                 const auto& c = service.catalogue();
                 return json_response(200, json{{"categories", entries(c.categories(), ctx.lang)},
                                                {"service_types", entries(c.service_types(), ctx.lang)},
                                                {"forms", entries(c.forms(), ctx.lang)},
                                                {"closing_reasons", entries(c.closing_reasons(), ctx.lang)}}
                                               .dump());
               });

    router.add("POST", "/api/v1/social/assessments", "Assess a person's need for special social services (003 §11)",
               writes(kWriters, "officers and consultants of the person's territory"),
               {"iin", "full_name", "territory", "assessed_on", "assessor", "categories", "circumstances", "needs_services",
                "reasons"},
               [&service](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(body, Body::parse(ctx.request.body));
                 social::AssessmentInput in;
                 KOMEK_ASSIGN(in.iin, body.string("iin", true, 40));
                 KOMEK_ASSIGN(in.full_name, body.string("full_name", true, 300));
                 KOMEK_ASSIGN(in.territory, body.string("territory", true, 20));
                 KOMEK_ASSIGN(in.assessed_on, body.string("assessed_on", true, 10));
                 KOMEK_ASSIGN(in.assessor, body.string("assessor", true, 300));
                 KOMEK_ASSIGN(in.categories, body.strings("categories"));
                 KOMEK_ASSIGN(in.circumstances, body.strings("circumstances"));
                 KOMEK_ASSIGN(in.needs_services, body.boolean("needs_services", true));
                 KOMEK_ASSIGN(in.reasons, body.strings("reasons"));
                 KOMEK_CHECK(body.no_other_fields());
                 return from(service.assess(ctx.actor, request_key(ctx), in));
               });

    router.add("POST", "/api/v1/social/plans", "Open an individual plan of services on an assessment (003 §11)",
               writes(kWriters, "officers and consultants of the person's territory"), {"assessment", "opened_on", "goals"},
               [&service](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(body, Body::parse(ctx.request.body));
                 std::string assessment;
                 social::PlanInput in;
                 KOMEK_ASSIGN(assessment, body.string("assessment", true, 64));
                 KOMEK_ASSIGN(in.opened_on, body.string("opened_on", true, 10));
                 KOMEK_ASSIGN(in.goals, body.string("goals", true, social::kTextBytesMax));
                 KOMEK_CHECK(body.no_other_fields());
                 return from(service.open_plan(ctx.actor, request_key(ctx), assessment, in));
               });

    router.add("POST", "/api/v1/social/plans/{id}/services", "Plan a service: type, form, frequency, quantity, provider, dates",
               writes(kWriters, "officers and consultants of the plan's territory"),
               {"type", "form", "description", "frequency", "quantity", "provider", "planned_from", "planned_to"},
               [&service](Context& ctx) -> Result<HttpResponse> {
                 std::map<std::string, int> ints;
                 KOMEK_TRY(body, body_with_integers(ctx.request.body, {{"quantity", true, 0}}, ints));
                 social::PlannedServiceInput in;
                 KOMEK_ASSIGN(in.type, body.string("type", true, 60));
                 KOMEK_ASSIGN(in.form, body.string("form", true, 60));
                 KOMEK_ASSIGN(in.description, body.string("description", true, social::kTextBytesMax));
                 KOMEK_ASSIGN(in.frequency, body.string("frequency", true, 200));
                 KOMEK_ASSIGN(in.provider, body.string("provider", true, 300));
                 KOMEK_ASSIGN(in.planned_from, body.string("planned_from", true, 10));
                 KOMEK_ASSIGN(in.planned_to, body.string("planned_to", true, 10));
                 in.quantity = ints["quantity"];
                 KOMEK_CHECK(body.no_other_fields());
                 return from(service.add_service(ctx.actor, request_key(ctx), ctx.params["id"], in));
               });

    router.add("POST", "/api/v1/social/plans/{id}/services/{service}/close", "End a planned service",
               writes(kWriters, "officers and consultants of the plan's territory"), {"closed_on", "reason"},
               [&service](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(body, Body::parse(ctx.request.body));
                 social::CloseServiceInput in;
                 KOMEK_ASSIGN(in.closed_on, body.string("closed_on", true, 10));
                 KOMEK_ASSIGN(in.reason, body.string("reason", true, social::kTextBytesMax));
                 KOMEK_CHECK(body.no_other_fields());
                 return from(service.close_service(ctx.actor, request_key(ctx), ctx.params["id"], ctx.params["service"], in));
               });

    router.add("POST", "/api/v1/social/plans/{id}/records", "Record a service delivered or refused (003 §14)",
               writes(kWriters, "officers and consultants of the plan's territory"),
               {"type", "planned_service", "date", "quantity", "duration_minutes", "provider", "notes", "refused",
                "refusal_reason"},
               [&service](Context& ctx) -> Result<HttpResponse> {
                 std::map<std::string, int> ints;
                 KOMEK_TRY(body, body_with_integers(ctx.request.body, {{"quantity", false, 1}, {"duration_minutes", false, 0}}, ints));
                 social::RecordInput in;
                 KOMEK_ASSIGN(in.type, body.string("type", true, 60));
                 KOMEK_ASSIGN(in.planned_service_id, body.string("planned_service", false, 64));
                 KOMEK_ASSIGN(in.date, body.string("date", true, 10));
                 KOMEK_ASSIGN(in.provider, body.string("provider", true, 300));
                 KOMEK_ASSIGN(in.notes, body.string("notes", false, social::kTextBytesMax));
                 KOMEK_ASSIGN(in.refused, body.boolean("refused", false));
                 KOMEK_ASSIGN(in.refusal_reason, body.string("refusal_reason", false, social::kTextBytesMax));
                 in.quantity = ints["quantity"];
                 in.duration_minutes = ints["duration_minutes"];
                 KOMEK_CHECK(body.no_other_fields());
                 return from(service.record(ctx.actor, request_key(ctx), ctx.params["id"], in));
               });

    router.add("POST", "/api/v1/social/plans/{id}/close", "Close an individual plan (goals met, moved, died, refused)",
               writes(kWriters, "officers and consultants of the plan's territory"), {"closed_on", "reason", "notes"},
               [&service](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(body, Body::parse(ctx.request.body));
                 social::ClosePlanInput in;
                 KOMEK_ASSIGN(in.closed_on, body.string("closed_on", true, 10));
                 KOMEK_ASSIGN(in.reason, body.string("reason", true, 60));
                 KOMEK_ASSIGN(in.notes, body.string("notes", false, social::kTextBytesMax));
                 KOMEK_CHECK(body.no_other_fields());
                 return from(service.close_plan(ctx.actor, request_key(ctx), ctx.params["id"], in));
               });

    router.add("GET", "/api/v1/social/persons",
               "Persons served in the caller's territory, by name: masked IIN, latest assessment, open plan (at most 500)",
               reads_personal(kReaders, "officers, consultants and auditors, for their own territory"), {},
               [&service](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(list, service.persons(ctx.actor, "GET /api/v1/social/persons"));
                 json persons = json::array();
                 for (const auto& s : list.persons) persons.push_back(social::to_json(s));
                 return json_response(200, json{{"persons", persons}, {"complete", list.complete}}.dump());
               });

    router.add("GET", "/api/v1/social/persons/{id}", "A person's file: assessments, plans, services and records",
               reads_personal(kReaders, "officers, consultants and auditors of the person's territory"), {},
               [&service](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(f, service.file(ctx.actor, ctx.params["id"], "GET /api/v1/social/persons/{id}"));
                 return json_response(200, social::to_json(f).dump());
               });

    router.add("GET", "/api/v1/social/report", "Accounting report for a period and territory (003 §14); ?format=csv",
               reads(kReaders, "officers, consultants and auditors, for their own territory"), {},
               [&service](Context& ctx) -> Result<HttpResponse> {
                 const std::string format = ctx.request.param("format");
                 if (!format.empty() && format != "csv" && format != "json")
                   return field_error("format", "http.field_type", {{"expected", "csv or json"}});
                 KOMEK_TRY(report, service.report(ctx.actor, ctx.request.param("from"), ctx.request.param("to"),
                                              ctx.request.param("territory")));
                 if (format != "csv") return json_response(200, social::report_json(service.catalogue(), report, ctx.lang));
                 HttpResponse r = json_response(200, reports::write_csv(reports::social_report_table(service.catalogue(), report, ctx.lang)));
                 r.content_type = "text/csv; charset=utf-8";
                 r.headers.emplace_back("Content-Disposition", "attachment; filename=\"social-services-" +
                                                                   report.request.from.iso() + "-" +
                                                                   report.request.to.iso() + ".csv\"");
                 return r;
               });
  };
}

#undef KOMEK_READ

}  // namespace komek::api
