// The case routes (SPEC §4-§7): intake on every channel, the lists and deadlines of a
// territory, a case with its printed coupon and receipt, and each command of the workflow —
// registration, the registry queries, written queries, commissions, employment measures, the
// rules, the hearing and the decision. Each handler reads its input, calls the case service
// and renders the typed outcome (api/views.hpp); the rules of the workflow live below api/.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "api/router.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"
#include "cases/case_json.hpp"
#include "cases/service.hpp"
#include "core/iin.hpp"

namespace komek::api {
namespace {

using cases::Role;
using namespace roles;

// A command on a case with a JSON body read by `read`.
Result<HttpResponse> case_command(cases::CaseService& service, Context& ctx, const std::string& name,
                                  const std::function<Result<cases::CaseService::Command>(Body&)>& read) {
  KOMEK_TRY(body, Body::parse(ctx.request.body));
  KOMEK_TRY(cmd, read(body));
  KOMEK_CHECK(body.no_other_fields());
  return from(service.apply(ctx.actor, request_key(ctx), ctx.params["id"], name, cmd));
}

// A command that may run the rules: given the workflow with the parameters of the case's
// region (the regional figures entered in the database laid over the shipped ones).
Result<HttpResponse> evaluating_command(cases::CaseService& service, Context& ctx, const std::string& name,
                                        const std::function<Result<cases::CaseService::EvaluatingCommand>(Body&)>& read) {
  KOMEK_TRY(body, Body::parse(ctx.request.body));
  KOMEK_TRY(cmd, read(body));
  KOMEK_CHECK(body.no_other_fields());
  return from(service.apply(ctx.actor, request_key(ctx), ctx.params["id"], name, cmd));
}

// A case as its list shows it.
json case_summary(const cases::Case& c) {
  const cases::Deadline* d = c.deadline("decision");
  return {{"id", c.id},
          {"number", c.number},
          {"state", std::string(cases::state_name(c.state))},
          {"pack", c.pack_id},
          {"channel", std::string(cases::channel_name(c.channel))},
          {"territory", c.territory.code()},
          {"applicant_name", c.applicant_name},
          {"officer", c.officer},
          {"registered_on", c.registered_on ? json(c.registered_on->iso()) : json(nullptr)},
          {"decision_due", d && !d->done ? json(d->due.iso()) : json(nullptr)}};
}

// Intake on any channel (SPEC §4).
void add_intake(Router& r, cases::CaseService& service) {
    r.add("POST", "/api/v1/cases", "Submit an application (intake on any channel)",
        writes(kIntake, "intake staff; applicants for their own family (portal)"),
        {"channel", "pack", "programmes", "family", "applicant_name", "phone", "portal_checks"},
        [&service](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(body, Body::parse(ctx.request.body));
          cases::Intake in;
          auto channel = body.string("channel", !ctx.actor.is_applicant(), 40);
          if (!channel) return tl::unexpected(channel.error());
          if (ctx.actor.is_applicant()) {
            in.channel = cases::Channel::kPortal;
          } else {
            auto c = cases::parse_channel(*channel);
            if (!c) {
              Error e(ErrorCode::kInvalidInput, "case.channel", {{"value", channel->substr(0, 40)}});
              e.field = "channel";
              return tl::unexpected(e);
            }
            in.channel = *c;
          }
          KOMEK_TRY(pack, body.string("pack", true, 80));
          in.pack_id = pack;
          auto programmes = body.strings("programmes");
          if (!programmes) return tl::unexpected(programmes.error());
          in.programmes = *programmes;
          KOMEK_TRY(family, body.object_text("family", true));
          in.family_json = family;
          KOMEK_TRY(name, body.string("applicant_name", false, 200));
          in.applicant_name = name;
          auto phone = body.string("phone", false, 20);
          if (!phone) return tl::unexpected(phone.error());
          in.phone = *phone;
          (void)body.object_text("portal_checks", false);
          KOMEK_CHECK(body.no_other_fields());
          return from(service.submit(ctx.actor, request_key(ctx), in));
        });
}

// The territory's cases and its deadlines due soon or overdue.
void add_lists(Router& r, cases::CaseService& service) {
    r.add("GET", "/api/v1/cases", "Cases of the caller's territory (applicants: their own)",
        reads_personal(all_but_third_party(), "staff of the territory; applicants: own"), {},
        [&service](Context& ctx) -> Result<HttpResponse> {
          cases::CaseFilter f;
          if (auto s = ctx.request.param("state"); !s.empty()) {
            bool found = false;
            for (int i = 0; i <= static_cast<int>(cases::CaseState::kRefused); ++i)
              if (cases::state_name(static_cast<cases::CaseState>(i)) == s) {
                f.state = static_cast<cases::CaseState>(i);
                found = true;
              }
            if (!found) {
              Error e(ErrorCode::kInvalidInput, "case.state_unknown", {{"value", s.substr(0, 40)}});
              e.field = "state";
              return tl::unexpected(e);
            }
          }
          if (auto o = ctx.request.param("officer"); !o.empty()) f.officer = o;
          f.open_only = ctx.request.param("open") == "true";
          KOMEK_TRY(list, service.list(ctx.actor, f));
          json items = json::array();
          for (const auto& c : list) items.push_back(case_summary(c));
          return json_response(200, json{{"cases", items}}.dump());
        });
    r.add("GET", "/api/v1/deadlines", "Open steps due soon or overdue, per officer and territory",
        reads(kStaff, "staff of the territory"), {}, [&service](Context& ctx) -> Result<HttpResponse> {
          int within = 3;
          if (auto w = ctx.request.param("within"); !w.empty()) {
            if (w.size() > 2 || w.find_first_not_of("0123456789") != std::string::npos) {
              Error e(ErrorCode::kInvalidInput, "http.field_type", {{"expected", "number of working days 0-99"}});
              e.field = "within";
              return tl::unexpected(e);
            }
            within = std::stoi(w);
          }
          const Date today = service.clock().now_local().date;
          KOMEK_TRY(horizon, service.workflow().calendar().add_working_days(today, within));
          cases::CaseFilter f;
          f.open_only = true;
          f.limit = 500;
          if (ctx.request.param("mine") == "true") f.officer = ctx.actor.login;
          KOMEK_TRY(list, service.list(ctx.actor, f));
          json overdue = json::array();
          json soon = json::array();
          for (const auto& c : list)
            for (const auto& d : c.deadlines) {
              if (d.done) continue;
              json item{{"case", c.id}, {"number", c.number}, {"officer", c.officer}, {"territory", c.territory.code()},
                        {"step", d.step}, {"due", d.due.iso()}, {"cites", d.cites}};
              if (d.due < today) overdue.push_back(item);
              else if (d.due <= horizon) soon.push_back(item);
            }
          return json_response(200, json{{"today", today.iso()}, {"until", horizon.iso()}, {"overdue", overdue},
                                         {"due_soon", soon}}.dump());
        });
}

// A case, its coupon (004 §12.1) and its receipt of refusal to accept (form 1-3).
void add_reads(Router& r, cases::CaseService& service) {
    r.add("GET", "/api/v1/cases/{id}", "A case with its steps, deadlines, evaluation and decision",
        reads_personal(all_but_third_party(), "staff of the territory; applicants: own"), {},
        [&service](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(c, service.read(ctx.actor, ctx.params["id"], "GET /api/v1/cases/{id}"));
          HttpResponse response = json_response(200, body_of(c));
          return response;
        });

    r.add("GET", "/api/v1/cases/{id}/coupon",
        "The tear-off coupon (үзбелі талон) given at registration: number, date, who registered, the decision deadline",
        reads_personal(all_but_third_party(), "staff of the territory; applicants: own"), {},
        [&service](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(c, service.read(ctx.actor, ctx.params["id"], "GET /api/v1/cases/{id}/coupon"));
          if (c.number.empty()) return fail(ErrorCode::kConflict, "case.transition", {{"command", "coupon"}, {"state", std::string(cases::state_name(c.state))}});
          const cases::Deadline* d = c.deadline("decision");
          return json_response(200, json{{"number", c.number},
                                         {"registered_on", c.registered_on->iso()},
                                         {"received_at", c.received_at},
                                         {"channel", std::string(cases::channel_name(c.channel))},
                                         {"registered_by", c.officer},
                                         {"applicant_name", c.applicant_name},
                                         {"decision_due", d ? json(d->due.iso()) : json(nullptr)},
                                         {"decision_due_cites", d ? json(d->cites) : json(nullptr)},
                                         {"cites", "004 §12.1; 001 §12"}}
                                        .dump());
        });
    r.add("GET", "/api/v1/cases/{id}/refusal-receipt",
        "The receipt of refusal to accept the documents (form 1-3): what is missing and why",
        reads_personal(all_but_third_party(), "staff of the territory; applicants: own"), {},
        [&service](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(c, service.read(ctx.actor, ctx.params["id"], "GET /api/v1/cases/{id}/refusal-receipt"));
          if (c.state != cases::CaseState::kRefusedToAccept)
            return fail(ErrorCode::kConflict, "case.transition", {{"command", "refusal_receipt"}, {"state", std::string(cases::state_name(c.state))}});
          const cases::Deadline* d = c.deadline("registration");
          return json_response(200, json{{"form", "1-3"},
                                         {"received_at", c.received_at},
                                         {"refused_on", d && d->done ? json(d->done->iso()) : json(nullptr)},
                                         {"applicant_name", c.applicant_name},
                                         {"missing_documents", c.missing_documents},
                                         {"reason", c.refusal_to_accept_reason},
                                         {"cites", "001 §11; 004 §7-1"}}
                                        .dump());
        });
}

// Registration, the registry queries, written queries and the commission (001 §11-§12; 004 §7-§8).
void add_registration_steps(Router& r, cases::CaseService& service) {
    r.add("POST", "/api/v1/cases/{id}/accept", "Completeness check passed: register (001 §12)",
        writes(kProcessors, "intake staff of the territory"), {}, [&service](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(body, Body::parse(ctx.request.body));
          KOMEK_CHECK(body.no_other_fields());
          return from(service.accept(ctx.actor, request_key(ctx), ctx.params["id"]));
        });
    r.add("POST", "/api/v1/cases/{id}/refuse-to-accept", "Incomplete package: receipt of refusal to accept (form 1-3)",
        writes(kProcessors, "intake staff of the territory"), {"missing_documents", "reason"},
        [&service](Context& ctx) -> Result<HttpResponse> {
          return case_command(service, ctx, "case.refuse_to_accept", [&service](Body& b) -> Result<cases::CaseService::Command> {
            KOMEK_TRY(missing, b.strings("missing_documents"));
            KOMEK_TRY(reason, b.string("reason", false, 500));
            return [&service, m = missing, r = reason](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().refuse_to_accept(c, m, r, today, ev);
            };
          });
        });
    r.add("POST", "/api/v1/cases/{id}/registry", "Query the 24 information systems (004 §7) and freeze the answers",
        writes(kProcessors, "intake staff of the territory"), {}, [&service](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(body, Body::parse(ctx.request.body));
          KOMEK_CHECK(body.no_other_fields());
          return from(service.query_registry(ctx.actor, request_key(ctx), ctx.params["id"]));
        });
    r.add("POST", "/api/v1/cases/{id}/documents-received", "The documents asked for have been brought (001 §11)",
        writes(kProcessors, "staff of the territory"), {}, [&service](Context& ctx) -> Result<HttpResponse> {
          return case_command(service, ctx, "case.documents_received", [&service](Body&) -> Result<cases::CaseService::Command> {
            return [&service](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().receive_documents(c, today, ev);
            };
          });
        });
    r.add("POST", "/api/v1/cases/{id}/written-query", "A written query to another body (004 §8)",
        writes(kProcessors, "staff of the territory"), {"addressee", "subject"}, [&service](Context& ctx) -> Result<HttpResponse> {
          return case_command(service, ctx, "case.written_query", [&service](Body& b) -> Result<cases::CaseService::Command> {
            KOMEK_TRY(to, b.string("addressee", true, 200));
            KOMEK_TRY(subject, b.string("subject", true, 500));
            return [&service, a = to, s = subject](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().send_written_query(c, a, s, today, ev);
            };
          });
        });
    r.add("POST", "/api/v1/cases/{id}/written-query/notice", "The applicant told of the written query (the written_query_notice period)",
        writes(kProcessors, "staff of the territory"), {}, [&service](Context& ctx) -> Result<HttpResponse> {
          return case_command(service, ctx, "case.written_query_notice", [&service](Body&) -> Result<cases::CaseService::Command> {
            return [&service](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().notify_query(c, today, ev);
            };
          });
        });
    r.add("POST", "/api/v1/cases/{id}/written-query/answer", "The answer to the written query came",
        writes(kProcessors, "staff of the territory"), {}, [&service](Context& ctx) -> Result<HttpResponse> {
          return case_command(service, ctx, "case.written_query_answer", [&service](Body&) -> Result<cases::CaseService::Command> {
            return [&service](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().answer_written_query(c, today, ev);
            };
          });
        });
    r.add("POST", "/api/v1/cases/{id}/commission", "Refer to the district or special commission",
        writes(kProcessors, "staff of the territory"), {"kind"}, [&service](Context& ctx) -> Result<HttpResponse> {
          return case_command(service, ctx, "case.commission", [&service](Body& b) -> Result<cases::CaseService::Command> {
            KOMEK_TRY(kind, b.string("kind", true, 20));
            return [&service, k = kind](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().refer_to_commission(c, k, today, ev);
            };
          });
        });
    r.add("POST", "/api/v1/cases/{id}/commission/conclusion", "The commission's conclusion on need",
        writes({Role::kOfficer, Role::kCommissionMember}, "commission members and officers of the territory"),
        {"in_need", "notes"}, [&service](Context& ctx) -> Result<HttpResponse> {
          return evaluating_command(service, ctx, "case.commission_conclusion", [](Body& b) -> Result<cases::CaseService::EvaluatingCommand> {
            KOMEK_TRY(in_need, b.boolean("in_need", true));
            KOMEK_TRY(notes, b.string("notes", false, 2000));
            return [n = in_need, t = notes](const cases::Workflow& wf, cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return wf.record_conclusion(c, n, t, today, ev);
            };
          });
        });
}

// Employment measures, the rules, the hearing and the decision (002 App 9; 001 §18-§19).
void add_decision_steps(Router& r, cases::CaseService& service) {
    r.add("POST", "/api/v1/cases/{id}/employment",
        "TSA: employment commission recommendations, social contract, plan (002 App 9), job seekers",
        writes({Role::kConsultant, Role::kOfficer}, "centre consultants and officers of the territory"),
        {"recommendations", "contract_number", "plan", "job_seekers"}, [&service](Context& ctx) -> Result<HttpResponse> {
          return evaluating_command(service, ctx, "case.employment", [](Body& b) -> Result<cases::CaseService::EvaluatingCommand> {
            cases::EmploymentMeasures m;
            KOMEK_TRY(rec, b.string("recommendations", true, 2000));
            m.recommendations = rec;
            KOMEK_TRY(number, b.string("contract_number", false, 50));
            m.contract_number = number;
            auto plan = b.strings("plan");
            if (!plan) return tl::unexpected(plan.error());
            m.plan = *plan;
            KOMEK_TRY(seekers, b.strings("job_seekers"));
            for (const auto& iin : seekers)
              if (auto ok = Iin::parse(iin); !ok) {
                Error e = ok.error();
                e.field = "job_seekers";
                return tl::unexpected(e);
              }
            m.job_seekers = seekers;
            return [m](const cases::Workflow& wf, cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return wf.record_employment(c, m, today, ev);
            };
          });
        });
    r.add("POST", "/api/v1/cases/{id}/evaluate", "Run the rules on the case (the trace is kept)",
        writes(kProcessors, "staff of the territory"), {}, [&service](Context& ctx) -> Result<HttpResponse> {
          return evaluating_command(service, ctx, "case.evaluate", [](Body&) -> Result<cases::CaseService::EvaluatingCommand> {
            return [](const cases::Workflow& wf, cases::Case& c, Date today, std::vector<cases::Event>& ev) -> Result<void> {
              if (auto ok = cases::require_state(c, {cases::CaseState::kReadyForDecision}, "evaluate"); !ok) return ok;
              return wf.evaluate(c, today, ev);
            };
          });
        });
    r.add("POST", "/api/v1/cases/{id}/hearing", "Notify the preliminary refusal and the hearing (001 §18)",
        writes({Role::kOfficer}, "officers of the territory"), {"decision_not_before"}, [&service](Context& ctx) -> Result<HttpResponse> {
          return case_command(service, ctx, "case.hearing", [&service](Body& b) -> Result<cases::CaseService::Command> {
            KOMEK_TRY(when, date_field(b, "decision_not_before"));
            return [&service, w = when](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().notify_hearing(c, today, w, ev);
            };
          });
        });
    r.add("POST", "/api/v1/cases/{id}/hearing/objection", "The applicant's objection (the objection period)",
        writes({Role::kOfficer, Role::kApplicant}, "officers of the territory; the applicant"), {"text", "oral"},
        [&service](Context& ctx) -> Result<HttpResponse> {
          return case_command(service, ctx, "case.objection", [&service](Body& b) -> Result<cases::CaseService::Command> {
            KOMEK_TRY(text, b.string("text", true, 5000));
            KOMEK_TRY(oral, b.boolean("oral", false));
            return [&service, t = text, o = oral](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().record_objection(c, t, o, today, ev);
            };
          });
        });
    r.add("POST", "/api/v1/cases/{id}/hearing/remarks", "Remarks on the hearing protocol (the protocol_remarks period)",
        writes({Role::kOfficer, Role::kApplicant}, "officers of the territory; the applicant"), {"text"},
        [&service](Context& ctx) -> Result<HttpResponse> {
          return case_command(service, ctx, "case.remarks", [&service](Body& b) -> Result<cases::CaseService::Command> {
            KOMEK_TRY(text, b.string("text", true, 5000));
            return [&service, t = text](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().record_remarks(c, t, today, ev);
            };
          });
        });
    r.add("POST", "/api/v1/cases/{id}/decision", "Decide: grant with amounts and period, or refuse with reasons",
        writes({Role::kOfficer}, "officers of the territory"), {}, [&service](Context& ctx) -> Result<HttpResponse> {
          return evaluating_command(service, ctx, "case.decide", [&ctx](Body&) -> Result<cases::CaseService::EvaluatingCommand> {
            return [officer = ctx.actor.login](const cases::Workflow& wf, cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return wf.decide(c, today, officer, ev);
            };
          });
        });
}

}  // namespace

RouteModule case_routes(cases::CaseService& service) {
  return [&service](Router& r) {
    add_intake(r, service);
    add_lists(r, service);
    add_reads(r, service);
    add_registration_steps(r, service);
    add_decision_steps(r, service);
  };
}

}  // namespace komek::api
