#include "cases/consent.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "core/iin.hpp"

namespace komek::cases {
namespace {

using json = nlohmann::json;

std::string hex_sha256(std::string_view text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

json opt_date(const std::optional<Date>& d) { return d ? json(d->iso()) : json(nullptr); }
json opt_time(const std::optional<LocalDateTime>& t) { return t ? json(t->iso()) : json(nullptr); }

Result<std::optional<Date>> read_opt_date(const json& j, const char* name) {
  if (!j.contains(name) || j[name].is_null()) return std::optional<Date>();
  KOMEK_TRY(d, Date::parse(j[name].get<std::string>()));
  return std::optional<Date>(d);
}
Result<std::optional<LocalDateTime>> read_opt_time(const json& j, const char* name) {
  if (!j.contains(name) || j[name].is_null()) return std::optional<LocalDateTime>();
  KOMEK_TRY(t, LocalDateTime::parse(j[name].get<std::string>()));
  return std::optional<LocalDateTime>(t);
}

json answer_json(const TsaStatus& s) {
  return json{{"receives_tsa", s.receives}, {"as_of", s.as_of.iso()}, {"until", opt_date(s.until)}, {"basis", s.basis}};
}

}  // namespace

std::int64_t minutes_since_epoch(const LocalDateTime& t) {
  return static_cast<std::int64_t>(t.date.days_since_epoch()) * 1440 + t.time.minutes();
}

LocalDateTime plus_minutes(const LocalDateTime& t, std::int64_t minutes) {
  const std::int64_t total = minutes_since_epoch(t) + minutes;
  // Floor division, so that minutes before midnight land on the previous day.
  std::int64_t days = total / 1440;
  std::int64_t rest = total % 1440;
  if (rest < 0) {
    rest += 1440;
    --days;
  }
  LocalDateTime out;
  out.date = Date::from_days(static_cast<std::int32_t>(days));
  out.time = TimeOfDay{static_cast<int>(rest / 60), static_cast<int>(rest % 60)};
  return out;
}

std::string new_otp(Randomness& random) {
  std::string out;
  out.reserve(kOtpDigits);
  for (int i = 0; i < kOtpDigits; ++i) out += static_cast<char>('0' + random.uniform(10));
  return out;
}

OneTimePassword otp_for(std::string_view salt, std::string_view otp) {
  return OneTimePassword{hex_sha256(std::string(salt) + ":" + std::string(otp)), 0};
}

OtpCheck check_otp(OneTimePassword& otp, std::string_view salt, std::string_view given) {
  if (otp.digest.empty()) return OtpCheck::kNone;
  if (otp.attempts >= kOtpAttemptsMax) return OtpCheck::kLocked;
  const std::string digest = hex_sha256(std::string(salt) + ":" + std::string(given));
  // Both are 64 hex characters; the comparison takes the same time wherever they differ.
  if (digest.size() == otp.digest.size() && sodium_memcmp(digest.data(), otp.digest.data(), digest.size()) == 0)
    return OtpCheck::kMatch;
  ++otp.attempts;
  return OtpCheck::kWrong;
}

std::string_view consent_state_name(ConsentState s) {
  switch (s) {
    case ConsentState::kPending: return "pending";
    case ConsentState::kConsented: return "consented";
    case ConsentState::kRefused: return "refused";
    case ConsentState::kExpired: return "expired";
  }
  return "pending";
}

std::optional<ConsentState> parse_consent_state(std::string_view s) {
  for (auto st : {ConsentState::kPending, ConsentState::kConsented, ConsentState::kRefused, ConsentState::kExpired})
    if (consent_state_name(st) == s) return st;
  return std::nullopt;
}

bool in_family(const Case& c, const std::string& iin) {
  if (c.applicant_iin == iin) return true;
  const json family = json::parse(c.family_json, nullptr, false);
  if (family.is_discarded() || !family.contains("members") || !family["members"].is_array()) return false;
  for (const json& m : family["members"])
    if (m.is_object() && m.contains("iin") && m["iin"].is_string() && m["iin"].get<std::string>() == iin) return true;
  return false;
}

TsaStatus tsa_status(const std::string& iin, const std::vector<Case>& granted_cases,
                     const std::vector<AssignmentRow>& assignments, Date today) {
  TsaStatus out;
  out.as_of = today;
  auto take = [&](Date until, const char* basis) {
    if (!out.receives || !out.until || *out.until < until) out.until = until;
    out.receives = true;
    out.basis = basis;
  };
  std::vector<std::string> cases_with_assignments;
  for (const auto& a : assignments) {
    if (!a.case_id.empty()) cases_with_assignments.push_back(a.case_id);
    // A suspended assignment is still in force (payment is held, the status is not lost); a
    // terminated one is paid until payment stops (001 §22: from the next month for some grounds).
    if (a.status != "active" && a.status != "suspended" && a.status != "terminated") continue;
    if (today < a.period_from || a.period_to < today) continue;
    if (a.payment_stops && *a.payment_stops <= today) continue;
    const bool own = a.recipient_iin == iin;
    const bool family = std::any_of(granted_cases.begin(), granted_cases.end(),
                                    [&](const Case& c) { return c.id == a.case_id && in_family(c, iin); });
    if (!own && !family) continue;
    Date until = a.period_to;
    if (a.payment_stops) until = std::min(until, a.payment_stops->plus_days(-1));
    take(until, "assignment");
  }
  for (const auto& c : granted_cases) {
    if (c.state != CaseState::kGranted || !c.decision || !in_family(c, iin)) continue;
    if (std::find(cases_with_assignments.begin(), cases_with_assignments.end(), c.id) != cases_with_assignments.end())
      continue;
    for (const auto& p : c.decision->programmes)
      if (p.granted && p.period_from && p.period_to && *p.period_from <= today && today <= *p.period_to)
        take(*p.period_to, "decision");
  }
  return out;
}

Result<StatusRequest> open_status_request(std::string id, StatusRequester requester, std::string_view subject_iin,
                                          std::string purpose, const LocalDateTime& now,
                                          const rules::ProceduralPeriod& answer_window) {
  auto iin = Iin::parse(subject_iin);
  if (!iin) return tl::unexpected(iin.error().at_field("subject_iin"));
  if (requester.organisation.size() > kConsentTextMax) {
    Error e(ErrorCode::kInvalidInput, "consent.text_too_long", {{"max", std::to_string(kConsentTextMax)}});
    e.field = "organisation";
    return tl::unexpected(e);
  }
  if (purpose.size() > kConsentTextMax) {
    Error e(ErrorCode::kInvalidInput, "consent.text_too_long", {{"max", std::to_string(kConsentTextMax)}});
    e.field = "purpose";
    return tl::unexpected(e);
  }
  if (requester.iin.empty()) return fail(ErrorCode::kForbidden, "consent.requester_without_iin");
  StatusRequest r;
  r.id = std::move(id);
  r.requester = std::move(requester);
  r.purpose = std::move(purpose);
  r.subject_iin = iin->str();
  r.requested_at = now;
  r.expires_at = plus_minutes(now, answer_window.minutes());
  return r;
}

bool window_over(const StatusRequest& r, const LocalDateTime& now) {
  return minutes_since_epoch(now) > minutes_since_epoch(r.expires_at);
}

Result<void> require_answerable(const StatusRequest& r, const LocalDateTime& now) {
  if (r.state == ConsentState::kConsented || r.state == ConsentState::kRefused)
    return fail(ErrorCode::kConflict, "consent.already_answered", {{"state", std::string(consent_state_name(r.state))}});
  if (r.state == ConsentState::kExpired || window_over(r, now))
    return fail(ErrorCode::kConflict, "consent.expired", {{"expires_at", r.expires_at.iso()}});
  return {};
}

void record_answer(StatusRequest& r, bool consent, std::string via, const LocalDateTime& now,
                   std::optional<TsaStatus> status) {
  r.state = consent ? ConsentState::kConsented : ConsentState::kRefused;
  r.answered_at = now;
  r.answered_via = std::move(via);
  r.answer = consent ? std::move(status) : std::nullopt;
  r.closed_at = now;
  // The password is spent either way: a later reply cannot change the answer.
  r.otp.digest.clear();
}

bool expire_if_due(StatusRequest& r, const LocalDateTime& now) {
  if (r.state != ConsentState::kPending || !window_over(r, now)) return false;
  r.state = ConsentState::kExpired;
  r.closed_at = now;
  r.otp.digest.clear();
  return true;
}

std::string third_party_view(const StatusRequest& r) {
  std::string shown = "pending";
  if (r.state == ConsentState::kConsented) shown = "confirmed";
  if (r.state == ConsentState::kRefused || r.state == ConsentState::kExpired) shown = "no_confirmation";
  json j{{"id", r.id},
         {"subject_iin", r.subject_iin},
         {"organisation", r.requester.organisation},
         {"purpose", r.purpose},
         {"requested_at", r.requested_at.iso()},
         {"answer_due_by", r.expires_at.iso()},
         {"state", shown},
         {"closed_at", opt_time(r.closed_at)},
         {"answer", nullptr}};
  if (r.state == ConsentState::kConsented && r.answer) j["answer"] = answer_json(*r.answer);
  return j.dump();
}

std::string subject_view(const StatusRequest& r) {
  json j{{"id", r.id},
         {"asked_by", {{"name", r.requester.name}, {"organisation", r.requester.organisation}, {"login", r.requester.login}}},
         {"purpose", r.purpose},
         {"requested_at", r.requested_at.iso()},
         {"answer_due_by", r.expires_at.iso()},
         {"state", std::string(consent_state_name(r.state))},
         {"answered_at", opt_time(r.answered_at)},
         {"answered_via", r.answered_via},
         {"sms_sent", !r.subject_phone.empty()},
         {"answer_given", nullptr}};
  if (r.state == ConsentState::kConsented && r.answer) j["answer_given"] = answer_json(*r.answer);
  return j.dump();
}

std::string status_request_json(const StatusRequest& r) {
  json j{{"id", r.id},
         {"requester", {{"login", r.requester.login}, {"name", r.requester.name}, {"iin", r.requester.iin},
                        {"organisation", r.requester.organisation}}},
         {"purpose", r.purpose},
         {"subject_iin", r.subject_iin},
         {"subject_phone", r.subject_phone},
         {"requested_at", r.requested_at.iso()},
         {"expires_at", r.expires_at.iso()},
         {"otp", {{"digest", r.otp.digest}, {"attempts", r.otp.attempts}}},
         {"state", std::string(consent_state_name(r.state))},
         {"answered_at", opt_time(r.answered_at)},
         {"answered_via", r.answered_via},
         {"answer", r.answer ? answer_json(*r.answer) : json(nullptr)},
         {"closed_at", opt_time(r.closed_at)},
         {"version", r.version}};
  return j.dump();
}

Result<StatusRequest> status_request_from_json(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(ErrorCode::kInternal, "consent.stored_record_broken");
  try {
    StatusRequest r;
    r.id = j.at("id").get<std::string>();
    const json& q = j.at("requester");
    r.requester = StatusRequester{q.at("login").get<std::string>(), q.at("name").get<std::string>(), q.at("iin").get<std::string>(),
                            q.at("organisation").get<std::string>()};
    r.purpose = j.at("purpose").get<std::string>();
    r.subject_iin = j.at("subject_iin").get<std::string>();
    r.subject_phone = j.at("subject_phone").get<std::string>();
    auto requested = LocalDateTime::parse(j.at("requested_at").get<std::string>());
    auto expires = LocalDateTime::parse(j.at("expires_at").get<std::string>());
    if (!requested || !expires) return fail(ErrorCode::kInternal, "consent.stored_record_broken");
    r.requested_at = *requested;
    r.expires_at = *expires;
    r.otp.digest = j.at("otp").at("digest").get<std::string>();
    r.otp.attempts = j.at("otp").at("attempts").get<int>();
    auto state = parse_consent_state(j.at("state").get<std::string>());
    if (!state) return fail(ErrorCode::kInternal, "consent.stored_record_broken");
    r.state = *state;
    auto answered = read_opt_time(j, "answered_at");
    auto closed = read_opt_time(j, "closed_at");
    if (!answered || !closed) return fail(ErrorCode::kInternal, "consent.stored_record_broken");
    r.answered_at = *answered;
    r.closed_at = *closed;
    r.answered_via = j.at("answered_via").get<std::string>();
    if (j.contains("answer") && j["answer"].is_object()) {
      const json& a = j["answer"];
      TsaStatus s;
      s.receives = a.at("receives_tsa").get<bool>();
      auto as_of = Date::parse(a.at("as_of").get<std::string>());
      auto until = read_opt_date(a, "until");
      if (!as_of || !until) return fail(ErrorCode::kInternal, "consent.stored_record_broken");
      s.as_of = *as_of;
      s.until = *until;
      s.basis = a.at("basis").get<std::string>();
      r.answer = s;
    }
    r.version = j.at("version").get<int>();
    return r;
  } catch (const json::exception&) {
    // A stored record that does not read back is a broken invariant of the store, not input.
    return fail(ErrorCode::kInternal, "consent.stored_record_broken");
  }
}

work::Codec<StatusRequest> status_request_codec() {
  return work::Codec<StatusRequest>{[](const StatusRequest& r) { return status_request_json(r); },
                                    [](std::string_view text) { return status_request_from_json(text); }};
}

}  // namespace komek::cases
