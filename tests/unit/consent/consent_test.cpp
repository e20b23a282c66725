// The pure domain of status confirmation (004 §19-1) and proactive offers (FACTS §6): the
// 2-hour window at minute precision, one-time passwords, the answer from the records, the
// third party's view, offers and what keeps a family from one.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cases/consent.hpp"
#include "cases/offers.hpp"
#include "core/messages.hpp"
#include "rules/procedure.hpp"

namespace komek::cases {
namespace {

using json = nlohmann::json;

// Draws 1, 2, 3, … (mod 10) so that passwords are known in advance.
struct Sequence : Randomness {
  std::uint32_t next = 0;
  std::uint32_t uniform(std::uint32_t upper_bound) override { return (++next) % upper_bound; }
};

// The subject's window of the national procedure (rules/procedure/kz.yaml: 2 hours).
const rules::ProceduralPeriod& window() {
  static const rules::Procedure procedure =
      rules::Procedure::load(std::string(KOMEK_RULES_DIR) + "/procedure/kz.yaml").value();
  return procedure.period(rules::PeriodId::kConsentAnswer);
}

LocalDateTime at(const char* text) { return LocalDateTime::parse(text).value(); }
Date day(const char* text) { return Date::parse(text).value(); }

StatusRequester acme() { return StatusRequester{"bank1", "Әсел Банкова", "123456789021", "Acme Bank"}; }

StatusRequest requested_at_ten() { return open_status_request("r1", acme(), "900101300811", "loan", at("2026-03-02T10:00"), window()).value(); }

TEST(ConsentWindow, TwoHoursAtMinutePrecision) {
  const StatusRequest r = requested_at_ten();
  EXPECT_EQ(r.expires_at.iso(), "2026-03-02T12:00");
  EXPECT_TRUE(require_answerable(r, at("2026-03-02T11:59")).has_value());  // 1 h 59 min
  EXPECT_TRUE(require_answerable(r, at("2026-03-02T12:00")).has_value());  // the last minute still counts
  auto late = require_answerable(r, at("2026-03-02T12:01"));               // 2 h 01 min
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().message_key, "consent.expired");
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
}

TEST(ConsentWindow, CrossesMidnight) {
  auto r = open_status_request("r2", acme(), "900101300811", "", at("2026-03-02T23:30"), window()).value();
  EXPECT_EQ(r.expires_at.iso(), "2026-03-03T01:30");
  EXPECT_EQ(plus_minutes(at("2026-03-01T00:10"), -20).iso(), "2026-02-28T23:50");
}

TEST(ConsentAnswer, OnceOnly) {
  StatusRequest r = requested_at_ten();
  record_answer(r, false, "cabinet", at("2026-03-02T10:30"), std::nullopt);
  EXPECT_EQ(r.state, ConsentState::kRefused);
  auto again = require_answerable(r, at("2026-03-02T10:31"));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().message_key, "consent.already_answered");
}

TEST(ConsentAnswer, ExpiresOnlyAfterTheWindowAndOnlyWhenPending) {
  StatusRequest r = requested_at_ten();
  EXPECT_FALSE(expire_if_due(r, at("2026-03-02T12:00")));
  EXPECT_TRUE(expire_if_due(r, at("2026-03-02T12:01")));
  EXPECT_EQ(r.state, ConsentState::kExpired);
  EXPECT_FALSE(expire_if_due(r, at("2026-03-02T13:00")));
  StatusRequest answered = requested_at_ten();
  record_answer(answered, true, "sms", at("2026-03-02T11:00"), TsaStatus{true, day("2026-03-02"), day("2026-03-31"), "decision"});
  EXPECT_FALSE(expire_if_due(answered, at("2026-03-02T13:00")));
}

TEST(ConsentRequest, AnInvalidIinNamesTheField) {
  auto r = open_status_request("r3", acme(), "900101300812", "", at("2026-03-02T10:00"), window());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "subject_iin");
  EXPECT_EQ(r.error().message_key, "iin.checksum");
  auto short_iin = open_status_request("r3", acme(), "9001", "", at("2026-03-02T10:00"), window());
  ASSERT_FALSE(short_iin.has_value());
  EXPECT_EQ(short_iin.error().message_key, "iin.length");
  StatusRequester no_iin = acme();
  no_iin.iin.clear();
  EXPECT_EQ(open_status_request("r4", no_iin, "900101300811", "", at("2026-03-02T10:00"), window()).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(open_status_request("r5", acme(), "900101300811", std::string(400, 'x'), at("2026-03-02T10:00"), window()).error().field,
            "purpose");
}

