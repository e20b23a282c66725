// The consent and offer services on the real store (SQLite; PostgreSQL too when KOMEK_TEST_PG
// names a server), with a controllable clock and randomness: every step one transaction with
// its audit record and outbox messages; bad input changes nothing.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cases/consent_service.hpp"
#include "core/text.hpp"
#include "work/topics.hpp"
#include "cases/offer_service.hpp"
#include "store/case_store.hpp"
#include "store/consent_store.hpp"
#include "support/store_harness.hpp"
#include "support/outcomes.hpp"

namespace komek::store {
namespace {

// A list of records as the API renders it: a JSON array of each one's view.
template <typename T, typename View>
nlohmann::json views_of(const std::vector<T>& items, View&& view) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& item : items) out.push_back(nlohmann::json::parse(view(item)));
  return out;
}

using namespace komek::cases;
using json = nlohmann::json;

// One Koksu family struck by a natural disaster: the district's pack finds it eligible.
struct OneFamily : OfferFamilies {
  std::size_t count() override { return 1; }
  Result<OfferFamily> family(std::size_t, Date on) override {
    OfferFamily f;
    f.applicant_iin = "900101300811";
    f.applicant_name = "Айгүл Сейітқызы";
    f.phone = "+77019876540";
    f.territory = Kato::parse("334820000").value();
    f.member_iins = {"900101300811"};
    f.family_json = json{{"territory", "334820000"},
                         {"application_date", on.iso()},
                         {"members", json::array({{{"iin", "900101300811"}, {"birth_date", "1990-01-01"}, {"relation", "applicant"}}})},
                         {"facts", json::array({{{"type", "natural_disaster"}, {"date", "2026-02-20"}}})}}
                        .dump();
    return f;
  }
};

class ConsentServiceTest : public test::StoreHarness {
 protected:
  ConsentServiceTest() : StoreHarness("consent") {}
  void SetUp() override {
    StoreHarness::SetUp();
    cases_ = make_case_store(*db_);
    consent_store_ = make_consent_store(*db_);
    case_service_ = std::make_unique<CaseService>(*cases_, *workflow_, clock_, ids_, registry_);
    consent_ = std::make_unique<ConsentService>(*consent_store_, clock_, ids_, random_, std::vector<std::string>{"kz-tsa"},
                                                test::library().procedure());
    offers_ = std::make_unique<OfferService>(*consent_store_, *case_service_, test::library(), families_, clock_, ids_,
                                             random_);
  }

  int count(const std::string& sql) { return std::stoi(raw(sql)); }
  json outbox_last(const std::string& topic) {
    return json::parse(raw("SELECT payload FROM outbox WHERE topic = '" + topic + "' ORDER BY id DESC LIMIT 1"));
  }

  // The subject's family was granted TSA for Q1 2026, and gave a mobile number when applying.
  void subject_receives_tsa() {
    Case c;
    c.id = "tsa-case";
    c.number = "3348-2026-000001";
    c.pack_id = "kz-tsa";
    c.territory = Kato::parse("334820000").value();
    c.applicant_iin = kSubject;
    c.phone = "+77019876540";
    c.family_json = json{{"members", json::array({{{"iin", kSubject}, {"relation", "applicant"}}})}}.dump();
    c.state = CaseState::kGranted;
    Decision d;
    d.granted = true;
    d.on = Date::from_ymd(2026, 1, 5);
    d.form = "5";
    ProgrammeDecision p;
    p.programme = "tsa";
    p.granted = true;
    p.period_from = Date::from_ymd(2026, 1, 1);
    p.period_to = Date::from_ymd(2026, 3, 31);
    d.programmes.push_back(p);
    c.decision = d;
    ASSERT_TRUE(cases_->transact([&](CaseTransaction& tx) { return tx.insert_case(c); }).has_value());
  }
  Result<work::Done<StatusRequest>> ask(const std::string& key, const std::string& iin = kSubject) {
    return consent_->ask(bank_, StatusRequester{"bank1", "Әсел", "770707300111", "Acme Bank"}, RequestKey{key, "h-" + key + iin},
                         iin, "loan");
  }
  // The password of the last SMS, carried apart from its text ("ИӘ {otp}") until it is
  // dispatched (issue 13 finding 13).
  std::string last_otp() {
    const json sms = outbox_last("sms");
    EXPECT_NE(sms["text"].get<std::string>().find("ИӘ {otp}"), std::string::npos) << sms.dump();
    return sms["secret"];
  }

