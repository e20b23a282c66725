// End-to-end after the decision (issue 5 items 2, 3, 5, 8): `komek serve` with a controllable
// clock — a grant's assignment, the recipient's report ending it, a complaint that sets the
// decision aside, bad input refused with nothing changed — and holiday lists made from the
// registry by the CLI and the API, once only.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/server.hpp"

namespace komek::test {
namespace {

using json = nlohmann::json;

class Aftercare : public ::testing::Test {
 protected:
  KomekServer s{::testing::UnitTest::GetInstance()->current_test_info()->name()};

  // Koksu disaster help for the applicant 900101300811, granted on 13 March 2026.
  std::string granted_case(const std::string& t) {
    const json family = json::parse(R"({"territory": "334820000", "application_date": "2026-03-02",
      "members": [{"iin": "900101300811", "birth_date": "1990-01-01", "relation": "applicant"}],
      "facts": [{"type": "natural_disaster", "date": "2026-02-20"}]})");
    json c = s.ok(s.post(t, "/api/v1/cases", {{"channel", "authorized_body"}, {"pack", "koksu-local"},
                                              {"programmes", {"disaster_help"}}, {"family", family},
                                              {"applicant_name", "Айгүл Сейітқызы"}}), 201);
    const std::string id = c["id"];
    s.ok(s.post(t, "/api/v1/cases/" + id + "/accept", json::object()));
    c = s.ok(s.post(t, "/api/v1/cases/" + id + "/registry", json::object()));
    // The synthetic registry does not know this applicant: the documents are brought.
    if (c["state"] == "awaiting_documents") s.ok(s.post(t, "/api/v1/cases/" + id + "/documents-received", json::object()));
    s.ok(s.post(t, "/api/v1/cases/" + id + "/commission", {{"kind", "district"}}));
    s.set_clock("2026-03-05T10:00");
    s.ok(s.post(t, "/api/v1/cases/" + id + "/commission/conclusion", {{"in_need", true}, {"notes", "house damaged"}}));
    s.set_clock("2026-03-13T10:00");
    c = s.ok(s.post(t, "/api/v1/cases/" + id + "/decision", json::object()));
    EXPECT_EQ(c["state"], "granted");
    return id;
  }
};

TEST_F(Aftercare, AGrantsAssignmentEndsOnTheRecipientsReportAndAComplaintSetsTheDecisionAside) {
  s.add_user("officer1", "officer", "3348");
  s.add_user("aigul", "applicant", "", "900101300811");
  ASSERT_TRUE(s.start({"--registry-families", "300"})) << s.output();
  const std::string t = s.login("officer1");
  const std::string id = granted_case(t);

  // The grant made one assignment with its schedule.
  json list = s.get(t, "/api/v1/assignments?case=" + id);
  ASSERT_EQ(list["assignments"].size(), 1u);
  const json a = list["assignments"][0];
  EXPECT_EQ(a["programme"], "disaster_help");
  EXPECT_EQ(a["amount_tiyn"], 30000000);
  EXPECT_EQ(a["schedule"].size(), 1u);
  const std::string aid = a["id"];

  // Issue 13 finding 1: 92 quadrillion ₸ a month was accepted as a new amount. Now the
  // amount's ceiling (100 million ₸ per payment, rules/limits.yaml) refuses it, naming the
  // field, and the assignment is unchanged.
  for (const char* huge : {"92233720368547758.07", "100000000.01"}) {
    auto over = s.post(t, "/api/v1/assignments/" + aid + "/amount",
                       {{"from", "2026-04"}, {"amount", huge}, {"reason", "typing mistake"}});
    EXPECT_EQ(over.status, 400) << over.body;
    EXPECT_EQ(json::parse(over.body)["field"], "amount") << over.body;
  }
  EXPECT_EQ(s.get(t, "/api/v1/assignments/" + aid)["amount_tiyn"], 30000000);

  // The recipient sees it and reports an event; a report dated before the assignment is
  // refused with the field named, and nothing changes.
  const std::string me = s.login("aigul");
  EXPECT_EQ(s.get(me, "/api/v1/assignments")["assignments"].size(), 1u);
  s.set_clock("2026-03-20T10:00");
  auto early = s.post(me, "/api/v1/assignments/" + aid + "/termination", {{"ground", "moved_out"}, {"event_on", "2026-02-01"}});
  EXPECT_EQ(early.status, 400) << early.body;
  EXPECT_EQ(json::parse(early.body)["field"], "event_on");
  EXPECT_EQ(s.get(t, "/api/v1/assignments/" + aid)["status"], "active");
  json ended = s.ok(s.post(me, "/api/v1/assignments/" + aid + "/termination", {{"ground", "moved_out"}, {"event_on", "2026-03-18"}}));
  EXPECT_EQ(ended["status"], "terminated");
  EXPECT_EQ(ended["termination"]["source"], "recipient_report");
  EXPECT_EQ(ended["termination"]["payment_stops"], "2026-04-01");
  EXPECT_EQ(ended["termination"]["reported_late"], false);

  // A complaint against the decision from the portal: registered with its deadlines; the
  // department grants it and the case returns for a new decision.
  json k = s.ok(s.post(me, "/api/v1/cases/" + id + "/complaints", {{"against", "decision"}, {"text", "Екі үй зардап шекті"}}), 201);
  EXPECT_EQ(k["state"], "registered");
  EXPECT_EQ(k["channel"], "portal");
  EXPECT_EQ(k["answer_due"], "2026-04-01");  // 5 working days; 23-25 March are Nauryz days off
  const std::string kid = k["id"];
  auto twice = s.post(me, "/api/v1/cases/" + id + "/complaints", {{"against", "decision"}, {"text", "again"}});
  EXPECT_EQ(twice.status, 409);
  s.set_clock("2026-03-26T10:00");
  k = s.ok(s.post(t, "/api/v1/complaints/" + kid + "/answer", {{"outcome", "granted"}, {"reasons", "Both houses count"}}));
  EXPECT_EQ(k["state"], "granted");
  EXPECT_EQ(k["decision_set_aside"], true);
  json c = s.get(t, "/api/v1/cases/" + id);
  EXPECT_EQ(c["state"], "ready_for_decision");
  EXPECT_EQ(c["earlier_decisions"].size(), 1u);
  auto bad = s.post(t, "/api/v1/complaints/" + kid + "/answer", {{"outcome", "maybe"}, {"reasons", "x"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["field"], "outcome");
}

TEST_F(Aftercare, AComplaintOnAClosedCaseIsRefused) {
  s.add_user("officer1", "officer", "3348");
  ASSERT_TRUE(s.start({"--registry-families", "300"})) << s.output();
  const std::string t = s.login("officer1");
  const std::string id = granted_case(t);
  // Four months later the appeal window (3 months, configurable) is over.
  s.set_clock("2026-07-20T10:00");
  auto late = s.post(t, "/api/v1/cases/" + id + "/complaints", {{"against", "decision"}, {"channel", "post"}, {"text", "late"}});
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(json::parse(late.body)["code"], "conflict");
  EXPECT_EQ(s.get(t, "/api/v1/complaints?case=" + id)["complaints"].size(), 0u);
}

TEST_F(Aftercare, HolidayListsFromTheRegistryAreMadeOnceByTheCliAndTheApi) {
  // Atyrau's memorable day of 15 February 2024: the registry's veterans get 150,000 ₸ each.
  const std::vector<std::string> make = {"holiday-list", "make", "--pack", "atyrau-007", "--date", "2024-02-15", "--db", s.db(),
                                         "--registry-district", "231010000", "--registry-families", "300", "--json"};
  auto first = s.komek(make);
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  const json list = json::parse(first.out);
  EXPECT_EQ(list["existing"], false);
  ASSERT_GT(list["recipients"].get<int>(), 0) << first.out;
  std::int64_t total = 0;
  for (const auto& e : list["entries"]) {
    EXPECT_EQ(e["amount_tiyn"], 15000000) << e.dump();
    total += e["amount_tiyn"].get<std::int64_t>();
  }
  EXPECT_EQ(list["total_tiyn"], total);
  auto second = s.komek(make);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(json::parse(second.out)["id"], list["id"]);
  EXPECT_EQ(json::parse(second.out)["existing"], true);
  // Through the API: the same list, and its assignments are there once.
  s.add_user("atyrau1", "officer", "2310");
  s.add_user("koksu1", "officer", "3348");
  s.set_clock("2024-02-12T10:00");
  ASSERT_TRUE(s.start({"--registry-families", "300", "--registry-district", "231010000"})) << s.output();
  const std::string t = s.login("atyrau1");
  json again = s.ok(s.post(t, "/api/v1/holiday-lists", {{"pack", "atyrau-007"}, {"date", "2024-02-15"}}));
  EXPECT_EQ(again["id"], list["id"]);
  EXPECT_EQ(again["existing"], true);
  json made = s.get(t, "/api/v1/assignments?list=" + list["id"].get<std::string>());
  EXPECT_EQ(made["assignments"].size(), list["entries"].size());
  auto wrong_day = s.post(t, "/api/v1/holiday-lists", {{"pack", "atyrau-007"}, {"date", "2024-02-16"}});
  EXPECT_EQ(wrong_day.status, 400);
  EXPECT_EQ(json::parse(wrong_day.body)["field"], "date");
  // The territory's index of lists: the list with the count and total the list itself shows.
  const json one = s.get(t, "/api/v1/holiday-lists/" + list["id"].get<std::string>());
  const json index = s.get(t, "/api/v1/holiday-lists?pack=atyrau-007&year=2024");
  ASSERT_EQ(index["holiday_lists"].size(), 1u) << index.dump();
  const json& row = index["holiday_lists"][0];
  EXPECT_EQ(row["id"], one["id"]);
  EXPECT_EQ(row["date"], "2024-02-15");
  EXPECT_EQ(row["pack"], "atyrau-007");
  EXPECT_EQ(row["territory"], one["territory"]);
  EXPECT_EQ(row["made_by"], one["made_by"]);
  EXPECT_EQ(row["recipients"], one["recipients"]);
  EXPECT_EQ(row["recipients"], one["entries"].size());
  EXPECT_EQ(row["total_tiyn"], one["total_tiyn"]);
  EXPECT_FALSE(row.contains("entries"));
  EXPECT_EQ(s.get(t, "/api/v1/holiday-lists")["holiday_lists"].size(), 1u);
  EXPECT_TRUE(s.get(t, "/api/v1/holiday-lists?year=2025")["holiday_lists"].empty());
  // Another district's officer sees none of them, and cannot open it either.
  const std::string koksu = s.login("koksu1");
  EXPECT_TRUE(s.get(koksu, "/api/v1/holiday-lists")["holiday_lists"].empty());
  s.get(koksu, "/api/v1/holiday-lists/" + list["id"].get<std::string>(), 404);
  // Bad query values are refused naming the parameter.
  for (const std::string bad : {"24", "2024x", "abcd"}) {
    auto r = s.get_raw(t, "/api/v1/holiday-lists?year=" + bad);
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
    EXPECT_EQ(json::parse(r.body)["field"], "year") << bad;
  }
  auto unknown_pack = s.get_raw(t, "/api/v1/holiday-lists?pack=no-such-pack");
  EXPECT_EQ(unknown_pack.status, 400) << unknown_pack.body;
  EXPECT_EQ(json::parse(unknown_pack.body)["field"], "pack");
}

}  // namespace
}  // namespace komek::test
