// GET /api/v1/packs without a server (the web forms' vocabulary, issue 8): packs with the
// programmes one applies for, each pack's termination grounds (001 §22) with their clause and
// the programmes that stop on them, and the holiday days a list can be made for (001 §10,
// §25) — named in the caller's language; any signed-in user, nobody else.
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cases/store.hpp"
#include "rules/library.hpp"
#include "api/routes.hpp"
#include "support/api_harness.hpp"

namespace komek::api {

namespace {

using json = nlohmann::json;
using test::library;

class WebApi : public test::ApiHarness {
 protected:
  std::vector<RouteModule> wire() override { return {web_routes(WebConfig{}, *service_, library())}; }
  void SetUp() override {
    ApiHarness::SetUp();
    add_user("officer1", cases::Role::kOfficer, "3348");
    add_user("aigul", cases::Role::kApplicant, "", "871008401427");
    add_user("bank1", cases::Role::kThirdParty, "", "760212350620");
  }
  HttpResponse packs(const std::string& who, const std::string& lang) {
    return call(who, "GET", "/api/v1/packs", "", "", lang);
  }
  static json pack(const json& body, const std::string& id) {
    for (const auto& p : body["packs"])
      if (p["id"] == id) return p;
    ADD_FAILURE() << "no pack " << id;
    return json::object();
  }
  static json by_id(const json& list, const std::string& id) {
    for (const auto& x : list)
      if (x["id"] == id) return x;
    ADD_FAILURE() << "no " << id << " in " << list.dump();
    return json::object();
  }
};

TEST_F(WebApi, PacksAreForEverySignedInUserOnly) {
  HttpRequest anonymous;
  anonymous.method = "GET";
  anonymous.path = "/api/v1/packs";
  EXPECT_EQ(app_->handle(anonymous).status, 401);
  for (const char* who : {"officer1", "aigul", "bank1"}) EXPECT_EQ(packs(who, "en").status, 200) << who;
  const auto& routes = app_->routes();
  auto it = std::find_if(routes.begin(), routes.end(), [](const auto& r) { return r.pattern == "/api/v1/packs"; });
  ASSERT_NE(it, routes.end());
  EXPECT_FALSE(it->policy.mutates);
}

TEST_F(WebApi, PacksListProgrammesVocabularyAndTheOfficesDate) {
  auto r = packs("aigul", "en");
  ASSERT_EQ(r.status, 200) << r.body;
  const json body = json::parse(r.body);
  EXPECT_EQ(body["today"], "2026-03-02");
  const json tsa = pack(body, "kz-tsa");
  EXPECT_TRUE(tsa["territory"].is_null());
  EXPECT_EQ(by_id(tsa["programmes"], "tsa")["kind"], "tsa");
  const json koksu = pack(body, "koksu-local");
  EXPECT_EQ(koksu["territory"], "334800000");
  // Programmes paid from the registry's lists are not applied for.
  const json atyrau = pack(body, "atyrau-007");
  for (const auto& p : atyrau["programmes"]) EXPECT_NE(p["id"], "iraq_peacekeepers_memorable_day") << p.dump();
  EXPECT_FALSE(body["vocabulary"]["income_types"].empty());
  EXPECT_FALSE(body["vocabulary"]["measures"].empty());
}

TEST_F(WebApi, TerminationGroundsComeFromEachPackWithTheirClauseInTheCallersLanguage) {
  const json en = json::parse(packs("officer1", "en").body);
  const json ru = json::parse(packs("officer1", "ru").body);
  const json kk = json::parse(packs("officer1", "kk").body);
  // kz-tsa: exactly the pack's four grounds, in the pack's order.
  const json tsa = pack(en, "kz-tsa")["termination_grounds"];
  std::vector<std::string> ids;
  for (const auto& g : tsa) ids.push_back(g["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"death", "moved_out", "unreliable_information", "refused_employment_measures"}));
  const json death = by_id(tsa, "death");
  EXPECT_EQ(death["title"], "Death of the recipient");
  EXPECT_EQ(death["cites"], "001 §22.1 (by analogy for TSA)");
  EXPECT_EQ(death["stops"], "next_month");
  EXPECT_EQ(by_id(tsa, "unreliable_information")["stops"], "same_day");
  EXPECT_EQ(death["programmes"], (json{"tsa", "tsa_child_supplement", "guaranteed_social_package"}));
  EXPECT_EQ(by_id(pack(ru, "kz-tsa")["termination_grounds"], "death")["title"], "Смерть получателя");
  EXPECT_EQ(by_id(pack(kk, "kz-tsa")["termination_grounds"], "death")["title"], "Алушының қайтыс болуы");
  // Koksu has grounds kz-tsa lacks (placement in an institution, 001 §22.3), with its own
  // clauses; a ground is offered only for the programmes that list it.
  const json koksu = pack(en, "koksu-local")["termination_grounds"];
  const json institution = by_id(koksu, "institution");
  EXPECT_EQ(institution["cites"], "001 §22.3");
  EXPECT_EQ(institution["title"], "Placed in a state medical-social institution");
  EXPECT_NE(std::find(institution["programmes"].begin(), institution["programmes"].end(), "disaster_help"),
            institution["programmes"].end());
  for (const auto& g : koksu) EXPECT_NE(g["id"], "refused_employment_measures");
  // Every ground of every pack is the pack's own, and every programme it names is the pack's.
  const rules::Library& lib = library();
  for (const auto& p : en["packs"]) {
    const rules::Pack& rp = lib.packs().at(p["id"].get<std::string>());
    ASSERT_EQ(p["termination_grounds"].size(), rp.termination_grounds.size()) << p["id"];
    for (const auto& g : p["termination_grounds"]) {
      const rules::TerminationGround* tg = rp.termination_ground(g["id"].get<std::string>());
      ASSERT_NE(tg, nullptr) << g.dump();
      EXPECT_EQ(g["cites"], tg->cites);
      EXPECT_FALSE(g["title"].get<std::string>().empty());
      for (const auto& id : g["programmes"]) {
        const rules::Programme* prog = rp.programme(id.get<std::string>());
        ASSERT_NE(prog, nullptr) << id;
        EXPECT_NE(std::find(prog->termination_grounds.begin(), prog->termination_grounds.end(), g["id"]),
                  prog->termination_grounds.end());
      }
    }
  }
}

TEST_F(WebApi, HolidayDaysAreTheDatesAPacksListsPayOn) {
  const json en = json::parse(packs("officer1", "en").body);
  EXPECT_TRUE(pack(en, "kz-tsa")["holiday_days"].empty());
  const json days = pack(en, "atyrau-007")["holiday_days"];
  ASSERT_FALSE(days.empty());
  json feb15;
  for (const auto& d : days)
    if (d["date"] == "02-15") feb15 = d;
  ASSERT_FALSE(feb15.is_null()) << days.dump();
  EXPECT_EQ(feb15["occasion"], "afghanistan_withdrawal_day");
  EXPECT_FALSE(feb15["title"].get<std::string>().empty());
  EXPECT_GE(feb15["programmes"].size(), 2u);
  for (const auto& p : feb15["programmes"]) {
    const rules::Programme* prog = library().packs().at("atyrau-007").programme(p["id"].get<std::string>());
    ASSERT_NE(prog, nullptr);
    EXPECT_TRUE(prog->without_application);
    EXPECT_EQ(prog->frequency.kind, rules::FrequencyKind::kHoliday);
  }
  // Dates in calendar order, each once.
  for (std::size_t i = 1; i < days.size(); ++i) EXPECT_LT(days[i - 1]["date"], days[i]["date"]);
  const json ru = json::parse(packs("officer1", "ru").body);
  EXPECT_NE(pack(ru, "atyrau-007")["holiday_days"][0]["title"], pack(en, "atyrau-007")["holiday_days"][0]["title"]);
}

}  // namespace
}  // namespace komek::api