  static constexpr const char* kSubject = "900101300811";
  test::SettableClock clock_;
  test::CountingIds ids_{"id-"};
  test::SequenceRandomness random_;
  test::EchoRegistry registry_{{}, "2026-03-02T10:01", R"({"members": [{"identity": "found"}]})"};
  OneFamily families_;
  std::unique_ptr<CaseStore> cases_;
  std::unique_ptr<ConsentStore> consent_store_;
  std::unique_ptr<CaseService> case_service_;
  std::unique_ptr<ConsentService> consent_;
  std::unique_ptr<OfferService> offers_;
  Actor bank_{"bank1", "third_party", "", "770707300111", "10.0.0.1"};
  Actor subject_{"aigul", "applicant", "", kSubject, "10.0.0.2"};
  Actor gateway_{"sms-gateway", "state_corporation_operator", "", "", "10.0.0.3"};
  Actor officer_{"officer1", "officer", "3348", "", "10.0.0.4"};
};

TEST_P(ConsentServiceTest, AskedBySmsAnsweredWithThePasswordAt1h59TheAnswerReachesTheThirdParty) {
  subject_receives_tsa();
  auto asked = ask("k1");
  ASSERT_TRUE(asked.has_value()) << asked.error().message_key;
  EXPECT_EQ(test::status(*asked), 201);
  const std::string id = json::parse(test::body(*asked))["id"];
  // The subject is asked in the cabinet and by SMS, in the same transaction.
  const json cabinet = outbox_last("cabinet");
  EXPECT_EQ(cabinet["iin"], kSubject);
  EXPECT_EQ(cabinet["kind"], "status_request");
  EXPECT_NE(cabinet["body"]["ru"].get<std::string>().find("Acme Bank"), std::string::npos);
  EXPECT_EQ(cabinet["ref"], "status-request:" + id);
  const json sms = outbox_last("sms");
  EXPECT_EQ(sms["phone"], "+77019876540");
  const std::string otp = last_otp();
  EXPECT_EQ(otp, "123456");
  // Only the digest is stored.
  const std::string stored = raw("SELECT data FROM status_requests WHERE id = '" + id + "'");
  EXPECT_EQ(stored.find(otp), std::string::npos) << stored;
  clock_.set("2026-03-02T11:59");
  auto answered = consent_->answer_with_otp(gateway_, RequestKey{"g1", "g1"}, id, otp, true);
  ASSERT_TRUE(answered.has_value()) << answered.error().message_key;
  EXPECT_EQ(json::parse(test::body(*answered))["state"], "consented");
  const json view = json::parse(third_party_view(consent_->request_for_third_party(bank_, id).value()));
  EXPECT_EQ(view["state"], "confirmed");
  EXPECT_EQ(view["answer"]["receives_tsa"], true);
  EXPECT_EQ(view["answer"]["until"], "2026-03-31");
  const json to_bank = outbox_last("cabinet");
  EXPECT_EQ(to_bank["iin"], "770707300111");
  EXPECT_EQ(to_bank["kind"], "status_confirmation");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE entity = 'status_request' AND entity_id = '" + id + "'"), 3);
  // Answered twice: a 409 and nothing written.
  const int outbox = count("SELECT COUNT(*) FROM outbox");
  auto twice = consent_->answer_with_otp(gateway_, RequestKey{"g2", "g2"}, id, otp, false);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().message_key, "consent.already_answered");
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), outbox);
  // The subject sees who asked and when.
  const json mine = views_of(consent_->requests_about_me(subject_).value(), subject_view);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["asked_by"]["organisation"], "Acme Bank");
  EXPECT_EQ(mine[0]["requested_at"], "2026-03-02T10:00");
  EXPECT_EQ(mine[0]["answered_via"], "sms");
}

TEST_P(ConsentServiceTest, At2h01TheAnswerIsTooLateAndTheSweepGivesNoAnswer) {
  subject_receives_tsa();
  const std::string id = json::parse(test::body(*ask("k1")))["id"];
  const std::string otp = last_otp();
  clock_.set("2026-03-02T12:01");
  auto late = consent_->answer_with_otp(gateway_, RequestKey{"g1", "g1"}, id, otp, true);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().message_key, "consent.expired");
  EXPECT_EQ(raw("SELECT state FROM status_requests WHERE id = '" + id + "'"), "pending");
  auto swept = consent_->sweep();
  ASSERT_TRUE(swept.has_value());
  EXPECT_EQ(swept->requests_expired, 1);
  EXPECT_EQ(consent_->sweep()->requests_expired, 0);
  EXPECT_EQ(raw("SELECT state FROM status_requests WHERE id = '" + id + "'"), "expired");
  const json view = json::parse(third_party_view(consent_->request_for_third_party(bank_, id).value()));
  EXPECT_EQ(view["state"], "no_confirmation");
  EXPECT_TRUE(view["answer"].is_null());
  EXPECT_EQ(outbox_last("cabinet")["kind"], "status_confirmation_none");
  // The cabinet answer is too late as well.
  EXPECT_EQ(consent_->answer(subject_, RequestKey{"s1", "s1"}, id, true).error().message_key, "consent.expired");
}

