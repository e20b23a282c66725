#include "cases/offer_service.hpp"

#include <nlohmann/json.hpp>

#include "core/messages.hpp"
#include "work/topics.hpp"

namespace komek::cases {
namespace {

using json = nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

tl::unexpected<Error> offer_not_found() { return fail(ErrorCode::kNotFound, "offer.not_found"); }

std::string ref_of(const Offer& o) { return "offer:" + o.id; }

std::string programmes_text(const Offer& o, Lang lang) {
  std::string out;
  for (const auto& p : o.programmes) {
    if (!out.empty()) out += "; ";
    out += (lang == Lang::kKk ? p.title_kk : lang == Lang::kRu ? p.title_ru : p.title_en) + " — " +
           p.amount_per_payment.format(lang);
  }
  return out;
}

// The cabinet message of an offer, each language with its own list of programmes.
std::string offer_cabinet_payload(const Offer& o) {
  json title, body;
  for (auto [lang, name] : {std::pair{Lang::kKk, "kk"}, std::pair{Lang::kRu, "ru"}, std::pair{Lang::kEn, "en"}}) {
    const Params params = {{"programmes", programmes_text(o, lang)}, {"until", o.expires_at.date.iso()}};
    title[name] = render_message("offer.cabinet.title", params, lang);
    body[name] = render_message("offer.cabinet.body", params, lang);
  }
  return json{{"iin", o.applicant_iin}, {"kind", "offer"}, {"title", title}, {"body", body}, {"ref", ref_of(o)}}.dump();
}

}  // namespace

Result<OfferRunSummary> run_summary_from_json(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  try {
    OfferRunSummary s;
    KOMEK_ASSIGN(s.on, Date::parse(j.at("on").get<std::string>()));
    s.families = j.at("families");
    s.outside_territory = j.at("outside_territory");
    s.unreadable = j.at("unreadable");
    s.evaluated = j.at("evaluated");
    s.undecided = j.at("undecided");
    s.eligible = j.at("eligible");
    s.offered = j.at("offered");
    s.already_offered = j.at("already_offered");
    s.applied_or_assigned = j.at("applied_or_assigned");
    s.offer_ids = j.at("offer_ids").get<std::vector<std::string>>();
    return s;
  } catch (const json::exception&) {
    return fail(ErrorCode::kInternal, "store.corrupt", {{"what", "offer run summary"}});
  }
}

work::Codec<OfferRunSummary> run_summary_codec() {
  return work::Codec<OfferRunSummary>{[](const OfferRunSummary& s) { return run_summary_json(s); },
                                      [](std::string_view text) { return run_summary_from_json(text); }};
}

std::string run_summary_json(const OfferRunSummary& s) {
  return json{{"on", s.on.iso()},
              {"families", s.families},
              {"outside_territory", s.outside_territory},
              {"unreadable", s.unreadable},
              {"evaluated", s.evaluated},
              {"undecided", s.undecided},
              {"eligible", s.eligible},
              {"offered", s.offered},
              {"already_offered", s.already_offered},
              {"applied_or_assigned", s.applied_or_assigned},
              {"offer_ids", s.offer_ids}}
      .dump();
}

Result<bool> OfferService::offer_family(const Actor& actor, const OfferFamily& family, const rules::Pack& pack,
                                        std::vector<OfferedProgramme> programmes, Date on, const LocalDateTime& now,
                                        OfferRunSummary& summary) {
  enum class Outcome { kOffered, kAlreadyOffered, kBlocked } outcome = Outcome::kBlocked;
  std::string made_id;
  KOMEK_CHECK(store_.transact([&](ConsentTransaction& tx) -> Result<void> {
    KOMEK_TRY(open, tx.open_offer(family.applicant_iin, pack.id));
    if (open) {
      outcome = Outcome::kAlreadyOffered;
      return {};
    }
    // A family that has applied, or has the assistance, is not offered it again.
    std::vector<std::string> case_ids;
    for (const auto& iin : family.member_iins) {
      KOMEK_TRY(cases, tx.cases_of(iin, pack.id));
      for (const auto& c : cases) {
        if (case_blocks_offer(c, on)) {
          outcome = Outcome::kBlocked;
          return {};
        }
        case_ids.push_back(c.id);
      }
    }
    for (const auto& iin : family.member_iins) {
      KOMEK_TRY(assignments, tx.assignments_of(iin, {pack.id}, case_ids));
      for (const auto& a : assignments)
        if (assignment_blocks_offer(a, on)) {
          outcome = Outcome::kBlocked;
          return {};
        }
    }
    KOMEK_TRY(o, make_offer(ids_.new_id(), family, pack.id, programmes, on, now, settings_.valid_days));
    std::string otp;
    if (!o.phone.empty()) {
      otp = new_otp(random_);
      o.otp = otp_for(o.id, otp);
    }
    if (auto ok = tx.insert_offer(o); !ok) return ok;
    if (auto ok = tx.audit({"", actor.login, "offer.made", "offer", o.id, "", offer_view(o)}); !ok) return ok;
    if (auto ok = tx.enqueue({Topic::kCabinet, offer_cabinet_payload(o)}); !ok) return ok;
    if (!otp.empty())
      if (auto ok = tx.enqueue({Topic::kSms, sms_payload(o.phone, offer_sms_text(o, std::string(work::kSmsSecretMark)), ref_of(o), otp)}); !ok) return ok;
    made_id = o.id;
    outcome = Outcome::kOffered;
    return {};
  }));
  switch (outcome) {
    case Outcome::kOffered:
      ++summary.offered;
      summary.offer_ids.push_back(made_id);
      return true;
    case Outcome::kAlreadyOffered: ++summary.already_offered; break;
    case Outcome::kBlocked: ++summary.applied_or_assigned; break;
  }
  return false;
}

Result<OfferRunSummary> OfferService::run(const Actor& actor, Date on) {
  OfferRunSummary summary;
  summary.on = on;
  const LocalDateTime now = clock_.now_local();
  const std::size_t count = families_.count();
  summary.families = static_cast<int>(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto family = families_.family(i, on);
    if (!family) {
      // One family the registries cannot give does not stop the run; it is counted.
      ++summary.unreadable;
      continue;
    }
    if (!actor.covers(family->territory)) {
      ++summary.outside_territory;
      continue;
    }
    auto parsed = rules::read_family_json(family->family_json, rules_.vocabulary(), "registry");
    if (!parsed) {
      ++summary.unreadable;
      continue;
    }
    bool evaluated = false;
    for (const auto& [id, pack] : rules_.packs()) {
      if (!pack.covers(family->territory) || !pack.in_force(on)) continue;
      rules::EvaluationInput in{pack, rules_.parameters(), rules_.income_rules(), *parsed, on, &rules_.calendar(), true};
      auto ev = rules::evaluate(in);
      evaluated = true;
      if (!ev) {
        ++summary.undecided;
        continue;
      }
      auto programmes = offerable_programmes(*ev);
      if (programmes.empty()) continue;
      ++summary.eligible;
      KOMEK_CHECK(offer_family(actor, *family, pack, std::move(programmes), on, now, summary));
    }
    if (evaluated) ++summary.evaluated;
  }
  return summary;
}

Result<Done<OfferRunSummary>> OfferService::run_request(const Actor& actor, const RequestKey& request, Date on) {
  KOMEK_CHECK(check_request_key(request));
  const auto codec = run_summary_codec();
  std::optional<IdempotencyRecord> seen;
  KOMEK_CHECK(store_.transact([&](ConsentTransaction& tx) -> Result<void> {
    KOMEK_ASSIGN(seen, tx.find_idempotency(actor.login, request.key));
    return {};
  }));
  if (seen) {
    if (seen->request_hash != request.body_hash) return fail(ErrorCode::kUnknownValue, "http.idempotency_key_reused");
    KOMEK_TRY(summary, codec.decode(seen->document));
    return Done<OfferRunSummary>{seen->effect, std::move(summary)};
  }
  // The run is many transactions (one per offer); the key is stored with its summary after it,
  // and a run repeated before that makes no second offer anyway.
  KOMEK_TRY(summary, run(actor, on));
  return work::run_idempotent<OfferRunSummary, ConsentTransaction>(
      store_, actor, request, codec, [&](ConsentTransaction&) -> Result<Done<OfferRunSummary>> {
        return Done<OfferRunSummary>{Effect::kDone, summary};
      });
}

Result<std::vector<Offer>> OfferService::list(const Actor& actor, OfferFilter filter) {
  if (actor.is_applicant()) return mine(actor);
  // Staff see only their territory, whatever the request asks.
  filter.territory_prefix = actor.narrowed(filter.territory_prefix);
  filter.limit = std::min(filter.limit, kConsentPageMax);
  std::vector<Offer> out;
  const LocalDateTime now = clock_.now_local();
  KOMEK_CHECK(store_.transact([&](ConsentTransaction& tx) -> Result<void> {
    KOMEK_TRY(due, tx.offers_to_sweep(now, kConsentPageMax));
    for (Offer& o : due) {
      const std::string before = offer_view(o);
      if (!expire_offer_if_due(o, now)) continue;
      if (auto ok = tx.update_offer(o); !ok) return ok;
      if (auto ok = tx.audit({"", "system", "offer.expired", "offer", o.id, before, offer_view(o)}); !ok) return ok;
    }
    KOMEK_ASSIGN(out, tx.list_offers(filter));
    for (const auto& o : out)
      KOMEK_CHECK(tx.log_access({"", actor.login, subject_of(o.applicant_iin), "offer:" + o.id, "GET /api/v1/offers",
                                 actor.client, false}));
    return {};
  }));
  return out;
}

Result<std::vector<Offer>> OfferService::mine(const Actor& applicant) {
  std::vector<Offer> out;
  if (applicant.iin.empty()) return out;
  const LocalDateTime now = clock_.now_local();
  KOMEK_CHECK(store_.transact([&](ConsentTransaction& tx) -> Result<void> {
    KOMEK_ASSIGN(out, tx.list_offers(OfferFilter{"", applicant.iin, std::nullopt, kConsentPageMax}));
    for (Offer& o : out) {
      const std::string before = offer_view(o);
      if (expire_offer_if_due(o, now)) {
        KOMEK_CHECK(tx.update_offer(o));
        KOMEK_CHECK(tx.audit({"", "system", "offer.expired", "offer", o.id, before, offer_view(o)}));
      }
    }
    return tx.log_access({"", applicant.login, subject_of(applicant.iin), "offers:mine", "GET /api/v1/me/offers",
                          applicant.client, false});
  }));
  return out;
}

Result<Done<Offer>> OfferService::answered(const Actor& actor, const RequestKey& request, const std::string& id, bool consent,
                                        const std::string& via, const std::string* otp) {
  const LocalDateTime now = clock_.now_local();
  // A wrong password is refused but the try is committed (see ConsentService::run).
  auto r = work::run_idempotent<Offer, ConsentTransaction>(store_, actor, request, offer_codec(),
                                                           [&](ConsentTransaction& tx) -> Result<Done<Offer>> {
    KOMEK_TRY(found, tx.find_offer(id));
    // In the cabinet only the person offered answers; the SMS path is open to the gateway's
    // operator too, the password being the person's proof.
    if (!found || (actor.is_applicant() && (found)->applicant_iin != actor.iin)) return offer_not_found();
    Offer o = std::move(*found);
    KOMEK_CHECK(require_offer_answerable(o, now));
    const std::string before = offer_view(o);
    if (otp != nullptr) {
      switch (check_otp(o.otp, o.id, *otp)) {
        case OtpCheck::kNone: return fail(ErrorCode::kConflict, "consent.otp_none");
        case OtpCheck::kLocked: return fail(ErrorCode::kConflict, "consent.otp_locked");
        case OtpCheck::kWrong: {
          KOMEK_CHECK(tx.update_offer(o));
          KOMEK_CHECK(tx.audit({"", actor.login, "offer.otp_wrong", "offer", o.id, before, offer_view(o)}));
          Error e(ErrorCode::kInvalidInput, "consent.otp_wrong", {{"left", std::to_string(kOtpAttemptsMax - o.otp.attempts)}});
          e.field = "otp";
          return tl::unexpected(e);
        }
        case OtpCheck::kMatch: break;
      }
    }
    record_offer_answer(o, consent, via, actor.login, now);
    KOMEK_CHECK(tx.update_offer(o));
    KOMEK_CHECK(tx.audit({"", actor.login, consent ? "offer.consented" : "offer.declined", "offer", o.id, before, offer_view(o)}));
    return Done<Offer>{Effect::kDone, std::move(o)};
  }, work::RunOptions{"consent.otp_wrong"});
  if (!r || !consent) return r;
  // The case starts after the consent is committed; a failure here leaves the offer
  // "consented" with the error noted, and the sweep starts the case later.
  if (auto started = start_case(id); !started) return r;
  Done<Offer> latest = *r;
  KOMEK_CHECK(store_.transact([&](ConsentTransaction& tx) -> Result<void> {
    KOMEK_TRY(found, tx.find_offer(id));
    if (found) latest.value = std::move(*found);
    return {};
  }));
  return latest;
}

Result<Done<Offer>> OfferService::answer(const Actor& applicant, const RequestKey& request, const std::string& id, bool consent) {
  return answered(applicant, request, id, consent, "cabinet", nullptr);
}

Result<Done<Offer>> OfferService::answer_with_otp(const Actor& actor, const RequestKey& request, const std::string& id,
                                               const std::string& otp, bool consent) {
  return answered(actor, request, id, consent, "sms", &otp);
}

Result<bool> OfferService::start_case(const std::string& offer_id) {
  std::optional<Offer> offer;
  KOMEK_CHECK(store_.transact([&](ConsentTransaction& tx) -> Result<void> {
    KOMEK_TRY(found, tx.find_offer(offer_id));
    offer = std::move(found);
    return {};
  }));
  if (!offer || offer->state != OfferState::kConsented) return false;
  const Offer& o = *offer;
  // The person applies on the portal through the system's proactive channel: the case is
  // theirs (applicant = the person), the keys are the offer's, so each step runs once.
  const Actor proactive{"proactive", "applicant", "", o.applicant_iin, "offer:" + o.id};
  const LocalDateTime now = clock_.now_local();
  Intake in;
  in.channel = Channel::kPortal;
  in.pack_id = o.pack_id;
  for (const auto& p : o.programmes) in.programmes.push_back(p.programme);
  json family = json::parse(o.family_json);
  family["application_date"] = now.date.iso();
  in.family_json = family.dump();
  in.applicant_name = o.applicant_name;
  in.phone = o.phone;
  auto note_failure = [&](const Error& e) -> Result<bool> {
    KOMEK_CHECK(store_.transact([&](ConsentTransaction& tx) -> Result<void> {
      KOMEK_TRY(found, tx.find_offer(o.id));
      if (!found || (found)->state != OfferState::kConsented) return {};
      Offer current = std::move(*found);
      current.start_error = e.message_key;
      if (auto ok = tx.update_offer(current); !ok) return ok;
      return tx.audit({"", "system", "offer.case_start_failed", "offer", o.id, "", json{{"error", e.message_key}}.dump()});
    }));
    return tl::unexpected(e);
  };
  auto submitted = cases_.submit(proactive, RequestKey{"offer:" + o.id + ":submit", "offer:" + o.id}, in);
  if (!submitted) return note_failure(submitted.error());
  Case c = std::move(submitted->value);
  if (c.state == CaseState::kRegistered) {
    auto queried = cases_.query_registry(proactive, RequestKey{"offer:" + o.id + ":registry", "offer:" + o.id}, c.id);
    if (!queried) return note_failure(queried.error());
    c = std::move(queried->value);
  }
  bool started = false;
  KOMEK_CHECK(store_.transact([&](ConsentTransaction& tx) -> Result<void> {
    KOMEK_TRY(found, tx.find_offer(o.id));
    if (!found || (found)->state != OfferState::kConsented) return {};
    started = true;
    Offer current = std::move(*found);
    const std::string before = offer_view(current);
    current.state = OfferState::kCaseStarted;
    current.case_id = c.id;
    current.case_number = c.number;
    current.case_state = std::string(state_name(c.state));
    current.start_error.clear();
    if (auto ok = tx.update_offer(current); !ok) return ok;
    if (auto ok = tx.audit({"", "system", "offer.case_started", "offer", current.id, before, offer_view(current)}); !ok) return ok;
    if (current.case_number.empty()) return {};
    return tx.enqueue({Topic::kCabinet, cabinet_payload(current.applicant_iin, "offer_case", "offer.cabinet.case.title",
                                                  "offer.cabinet.case.body", {{"number", current.case_number}},
                                                  ref_of(current))});
  }));
  return started;
}

Result<ConsentSweepSummary> OfferService::sweep() {
  ConsentSweepSummary summary;
  const LocalDateTime now = clock_.now_local();
  std::vector<std::string> to_start;
  KOMEK_CHECK(store_.transact([&](ConsentTransaction& tx) -> Result<void> {
    KOMEK_TRY(due, tx.offers_to_sweep(now, kConsentPageMax));
    for (Offer& o : due) {
      if (o.state == OfferState::kConsented) {
        to_start.push_back(o.id);
        continue;
      }
      const std::string before = offer_view(o);
      if (!expire_offer_if_due(o, now)) continue;
      if (auto ok = tx.update_offer(o); !ok) return ok;
      if (auto ok = tx.audit({"", "system", "offer.expired", "offer", o.id, before, offer_view(o)}); !ok) return ok;
      ++summary.offers_expired;
    }
    return {};
  }));
  for (const auto& id : to_start)
    if (auto started = start_case(id); started && *started) ++summary.cases_started;
  return summary;
}

}  // namespace komek::cases
