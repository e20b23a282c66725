#include "api/app.hpp"

#include "api/auth.hpp"
#include "api/router.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "cases/case_json.hpp"
#include "core/iin.hpp"
#include "core/messages.hpp"

namespace komek::api {
namespace {
using cases::Role;
using namespace roles;
}  // namespace

std::string HttpRequest::param(std::string_view name) const {
  std::string_view q = query;
  while (!q.empty()) {
    const auto amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      std::string out;
      std::string_view v = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '+') out += ' ';
        else if (v[i] == '%' && i + 2 < v.size() && std::isxdigit(static_cast<unsigned char>(v[i + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(v[i + 2]))) {
          out += static_cast<char>(std::stoi(std::string(v.substr(i + 1, 2)), nullptr, 16));
          i += 2;
        } else out += v[i];
      }
      return out;
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return {};
}

struct App::Impl {
  cases::CaseService& service;
  Authenticator& auth;
  std::string version;
  Router router;

  Impl(cases::CaseService& s, Authenticator& a, std::string v, const std::vector<RouteModule>& modules)
      : service(s), auth(a), version(std::move(v)) {
    build();
    for (const auto& m : modules) m(router);
  }

  void add(std::string method, std::string pattern, std::string summary, Policy policy, std::vector<std::string> fields,
           Handler handler) {
    router.add(std::move(method), std::move(pattern), std::move(summary), std::move(policy), std::move(fields),
               std::move(handler));
  }
  static Policy open(std::string d) { return open_policy(std::move(d)); }

  // A command on a case with a JSON body read by `read`.
  Result<HttpResponse> command(Context& ctx, const std::string& name,
                               const std::function<Result<cases::CaseService::Command>(Body&)>& read) {
    KOMEK_TRY(body, Body::parse(ctx.request.body));
    KOMEK_TRY(cmd, read(body));
    KOMEK_CHECK(body.no_other_fields());
    return from(service.apply(ctx.actor, request_key(ctx), ctx.params["id"], name, cmd));
  }

  void build() {
    add("GET", "/health", "Liveness", open("anyone"), {}, [this](Context&) -> Result<HttpResponse> {
      return json_response(200, json{{"status", "ok"}, {"version", version}}.dump());
    });
    add("GET", "/api/v1/openapi.json", "This API's OpenAPI 3 document", open("anyone"), {},
        [this](Context&) -> Result<HttpResponse> { return json_response(200, openapi()); });
    add("POST", "/api/v1/sessions", "Sign in: a session token", Policy{true, {}, false, "anyone (credentials)"},
        {"login", "password"}, [this](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(body, Body::parse(ctx.request.body));
          KOMEK_TRY(login, body.string("login", true, 100));
          KOMEK_TRY(password, body.string("password", true, 1024));
          KOMEK_CHECK(body.no_other_fields());
          KOMEK_TRY(signed_in, auth.sign_in(login, password));
          HttpResponse r = json_response(201, json{{"token", signed_in.token},
                                                   {"login", signed_in.user.login},
                                                   {"role", std::string(cases::role_name(signed_in.user.role))},
                                                   {"territory", signed_in.user.territory},
                                                   {"full_name", signed_in.user.full_name}}
                                                  .dump());
          r.headers.emplace_back("Set-Cookie", "__Host-komek_session=" + signed_in.token +
                                                   "; Path=/; Secure; HttpOnly; SameSite=Strict");
          return r;
        });
    add("DELETE", "/api/v1/sessions", "Sign out", reads(all(), "any signed-in user"), {},
        [this](Context& ctx) -> Result<HttpResponse> {
          KOMEK_CHECK(auth.sign_out(token_of(ctx.request)));
          HttpResponse r = json_response(200, json{{"signed_out", true}}.dump());
          r.headers.emplace_back("Set-Cookie", "__Host-komek_session=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
          return r;
        });

    add("POST", "/api/v1/cases", "Submit an application (intake on any channel)",
        writes(kIntake, "intake staff; applicants for their own family (portal)"),
        {"channel", "pack", "programmes", "family", "applicant_name", "phone", "portal_checks"},
        [this](Context& ctx) -> Result<HttpResponse> {
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
    add("GET", "/api/v1/cases", "Cases of the caller's territory (applicants: their own)",
        reads(all_but_third_party(), "staff of the territory; applicants: own"), {},
        [this](Context& ctx) -> Result<HttpResponse> {
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
          for (const auto& c : list) items.push_back(summary(c));
          return json_response(200, json{{"cases", items}}.dump());
        });
    add("GET", "/api/v1/deadlines", "Open steps due soon or overdue, per officer and territory",
        reads(kStaff, "staff of the territory"), {}, [this](Context& ctx) -> Result<HttpResponse> {
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
    add("GET", "/api/v1/journal", "Journals: registration (3), portal (3.1), the electronic TSA journal (004 App 3-1); CSV or JSON",
        reads(kStaff, "staff of the territory"), {}, [this](Context& ctx) -> Result<HttpResponse> {
          const std::string kind = ctx.request.param("kind").empty() ? "registration" : ctx.request.param("kind");
          if (kind != "registration" && kind != "portal" && kind != "tsa") {
            Error e(ErrorCode::kInvalidInput, "http.field_type", {{"expected", "registration, portal or tsa"}});
            e.field = "kind";
            return tl::unexpected(e);
          }
          cases::CaseFilter f;
          f.limit = 500;
          KOMEK_TRY(list, service.read_all(ctx.actor, f, "GET /api/v1/journal"));
          return journal(kind, list, ctx.request.param("format") == "csv");
        });
    add("GET", "/api/v1/cases/{id}", "A case with its steps, deadlines, evaluation and decision",
        reads(all_but_third_party(), "staff of the territory; applicants: own"), {},
        [this](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(c, service.read(ctx.actor, ctx.params["id"], "GET /api/v1/cases/{id}"));
          HttpResponse r = json_response(200, cases::case_view(c));
          return r;
        });

    add("GET", "/api/v1/cases/{id}/coupon",
        "The tear-off coupon (үзбелі талон) given at registration: number, date, who registered, the decision deadline",
        reads(all_but_third_party(), "staff of the territory; applicants: own"), {},
        [this](Context& ctx) -> Result<HttpResponse> {
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
    add("GET", "/api/v1/cases/{id}/refusal-receipt",
        "The receipt of refusal to accept the documents (form 1-3): what is missing and why",
        reads(all_but_third_party(), "staff of the territory; applicants: own"), {},
        [this](Context& ctx) -> Result<HttpResponse> {
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
    add("POST", "/api/v1/cases/{id}/accept", "Completeness check passed: register (001 §12)",
        writes(kProcessors, "intake staff of the territory"), {}, [this](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(body, Body::parse(ctx.request.body));
          KOMEK_CHECK(body.no_other_fields());
          return from(service.accept(ctx.actor, request_key(ctx), ctx.params["id"]));
        });
    add("POST", "/api/v1/cases/{id}/refuse-to-accept", "Incomplete package: receipt of refusal to accept (form 1-3)",
        writes(kProcessors, "intake staff of the territory"), {"missing_documents", "reason"},
        [this](Context& ctx) -> Result<HttpResponse> {
          return command(ctx, "case.refuse_to_accept", [this](Body& b) -> Result<cases::CaseService::Command> {
            KOMEK_TRY(missing, b.strings("missing_documents"));
            KOMEK_TRY(reason, b.string("reason", false, 500));
            return [this, m = missing, r = reason](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().refuse_to_accept(c, m, r, today, ev);
            };
          });
        });
    add("POST", "/api/v1/cases/{id}/registry", "Query the 24 information systems (004 §7) and freeze the answers",
        writes(kProcessors, "intake staff of the territory"), {}, [this](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(body, Body::parse(ctx.request.body));
          KOMEK_CHECK(body.no_other_fields());
          return from(service.query_registry(ctx.actor, request_key(ctx), ctx.params["id"]));
        });
    add("POST", "/api/v1/cases/{id}/documents-received", "The documents asked for have been brought (001 §11)",
        writes(kProcessors, "staff of the territory"), {}, [this](Context& ctx) -> Result<HttpResponse> {
          return command(ctx, "case.documents_received", [this](Body&) -> Result<cases::CaseService::Command> {
            return [this](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().receive_documents(c, today, ev);
            };
          });
        });
    add("POST", "/api/v1/cases/{id}/written-query", "A written query to another body (004 §8)",
        writes(kProcessors, "staff of the territory"), {"addressee", "subject"}, [this](Context& ctx) -> Result<HttpResponse> {
          return command(ctx, "case.written_query", [this](Body& b) -> Result<cases::CaseService::Command> {
            KOMEK_TRY(to, b.string("addressee", true, 200));
            KOMEK_TRY(subject, b.string("subject", true, 500));
            return [this, a = to, s = subject](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().send_written_query(c, a, s, today, ev);
            };
          });
        });
    add("POST", "/api/v1/cases/{id}/written-query/notice", "The applicant told of the written query (the written_query_notice period)",
        writes(kProcessors, "staff of the territory"), {}, [this](Context& ctx) -> Result<HttpResponse> {
          return command(ctx, "case.written_query_notice", [this](Body&) -> Result<cases::CaseService::Command> {
            return [this](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().notify_query(c, today, ev);
            };
          });
        });
    add("POST", "/api/v1/cases/{id}/written-query/answer", "The answer to the written query came",
        writes(kProcessors, "staff of the territory"), {}, [this](Context& ctx) -> Result<HttpResponse> {
          return command(ctx, "case.written_query_answer", [this](Body&) -> Result<cases::CaseService::Command> {
            return [this](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().answer_written_query(c, today, ev);
            };
          });
        });
    add("POST", "/api/v1/cases/{id}/commission", "Refer to the district or special commission",
        writes(kProcessors, "staff of the territory"), {"kind"}, [this](Context& ctx) -> Result<HttpResponse> {
          return command(ctx, "case.commission", [this](Body& b) -> Result<cases::CaseService::Command> {
            KOMEK_TRY(kind, b.string("kind", true, 20));
            return [this, k = kind](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().refer_to_commission(c, k, today, ev);
            };
          });
        });
    add("POST", "/api/v1/cases/{id}/commission/conclusion", "The commission's conclusion on need",
        writes({Role::kOfficer, Role::kCommissionMember}, "commission members and officers of the territory"),
        {"in_need", "notes"}, [this](Context& ctx) -> Result<HttpResponse> {
          return command(ctx, "case.commission_conclusion", [this](Body& b) -> Result<cases::CaseService::Command> {
            KOMEK_TRY(in_need, b.boolean("in_need", true));
            KOMEK_TRY(notes, b.string("notes", false, 2000));
            return [this, n = in_need, t = notes](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().record_conclusion(c, n, t, today, ev);
            };
          });
        });
    add("POST", "/api/v1/cases/{id}/employment",
        "TSA: employment commission recommendations, social contract, plan (002 App 9), job seekers",
        writes({Role::kConsultant, Role::kOfficer}, "centre consultants and officers of the territory"),
        {"recommendations", "contract_number", "plan", "job_seekers"}, [this](Context& ctx) -> Result<HttpResponse> {
          return command(ctx, "case.employment", [this](Body& b) -> Result<cases::CaseService::Command> {
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
            return [this, m](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().record_employment(c, m, today, ev);
            };
          });
        });
    add("POST", "/api/v1/cases/{id}/evaluate", "Run the rules on the case (the trace is kept)",
        writes(kProcessors, "staff of the territory"), {}, [this](Context& ctx) -> Result<HttpResponse> {
          return command(ctx, "case.evaluate", [this](Body&) -> Result<cases::CaseService::Command> {
            return [this](cases::Case& c, Date today, std::vector<cases::Event>& ev) -> Result<void> {
              if (auto ok = cases::require_state(c, {cases::CaseState::kReadyForDecision}, "evaluate"); !ok) return ok;
              return service.workflow().evaluate(c, today, ev);
            };
          });
        });
    add("POST", "/api/v1/cases/{id}/hearing", "Notify the preliminary refusal and the hearing (001 §18)",
        writes({Role::kOfficer}, "officers of the territory"), {"decision_not_before"}, [this](Context& ctx) -> Result<HttpResponse> {
          return command(ctx, "case.hearing", [this](Body& b) -> Result<cases::CaseService::Command> {
            KOMEK_TRY(when, date_field(b, "decision_not_before"));
            return [this, w = when](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().notify_hearing(c, today, w, ev);
            };
          });
        });
    add("POST", "/api/v1/cases/{id}/hearing/objection", "The applicant's objection (the objection period)",
        writes({Role::kOfficer, Role::kApplicant}, "officers of the territory; the applicant"), {"text", "oral"},
        [this](Context& ctx) -> Result<HttpResponse> {
          return command(ctx, "case.objection", [this](Body& b) -> Result<cases::CaseService::Command> {
            KOMEK_TRY(text, b.string("text", true, 5000));
            KOMEK_TRY(oral, b.boolean("oral", false));
            return [this, t = text, o = oral](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().record_objection(c, t, o, today, ev);
            };
          });
        });
    add("POST", "/api/v1/cases/{id}/hearing/remarks", "Remarks on the hearing protocol (the protocol_remarks period)",
        writes({Role::kOfficer, Role::kApplicant}, "officers of the territory; the applicant"), {"text"},
        [this](Context& ctx) -> Result<HttpResponse> {
          return command(ctx, "case.remarks", [this](Body& b) -> Result<cases::CaseService::Command> {
            KOMEK_TRY(text, b.string("text", true, 5000));
            return [this, t = text](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().record_remarks(c, t, today, ev);
            };
          });
        });
    add("POST", "/api/v1/cases/{id}/decision", "Decide: grant with amounts and period, or refuse with reasons",
        writes({Role::kOfficer}, "officers of the territory"), {}, [this](Context& ctx) -> Result<HttpResponse> {
          return command(ctx, "case.decide", [this, &ctx](Body&) -> Result<cases::CaseService::Command> {
            return [this, officer = ctx.actor.login](cases::Case& c, Date today, std::vector<cases::Event>& ev) {
              return service.workflow().decide(c, today, officer, ev);
            };
          });
        });
  }

  static json summary(const cases::Case& c) {
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

  // The journals of SPEC §13, one row per registered application.
  static HttpResponse journal(const std::string& kind, const std::vector<cases::Case>& list, bool csv) {
    std::vector<std::string> columns;
    if (kind == "tsa")
      columns = {"number", "registered_on", "applicant_iin", "applicant_name", "address", "sent_to_district_commission",
                 "district_commission_conclusion", "sent_to_employment_commission", "employment_recommendations",
                 "social_contract_number", "social_contract_date", "draft_decision_date", "tsa_type", "decision",
                 "decision_date", "assignment_months", "assigned_total_tenge"};
    else
      columns = {"number", "registered_on", "received_at", "channel", "pack", "applicant_iin", "applicant_name", "state",
                 "decision_due", "officer"};
    json rows = json::array();
    for (const auto& c : list) {
      if (c.number.empty()) continue;
      if (kind == "portal" && c.channel != cases::Channel::kPortal) continue;
      if (kind == "tsa" && c.pack_id != "kz-tsa") continue;
      auto date = [](const std::optional<Date>& d) { return d ? d->iso() : std::string(); };
      json row = json::object();
      row["number"] = c.number;
      row["registered_on"] = date(c.registered_on);
      row["applicant_iin"] = c.applicant_iin;
      row["applicant_name"] = c.applicant_name;
      if (kind == "tsa") {
        const json family = c.family_json.empty() ? json::object() : json::parse(c.family_json);
        row["address"] = family.value("territory", "");
        row["sent_to_district_commission"] = c.commission ? c.commission->sent_on.iso() : "";
        row["district_commission_conclusion"] = c.commission ? date(c.commission->concluded_on) : "";
        row["sent_to_employment_commission"] = c.commission ? date(c.commission->concluded_on) : "";
        row["employment_recommendations"] = c.employment ? date(c.employment->recommendations_on) : "";
        row["social_contract_number"] = c.employment ? c.employment->contract_number : "";
        row["social_contract_date"] = c.employment ? date(c.employment->contract_signed_on) : "";
        row["draft_decision_date"] = c.employment ? date(c.employment->recommendations_on) : "";
        std::string type, decision, months, total;
        if (c.decision) {
          decision = c.decision->granted ? "assign" : "refuse";
          for (const auto& p : c.decision->programmes) {
            if (p.programme == "tsa") {
              type = p.tsa_type;
              months = std::to_string(p.payments);
            }
          }
          Money sum;
          for (const auto& p : c.decision->programmes)
            if (p.granted) sum = sum + p.amount_per_period;
          total = sum.decimal();
        }
        row["tsa_type"] = type;
        row["decision"] = decision;
        row["decision_date"] = c.decision ? c.decision->on.iso() : "";
        row["assignment_months"] = months;
        row["assigned_total_tenge"] = total;
      } else {
        const cases::Deadline* d = c.deadline("decision");
        row["received_at"] = c.received_at;
        row["channel"] = std::string(cases::channel_name(c.channel));
        row["pack"] = c.pack_id;
        row["state"] = std::string(cases::state_name(c.state));
        row["decision_due"] = d ? d->due.iso() : "";
        row["officer"] = c.officer;
      }
      rows.push_back(std::move(row));
    }
    if (!csv) return json_response(200, json{{"journal", kind}, {"columns", columns}, {"rows", rows}}.dump());
    auto cell = [](const std::string& v) {
      // RFC 4180 quoting; a leading = + - @ is prefixed so that spreadsheets do not run it.
      std::string out = v;
      if (!out.empty() && (out[0] == '=' || out[0] == '+' || out[0] == '-' || out[0] == '@')) out = "'" + out;
      if (out.find_first_of(",\"\n\r") == std::string::npos) return out;
      std::string q = "\"";
      for (char ch : out) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      return q + "\"";
    };
    std::string text;
    for (std::size_t i = 0; i < columns.size(); ++i) text += (i ? "," : "") + columns[i];
    text += "\r\n";
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < columns.size(); ++i) text += (i ? "," : "") + cell(row[columns[i]].get<std::string>());
      text += "\r\n";
    }
    HttpResponse r = json_response(200, text);
    r.content_type = "text/csv; charset=utf-8";
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"journal-" + kind + ".csv\"");
    return r;
  }

  std::string openapi() const {
  json paths = json::object();
  for (const auto& r : router.infos()) {
    json op = {{"summary", r.summary},
               {"description", "Who may call it: " + r.policy.description},
               {"security", r.policy.public_route ? json::array() : json::array({{{"session", json::array()}}})},
               {"responses",
                {{"200", {{"description", "OK"}}},
                 {"400", {{"description", "Invalid input: {code, message, field}"}}},
                 {"401", {{"description", "Not signed in"}}},
                 {"403", {{"description", "Not allowed"}}},
                 {"404", {{"description", "Not found (or not visible to the caller)"}}},
                 {"409", {{"description", "Not allowed in the case's current state"}}},
                 {"422", {{"description", "Idempotency key reused with another body, or a legal value unknown"}}}}}};
    json parameters = json::array();
    for (const auto& part : split_path(r.pattern))
      if (part.front() == '{')
        parameters.push_back({{"name", part.substr(1, part.size() - 2)}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    if (r.policy.mutates)
      parameters.push_back({{"name", "Idempotency-Key"}, {"in", "header"}, {"required", true}, {"schema", {{"type", "string"}, {"maxLength", 200}}}});
    if (!parameters.empty()) op["parameters"] = parameters;
    if (r.method == "POST") {
      json props = json::object();
      for (const auto& f : r.body_fields) props[f] = json::object();
      json schema = {{"type", "object"}, {"additionalProperties", false}, {"properties", props}};
      json content = json::object();
      content["application/json"] = {{"schema", schema}};
      op["requestBody"] = {{"content", content}};
    }
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    paths[r.pattern][method] = op;
  }
  return json{{"openapi", "3.0.3"},
              {"info", {{"title", "Komek API"}, {"version", version}}},
              {"paths", paths},
              {"components", {{"securitySchemes", {{"session", {{"type", "http"}, {"scheme", "bearer"}}}}}}}}
      .dump(2);
}


  HttpResponse dispatch(const HttpRequest& req) {
    const Lang lang = caller_lang(req);
    const auto parts = split_path(req.path);
    bool path_matched = false;
    for (auto& route : router.routes()) {
      if (route.parts.size() != parts.size()) continue;
      std::map<std::string, std::string> params;
      bool match = true;
      for (std::size_t i = 0; i < parts.size() && match; ++i) {
        const std::string& p = route.parts[i];
        if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
          if (parts[i].size() > 64) match = false;
          else params[p.substr(1, p.size() - 2)] = parts[i];
        } else if (p != parts[i]) {
          match = false;
        }
      }
      if (!match) continue;
      path_matched = true;
      if (route.info.method != req.method) continue;
      Context ctx{req, std::move(params), std::nullopt, {}, lang};
      auto result = run(route, ctx);
      if (!result) return error_response(result.error(), lang);
      return *result;
    }
    if (path_matched)
      return error_response(Error(ErrorCode::kInvalidInput, "http.method_not_allowed",
                                  {{"method", req.method.substr(0, 10)}, {"path", req.path.substr(0, 200)}}),
                            lang);
    return error_response(Error(ErrorCode::kNotFound, "http.not_found", {{"path", req.path.substr(0, 200)}}), lang);
  }

  Result<HttpResponse> run(Router::Route& route, Context& ctx) {
    if (ctx.request.body.size() > route.info.policy.body_bytes_max) return fail(ErrorCode::kInvalidInput, "http.body_too_large");
    if (!route.info.policy.public_route) {
      const std::string token = token_of(ctx.request);
      auto user = auth.authenticate(token);
      if (!user) return tl::unexpected(user.error());
      if (std::find(route.info.policy.roles.begin(), route.info.policy.roles.end(), user->role) == route.info.policy.roles.end())
        return fail(ErrorCode::kForbidden, "http.forbidden");
      // Cookie sessions must prove the request comes from our pages (CSRF, S6); bearer
      // tokens are not sent by browsers on their own.
      if (route.info.policy.mutates && ctx.request.header("authorization").empty() &&
          ctx.request.header("x-requested-with") != "komek")
        return fail(ErrorCode::kForbidden, "http.forbidden");
      // The account is checked again as it is used (issue 13 findings 2 and 3): an applicant
      // without an IIN or staff without a valid territory acts as nobody. Roles that act for
      // themselves get a territory prefix no record has, so that a list which forgot to filter
      // by their IIN still matches nothing (fail closed).
      auto scope = cases::check_account(*user, true);
      if (!scope) {
        spdlog::warn("account {} is not valid and was refused: {}", user->login.substr(0, 100), scope.error().message_key);
        return fail(ErrorCode::kUnauthorized, "http.unauthorized");
      }
      const std::string territory = cases::acts_for_itself(user->role) ? std::string(work::kNoTerritory) : scope->prefix();
      ctx.actor = work::Actor{user->login, std::string(cases::role_name(user->role)), territory, user->iin,
                               ctx.request.client};
      ctx.user = std::move(*user);
    }
    return route.handler(ctx);
  }
};

App::App(cases::CaseService& service, Authenticator& auth, std::string version, const std::vector<RouteModule>& modules)
    : impl_(std::make_unique<Impl>(service, auth, std::move(version), modules)) {}
App::~App() = default;

HttpResponse App::handle(const HttpRequest& request) {
  HttpResponse r;
  try {
    r = impl_->dispatch(request);
  } catch (const std::exception& e) {
    // A bug or a broken invariant fails this request only (issue 13 finding 1): the
    // transaction it was in has rolled back as the exception left it; the log keeps what
    // happened under a correlation id, and the caller gets that id and nothing else (S8).
    const std::string id = random_token().substr(0, 12);
    spdlog::error("internal error {}: unhandled exception on {} {}: {}", id, request.method,
                  request.path.substr(0, 200), e.what());
    r = error_response(Error(ErrorCode::kInternal, "internal.error", {{"correlation_id", id}}), caller_lang(request));
  }
  // Headers every response carries (S6); personal data is never cached.
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  r.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  return r;
}

const std::vector<RouteInfo>& App::routes() const { return impl_->router.infos(); }

std::string App::openapi() const { return impl_->openapi(); }

}  // namespace komek::api
