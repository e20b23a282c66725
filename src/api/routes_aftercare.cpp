// Routes after the decision: assignments (amount changes, suspension, termination and the
// recipients' reports of 001 §22), registry events, holiday lists (001 §10, §25) and
// complaints (004 §45).
#include "api/router.hpp"
#include "api/routes.hpp"
#include "cases/assignment_service.hpp"
#include "cases/complaint_service.hpp"
#include "cases/assignment_json.hpp"

namespace komek::api {
namespace {

using cases::Role;

// Holiday lists shown by the index, newest holiday first. Not a legal figure: a page size
// [configurable here] (a district makes a few lists a year).
constexpr std::size_t kHolidayListRows = 200;

template <class T>
Result<T> parsed(std::optional<T> v, const char* key, const char* field, const std::string& text) {
  if (v) return *v;
  Error e(ErrorCode::kInvalidInput, key, {{"value", text.substr(0, 40)}});
  e.field = field;
  return tl::unexpected(e);
}

Result<Month> month_field(Body& b, const char* name) {
  KOMEK_TRY(text, b.string(name, true, 7));
  auto m = Month::parse(text);
  if (!m) {
    Error e = m.error();
    e.field = name;
    return tl::unexpected(e);
  }
  return *m;
}

Result<cases::ComplaintOutcome> outcome_field(Body& b) {
  KOMEK_TRY(text, b.string("outcome", true, 40));
  return parsed(cases::parse_complaint_outcome(text), "complaint.outcome_unknown", "outcome", text);
}

// Runs a POST whose body is read by `read` into a call of the service; the typed outcome is
// rendered by its body_of (api/views.hpp).
template <typename Read>
Result<HttpResponse> post(Context& ctx, Read&& read) {
  KOMEK_TRY(body, Body::parse(ctx.request.body));
  return from(read(body));
}


// Reads the body fully (unknown fields refused) before the command runs.
#define KOMEK_BODY_DONE(b)                                   \
  if (auto done_ = (b).no_other_fields(); !done_) return tl::unexpected(done_.error())

}  // namespace

RouteModule aftercare_routes(cases::AssignmentService& assignments, cases::ComplaintService& complaints) {
  return [&assignments, &complaints](Router& r) {
    const std::vector<Role> officers = {Role::kOfficer};
    const std::vector<Role> staff_and_applicants = roles::all_but_third_party();

    r.add("GET", "/api/v1/assignments", "Assignments: the territory's for staff, one's own for applicants (?case=, ?status=, ?list=)",
          reads_personal(staff_and_applicants, "staff of the territory; applicants: own"), {},
          [&assignments](Context& ctx) -> Result<HttpResponse> {
            cases::AssignmentFilter f;
            if (auto c = ctx.request.param("case"); !c.empty()) f.case_id = c.substr(0, 64);
            if (auto l = ctx.request.param("list"); !l.empty()) f.list_id = l.substr(0, 64);
            if (auto s = ctx.request.param("status"); !s.empty()) {
              KOMEK_TRY(st, parsed(cases::parse_assignment_status(s), "assignment.status_unknown", "status", s));
              f.status = st;
            }
            f.limit = 500;
            KOMEK_TRY(list, assignments.list(ctx.actor, f, "GET /api/v1/assignments"));
            json items = json::array();
            for (const auto& a : list) items.push_back(cases::to_json(a));
            return json_response(200, json{{"assignments", items}}.dump());
          });
    r.add("GET", "/api/v1/assignments/{id}", "One assignment with its schedule as it stands",
          reads_personal(staff_and_applicants, "staff of the territory; applicants: own"), {},
          [&assignments](Context& ctx) -> Result<HttpResponse> {
            KOMEK_TRY(a, assignments.read(ctx.actor, ctx.params["id"], "GET /api/v1/assignments/{id}"));
            return json_response(200, cases::to_json(a).dump());
          });
    r.add("POST", "/api/v1/assignments/{id}/amount", "A new amount per payment from a month on",
          writes(officers, "officers of the territory"), {"from", "amount", "reason", "cites"},
          [&assignments](Context& ctx) -> Result<HttpResponse> {
            return post(ctx, [&](Body& b) -> Result<work::Done<cases::Assignment>> {
              KOMEK_TRY(from_month, month_field(b, "from"));
              KOMEK_TRY(amount, money_field(b, "amount", true));
              KOMEK_TRY(reason, b.string("reason", true, 2000));
              KOMEK_TRY(cites, b.string("cites", false, 200));
              KOMEK_BODY_DONE(b);
              return assignments.change_amount(ctx.actor, request_key(ctx), ctx.params["id"], from_month, amount, reason, cites);
            });
          });
    r.add("POST", "/api/v1/assignments/{id}/suspend", "Hold payment from a day",
          writes(officers, "officers of the territory"), {"from", "reason"},
          [&assignments](Context& ctx) -> Result<HttpResponse> {
            return post(ctx, [&](Body& b) -> Result<work::Done<cases::Assignment>> {
              KOMEK_TRY(from_day, date_field(b, "from"));
              KOMEK_TRY(reason, b.string("reason", true, 2000));
              KOMEK_BODY_DONE(b);
              return assignments.suspend(ctx.actor, request_key(ctx), ctx.params["id"], from_day, reason);
            });
          });
    r.add("POST", "/api/v1/assignments/{id}/resume", "Lift the hold from a day; with repay the held months are paid",
          writes(officers, "officers of the territory"), {"on", "repay"},
          [&assignments](Context& ctx) -> Result<HttpResponse> {
            return post(ctx, [&](Body& b) -> Result<work::Done<cases::Assignment>> {
              KOMEK_TRY(on, date_field(b, "on"));
              KOMEK_TRY(repay, b.boolean("repay", false));
              KOMEK_BODY_DONE(b);
              return assignments.resume(ctx.actor, request_key(ctx), ctx.params["id"], on, repay);
            });
          });
    r.add("POST", "/api/v1/assignments/{id}/termination",
          "Terminate (001 §22): an officer's finding, or a recipient's report of an event (the event_report period)",
          writes({Role::kOfficer, Role::kApplicant}, "officers of the territory; the recipient (a report)"),
          {"ground", "event_on", "source"}, [&assignments](Context& ctx) -> Result<HttpResponse> {
            return post(ctx, [&](Body& b) -> Result<work::Done<cases::Assignment>> {
              cases::TerminationRequest t;
              auto ground = b.string("ground", true, 60);
              if (!ground) return tl::unexpected(ground.error());
              t.ground = *ground;
              KOMEK_TRY(on, date_field(b, "event_on"));
              t.event_on = on;
              auto source = b.string("source", false, 40);
              if (!source) return tl::unexpected(source.error());
              if (!source->empty()) t.source = *source;
              KOMEK_BODY_DONE(b);
              return assignments.terminate(ctx.actor, request_key(ctx), ctx.params["id"], t);
            });
          });
    r.add("POST", "/api/v1/assignments/registry-events",
          "Ask the registry about every active assignment of the territory; terminate on death or moving out (001 §22)",
          writes(officers, "officers of the territory"), {}, [&assignments](Context& ctx) -> Result<HttpResponse> {
            return post(ctx, [&](Body& b) -> Result<work::Done<cases::RegistrySweep>> {
              KOMEK_BODY_DONE(b);
              return assignments.apply_registry_events(ctx.actor, request_key(ctx));
            });
          });
    r.add("POST", "/api/v1/holiday-lists", "Make the holiday list of a pack for a date (001 §10, §25); once only",
          writes(officers, "officers of the pack's district"), {"pack", "date"},
          [&assignments](Context& ctx) -> Result<HttpResponse> {
            KOMEK_TRY(b, Body::parse(ctx.request.body));
            KOMEK_TRY(pack, b.string("pack", true, 80));
            KOMEK_TRY(day, date_field(b, "date"));
            KOMEK_BODY_DONE(b);
            KOMEK_TRY(made, assignments.make_holiday_list(ctx.actor, request_key(ctx), pack, day));
            return json_response(status_of(made.effect), holiday_list_body(made.value, made.effect));
          });
    r.add("GET", "/api/v1/holiday-lists/{id}", "A holiday list with its recipients and total",
          reads_personal(roles::kStaff, "staff of the territory"), {}, [&assignments](Context& ctx) -> Result<HttpResponse> {
            KOMEK_TRY(l, assignments.read_holiday_list(ctx.actor, ctx.params["id"]));
            return json_response(200, cases::to_json(l).dump());
          });
    r.add("GET", "/api/v1/holiday-lists",
          "The holiday lists of the territory, newest holiday first, with their recipients' count and total (?pack=, ?year=)",
          reads(roles::kStaff, "staff of the territory"), {}, [&assignments](Context& ctx) -> Result<HttpResponse> {
            cases::HolidayListFilter f;
            if (auto p = ctx.request.param("pack"); !p.empty()) f.pack = p;
            if (auto y = ctx.request.param("year"); !y.empty()) {
              if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos) {
                Error e(ErrorCode::kInvalidInput, "http.field_type", {{"expected", "a year, e.g. 2024"}});
                e.field = "year";
                return tl::unexpected(e);
              }
              f.year = std::stoi(y);
            }
            f.limit = kHolidayListRows;
            KOMEK_TRY(lists, assignments.list_holiday_lists(ctx.actor, f));
            json items = json::array();
            for (const auto& l : lists)
              items.push_back({{"id", l.id},
                               {"pack", l.pack_id},
                               {"territory", l.territory.code()},
                               {"date", l.date.iso()},
                               {"made_on", l.made_on.iso()},
                               {"made_at", l.made_at},
                               {"made_by", l.made_by},
                               {"recipients", l.recipients},
                               {"total_tiyn", l.total.tiyn()}});
            return json_response(200, json{{"holiday_lists", items}, {"limit", kHolidayListRows}}.dump());
          });

    r.add("POST", "/api/v1/cases/{id}/complaints", "File a complaint on a case (004 §45); registered on receipt",
          writes({Role::kOfficer, Role::kConsultant, Role::kApplicant}, "staff registering a paper complaint; the applicant"),
          {"against", "employee", "channel", "text", "complainant_name"},
          [&complaints](Context& ctx) -> Result<HttpResponse> {
            return post(ctx, [&](Body& b) -> Result<work::Done<cases::Complaint>> {
              cases::ComplaintFiling f;
              auto against = b.string("against", true, 40);
              if (!against) return tl::unexpected(against.error());
              f.against = *against;
              auto employee = b.string("employee", false, 200);
              if (!employee) return tl::unexpected(employee.error());
              f.employee = *employee;
              auto channel = b.string("channel", !ctx.actor.is_applicant(), 40);
              if (!channel) return tl::unexpected(channel.error());
              f.channel = *channel;
              auto text = b.string("text", true, 20000);
              if (!text) return tl::unexpected(text.error());
              f.text = *text;
              KOMEK_TRY(name, b.string("complainant_name", false, 300));
              f.complainant_name = name;
              KOMEK_BODY_DONE(b);
              return complaints.file(ctx.actor, request_key(ctx), ctx.params["id"], f);
            });
          });
    r.add("GET", "/api/v1/complaints", "Complaints: the territory's for staff, one's own for applicants (?case=, ?open=true)",
          reads_personal(staff_and_applicants, "staff of the territory; applicants: own"), {},
          [&complaints](Context& ctx) -> Result<HttpResponse> {
            cases::ComplaintFilter f;
            if (auto c = ctx.request.param("case"); !c.empty()) f.case_id = c.substr(0, 64);
            f.open_only = ctx.request.param("open") == "true";
            KOMEK_TRY(list, complaints.list(ctx.actor, f, "GET /api/v1/complaints"));
            json items = json::array();
            for (const auto& k : list) items.push_back(cases::to_json(k));
            return json_response(200, json{{"complaints", items}}.dump());
          });
    r.add("GET", "/api/v1/complaints/{id}", "One complaint with its deadlines",
          reads_personal(staff_and_applicants, "staff of the territory; applicants: own"), {},
          [&complaints](Context& ctx) -> Result<HttpResponse> {
            KOMEK_TRY(k, complaints.read(ctx.actor, ctx.params["id"], "GET /api/v1/complaints/{id}"));
            return json_response(200, cases::to_json(k).dump());
          });
    r.add("POST", "/api/v1/complaints/{id}/answer", "The reasoned answer of the body that acted (the complaint_answer period)",
          writes(officers, "officers of the territory"), {"outcome", "reasons"},
          [&complaints](Context& ctx) -> Result<HttpResponse> {
            return post(ctx, [&](Body& b) -> Result<work::Done<cases::Complaint>> {
              KOMEK_TRY(outcome, outcome_field(b));
              KOMEK_TRY(reasons, b.string("reasons", true, 20000));
              KOMEK_BODY_DONE(b);
              return complaints.answer(ctx.actor, request_key(ctx), ctx.params["id"], outcome, reasons);
            });
          });
    r.add("POST", "/api/v1/complaints/{id}/forward", "Forward with the case to the reviewing body (the complaint_forward period)",
          writes(officers, "officers of the territory"), {"reviewing_body"},
          [&complaints](Context& ctx) -> Result<HttpResponse> {
            return post(ctx, [&](Body& b) -> Result<work::Done<cases::Complaint>> {
              KOMEK_TRY(body_name, b.string("reviewing_body", true, 300));
              KOMEK_BODY_DONE(b);
              return complaints.forward(ctx.actor, request_key(ctx), ctx.params["id"], body_name);
            });
          });
    r.add("POST", "/api/v1/complaints/{id}/review", "The reviewing body's answer as received (the complaint_review period)",
          writes(officers, "officers of the territory"), {"outcome", "reasons"},
          [&complaints](Context& ctx) -> Result<HttpResponse> {
            return post(ctx, [&](Body& b) -> Result<work::Done<cases::Complaint>> {
              KOMEK_TRY(outcome, outcome_field(b));
              KOMEK_TRY(reasons, b.string("reasons", true, 20000));
              KOMEK_BODY_DONE(b);
              return complaints.review(ctx.actor, request_key(ctx), ctx.params["id"], outcome, reasons);
            });
          });
  };
}

}  // namespace komek::api