TEST(OneTimePasswords, KeptAsADigestWithLimitedTries) {
  Sequence random;
  const std::string otp = new_otp(random);
  EXPECT_EQ(otp, "123456");
  OneTimePassword stored = otp_for("r1", otp);
  EXPECT_EQ(stored.digest.size(), 64u);
  EXPECT_EQ(stored.digest.find(otp), std::string::npos);
  EXPECT_NE(otp_for("r2", otp).digest, stored.digest);  // salted with what it answers
  OneTimePassword copy = stored;
  EXPECT_EQ(check_otp(copy, "r1", otp), OtpCheck::kMatch);
  EXPECT_EQ(copy.attempts, 0);
  for (int i = 1; i <= kOtpAttemptsMax; ++i) {
    EXPECT_EQ(check_otp(stored, "r1", "000000"), OtpCheck::kWrong);
    EXPECT_EQ(stored.attempts, i);
  }
  // Exhausted: even the right password is no longer compared.
  EXPECT_EQ(check_otp(stored, "r1", otp), OtpCheck::kLocked);
  OneTimePassword none;
  EXPECT_EQ(check_otp(none, "r1", otp), OtpCheck::kNone);
}

Case granted_tsa_case(const std::string& id, const std::string& applicant, const std::string& member) {
  Case c;
  c.id = id;
  c.pack_id = "kz-tsa";
  c.applicant_iin = applicant;
  c.family_json = json{{"members", json::array({{{"iin", applicant}, {"relation", "applicant"}},
                                                {{"iin", member}, {"relation", "child"}}})}}
                      .dump();
  c.state = CaseState::kGranted;
  Decision d;
  d.granted = true;
  d.on = day("2026-01-05");
  ProgrammeDecision p;
  p.programme = "tsa";
  p.granted = true;
  p.period_from = day("2026-01-01");
  p.period_to = day("2026-03-31");
  d.programmes.push_back(p);
  c.decision = d;
  return c;
}

TEST(TsaStatusFromRecords, AGrantedDecisionCoversTheFamily) {
  const Case c = granted_tsa_case("c1", "900101300811", "150505600123");
  auto s = tsa_status("150505600123", {c}, {}, day("2026-03-02"));
  EXPECT_TRUE(s.receives);
  EXPECT_EQ(s.until->iso(), "2026-03-31");
  EXPECT_EQ(s.basis, "decision");
  EXPECT_FALSE(tsa_status("150505600123", {c}, {}, day("2026-04-01")).receives);  // the period is over
  EXPECT_FALSE(tsa_status("881212300999", {c}, {}, day("2026-03-02")).receives);  // not in the family
}

TEST(TsaStatusFromRecords, AssignmentsDecideOnceMade) {
  const Case c = granted_tsa_case("c1", "900101300811", "150505600123");
  AssignmentRow a{"a1", "c1", "kz-tsa", "tsa", "900101300811", "terminated", day("2026-01-01"), day("2026-03-31"),
                  day("2026-03-01")};
  // Terminated with payment stopped on 1 March: on 2 March the family no longer receives TSA,
  // although the decision's period runs to 31 March.
  EXPECT_FALSE(tsa_status("900101300811", {c}, {a}, day("2026-03-02")).receives);
  auto before = tsa_status("150505600123", {c}, {a}, day("2026-02-27"));
  ASSERT_TRUE(before.receives);
  ASSERT_TRUE(before.until.has_value());
  EXPECT_EQ(before.until->iso(), "2026-02-28");
  EXPECT_EQ(before.basis, "assignment");
  a.status = "ended";
  EXPECT_FALSE(tsa_status("900101300811", {}, {a}, day("2026-02-27")).receives);
  a.status = "suspended";
  a.payment_stops.reset();
  EXPECT_TRUE(tsa_status("900101300811", {}, {a}, day("2026-03-02")).receives);
}

TEST(ThirdPartyView, ANoAndSilenceLookTheSame) {
  StatusRequest refused = requested_at_ten();
  record_answer(refused, false, "cabinet", at("2026-03-02T10:05"), std::nullopt);
  StatusRequest silent = requested_at_ten();
  ASSERT_TRUE(expire_if_due(silent, at("2026-03-02T12:01")));
  const json a = json::parse(third_party_view(refused));
  const json b = json::parse(third_party_view(silent));
  EXPECT_EQ(a["state"], "no_confirmation");
  EXPECT_EQ(b["state"], "no_confirmation");
  EXPECT_TRUE(a["answer"].is_null());
  EXPECT_TRUE(b["answer"].is_null());
  StatusRequest yes = requested_at_ten();
  record_answer(yes, true, "sms", at("2026-03-02T11:59"), TsaStatus{true, day("2026-03-02"), day("2026-03-31"), "decision"});
  const json c = json::parse(third_party_view(yes));
  EXPECT_EQ(c["state"], "confirmed");
  EXPECT_EQ(c["answer"]["receives_tsa"], true);
  EXPECT_EQ(c["answer"]["until"], "2026-03-31");
  // The subject sees who asked.
  const json s = json::parse(subject_view(yes));
  EXPECT_EQ(s["asked_by"]["organisation"], "Acme Bank");
  EXPECT_EQ(s["asked_by"]["name"], "Әсел Банкова");
  EXPECT_EQ(s["requested_at"], "2026-03-02T10:00");
  EXPECT_EQ(s["state"], "consented");
}

