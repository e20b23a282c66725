// The use cases of third-party status confirmation (004 §19-1, App 14): ask, answer in the
// cabinet or with the SMS password, read, and the sweep that closes what the consent_answer
// period left unanswered. Each command is one transaction with its audit records, its outbox messages
// (topics `sms` and `cabinet`) and the request's idempotency record. The storage port is
// declared here and shared with the offers (offer_service.hpp); store/ implements it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cases/consent.hpp"
#include "cases/kernel.hpp"
#include "cases/offers.hpp"
#include "cases/service.hpp"
#include "rules/procedure.hpp"

namespace komek::cases {

struct StatusRequestFilter {
  std::string requester_login;  // "" = any
  std::string subject_iin;      // "" = any
  std::size_t limit = 100;
};

struct OfferFilter {
  std::string territory_prefix;  // KATO digits; "" = the whole country
  std::string applicant_iin;     // "" = any
  std::optional<OfferState> state;
  std::size_t limit = 200;
};

// A bound on what one read or one sweep handles.
inline constexpr std::size_t kConsentPageMax = 500;

// How many status requests may be made in one day (local), so that nobody is flooded with
// requests about them and no third party sweeps the register (issue 13 finding 12). Not given
// by 004 §19-1: configurable, with defaults for a bank's ordinary day.
struct ConsentLimits {
  int per_subject_per_day = 5;      // about one person, by anyone
  int per_requester_per_day = 500;  // by one third party, about anyone
};

class ConsentTransaction : public Journal {
 public:
  virtual Result<std::optional<StatusRequest>> find_request(std::string_view id) = 0;
  virtual Result<void> insert_request(StatusRequest& r) = 0;
  // Updates a request whose stored version is r.version; a conflict otherwise.
  virtual Result<void> update_request(StatusRequest& r) = 0;
  virtual Result<std::vector<StatusRequest>> list_requests(const StatusRequestFilter& f) = 0;
  // Pending requests whose window ended before `now`.
  virtual Result<std::vector<StatusRequest>> overdue_requests(const LocalDateTime& now, std::size_t limit) = 0;

  // Cases of these packs decided "granted" in which the person is the applicant or a member.
  virtual Result<std::vector<Case>> granted_cases_of(const std::string& iin, const std::vector<std::string>& packs) = 0;
  // Assignments of these packs to the person, or under the given cases.
  virtual Result<std::vector<AssignmentRow>> assignments_of(const std::string& iin, const std::vector<std::string>& packs,
                                                               const std::vector<std::string>& case_ids) = 0;
  // The mobile number the person gave in their latest application; "" when none.
  virtual Result<std::string> known_phone(const std::string& iin) = 0;
  // Requests made at or after `since` (local): by this requester, and about this subject.
  struct RequestCounts {
    long long by_requester = 0;
    long long about_subject = 0;
  };
  virtual Result<RequestCounts> requests_since(const std::string& requester_login, const std::string& subject_iin,
                                               const std::string& since) = 0;

  virtual Result<std::optional<Offer>> find_offer(std::string_view id) = 0;
  // Fails with a conflict when the family already has an open offer of the pack.
  virtual Result<void> insert_offer(Offer& o) = 0;
  virtual Result<void> update_offer(Offer& o) = 0;
  virtual Result<std::vector<Offer>> list_offers(const OfferFilter& f) = 0;
  virtual Result<std::optional<Offer>> open_offer(const std::string& applicant_iin, const std::string& pack) = 0;
  // Offers to close or resume: offered past their window, or consented without a case yet.
  virtual Result<std::vector<Offer>> offers_to_sweep(const LocalDateTime& now, std::size_t limit) = 0;
  // Every case of the pack where the person is the applicant (to keep a family that has applied from an offer).
  virtual Result<std::vector<Case>> cases_of(const std::string& iin, const std::string& pack) = 0;
};

class ConsentStore {
 public:
  virtual ~ConsentStore() = default;
  // One transaction: committed when `work` returns a value, rolled back otherwise.
  virtual Result<void> transact(const std::function<Result<void>(ConsentTransaction&)>& work) = 0;
};

struct ConsentSweepSummary {
  int requests_expired = 0;
  int offers_expired = 0;
  int cases_started = 0;    // consented offers whose case was started on this sweep
};

class ConsentService {
 public:
  // tsa_packs: the packs whose programmes are TSA (the rule library knows them); procedure:
  // the national procedure, whose consent_answer period is the subject's window.
  ConsentService(ConsentStore& store, Clock& clock, IdSource& ids, Randomness& random, std::vector<std::string> tsa_packs,
                 const rules::Procedure& procedure, ConsentLimits limits = {})
      : store_(store), clock_(clock), ids_(ids), random_(random), tsa_packs_(std::move(tsa_packs)), procedure_(procedure),
        limits_(limits) {}