TEST_P(ConsentServiceTest, WrongPasswordsCountUntilLockedAndChangeNothingElse) {
  subject_receives_tsa();
  const std::string id = json::parse(test::body(*ask("k1")))["id"];
  const std::string otp = last_otp();
  const int outbox = count("SELECT COUNT(*) FROM outbox");
  for (int i = 1; i <= kOtpAttemptsMax; ++i) {
    auto wrong = consent_->answer_with_otp(gateway_, RequestKey{"w" + std::to_string(i), "w"}, id, "000000", true);
    ASSERT_FALSE(wrong.has_value());
    EXPECT_EQ(wrong.error().message_key, "consent.otp_wrong");
    EXPECT_EQ(wrong.error().field, "otp");
    EXPECT_EQ(wrong.error().param("left"), std::to_string(kOtpAttemptsMax - i));
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'status_request.otp_wrong'"), kOtpAttemptsMax);
  auto locked = consent_->answer_with_otp(gateway_, RequestKey{"w9", "w9"}, id, otp, true);
  ASSERT_FALSE(locked.has_value());
  EXPECT_EQ(locked.error().message_key, "consent.otp_locked");
  EXPECT_EQ(raw("SELECT state FROM status_requests WHERE id = '" + id + "'"), "pending");
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), outbox);
  // The cabinet remains open to the subject; someone else is told the request does not exist.
  Actor other = subject_;
  other.iin = "881212300999";
  EXPECT_EQ(consent_->answer(other, RequestKey{"o1", "o1"}, id, true).error().code, ErrorCode::kNotFound);
  auto refused = consent_->answer(subject_, RequestKey{"s1", "s1"}, id, false);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(json::parse(third_party_view(consent_->request_for_third_party(bank_, id).value()))["state"], "no_confirmation");
}

