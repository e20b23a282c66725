// Retry delays and the composition of notices: texts from the case and the pack, the cabinet's
// due day on the working calendar, the SMS in Kazakh and Russian, phone numbers.
#include <gtest/gtest.h>

#include "core/messages.hpp"
#include "notify/compose.hpp"
#include "notify/delivery.hpp"
#include "notify/retry.hpp"
#include "unit/notify/fixtures.hpp"

namespace komek::notify {
namespace {

using namespace std::chrono_literals;
using test::granted_case;
using test::koksu;
using test::periods_under;
using test::library;
using test::refused_case;

TEST(Retry, GrowsExponentiallyWithinItsJitterAndStopsAtTheCap) {
  RetryPolicy p;
  p.base = 2000ms;
  p.factor = 2;
  p.max_delay = 60'000ms;
  // With no jitter the delay is half the step; with the most jitter, just under the step.
  EXPECT_EQ(retry_delay(p, 1, 0.0), 1000ms);
  EXPECT_EQ(retry_delay(p, 2, 0.0), 2000ms);
  EXPECT_EQ(retry_delay(p, 3, 0.0), 4000ms);
  EXPECT_EQ(retry_delay(p, 3, 0.5), 6000ms);
  EXPECT_GE(retry_delay(p, 3, 0.999999), 7990ms);
  EXPECT_LT(retry_delay(p, 3, 0.999999), 8000ms);
  // The cap holds however many failures, with no overflow.
  EXPECT_EQ(retry_delay(p, 6, 0.0), 30'000ms);
  EXPECT_EQ(retry_delay(p, 1000, 0.0), 30'000ms);
  EXPECT_LT(retry_delay(p, 1000, 0.999), 60'000ms);
  // Jitter outside [0, 1) is clamped, not trusted.
  EXPECT_EQ(retry_delay(p, 1, -5.0), 1000ms);
  EXPECT_LT(retry_delay(p, 1, 7.0), 2000ms);
}

TEST(Retry, IsBounded) {
  RetryPolicy p;
  p.max_attempts = 3;
  EXPECT_TRUE(may_retry(p, 1));
  EXPECT_TRUE(may_retry(p, 2));
  EXPECT_FALSE(may_retry(p, 3));
}

TEST(Instants, RoundTripInTheStoredFormat) {
  const Millis t = Millis(std::chrono::sys_days(std::chrono::year(2026) / 3 / 6)) + 4h + 5min + 6s + 7ms;
  EXPECT_EQ(iso_utc(t), "2026-03-06T04:05:06.007Z");
  EXPECT_EQ(parse_iso_utc("2026-03-06T04:05:06.007Z").value(), t);
  EXPECT_FALSE(parse_iso_utc("2026-03-06 04:05:06").has_value());
}

TEST(Phones, AreNormalisedOrRefused) {
  EXPECT_EQ(normalize_phone("+77011234567").value(), "+77011234567");
  EXPECT_EQ(normalize_phone("8 701 123-45-67").value(), "+77011234567");
  EXPECT_EQ(normalize_phone("7 (747) 123 45 67").value(), "+77471234567");
  EXPECT_FALSE(normalize_phone("+7 727 123 45 67").has_value());  // an Almaty landline
  EXPECT_FALSE(normalize_phone("12345").has_value());
  EXPECT_FALSE(normalize_phone("+7701abc4567").has_value());
  EXPECT_EQ(mask_phone("+77011234567"), "+7701***4567");
}

TEST(Compose, GrantedDecisionInThreeLanguagesWithItsAmountsAndPeriod) {
  const auto n = compose_notice("decision", granted_case(), periods_under(koksu())).value();
  EXPECT_EQ(n.kind, "decision");
  EXPECT_EQ(n.form, "5");
  EXPECT_EQ(n.title.kk, "Әлеуметтік көмек көрсету туралы хабарлама");
  EXPECT_EQ(n.title.ru, "Уведомление о назначении социальной помощи");
  const std::string amount_kk = Money::from_tiyn(30'000'000).format(Lang::kKk);
  EXPECT_NE(n.body.kk.find("Әсел Құрманғазықызы"), std::string::npos) << n.body.kk;
  EXPECT_NE(n.body.kk.find("3348-2026-000001"), std::string::npos);
  EXPECT_NE(n.body.kk.find(amount_kk), std::string::npos) << n.body.kk;
  EXPECT_NE(n.body.kk.find("01.03.2026 – 31.03.2026"), std::string::npos) << n.body.kk;
  EXPECT_NE(n.body.kk.find("Дүлей зілзалдан"), std::string::npos) << n.body.kk;  // the programme's title from the pack
  EXPECT_NE(n.body.ru.find("назначена"), std::string::npos) << n.body.ru;
  EXPECT_NE(n.body.en.find("300,000.00"), std::string::npos) << n.body.en;
  EXPECT_NE(n.body.en.find("2026-03-01 – 2026-03-31"), std::string::npos) << n.body.en;
  // The SMS carries Kazakh, then Russian.
  EXPECT_NE(n.sms_text.find("тағайындалды"), std::string::npos) << n.sms_text;
  EXPECT_NE(n.sms_text.find("назначена"), std::string::npos) << n.sms_text;
  EXPECT_LE(utf8_length(n.sms_text), kSmsTextCharsMax);
}

TEST(Compose, TheCabinetNoticeIsDueOneWorkingDayAfterTheDecision) {
  // Decided on Friday 6 March 2026: the weekend and 9 March (8 March moved) are days off, so
  // the cabinet must have it by Tuesday 10 March (004 App 12).
  const auto n = compose_notice("decision", granted_case(), periods_under(koksu())).value();
  ASSERT_TRUE(n.due_on.has_value());
  EXPECT_EQ(n.due_on->iso(), "2026-03-10");
  EXPECT_EQ(n.due_cites, "004 App 12");
  cases::Case wednesday = granted_case();
  wednesday.decision->on = Date::from_ymd(2026, 3, 4);
  EXPECT_EQ(compose_notice("decision", wednesday, periods_under(koksu()))->due_on->iso(), "2026-03-05");
}

TEST(Compose, RefusalNamesTheReasonAndItsClause) {
  const auto n = compose_notice("decision", refused_case(), periods_under(koksu())).value();
  EXPECT_EQ(n.form, "6");
  EXPECT_EQ(n.title.ru, "Уведомление об отказе в назначении социальной помощи");
  EXPECT_NE(n.body.kk.find("Материалдық жағдайын тексеруден бас тарту немесе жалтару (001 §20.2)"), std::string::npos) << n.body.kk;
  EXPECT_NE(n.body.ru.find("Отказ или уклонение от обследования материального положения (001 §20.2)"), std::string::npos)
      << n.body.ru;
  EXPECT_NE(n.body.en.find("refused"), std::string::npos);
  EXPECT_NE(n.sms_text.find("001 §20.2"), std::string::npos) << n.sms_text;
  EXPECT_NE(n.sms_text.find("бас тартылды"), std::string::npos) << n.sms_text;
}

TEST(Compose, HearingAndWrittenQueryNoticesCarryTheirDeadlines) {
  cases::Case c = refused_case();
  c.decision.reset();
  c.state = cases::CaseState::kHearing;
  cases::Hearing h;
  h.notified_on = Date::from_ymd(2026, 3, 2);
  h.decision_not_before = Date::from_ymd(2026, 3, 5);
  h.objection_due = Date::from_ymd(2026, 3, 4);
  h.grounds = {"refused_inspection"};
  c.hearing = h;
  const auto hearing = compose_notice("hearing", c, periods_under(koksu())).value();
  EXPECT_EQ(hearing.due_on->iso(), "2026-03-02");
  EXPECT_NE(hearing.body.ru.find("04.03.2026"), std::string::npos) << hearing.body.ru;
  EXPECT_NE(hearing.body.kk.find("001 §20.2"), std::string::npos) << hearing.body.kk;

  cases::WrittenQuery q;
  q.addressee = "ТЖД";
  q.subject = "flood";
  q.sent_on = Date::from_ymd(2026, 3, 3);
  q.applicant_notice_due = Date::from_ymd(2026, 3, 5);
  q.answer_limit = Date::from_ymd(2026, 4, 2);
  c.query = q;
  const auto query = compose_notice("written_query", c, periods_under(koksu())).value();
  EXPECT_EQ(query.due_on->iso(), "2026-03-05");
  EXPECT_EQ(query.due_cites, "004 §8");
  EXPECT_NE(query.body.kk.find("02.04.2026"), std::string::npos) << query.body.kk;
}

TEST(Compose, UnknownKindsAndMissingDecisionsAreErrors) {
  auto unknown = compose_notice("weather", granted_case(), periods_under(koksu()));
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().message_key, "notify.topic_unknown");
  cases::Case c = granted_case();
  c.decision.reset();
  auto none = compose_notice("decision", c, periods_under(koksu()));
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().message_key, "notify.no_decision");
  EXPECT_NE(render(none.error(), Lang::kKk).find("шешім жоқ"), std::string::npos);
}

TEST(Compose, WithoutThePackTheIdsStandInForTitles) {
  const auto n = compose_notice("decision", refused_case(), periods_under(nullptr)).value();
  EXPECT_NE(n.body.en.find("disaster_help"), std::string::npos) << n.body.en;
  EXPECT_NE(n.body.en.find("refused_inspection"), std::string::npos) << n.body.en;
}

}  // namespace
}  // namespace komek::notify
