// Status confirmation to third parties (004 §19-1, Appendix 14; SPEC §11): a person or a
// company (үшінші тұлға) asks through the portal whether a family receives TSA; the person
// asked about answers yes or no within the consent_answer period of the national procedure
// (rules/procedure/kz.yaml: 2 hours), in the portal cabinet or with the one-time
// password sent by SMS; on yes the answer goes to the third party's cabinet, on no or on
// silence no answer is given. Pure: the service passes the time, the randomness and what the
// records say in.
//
//   auto r = open_status_request(id, requester, "900101300811", "", now, window).value();
//   r.otp = otp_for(r.id, new_otp(random));            // the SMS carries the password
//   require_answerable(r, later);                        // 409 once answered or expired
//   record_answer(r, true, "cabinet", later, tsa_status(iin, cases, assignments, later.date));
#pragma once

#include "work/outcome.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/case.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "rules/period.hpp"

namespace komek::cases {

// The subject's window to answer is the consent_answer period (004 §19-1); the whole service
// is bounded by status_service (004 App 14), both in rules/procedure/kz.yaml. Answers are given
// in the transaction that records the consent, so only expiry waits for a sweep; the server
// and the `komek consent sweep` command sweep well inside that bound.
// Configurable [U]: the law gives neither the length of the one-time password nor a limit on
// wrong tries. Six digits and five tries keep a guess at 5 in 10^6 per request.
inline constexpr int kOtpDigits = 6;
inline constexpr int kOtpAttemptsMax = 5;
// A bound on the free-text fields of a request (the organisation, the purpose).
inline constexpr std::size_t kConsentTextMax = 300;

// Minutes of the local (Asia/Almaty) wall clock since 1970-01-01T00:00, for windows in minutes.
[[nodiscard]] std::int64_t minutes_since_epoch(const LocalDateTime& t);
[[nodiscard]] LocalDateTime plus_minutes(const LocalDateTime& t, std::int64_t minutes);

// Randomness as a port (STYLE card 7): the executable draws from the system's CSPRNG, tests
// from a fixed sequence.
class Randomness {
 public:
  virtual ~Randomness() = default;
  // A uniformly random number in [0, upper_bound).
  virtual std::uint32_t uniform(std::uint32_t upper_bound) = 0;
};

// A one-time password as it is kept: only a salted digest and the count of wrong tries. The
// password itself leaves Komek once, in the SMS (outbox) that carries it.
struct OneTimePassword {
  std::string digest;   // hex SHA-256 of salt ":" password; empty when none was sent
  int attempts = 0;     // wrong tries so far
};

// kOtpDigits random decimal digits.
[[nodiscard]] std::string new_otp(Randomness& random);
// The stored form of a password; the salt is the id of what it answers (request or offer).
[[nodiscard]] OneTimePassword otp_for(std::string_view salt, std::string_view otp);

// When adding one, also update the callers' error mapping (consent_service.cpp, offer_service.cpp).
enum class OtpCheck {
  kMatch,
  kWrong,    // counted: attempts was incremented
  kLocked,   // kOtpAttemptsMax wrong tries already: nothing is compared any more
  kNone,     // no password was sent (no phone known)
};
// Compares in constant time; a wrong password counts a try.
OtpCheck check_otp(OneTimePassword& otp, std::string_view salt, std::string_view given);

// When adding one, also update consent_state_name() and parse_consent_state().
enum class ConsentState {
  kPending,    // asked; the subject has not answered and the window is not over
  kConsented,  // the subject said yes: the answer was given to the third party
  kRefused,    // the subject said no: no answer is given
  kExpired,    // no answer within the window: no answer is given
};
std::string_view consent_state_name(ConsentState s);
std::optional<ConsentState> parse_consent_state(std::string_view s);

// An assignment as the confirmation reads it (table `assignments`, SPEC §10).
struct AssignmentRow {
  std::string id;
  std::string case_id;
  std::string pack_id;
  std::string programme;
  std::string recipient_iin;
  std::string status;                 // active | suspended | terminated | ended
  Date period_from;
  Date period_to;
  std::optional<Date> payment_stops;  // the first day not paid, after a termination
};

// Whether a family receives TSA on a date, and on what the answer rests.
struct TsaStatus {
  bool receives = false;
  Date as_of;
  std::optional<Date> until;  // the last day of the period in force
  std::string basis;          // "assignment" or "decision" (or empty when none)
};

// From the person's records: an assignment in force on the day (active, suspended, or
// terminated with payment not yet stopped; the day within its period) answers yes; a granted TSA decision whose
// period covers the day answers yes when its case has no assignment rows (assignments, once
// made, are what is paid). The person may be the recipient or any member of the family the
// decision was made for.
TsaStatus tsa_status(const std::string& iin, const std::vector<Case>& granted_cases,
                     const std::vector<AssignmentRow>& assignments, Date today);
// Whether the person is the applicant or a member of the case's family.
bool in_family(const Case& c, const std::string& iin);

// Who asks (from the third party's account and the request).
struct StatusRequester {
  std::string login;
  std::string name;          // the account's full name
  std::string iin;           // the account's IIN or BIN (their cabinet)
  std::string organisation;  // as the request names it; may be empty for a person
};

struct StatusRequest {
  std::string id;
  StatusRequester requester;
  std::string purpose;
  std::string subject_iin;
  std::string subject_phone;           // where the password went; empty when none is known
  LocalDateTime requested_at;          // local time
  LocalDateTime expires_at;            // requested_at + the window: the last minute an answer counts
  OneTimePassword otp;
  ConsentState state = ConsentState::kPending;
  std::optional<LocalDateTime> answered_at;
  std::string answered_via;            // "cabinet" or "sms"
  std::optional<TsaStatus> answer;     // only when consented
  std::optional<LocalDateTime> closed_at;  // when the third party got the answer or the "none"
  int version = 0;
};

// A new request, open for the subject's answer for `answer_window` (the consent_answer period,
// in hours or minutes). Errors: the subject's IIN (field "subject_iin": "iin.length",
// "iin.non_digit", "iin.checksum"), over-long texts ("consent.text_too_long").
Result<StatusRequest> open_status_request(std::string id, StatusRequester requester, std::string_view subject_iin,
                                          std::string purpose, const LocalDateTime& now,
                                          const rules::ProceduralPeriod& answer_window);
// The window is [requested_at, expires_at], both ends counted, at minute precision.
[[nodiscard]] bool window_over(const StatusRequest& r, const LocalDateTime& now);
// Errors: "consent.already_answered" (409), "consent.expired" (409).
Result<void> require_answerable(const StatusRequest& r, const LocalDateTime& now);
// Yes with the status found, or no (status ignored).
void record_answer(StatusRequest& r, bool consent, std::string via, const LocalDateTime& now,
                   std::optional<TsaStatus> status);
// Pending past its window: expired. False when there is nothing to do.
bool expire_if_due(StatusRequest& r, const LocalDateTime& now);

// What the third party sees: its request and, only after a yes, the answer; a refusal and
// silence look the same ("no_confirmation"), so that a no is not an answer either.
std::string third_party_view(const StatusRequest& r);
// What the subject sees: who asked (name, organisation), when, until when, and the answer.
std::string subject_view(const StatusRequest& r);
// The full record (audit, storage).
std::string status_request_json(const StatusRequest& r);
Result<StatusRequest> status_request_from_json(std::string_view text);
// How a command's request is kept with its idempotency key (work/outcome.hpp).
work::Codec<StatusRequest> status_request_codec();

}  // namespace komek::cases
