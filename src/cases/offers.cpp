#include "cases/offers.hpp"

#include <nlohmann/json.hpp>

#include "core/messages.hpp"

namespace komek::cases {
namespace {

using json = nlohmann::json;

json opt_date(const std::optional<Date>& d) { return d ? json(d->iso()) : json(nullptr); }
json opt_time(const std::optional<LocalDateTime>& t) { return t ? json(t->iso()) : json(nullptr); }

json programme_json(const OfferedProgramme& p) {
  json trace = json::array();
  for (const auto& t : p.trace) trace.push_back({{"rule", t.rule}, {"cites", t.cites}, {"passed", t.passed}});
  return json{{"programme", p.programme},
              {"title", {{"kk", p.title_kk}, {"ru", p.title_ru}, {"en", p.title_en}}},
              {"amount_per_payment", p.amount_per_payment.decimal()},
              {"amount_per_payment_tiyn", p.amount_per_payment.tiyn()},
              {"payments", p.payments},
              {"amount_per_period", p.amount_per_period.decimal()},
              {"amount_per_period_tiyn", p.amount_per_period.tiyn()},
              {"period_from", opt_date(p.period_from)},
              {"period_to", opt_date(p.period_to)},
              {"tsa_type", p.tsa_type},
              {"trace", trace}};
}

std::string programme_list(const Offer& o, Lang lang) {
  std::string out;
  for (const auto& p : o.programmes) {
    if (!out.empty()) out += "; ";
    out += lang == Lang::kKk ? p.title_kk : lang == Lang::kRu ? p.title_ru : p.title_en;
    out += " — " + p.amount_per_payment.format(lang);
  }
  return out;
}

}  // namespace

std::string_view offer_state_name(OfferState s) {
  switch (s) {
    case OfferState::kOffered: return "offered";
    case OfferState::kConsented: return "consented";
    case OfferState::kCaseStarted: return "case_started";
    case OfferState::kDeclined: return "declined";
    case OfferState::kExpired: return "expired";
  }
  return "offered";
}

std::optional<OfferState> parse_offer_state(std::string_view s) {
  for (auto st : {OfferState::kOffered, OfferState::kConsented, OfferState::kCaseStarted, OfferState::kDeclined,
                  OfferState::kExpired})
    if (offer_state_name(st) == s) return st;
  return std::nullopt;
}

std::vector<OfferedProgramme> offerable_programmes(const rules::Evaluation& evaluation) {
  std::vector<OfferedProgramme> out;
  for (const auto& o : evaluation.programmes) {
    if (o.programme == nullptr || !o.decided || !o.in_force || !o.eligible) continue;
    if (o.programme->without_application || !o.programme->requires_programme.empty()) continue;
    OfferedProgramme p;
    p.programme = o.programme->id;
    p.title_kk = o.programme->titles.kk;
    p.title_ru = o.programme->titles.ru;
    p.title_en = o.programme->titles.en;
    p.amount_per_payment = o.amount_per_payment;
    p.payments = o.payments;
    p.amount_per_period = o.amount_per_period;
    if (o.period) {
      p.period_from = o.period->from();
      p.period_to = o.period->to();
    }
    if (o.tsa_type) p.tsa_type = std::string(rules::tsa_type_name(*o.tsa_type));
    // The summary keeps the steps that cite a clause: what a person needs to see why.
    for (const auto& step : o.trace)
      if (!step.cites.empty()) p.trace.push_back(OfferTraceLine{step.rule, step.cites, step.passed});
    out.push_back(std::move(p));
  }
  return out;
}

bool case_blocks_offer(const Case& c, Date on) {
  if (c.state == CaseState::kRefused || c.state == CaseState::kRefusedToAccept) return false;
  if (c.state != CaseState::kGranted) return true;  // open: the family has applied
  if (!c.decision) return true;
  for (const auto& p : c.decision->programmes) {
    if (!p.granted) continue;
    // A grant without a period (a one-time payment) keeps its programme from a new offer only
    // until the day it was decided; one with a period, until the period ends.
    if (!p.period_to) return c.decision->on >= on;
    if (*p.period_to >= on) return true;
  }
  return false;
}

bool assignment_blocks_offer(const AssignmentRow& a, Date on) {
  if (a.status != "active" && a.status != "suspended" && a.status != "terminated") return false;
  if (a.payment_stops && *a.payment_stops <= on) return false;
  return a.period_to >= on;
}

Result<Offer> make_offer(std::string id, const OfferFamily& family, const std::string& pack_id,
                         std::vector<OfferedProgramme> programmes, Date run_date, const LocalDateTime& now,
                         int valid_days) {
  if (valid_days < 1 || valid_days > kOfferValidDaysMax) {
    Error e(ErrorCode::kInvalidInput, "offer.valid_days", {{"max", std::to_string(kOfferValidDaysMax)}});
    e.field = "valid_days";
    return tl::unexpected(e);
  }
  Offer o;
  o.id = std::move(id);
  o.pack_id = pack_id;
  o.territory = family.territory;
  o.applicant_iin = family.applicant_iin;
  o.applicant_name = family.applicant_name;
  o.phone = family.phone;
  o.member_iins = family.member_iins;
  o.family_json = family.family_json;
  o.run_date = run_date;
  o.offered_at = now;
  // The window closes at the end of its last day.
  o.expires_at = LocalDateTime{now.date.plus_days(valid_days), TimeOfDay{23, 59}};
  o.programmes = std::move(programmes);
  return o;
}

Result<void> require_offer_answerable(const Offer& o, const LocalDateTime& now) {
  if (o.state == OfferState::kConsented || o.state == OfferState::kCaseStarted || o.state == OfferState::kDeclined)
    return fail(ErrorCode::kConflict, "offer.already_answered", {{"state", std::string(offer_state_name(o.state))}});
  if (o.state == OfferState::kExpired || minutes_since_epoch(now) > minutes_since_epoch(o.expires_at))
    return fail(ErrorCode::kConflict, "offer.expired", {{"expires_at", o.expires_at.iso()}});
  return {};
}

void record_offer_answer(Offer& o, bool consent, std::string via, std::string by, const LocalDateTime& now) {
  o.state = consent ? OfferState::kConsented : OfferState::kDeclined;
  o.answered_at = now;
  o.answered_via = std::move(via);
  o.answered_by = std::move(by);
  o.otp.digest.clear();
}

bool expire_offer_if_due(Offer& o, const LocalDateTime& now) {
  if (o.state != OfferState::kOffered || minutes_since_epoch(now) <= minutes_since_epoch(o.expires_at)) return false;
  o.state = OfferState::kExpired;
  o.otp.digest.clear();
  return true;
}

std::string offer_view(const Offer& o) {
  json programmes = json::array();
  for (const auto& p : o.programmes) programmes.push_back(programme_json(p));
  return json{{"id", o.id},
              {"pack", o.pack_id},
              {"territory", o.territory.code()},
              {"applicant_iin", o.applicant_iin},
              {"applicant_name", o.applicant_name},
              {"sms_sent", !o.phone.empty()},
              {"run_date", o.run_date.iso()},
              {"offered_at", o.offered_at.iso()},
              {"expires_at", o.expires_at.iso()},
              {"programmes", programmes},
              {"state", std::string(offer_state_name(o.state))},
              {"answered_at", opt_time(o.answered_at)},
              {"answered_via", o.answered_via},
              {"case_id", o.case_id.empty() ? json(nullptr) : json(o.case_id)},
              {"case_number", o.case_number.empty() ? json(nullptr) : json(o.case_number)},
              {"case_state", o.case_state.empty() ? json(nullptr) : json(o.case_state)}}
      .dump();
}

std::string offer_json(const Offer& o) {
  json j = json::parse(offer_view(o));
  j["phone"] = o.phone;
  j["member_iins"] = o.member_iins;
  j["family"] = o.family_json;
  j["otp"] = {{"digest", o.otp.digest}, {"attempts", o.otp.attempts}};
  j["answered_by"] = o.answered_by;
  j["start_error"] = o.start_error;
  j["version"] = o.version;
  return j.dump();
}

Result<Offer> offer_from_json(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(ErrorCode::kInternal, "consent.stored_record_broken");
  auto broken = [] { return fail(ErrorCode::kInternal, "consent.stored_record_broken"); };
  try {
    Offer o;
    o.id = j.at("id").get<std::string>();
    o.pack_id = j.at("pack").get<std::string>();
    auto territory = Kato::parse(j.at("territory").get<std::string>());
    auto run = Date::parse(j.at("run_date").get<std::string>());
    auto offered = LocalDateTime::parse(j.at("offered_at").get<std::string>());
    auto expires = LocalDateTime::parse(j.at("expires_at").get<std::string>());
    auto state = parse_offer_state(j.at("state").get<std::string>());
    if (!territory || !run || !offered || !expires || !state) return broken();
    o.territory = *territory;
    o.run_date = *run;
    o.offered_at = *offered;
    o.expires_at = *expires;
    o.state = *state;
    o.applicant_iin = j.at("applicant_iin").get<std::string>();
    o.applicant_name = j.at("applicant_name").get<std::string>();
    o.phone = j.at("phone").get<std::string>();
    o.member_iins = j.at("member_iins").get<std::vector<std::string>>();
    o.family_json = j.at("family").get<std::string>();
    o.otp.digest = j.at("otp").at("digest").get<std::string>();
    o.otp.attempts = j.at("otp").at("attempts").get<int>();
    if (!j.at("answered_at").is_null()) {
      auto at = LocalDateTime::parse(j["answered_at"].get<std::string>());
      if (!at) return broken();
      o.answered_at = *at;
    }
    o.answered_via = j.at("answered_via").get<std::string>();
    o.answered_by = j.at("answered_by").get<std::string>();
    if (!j.at("case_id").is_null()) o.case_id = j["case_id"].get<std::string>();
    if (!j.at("case_number").is_null()) o.case_number = j["case_number"].get<std::string>();
    if (!j.at("case_state").is_null()) o.case_state = j["case_state"].get<std::string>();
    o.start_error = j.at("start_error").get<std::string>();
    o.version = j.at("version").get<int>();
    for (const json& p : j.at("programmes")) {
      OfferedProgramme op;
      op.programme = p.at("programme").get<std::string>();
      op.title_kk = p.at("title").at("kk").get<std::string>();
      op.title_ru = p.at("title").at("ru").get<std::string>();
      op.title_en = p.at("title").at("en").get<std::string>();
      op.amount_per_payment = Money::from_tiyn(p.at("amount_per_payment_tiyn").get<std::int64_t>());
      op.payments = p.at("payments").get<int>();
      op.amount_per_period = Money::from_tiyn(p.at("amount_per_period_tiyn").get<std::int64_t>());
      for (const char* name : {"period_from", "period_to"}) {
        if (p.at(name).is_null()) continue;
        auto d = Date::parse(p[name].get<std::string>());
        if (!d) return broken();
        (std::string_view(name) == "period_from" ? op.period_from : op.period_to) = *d;
      }
      op.tsa_type = p.at("tsa_type").get<std::string>();
      for (const json& t : p.at("trace"))
        op.trace.push_back(OfferTraceLine{t.at("rule").get<std::string>(), t.at("cites").get<std::string>(), t.at("passed").get<bool>()});
      o.programmes.push_back(std::move(op));
    }
    return o;
  } catch (const json::exception&) {
    return broken();
  }
}

std::string offer_sms_text(const Offer& o, const std::string& otp) {
  const std::vector<std::pair<std::string, std::string>> params = {
      {"programmes", programme_list(o, Lang::kKk)}, {"otp", otp}, {"until", o.expires_at.date.iso()}};
  auto ru = params;
  ru[0].second = programme_list(o, Lang::kRu);
  return render_message("offer.sms", params, Lang::kKk) + "\n" + render_message("offer.sms", ru, Lang::kRu);
}

work::Codec<Offer> offer_codec() {
  return work::Codec<Offer>{[](const Offer& o) { return offer_json(o); },
                            [](std::string_view text) { return offer_from_json(text); }};
}

}  // namespace komek::cases
