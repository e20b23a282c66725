// The use cases of proactive offers (FACTS §6): the run over the registry's families, the
// lists, the person's answer in the cabinet or by SMS password, and the start of the case on
// consent — submitted through the case service on the portal channel with the family as the
// registries give it, registered at once, the registries' answers frozen into the case.
#pragma once

#include <string>
#include <vector>

#include "cases/consent_service.hpp"
#include "cases/offers.hpp"
#include "cases/service.hpp"
#include "rules/library.hpp"

namespace komek::cases {

// The registry's families for a run (the synthetic registry in the demo; the Digital Family
// Card's list in production): a port, implemented where the registry is wired (cli/).
class OfferFamilies {
 public:
  virtual ~OfferFamilies() = default;
  virtual std::size_t count() = 0;
  // The family at `index` as the registries answer on `on` (its application_date is `on`).
  virtual Result<OfferFamily> family(std::size_t index, Date on) = 0;
};

struct OfferSettings {
  int valid_days = kOfferValidDaysDefault;  // configurable [U]: the law gives no window
};

struct OfferRunSummary {
  Date on;
  int families = 0;             // families in the registry
  int outside_territory = 0;    // not in the caller's territory
  int unreadable = 0;           // the registries could not give the family (logged, skipped)
  int evaluated = 0;            // families evaluated against at least one pack
  int undecided = 0;            // (family, pack) evaluations that could not decide
  int eligible = 0;             // (family, pack) with a programme to offer
  int offered = 0;              // offers made by this run
  int already_offered = 0;      // an open offer of the pack exists
  int applied_or_assigned = 0;  // an open or granted case, or an assignment in force
  std::vector<std::string> offer_ids;
};
std::string run_summary_json(const OfferRunSummary& s);
Result<OfferRunSummary> run_summary_from_json(std::string_view text);
work::Codec<OfferRunSummary> run_summary_codec();

class OfferService {
 public:
  OfferService(ConsentStore& store, CaseService& cases, const rules::Library& rules, OfferFamilies& families,
               Clock& clock, IdSource& ids, Randomness& random, OfferSettings settings = {})
      : store_(store), cases_(cases), rules_(rules), families_(families), clock_(clock), ids_(ids), random_(random),
        settings_(settings) {}

  // Evaluates every family of the caller's territory on `on` and offers what the rules find
  // eligible to families that have not applied. Idempotent by nature: no second offer of a
  // pack to a family while one is open.
  Result<OfferRunSummary> run(const Actor& actor, Date on);
  // The same as an API command with an idempotency key (the summary is replayed).
  Result<Done<OfferRunSummary>> run_request(const Actor& actor, const RequestKey& request, Date on);

  // Officers: offers of their territory. Applicants: their own. Each is a logged read.
  Result<std::vector<Offer>> list(const Actor& actor, OfferFilter filter);
  Result<std::vector<Offer>> mine(const Actor& applicant);

  // The person's answer in the cabinet; on yes the case starts (see start_case).
  Result<Done<Offer>> answer(const Actor& applicant, const RequestKey& request, const std::string& id, bool consent);
  // The SMS reply with the password, posted by the gateway's operator account or the person.
  Result<Done<Offer>> answer_with_otp(const Actor& actor, const RequestKey& request, const std::string& id,
                                   const std::string& otp, bool consent);

  // Expires offers past their window and starts the cases of consented offers whose start
  // failed before (the registry was unavailable, the server stopped).
  Result<ConsentSweepSummary> sweep();

  [[nodiscard]] const OfferSettings& settings() const { return settings_; }

 private:
  Result<Done<Offer>> answered(const Actor& actor, const RequestKey& request, const std::string& id, bool consent,
                            const std::string& via, const std::string* otp);
  // Submits, registers and queries the registries for a consented offer, each step with a
  // key derived from the offer so that a retry continues where the last one stopped.
  // True when this call started it.
  Result<bool> start_case(const std::string& offer_id);
  Result<bool> offer_family(const Actor& actor, const OfferFamily& family, const rules::Pack& pack,
                            std::vector<OfferedProgramme> programmes, Date on, const LocalDateTime& now,
                            OfferRunSummary& summary);

  ConsentStore& store_;
  CaseService& cases_;
  const rules::Library& rules_;
  OfferFamilies& families_;
  Clock& clock_;
  IdSource& ids_;
  Randomness& random_;
  OfferSettings settings_;
};

}  // namespace komek::cases
