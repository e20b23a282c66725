// GET /api/v1/packs without a server (the web forms' vocabulary, issue 8): packs with the
// programmes one applies for, each pack's termination grounds (001 §22) with their clause and
// the programmes that stop on them, and the holiday days a list can be made for (001 §10,
// §25) — named in the caller's language; any signed-in user, nobody else.
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/app.hpp"
#include "cases/store.hpp"
#include "rules/library.hpp"
#include "store/case_store.hpp"
#include "store/user_store.hpp"

namespace komek::api {
struct WebConfig {
  std::filesystem::path dir;
};
RouteModule web_routes(WebConfig config, cases::CaseService& service, const rules::Library& library);

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

struct Instants : InstantClock {
  std::chrono::sys_seconds t{std::chrono::seconds{1'772'000'000}};
  std::chrono::sys_seconds now() override { return t; }
};
struct Local : cases::Clock {
  LocalDateTime now = LocalDateTime::parse("2026-03-02T10:00").value();
  LocalDateTime now_local() override { return now; }
};
struct Ids : cases::IdSource {
  int n = 0;
  std::string new_id() override { return "x" + std::to_string(++n); }
};
struct Echo : cases::RegistryLookup {
  Result<cases::RegistryAnswer> lookup(const cases::Case& c, Date) override { return cases::RegistryAnswer{c.family_json, {}, "t", "{}"}; }
  Result<cases::PortalFacts> portal_facts(const std::string&, Date) override { return cases::PortalFacts{}; }
};

rules::Library& library() {
  static std::unique_ptr<rules::Library> lib = rules::Library::load(KOMEK_RULES_DIR).value();
  return *lib;
}

class WebApi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("komek-web-api-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = store::Database::open({(dir_ / "k.db").string(), KOMEK_MIGRATIONS_DIR, 2}).value();
    cases_ = store::make_case_store(*db_);
    users_ = store::make_user_store(*db_);
    workflow_ = std::make_unique<cases::Workflow>(library().calendar(), library());
    service_ = std::make_unique<cases::CaseService>(*cases_, *workflow_, local_, ids_, echo_);
    auth_ = std::make_unique<Authenticator>(*users_, instants_);
    app_ = std::make_unique<App>(*service_, *auth_, "test",
                                 std::vector<RouteModule>{web_routes(WebConfig{}, *service_, library())});
    const std::string hash = hash_password("correct horse battery staple").value();
    for (auto [login, role, territory] : {std::tuple{"officer1", cases::Role::kOfficer, "3348"},
                                          std::tuple{"aigul", cases::Role::kApplicant, ""},
                                          std::tuple{"bank1", cases::Role::kThirdParty, ""}}) {
      cases::User u;
      u.login = login;
      u.password_hash = hash;
      u.role = role;
      u.territory = territory;
      ASSERT_TRUE(users_->put_user(u).has_value());
      tokens_[login] = auth_->sign_in(login, "correct horse battery staple").value().token;
    }
  }
  void TearDown() override {
    app_.reset();
    fs::remove_all(dir_);
  }
  HttpResponse packs(const std::string& who, const std::string& lang) {
    HttpRequest r;
    r.method = "GET";
    r.path = "/api/v1/packs";
    r.headers = {{"authorization", "Bearer " + tokens_[who]}, {"accept-language", lang}};
    r.client = "127.0.0.1";
    return app_->handle(r);
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

  fs::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<cases::CaseStore> cases_;
  std::unique_ptr<cases::UserStore> users_;
  std::unique_ptr<cases::Workflow> workflow_;
  std::unique_ptr<cases::CaseService> service_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<App> app_;
  std::map<std::string, std::string> tokens_;
  Instants instants_;
  Local local_;
  Ids ids_;
  Echo echo_;
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
