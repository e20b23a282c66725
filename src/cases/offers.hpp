// Proactive offers (FACTS §6, the Digital Family Card way): the system finds a family the
// rules find eligible that has not applied, offers the assistance by SMS and in the portal
// cabinet, and on the person's consent the case starts with the registry data already
// attached. Pure: the service passes the evaluation, the records, the time and the password in.
//
//   auto offered = offerable_programmes(evaluation);          // eligible, taken on application
//   if (!offered.empty() && !blocked_by(cases, assignments, on))
//     Offer o = make_offer(id, family, pack, offered, now, valid_days, otp);
#pragma once

#include "work/outcome.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/case.hpp"
#include "cases/consent.hpp"
#include "core/date.hpp"
#include "core/money.hpp"
#include "rules/evaluate.hpp"

namespace komek::cases {

// Configurable [U]: the law gives no window for a proactive offer; an offer not answered in
// this many calendar days expires (`komek offers run --valid-days`, OfferSettings).
inline constexpr int kOfferValidDaysDefault = 30;
inline constexpr int kOfferValidDaysMax = 365;

// When adding one, also update offer_state_name() and parse_offer_state().
enum class OfferState {
  kOffered,      // sent; waiting for the person's answer
  kConsented,    // the person said yes; the case is being started (resumed by the sweep)
  kCaseStarted,  // the case exists, registered with the registry answers frozen into it
  kDeclined,     // the person said no
  kExpired,      // no answer within the window
};
std::string_view offer_state_name(OfferState s);
std::optional<OfferState> parse_offer_state(std::string_view s);
[[nodiscard]] inline bool is_open(OfferState s) { return s == OfferState::kOffered || s == OfferState::kConsented; }

// One step of the rules' reasoning, as the offer summarises it.
struct OfferTraceLine {
  std::string rule;
  std::string cites;
  bool passed = true;
};

struct OfferedProgramme {
  std::string programme;
  std::string title_kk, title_ru, title_en;
  Money amount_per_payment;         // indicative: the case decides
  int payments = 0;
  Money amount_per_period;
  std::optional<Date> period_from;
  std::optional<Date> period_to;
  std::string tsa_type;
  std::vector<OfferTraceLine> trace;     // the programme's steps: rule, clause, held or not
};

// A family as the registry lists it for an offer.
struct OfferFamily {
  std::string applicant_iin;        // the first member
  std::string applicant_name;
  std::string phone;                // from the mobile citizens' base; empty when none
  Kato territory;
  std::vector<std::string> member_iins;
  std::string family_json;          // as the rules read it (docs/family-format.md)
};

struct Offer {
  std::string id;
  std::string pack_id;
  Kato territory;
  std::string applicant_iin;
  std::string applicant_name;
  std::string phone;
  std::vector<std::string> member_iins;
  std::string family_json;          // the registry's family on the run date
  Date run_date;
  LocalDateTime offered_at;
  LocalDateTime expires_at;
  std::vector<OfferedProgramme> programmes;
  OneTimePassword otp;
  OfferState state = OfferState::kOffered;
  std::optional<LocalDateTime> answered_at;
  std::string answered_via;         // "cabinet" or "sms"
  std::string answered_by;          // login
  std::string case_id;
  std::string case_number;
  std::string case_state;
  std::string start_error;          // the last failure to start the case (then retried)
  int version = 0;
};

// The programmes an evaluation offers: decided, in force, eligible, and applied for (not
// paid from lists without an application, not only together with another programme — those
// follow the one they go with in the case).
std::vector<OfferedProgramme> offerable_programmes(const rules::Evaluation& evaluation);

// Whether the family's records keep it from an offer of the pack: an open case, a granted
// one whose period has not ended, or an assignment still paid on the day (active, suspended,
// or terminated with payment not yet stopped).
bool case_blocks_offer(const Case& c, Date on);
bool assignment_blocks_offer(const AssignmentRow& a, Date on);

// A new offer. valid_days is the configurable window (1..kOfferValidDaysMax).
Result<Offer> make_offer(std::string id, const OfferFamily& family, const std::string& pack_id,
                         std::vector<OfferedProgramme> programmes, Date run_date, const LocalDateTime& now,
                         int valid_days);
// Errors: "offer.already_answered" (409), "offer.expired" (409).
Result<void> require_offer_answerable(const Offer& o, const LocalDateTime& now);
void record_offer_answer(Offer& o, bool consent, std::string via, std::string by, const LocalDateTime& now);
bool expire_offer_if_due(Offer& o, const LocalDateTime& now);

// The offer as the person and the officers see it (no password digest).
std::string offer_view(const Offer& o);
std::string offer_json(const Offer& o);
Result<Offer> offer_from_json(std::string_view text);
// How a command's offer is kept with its idempotency key (work/outcome.hpp).
work::Codec<Offer> offer_codec();

// The SMS and cabinet texts, in Kazakh and Russian (SMS) and kk/ru/en (cabinet).
std::string offer_sms_text(const Offer& o, const std::string& otp);

}  // namespace komek::cases
