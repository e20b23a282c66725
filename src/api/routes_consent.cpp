// Routes of third-party status confirmation (004 §19-1, App 14) and proactive offers
// (FACTS §6). Thin: each reads its body against its schema and calls the service.
//
//   third party   POST /api/v1/status-requests            ask about a family (subject_iin)
//                 GET  /api/v1/status-requests[/{id}]      own requests; the answer after a yes
//   subject       GET  /api/v1/me/status-requests          who asked about me, and when
//                 POST /api/v1/me/status-requests/{id}/answer   yes or no in the cabinet
//   SMS gateway   POST /api/v1/status-requests/{id}/otp     the subject's SMS reply with the password
//   officer       POST /api/v1/offers/run, GET /api/v1/offers
//   person        GET  /api/v1/me/offers, POST /api/v1/me/offers/{id}/answer
//   SMS gateway   POST /api/v1/offers/{id}/otp
#include <string>

#include "api/router.hpp"
#include "api/routes.hpp"
#include "cases/consent_service.hpp"
#include "cases/offer_service.hpp"
#include "notify/notice_service.hpp"

namespace komek::api {
namespace {

using cases::Role;

// The SMS replies come through the gateway's account (the State Corporation's operator
// desk runs it) or from the person signed in.
const std::vector<Role> kSmsReply = {Role::kStateCorporationOperator, Role::kApplicant};

// A list as a JSON array of each item's view.
template <typename T, typename View>
Result<HttpResponse> json_list(Result<std::vector<T>> items, View&& view) {
  if (!items) return tl::unexpected(items.error());
  json out = json::array();
  for (const auto& item : *items) out.push_back(json::parse(view(item)));
  return json_response(200, out.dump());
}

// What an SMS reply is answered with: the subject sees their view; the gateway's operator
// account only whether it was taken.
std::string reply_body(const Context& ctx, const cases::StatusRequest& r) {
  if (ctx.actor.is_applicant()) return cases::subject_view(r);
  return json{{"id", r.id}, {"state", std::string(cases::consent_state_name(r.state))}}.dump();
}

// {"consent": bool} plus, for the SMS path, {"otp": "123456"}.
struct Answer {
  bool consent = false;
  std::string otp;
};
Result<Answer> read_answer(const std::string& text, bool with_otp) {
  KOMEK_TRY(body, Body::parse(text));
  Answer a;
  auto consent = body.boolean("consent", true);
  if (!consent) return tl::unexpected(consent.error());
  a.consent = *consent;
  if (with_otp) {
    auto otp = body.string("otp", true, 16);
    if (!otp) return tl::unexpected(otp.error());
    a.otp = *otp;
  }
  KOMEK_CHECK(body.no_other_fields());
  return a;
}

// The third party's view, with where the subject's SMS is: "none" (no number known: the
// subject is asked in the cabinet only), "queued", "sent" or "failed" (it will never arrive;
// the subject can still answer in the cabinet).
std::string third_party_view(notify::NoticeService* notices, const cases::StatusRequest& r) {
  json view = json::parse(cases::third_party_view(r));
  if (notices == nullptr) return view.dump();
  std::string state = r.subject_phone.empty() ? "none" : "queued";
  if (!r.subject_phone.empty()) {
    auto deliveries = notices->deliveries_of_ref("status-request:" + r.id);
    if (!deliveries) return view.dump();  // the request itself is still shown; its SMS state is not known
    for (const auto& d : *deliveries) {
      if (d.topic != "sms") continue;
      if (d.outbox_status == "failed" || d.status == "failed") state = "failed";
      else if (d.status == "sent") state = "sent";
    }
  }
  view["sms_delivery"] = state;
  return view.dump();
}

}  // namespace

RouteModule consent_routes(cases::ConsentService& consent, cases::OfferService& offers, notify::NoticeService* notices) {
  return [&consent, &offers, notices](Router& router) {
    const auto view = [notices](const cases::StatusRequest& r) { return third_party_view(notices, r); };
    // ---- status confirmation to third parties ----
    router.add("POST", "/api/v1/status-requests", "Ask whether a family receives TSA (004 §19-1): the subject is asked",
               writes({Role::kThirdParty}, "third parties"), {"subject_iin", "organisation", "purpose"},
               [&consent, view](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(body, Body::parse(ctx.request.body));
                 KOMEK_TRY(iin, body.string("subject_iin", true, 40));
                 KOMEK_TRY(organisation, body.string("organisation", false, cases::kConsentTextMax));
                 KOMEK_TRY(purpose, body.string("purpose", false, cases::kConsentTextMax));
                 KOMEK_CHECK(body.no_other_fields());
                 cases::StatusRequester who{ctx.actor.login, ctx.user ? ctx.user->full_name : "", ctx.actor.iin, organisation};
                 return from(consent.ask(ctx.actor, who, request_key(ctx), iin, purpose), view);
               });
    router.add("GET", "/api/v1/status-requests", "The caller's requests, with the answers given",
               reads_personal({Role::kThirdParty}, "third parties: their own"), {},
               [&consent, view](Context& ctx) { return json_list(consent.requests_of_third_party(ctx.actor), view); });
    router.add("GET", "/api/v1/status-requests/{id}", "One request: pending, confirmed with the answer, or no confirmation",
               reads_personal({Role::kThirdParty}, "third parties: their own"), {},
               [&consent, view](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(r, consent.request_for_third_party(ctx.actor, ctx.params["id"]));
                 return json_response(200, view(r));
               });
    router.add("POST", "/api/v1/status-requests/{id}/otp", "The subject's SMS reply with the one-time password",
               writes(kSmsReply, "the SMS gateway's operator account; the subject"), {"otp", "consent"},
               [&consent](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(a, read_answer(ctx.request.body, true));
                 return from(consent.answer_with_otp(ctx.actor, request_key(ctx), ctx.params["id"], a.otp, a.consent),
                             [&ctx](const cases::StatusRequest& r) { return reply_body(ctx, r); });
               });
    router.add("GET", "/api/v1/me/status-requests", "Requests about me: who asked, when, and what was answered",
               reads_personal({Role::kApplicant}, "the subject"), {},
               [&consent](Context& ctx) { return json_list(consent.requests_about_me(ctx.actor), cases::subject_view); });
    router.add("POST", "/api/v1/me/status-requests/{id}/answer", "Consent or refuse in the cabinet (within the consent_answer period)",
               writes({Role::kApplicant}, "the subject"), {"consent"}, [&consent](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(a, read_answer(ctx.request.body, false));
                 return from(consent.answer(ctx.actor, request_key(ctx), ctx.params["id"], a.consent), cases::subject_view);
               });

    // ---- proactive offers ----
    router.add("POST", "/api/v1/offers/run", "Find eligible families that have not applied and offer (FACTS §6)",
               writes({Role::kOfficer}, "officers, for their territory"), {"date"},
               [&offers](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(body, Body::parse(ctx.request.body));
                 KOMEK_TRY(on, date_field(body, "date"));
                 KOMEK_CHECK(body.no_other_fields());
                 return from(offers.run_request(ctx.actor, request_key(ctx), on));
               });
    router.add("GET", "/api/v1/offers", "Offers of the caller's territory (?state=offered|consented|case_started|declined|expired)",
               reads_personal({Role::kOfficer, Role::kAuditor}, "officers and auditors of the territory"), {},
               [&offers](Context& ctx) -> Result<HttpResponse> {
                 cases::OfferFilter f;
                 if (auto s = ctx.request.param("state"); !s.empty()) {
                   auto state = cases::parse_offer_state(s);
                   if (!state) {
                     Error e(ErrorCode::kInvalidInput, "http.field_type", {{"expected", "offered, consented, case_started, declined or expired"}});
                     e.field = "state";
                     return tl::unexpected(e);
                   }
                   f.state = *state;
                 }
                 return json_list(offers.list(ctx.actor, f), cases::offer_view);
               });
    router.add("POST", "/api/v1/offers/{id}/otp", "The person's SMS reply to an offer with the one-time password",
               writes(kSmsReply, "the SMS gateway's operator account; the person"), {"otp", "consent"},
               [&offers](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(a, read_answer(ctx.request.body, true));
                 return from(offers.answer_with_otp(ctx.actor, request_key(ctx), ctx.params["id"], a.otp, a.consent));
               });
    router.add("GET", "/api/v1/me/offers", "Offers made to me", reads_personal({Role::kApplicant}, "the person offered"), {},
               [&offers](Context& ctx) { return json_list(offers.mine(ctx.actor), cases::offer_view); });
    router.add("POST", "/api/v1/me/offers/{id}/answer", "Accept (the case starts, registered) or decline an offer",
               writes({Role::kApplicant}, "the person offered"), {"consent"}, [&offers](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(a, read_answer(ctx.request.body, false));
                 return from(offers.answer(ctx.actor, request_key(ctx), ctx.params["id"], a.consent));
               });
  };
}

}  // namespace komek::api
