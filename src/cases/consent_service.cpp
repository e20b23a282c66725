#include "cases/consent_service.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/messages.hpp"
#include "core/text.hpp"
#include "work/topics.hpp"

namespace komek::cases {
namespace {

using json = nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

tl::unexpected<Error> request_not_found() { return fail(ErrorCode::kNotFound, "consent.not_found"); }

std::string who_asks(const StatusRequester& r) {
  if (r.organisation.empty()) return r.name.empty() ? r.login : r.name;
  return r.organisation + (r.name.empty() ? "" : " (" + r.name + ")");
}

std::string ref_of(const StatusRequest& r) { return "status-request:" + r.id; }

// Until the local day ends: when a daily limit lets the next request in.
long long seconds_to_midnight(const LocalDateTime& now) {
  return std::max(1LL, 24LL * 3600 - static_cast<long long>(now.time.minutes()) * 60);
}

// The third party's cabinet: the answer after a yes, "no confirmation" after a no or silence.
Result<void> tell_third_party(ConsentTransaction& tx, const StatusRequest& r) {
  if (r.state == ConsentState::kConsented && r.answer) {
    const Params params = {{"iin", r.subject_iin},
                           {"as_of", r.answer->as_of.iso()},
                           {"until", r.answer->until ? r.answer->until->iso() : ""}};
    return tx.enqueue({Topic::kCabinet, cabinet_payload(r.requester.iin, "status_confirmation", "consent.cabinet.confirmed.title",
                                                  r.answer->receives ? "consent.cabinet.receives" : "consent.cabinet.does_not_receive",
                                                  params, ref_of(r))});
  }
  return tx.enqueue({Topic::kCabinet, cabinet_payload(r.requester.iin, "status_confirmation_none", "consent.cabinet.none.title",
                                                "consent.cabinet.none.body",
                                                {{"iin", r.subject_iin}, {"at", r.requested_at.iso()}}, ref_of(r))});
}

}  // namespace

std::string consent_sms_text(const std::string& who, const std::string& until, std::size_t otp_chars) {
  auto compose = [&](const std::string& name) {
    const Params params = {{"who", name}, {"until", until}, {"otp", std::string(work::kSmsSecretMark)}};
    return render_message("consent.sms", params, Lang::kKk) + "\n" + render_message("consent.sms", params, Lang::kRu);
  };
  auto length = [&](const std::string& text) { return utf8_length(work::sms_text_with_secret(text, std::string(otp_chars, '0'))); };
  std::string text = compose(who);
  if (length(text) <= work::kSmsTextCharsMax) return text;
  // The name appears once in each language: each character of it costs two.
  const std::size_t fixed = length(compose(""));
  const std::size_t room = fixed >= work::kSmsTextCharsMax ? 0 : (work::kSmsTextCharsMax - fixed) / 2;
  // quote_for_message keeps `room - 1` characters and adds "…" (one character).
  return compose(room == 0 ? std::string() : quote_for_message(who, room - 1));
}

std::string sms_payload(const std::string& phone, const std::string& text, const std::string& ref,
                        const std::string& secret) {
  json payload{{"phone", phone}, {"text", text}, {"ref", ref}};
  if (!secret.empty()) payload["secret"] = secret;
  return payload.dump();
}

std::string cabinet_payload(const std::string& iin, const std::string& kind, const std::string& title_key,
                            const std::string& body_key, const std::vector<std::pair<std::string, std::string>>& params,
                            const std::string& ref) {
  json title, body;
  for (auto [lang, name] : {std::pair{Lang::kKk, "kk"}, std::pair{Lang::kRu, "ru"}, std::pair{Lang::kEn, "en"}}) {
    title[name] = render_message(title_key, params, lang);
    body[name] = render_message(body_key, params, lang);
  }
  return json{{"iin", iin}, {"kind", kind}, {"title", title}, {"body", body}, {"ref", ref}}.dump();
}

Result<Done<StatusRequest>> ConsentService::run(
    const Actor& actor, const RequestKey& request,
    const std::function<Result<Done<StatusRequest>>(ConsentTransaction&)>& work) {
  // A wrong password is refused, but the try it used is committed (without the idempotency
  // record, so the refusal is not replayed as an answer).
  return work::run_idempotent<StatusRequest, ConsentTransaction>(store_, actor, request, status_request_codec(), work,
                                                                  work::RunOptions{"consent.otp_wrong"});
}

Result<Done<StatusRequest>> ConsentService::ask(const Actor& actor, const StatusRequester& who, const RequestKey& request,
                                     const std::string& subject_iin, const std::string& purpose) {
  const LocalDateTime now = clock_.now_local();
  return run(actor, request, [&](ConsentTransaction& tx) -> Result<Done<StatusRequest>> {
    KOMEK_TRY(r, open_status_request(ids_.new_id(), who, subject_iin, purpose, now,
                                     procedure_.period(rules::PeriodId::kConsentAnswer)));
    KOMEK_TRY(today, tx.requests_since(actor.login, r.subject_iin, now.date.iso()));
    if (today.about_subject >= limits_.per_subject_per_day)
      return fail(ErrorCode::kTooManyRequests, "consent.too_many_about_subject",
                  {{"limit", std::to_string(limits_.per_subject_per_day)}, {"seconds", std::to_string(seconds_to_midnight(now))}});
    if (today.by_requester >= limits_.per_requester_per_day)
      return fail(ErrorCode::kTooManyRequests, "consent.too_many_by_requester",
                  {{"limit", std::to_string(limits_.per_requester_per_day)}, {"seconds", std::to_string(seconds_to_midnight(now))}});
    KOMEK_TRY(phone, tx.known_phone(r.subject_iin));
    std::string otp;
    if (!phone.empty()) {
      r.subject_phone = phone;
      otp = new_otp(random_);
      r.otp = otp_for(r.id, otp);
    }
    KOMEK_CHECK(tx.insert_request(r));
    KOMEK_CHECK(tx.audit({"", actor.login, "status_request.created", "status_request", r.id, "", status_request_json(r)}));
    const Params params = {{"who", who_asks(r.requester)}, {"at", r.requested_at.iso()}, {"until", r.expires_at.iso()}};
    KOMEK_CHECK(tx.enqueue({Topic::kCabinet, cabinet_payload(r.subject_iin, "status_request", "consent.cabinet.request.title",
                                                         "consent.cabinet.request.body", params, ref_of(r))}));
    if (!otp.empty()) {
      const std::string text = consent_sms_text(who_asks(r.requester), r.expires_at.iso(), otp.size());
      KOMEK_CHECK(tx.enqueue({Topic::kSms, sms_payload(r.subject_phone, text, ref_of(r), otp)}));
    }
    return Done<StatusRequest>{Effect::kCreated, std::move(r)};
  });
}

Result<void> ConsentService::give_answer(ConsentTransaction& tx, StatusRequest& r, bool consent, const std::string& via,
                                         const std::string& actor, const LocalDateTime& now) {
  const std::string before = status_request_json(r);
  std::optional<TsaStatus> status;
  if (consent) {
    // The answer is decided now, from the records as they stand, and given in this same
    // transaction: well inside the status_service period (004 App 14).
    KOMEK_TRY(cases, tx.granted_cases_of(r.subject_iin, tsa_packs_));
    std::vector<std::string> case_ids;
    for (const auto& c : cases) case_ids.push_back(c.id);
    KOMEK_TRY(assignments, tx.assignments_of(r.subject_iin, tsa_packs_, case_ids));
    status = tsa_status(r.subject_iin, cases, assignments, now.date);
  }
  record_answer(r, consent, via, now, status);
  if (auto ok = tx.update_request(r); !ok) return ok;
  if (auto ok = tx.audit({"", actor, consent ? "status_request.consented" : "status_request.refused", "status_request", r.id,
                          before, status_request_json(r)});
      !ok)
    return ok;
  if (auto ok = tell_third_party(tx, r); !ok) return ok;
  return tx.audit({"", "system", consent ? "status_request.answer_given" : "status_request.no_answer_given",
                   "status_request", r.id, "", third_party_view(r)});
}

Result<Done<StatusRequest>> ConsentService::answer(const Actor& subject, const RequestKey& request, const std::string& id, bool consent) {
  const LocalDateTime now = clock_.now_local();
  return run(subject, request, [&](ConsentTransaction& tx) -> Result<Done<StatusRequest>> {
    KOMEK_TRY(found, tx.find_request(id));
    // Only the person asked about answers in the cabinet; anyone else is told it does not exist.
    if (!found || subject.iin.empty() || (found)->subject_iin != subject.iin) return request_not_found();
    StatusRequest r = std::move(*found);
    KOMEK_CHECK(require_answerable(r, now));
    KOMEK_CHECK(give_answer(tx, r, consent, "cabinet", subject.login, now));
    return Done<StatusRequest>{Effect::kDone, std::move(r)};
  });
}

Result<Done<StatusRequest>> ConsentService::answer_with_otp(const Actor& actor, const RequestKey& request, const std::string& id,
                                                 const std::string& otp, bool consent) {
  const LocalDateTime now = clock_.now_local();
  return run(actor, request, [&](ConsentTransaction& tx) -> Result<Done<StatusRequest>> {
    KOMEK_TRY(found, tx.find_request(id));
    if (!found || (actor.is_applicant() && (found)->subject_iin != actor.iin)) return request_not_found();
    StatusRequest r = std::move(*found);
    KOMEK_CHECK(require_answerable(r, now));
    const std::string before = status_request_json(r);
    switch (check_otp(r.otp, r.id, otp)) {
      case OtpCheck::kNone: return fail(ErrorCode::kConflict, "consent.otp_none");
      case OtpCheck::kLocked: return fail(ErrorCode::kConflict, "consent.otp_locked");
      case OtpCheck::kWrong: {
        KOMEK_CHECK(tx.update_request(r));
        KOMEK_CHECK(tx.audit({"", actor.login, "status_request.otp_wrong", "status_request", r.id, before, status_request_json(r)}));
        Error e(ErrorCode::kInvalidInput, "consent.otp_wrong", {{"left", std::to_string(kOtpAttemptsMax - r.otp.attempts)}});
        e.field = "otp";
        return tl::unexpected(e);
      }
      case OtpCheck::kMatch: break;
    }
    KOMEK_CHECK(give_answer(tx, r, consent, "sms", actor.login, now));
    return Done<StatusRequest>{Effect::kDone, std::move(r)};
  });
}

Result<void> ConsentService::sweep_in(ConsentTransaction& tx, const LocalDateTime& now, ConsentSweepSummary& summary) {
  KOMEK_TRY(due, tx.overdue_requests(now, kConsentPageMax));
  for (StatusRequest& r : due) {
    const std::string before = status_request_json(r);
    if (!expire_if_due(r, now)) continue;
    if (auto ok = tx.update_request(r); !ok) return ok;
    if (auto ok = tx.audit({"", "system", "status_request.expired", "status_request", r.id, before, status_request_json(r)}); !ok)
      return ok;
    if (auto ok = tell_third_party(tx, r); !ok) return ok;
    ++summary.requests_expired;
  }
  return {};
}

Result<ConsentSweepSummary> ConsentService::sweep() {
  ConsentSweepSummary summary;
  const LocalDateTime now = clock_.now_local();
  KOMEK_CHECK(store_.transact([&](ConsentTransaction& tx) { return sweep_in(tx, now, summary); }));
  return summary;
}

Result<std::vector<StatusRequest>> ConsentService::requests_of_third_party(const Actor& actor) {
  std::vector<StatusRequest> out;
  const LocalDateTime now = clock_.now_local();
  ConsentSweepSummary summary;
  KOMEK_CHECK(store_.transact([&](ConsentTransaction& tx) -> Result<void> {
    KOMEK_CHECK(sweep_in(tx, now, summary));
    KOMEK_ASSIGN(out, tx.list_requests(StatusRequestFilter{actor.login, "", kConsentPageMax}));
    for (const auto& r : out)
      KOMEK_CHECK(tx.log_access({"", actor.login, subject_of(r.subject_iin), "status_request:" + r.id,
                                 "GET /api/v1/status-requests", actor.client, false}));
    return {};
  }));
  return out;
}

Result<StatusRequest> ConsentService::request_for_third_party(const Actor& actor, const std::string& id) {
  const LocalDateTime now = clock_.now_local();
  ConsentSweepSummary summary;
  // Denials are logged too (RELIABILITY S3).
  const work::LoggedRead<StatusRequest> read{"status_request:" + id.substr(0, 64), "GET /api/v1/status-requests/{id}",
                                             request_not_found().value(),
                                             [&](const StatusRequest& r) { return r.requester.login == actor.login; },
                                             [](const StatusRequest& r) { return r.subject_iin; }};
  return work::read_logged<StatusRequest, ConsentTransaction>(
      store_, actor, read, [&](ConsentTransaction& tx) -> Result<std::optional<StatusRequest>> {
        KOMEK_CHECK(sweep_in(tx, now, summary));
        return tx.find_request(id);
      });
}

Result<std::vector<StatusRequest>> ConsentService::requests_about_me(const Actor& subject) {
  std::vector<StatusRequest> out;
  if (subject.iin.empty()) return out;
  const LocalDateTime now = clock_.now_local();
  ConsentSweepSummary summary;
  KOMEK_CHECK(store_.transact([&](ConsentTransaction& tx) -> Result<void> {
    KOMEK_CHECK(sweep_in(tx, now, summary));
    KOMEK_ASSIGN(out, tx.list_requests(StatusRequestFilter{"", subject.iin, kConsentPageMax}));
    return tx.log_access({"", subject.login, subject_of(subject.iin), "status_requests:about_me",
                          "GET /api/v1/me/status-requests", subject.client, false});
  }));
  return out;
}

}  // namespace komek::cases