TEST_P(ConsentServiceTest, BadInputAndReplays) {
  auto bad = ask("k1", "900101300812");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "subject_iin");
  EXPECT_EQ(count("SELECT COUNT(*) FROM status_requests"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);
  // No phone known: the cabinet only, and no password to check.
  auto first = ask("k2");
  ASSERT_TRUE(first.has_value());
  auto replay = ask("k2");
  ASSERT_TRUE(replay.has_value());
  EXPECT_EQ(test::body(*replay), test::body(*first));
  EXPECT_EQ(count("SELECT COUNT(*) FROM status_requests"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE topic = 'sms'"), 0);
  const std::string id = json::parse(test::body(*first))["id"];
  EXPECT_EQ(consent_->answer_with_otp(gateway_, RequestKey{"g", "g"}, id, "123456", true).error().message_key, "consent.otp_none");
  // Another third party does not see it.
  Actor rival = bank_;
  rival.login = "bank2";
  EXPECT_EQ(consent_->request_for_third_party(rival, id).error().code, ErrorCode::kNotFound);
  // Consent without TSA records: the answer is a confirmed "does not receive".
  ASSERT_TRUE(consent_->answer(subject_, RequestKey{"s", "s"}, id, true).has_value());
  const json view = json::parse(third_party_view(consent_->request_for_third_party(bank_, id).value()));
  EXPECT_EQ(view["answer"]["receives_tsa"], false);
}

TEST_P(ConsentServiceTest, AProactiveOfferBecomesARegisteredCaseWithTheRegistryData) {
  auto run = offers_->run(officer_, Date::from_ymd(2026, 3, 2));
  ASSERT_TRUE(run.has_value()) << run.error().message_key;
  EXPECT_EQ(run->offered, 1);
  ASSERT_EQ(run->offer_ids.size(), 1u);
  const std::string id = run->offer_ids[0];
  const json offered = views_of(offers_->mine(subject_).value(), offer_view);
  ASSERT_EQ(offered.size(), 1u);
  EXPECT_EQ(offered[0]["pack"], "koksu-local");
  EXPECT_EQ(offered[0]["programmes"][0]["programme"], "disaster_help");
  EXPECT_FALSE(offered[0]["programmes"][0]["trace"].empty());
  EXPECT_EQ(outbox_last("sms")["phone"], "+77019876540");
  EXPECT_EQ(outbox_last("cabinet")["kind"], "offer");
  // Running again makes no second offer while this one is open.
  auto again = offers_->run(officer_, Date::from_ymd(2026, 3, 2));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->offered, 0);
  EXPECT_EQ(again->already_offered, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM offers"), 1);
  // A wrong password, then the right one by SMS: the case starts.
  const std::string otp = last_otp();
  EXPECT_EQ(offers_->answer_with_otp(gateway_, RequestKey{"w", "w"}, id, "999999", true).error().message_key,
            "consent.otp_wrong");
  clock_.set("2026-03-03T09:00");
  auto yes = offers_->answer_with_otp(gateway_, RequestKey{"y", "y"}, id, otp, true);
  ASSERT_TRUE(yes.has_value()) << yes.error().message_key;
  const json answered = json::parse(test::body(*yes));
  EXPECT_EQ(answered["state"], "case_started");
  ASSERT_TRUE(answered["case_id"].is_string());
  auto c = cases_->get(answered["case_id"].get<std::string>()).value();
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->channel, Channel::kPortal);
  EXPECT_EQ(c->applicant_iin, kSubject);
  EXPECT_FALSE(c->number.empty());
  EXPECT_EQ(answered["case_number"], c->number);
  EXPECT_TRUE(c->registry_taken_at.has_value());
  EXPECT_FALSE(c->registry_snapshot_json.empty());
  EXPECT_EQ(outbox_last("cabinet")["kind"], "offer_case");
  // Answered again: a 409; the family now has a case, so the next run offers nothing.
  EXPECT_EQ(offers_->answer(subject_, RequestKey{"a", "a"}, id, false).error().message_key, "offer.already_answered");
  auto after = offers_->run(officer_, Date::from_ymd(2026, 3, 3));
  EXPECT_EQ(after->offered, 0);
  EXPECT_EQ(after->applied_or_assigned, 1);
}

TEST_P(ConsentServiceTest, OffersOutsideTheTerritoryAreNotMadeAndUnansweredOnesExpire) {
  Actor elsewhere = officer_;
  elsewhere.territory = "15";
  auto none = offers_->run(elsewhere, Date::from_ymd(2026, 3, 2));
  EXPECT_EQ(none->outside_territory, 1);
  EXPECT_EQ(none->offered, 0);
  auto run = offers_->run(officer_, Date::from_ymd(2026, 3, 2));
  const std::string id = run->offer_ids.at(0);
  EXPECT_EQ(offers_->list(elsewhere, OfferFilter{}).value().size(), 0u);
  EXPECT_EQ(offers_->list(officer_, OfferFilter{}).value().size(), 1u);
  clock_.set("2026-04-02T00:00");  // 30 days (configurable) have passed
  auto swept = offers_->sweep();
  ASSERT_TRUE(swept.has_value());
  EXPECT_EQ(swept->offers_expired, 1);
  EXPECT_EQ(raw("SELECT state FROM offers WHERE id = '" + id + "'"), "expired");
  EXPECT_EQ(raw("SELECT open_key FROM offers WHERE id = '" + id + "'"), "");
  EXPECT_EQ(offers_->answer(subject_, RequestKey{"a", "a"}, id, true).error().message_key, "offer.expired");
  EXPECT_EQ(count("SELECT COUNT(*) FROM cases"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ConsentServiceTest, ::testing::ValuesIn(test::backends()), test::backend_name);

// Issue 13 finding 6: a request with an organisation name composed 339 characters, over the
// 335 an SMS may carry, and was silently never sent. The name is shortened to fit; the
// password and the deadline are always there.
TEST(ConsentSms, TheTextFitsWhateverTheRequestersName) {
  auto phone_text = [](const std::string& text) { return work::sms_text_with_secret(text, "123456"); };
  const std::string short_text = consent_sms_text("Acme Bank", "2026-03-02T12:00", 6);
  EXPECT_NE(short_text.find("Acme Bank"), std::string::npos);
  std::string long_name;
  while (utf8_length(long_name) < 300) long_name += "«Қазақстан Халық Жинақ Банкі» акционерлік қоғамы ";
  const std::string text = consent_sms_text(long_name, "2026-03-02T12:00", 6);
  EXPECT_LE(utf8_length(phone_text(text)), work::kSmsTextCharsMax) << phone_text(text);
  EXPECT_GT(utf8_length(phone_text(text)), work::kSmsTextCharsMax - 4);  // as much of the name as fits
  EXPECT_NE(text.find("«Қазақстан Халық"), std::string::npos);
  EXPECT_NE(text.find("…"), std::string::npos);
  // Both languages, each with the password twice and the deadline.
  EXPECT_NE(phone_text(text).find("ИӘ 123456"), std::string::npos);
  EXPECT_NE(phone_text(text).find("ЖОҚ 123456"), std::string::npos);
  EXPECT_NE(phone_text(text).find("ДА 123456"), std::string::npos);
  EXPECT_NE(phone_text(text).find("НЕТ 123456"), std::string::npos);
  EXPECT_NE(text.find("2026-03-02T12:00"), std::string::npos);
}

}  // namespace
}  // namespace komek::store