TEST(ConsentRecord, RoundTripsThroughJson) {
  StatusRequest r = requested_at_ten();
  r.subject_phone = "+77011234567";
  r.otp = otp_for(r.id, "123456");
  r.otp.attempts = 2;
  record_answer(r, true, "sms", at("2026-03-02T11:00"), TsaStatus{false, day("2026-03-02"), std::nullopt, ""});
  auto back = status_request_from_json(status_request_json(r));
  ASSERT_TRUE(back.has_value()) << back.error().message_key;
  EXPECT_EQ(status_request_json(*back), status_request_json(r));
  EXPECT_FALSE(status_request_from_json("{\"id\": 1}").has_value());
}

OfferFamily koksu_family() {
  OfferFamily f;
  f.applicant_iin = "900101300811";
  f.applicant_name = "Айгүл";
  f.phone = "+77011234567";
  f.territory = Kato::parse("334820000").value();
  f.member_iins = {"900101300811"};
  f.family_json = R"({"territory": "334820000", "application_date": "2026-03-02", "members": [{"iin": "900101300811",
      "birth_date": "1990-01-01", "relation": "applicant"}]})";
  return f;
}

TEST(Offers, AWindowThatEndsAtTheEndOfItsLastDay) {
  OfferedProgramme p;
  p.programme = "disaster_help";
  p.amount_per_payment = Money::from_tiyn(30'000'000);
  auto o = make_offer("o1", koksu_family(), "koksu-local", {p}, day("2026-03-02"), at("2026-03-02T10:00"), 30).value();
  EXPECT_EQ(o.expires_at.iso(), "2026-04-01T23:59");
  EXPECT_TRUE(require_offer_answerable(o, at("2026-04-01T23:59")).has_value());
  EXPECT_EQ(require_offer_answerable(o, at("2026-04-02T00:00")).error().message_key, "offer.expired");
  EXPECT_FALSE(make_offer("o2", koksu_family(), "koksu-local", {p}, day("2026-03-02"), at("2026-03-02T10:00"), 0).has_value());
  Offer declined = o;
  record_offer_answer(declined, false, "cabinet", "a1", at("2026-03-03T09:00"));
  EXPECT_EQ(require_offer_answerable(declined, at("2026-03-03T09:01")).error().message_key, "offer.already_answered");
  EXPECT_FALSE(is_open(declined.state));
  Offer expiring = o;
  EXPECT_TRUE(expire_offer_if_due(expiring, at("2026-04-02T00:00")));
  auto back = offer_from_json(offer_json(o));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(offer_json(*back), offer_json(o));
  const std::string sms = offer_sms_text(o, "654321");
  EXPECT_NE(sms.find("654321"), std::string::npos);
  EXPECT_NE(sms.find("300 000,00"), std::string::npos);
}

TEST(Offers, WhatKeepsAFamilyFromAnOffer) {
  Case open;
  open.state = CaseState::kRegistered;
  EXPECT_TRUE(case_blocks_offer(open, day("2026-03-02")));
  Case refused;
  refused.state = CaseState::kRefused;
  EXPECT_FALSE(case_blocks_offer(refused, day("2026-03-02")));
  const Case granted = granted_tsa_case("c1", "900101300811", "150505600123");
  EXPECT_TRUE(case_blocks_offer(granted, day("2026-03-02")));
  EXPECT_FALSE(case_blocks_offer(granted, day("2026-04-01")));  // its period ended
  AssignmentRow a{"a1", "c1", "kz-tsa", "tsa", "900101300811", "active", day("2026-01-01"), day("2026-03-31"), std::nullopt};
  EXPECT_TRUE(assignment_blocks_offer(a, day("2026-03-02")));
  a.payment_stops = day("2026-03-01");
  EXPECT_FALSE(assignment_blocks_offer(a, day("2026-03-02")));
  a.payment_stops.reset();
  a.status = "ended";
  EXPECT_FALSE(assignment_blocks_offer(a, day("2026-03-02")));
}

TEST(ConsentMessages, EveryKeyHasThreeLanguages) {
  StatusRequest r = requested_at_ten();
  (void)require_answerable(r, at("2026-03-02T10:00"));  // registers the catalogue
  int ours = 0;
  for (const MessageEntry* m : all_messages()) {
    if (m->key.rfind("consent.", 0) != 0 && m->key.rfind("offer.", 0) != 0) continue;
    ++ours;
    EXPECT_FALSE(m->kk.empty()) << m->key;
    EXPECT_FALSE(m->ru.empty()) << m->key;
    EXPECT_FALSE(m->en.empty()) << m->key;
  }
  EXPECT_GE(ours, 20);
}

}  // namespace
}  // namespace komek::cases