  // A third party asks about the family of subject_iin: the subject is asked in the cabinet
  // and, when a mobile number is known, by SMS with a one-time password (created).
  Result<Done<StatusRequest>> ask(const Actor& actor, const StatusRequester& who, const RequestKey& request, const std::string& subject_iin,
                       const std::string& purpose);
  // The subject answers in the cabinet (an applicant session of the subject's IIN).
  Result<Done<StatusRequest>> answer(const Actor& subject, const RequestKey& request, const std::string& id, bool consent);
  // The subject's SMS reply with the password, posted by the SMS gateway's operator account
  // or by the subject. A wrong password counts a try (committed) and is refused
  // (consent.otp_wrong, field "otp").
  Result<Done<StatusRequest>> answer_with_otp(const Actor& actor, const RequestKey& request, const std::string& id,
                                   const std::string& otp, bool consent);

  // Reads sweep first, so that what is read is never staler than the clock.
  Result<std::vector<StatusRequest>> requests_of_third_party(const Actor& actor);
  Result<StatusRequest> request_for_third_party(const Actor& actor, const std::string& id);
  // Requests about the signed-in applicant: who asked and when (004 §19-1).
  Result<std::vector<StatusRequest>> requests_about_me(const Actor& subject);

  // Expires what the window left unanswered; the third party is told no confirmation came.
  Result<ConsentSweepSummary> sweep();

 private:
  Result<Done<StatusRequest>> run(const Actor& actor, const RequestKey& request,
                                  const std::function<Result<Done<StatusRequest>>(ConsentTransaction&)>& work);
  Result<void> give_answer(ConsentTransaction& tx, StatusRequest& r, bool consent, const std::string& via,
                           const std::string& actor, const LocalDateTime& now);
  Result<void> sweep_in(ConsentTransaction& tx, const LocalDateTime& now, ConsentSweepSummary& summary);

  ConsentStore& store_;
  Clock& clock_;
  IdSource& ids_;
  Randomness& random_;
  std::vector<std::string> tsa_packs_;
  const rules::Procedure& procedure_;
  ConsentLimits limits_;
};

// The SMS asking the subject's consent, in Kazakh and Russian (as the state's notices are),
// within work::kSmsTextCharsMax characters whatever the requester's name (issue 13 finding
// 6): the name is shortened (with "…") to what the two texts leave room for, never the
// password or the deadline.
// The text holds work::kSmsSecretMark where the password goes; its length is counted with a
// password of `otp_chars` digits in place.
std::string consent_sms_text(const std::string& who, const std::string& until, std::size_t otp_chars);

// The outbox payloads (topics `sms` and `cabinet`) in the shape the deliverer reads.
// `secret`, when given, is the one-time password that goes where `text` has kSmsSecretMark.
std::string sms_payload(const std::string& phone, const std::string& text, const std::string& ref,
                        const std::string& secret = "");
// Texts rendered from message keys in kk/ru/en with the same parameters.
std::string cabinet_payload(const std::string& iin, const std::string& kind, const std::string& title_key,
                            const std::string& body_key, const std::vector<std::pair<std::string, std::string>>& params,
                            const std::string& ref);

}  // namespace komek::cases
