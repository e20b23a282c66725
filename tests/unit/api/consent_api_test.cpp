// The routes of status confirmation and proactive offers without a server: who may call
// them, their schemas, the status codes of bad input (nothing written), and a request
// carried from the third party to the subject and back.
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "api/app.hpp"
#include "cases/consent_service.hpp"
#include "cases/offer_service.hpp"
#include "store/case_store.hpp"
#include "store/consent_store.hpp"
#include "store/user_store.hpp"

namespace komek::api {
RouteModule consent_routes(cases::ConsentService& consent, cases::OfferService& offers);

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
struct Sequence : cases::Randomness {
  std::uint32_t next = 0;
  std::uint32_t uniform(std::uint32_t upper_bound) override { return (++next) % upper_bound; }
};
struct Echo : cases::RegistryLookup {
  Result<cases::RegistryAnswer> lookup(const cases::Case& c, Date) override { return cases::RegistryAnswer{c.family_json, {}, "t", "{}"}; }
  Result<cases::PortalFacts> portal_facts(const std::string&, Date) override { return cases::PortalFacts{}; }
};
struct NoFamilies : cases::OfferFamilies {
  std::size_t count() override { return 0; }
  Result<cases::OfferFamily> family(std::size_t, Date) override { return fail(ErrorCode::kNotFound, "offer.not_found"); }
};

rules::Library& library() {
  static std::unique_ptr<rules::Library> lib = rules::Library::load(KOMEK_RULES_DIR).value();
  return *lib;
}

constexpr const char* kSubject = "900101300811";

class ConsentApi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("komek-consent-api-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = store::Database::open({(dir_ / "k.db").string(), KOMEK_MIGRATIONS_DIR, 2}).value();
    cases_ = store::make_case_store(*db_);
    users_ = store::make_user_store(*db_);
    consent_store_ = store::make_consent_store(*db_);
    workflow_ = std::make_unique<cases::Workflow>(library().calendar(), library());
    service_ = std::make_unique<cases::CaseService>(*cases_, *workflow_, local_, ids_, echo_);
    consent_ = std::make_unique<cases::ConsentService>(*consent_store_, local_, ids_, random_, std::vector<std::string>{"kz-tsa"});
    offers_ = std::make_unique<cases::OfferService>(*consent_store_, *service_, library(), families_, local_, ids_, random_);
    auth_ = std::make_unique<Authenticator>(*users_, instants_);
    app_ = std::make_unique<App>(*service_, *auth_, "test", std::vector<RouteModule>{consent_routes(*consent_, *offers_)});
    add("bank1", cases::Role::kThirdParty, "", "770707300111", "Әсел Банкова");
    add("aigul", cases::Role::kApplicant, "", kSubject, "Айгүл");
    add("officer1", cases::Role::kOfficer, "3348", "", "");
  }
  void TearDown() override {
    app_.reset();
    fs::remove_all(dir_);
  }
  void add(const std::string& login, cases::Role role, const std::string& territory, const std::string& iin,
           const std::string& name) {
    cases::User u;
    u.login = login;
    u.password_hash = hash_password("correct horse battery staple").value();
    u.role = role;
    u.territory = territory;
    u.iin = iin;
    u.full_name = name;
    ASSERT_TRUE(users_->put_user(u).has_value());
    tokens_[login] = auth_->sign_in(login, "correct horse battery staple").value().token;
  }
  HttpResponse call(const std::string& who, const std::string& method, const std::string& path, const json& body = nullptr,
                    const std::string& key = "") {
    HttpRequest r;
    r.method = method;
    r.path = path.substr(0, path.find('?'));
    if (path.find('?') != std::string::npos) r.query = path.substr(path.find('?') + 1);
    r.headers = {{"authorization", "Bearer " + tokens_[who]}};
    if (!key.empty()) r.headers.emplace_back("idempotency-key", key);
    if (!body.is_null()) r.body = body.dump();
    r.client = "127.0.0.1";
    return app_->handle(r);
  }
  int rows(const char* table) {
    sqlite3* db = nullptr;
    sqlite3_open((dir_ / "k.db").string().c_str(), &db);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, (std::string("SELECT COUNT(*) FROM ") + table).c_str(), -1, &st, nullptr);
    sqlite3_step(st);
    const int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }

  fs::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<cases::CaseStore> cases_;
  std::unique_ptr<cases::UserStore> users_;
  std::unique_ptr<cases::ConsentStore> consent_store_;
  std::unique_ptr<cases::Workflow> workflow_;
  std::unique_ptr<cases::CaseService> service_;
  std::unique_ptr<cases::ConsentService> consent_;
  std::unique_ptr<cases::OfferService> offers_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<App> app_;
  std::map<std::string, std::string> tokens_;
  Instants instants_;
  Local local_;
  Ids ids_;
  Sequence random_;
  Echo echo_;
  NoFamilies families_;
};

TEST_F(ConsentApi, EveryRouteDeclaresWhoMayCallItAndPostsMutate) {
  int ours = 0;
  for (const auto& r : app_->routes()) {
    if (r.pattern.find("status-requests") == std::string::npos && r.pattern.find("offers") == std::string::npos) continue;
    ++ours;
    EXPECT_FALSE(r.policy.public_route) << r.pattern;
    EXPECT_FALSE(r.policy.roles.empty()) << r.pattern;
    EXPECT_EQ(r.policy.mutates, r.method == "POST") << r.pattern;
  }
  EXPECT_EQ(ours, 11);
  // Roles: an applicant cannot ask, a third party cannot answer, nobody but officers runs offers.
  EXPECT_EQ(call("aigul", "POST", "/api/v1/status-requests", {{"subject_iin", kSubject}}, "k").status, 403);
  EXPECT_EQ(call("bank1", "POST", "/api/v1/me/status-requests/x/answer", {{"consent", true}}, "k").status, 403);
  EXPECT_EQ(call("bank1", "POST", "/api/v1/offers/run", {{"date", "2026-03-02"}}, "k").status, 403);
  EXPECT_EQ(call("aigul", "GET", "/api/v1/offers").status, 403);
}

TEST_F(ConsentApi, BadInputIsA4xxNamingTheFieldAndWritesNothing) {
  auto no_key = call("bank1", "POST", "/api/v1/status-requests", {{"subject_iin", kSubject}});
  EXPECT_EQ(no_key.status, 400);
  auto bad_iin = call("bank1", "POST", "/api/v1/status-requests", {{"subject_iin", "900101300812"}}, "k1");
  EXPECT_EQ(bad_iin.status, 400);
  EXPECT_EQ(json::parse(bad_iin.body)["field"], "subject_iin");
  auto unknown = call("bank1", "POST", "/api/v1/status-requests", {{"subject_iin", kSubject}, {"state", "consented"}}, "k2");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(json::parse(unknown.body)["field"], "state");
  auto not_bool = call("aigul", "POST", "/api/v1/me/status-requests/x/answer", {{"consent", "yes"}}, "k3");
  EXPECT_EQ(not_bool.status, 400);
  EXPECT_EQ(json::parse(not_bool.body)["field"], "consent");
  auto bad_date = call("officer1", "POST", "/api/v1/offers/run", {{"date", "2026-02-30"}}, "k4");
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_EQ(json::parse(bad_date.body)["field"], "date");
  EXPECT_EQ(rows("status_requests"), 0);
  EXPECT_EQ(rows("offers"), 0);
  EXPECT_EQ(rows("outbox"), 0);
  // In Kazakh when asked.
  HttpRequest r;
  r.method = "POST";
  r.path = "/api/v1/status-requests";
  r.query = "lang=kk";
  r.headers = {{"authorization", "Bearer " + tokens_["bank1"]}, {"idempotency-key", "k5"}};
  r.body = json{{"subject_iin", "9001"}}.dump();
  auto kk = app_->handle(r);
  EXPECT_EQ(kk.status, 400);
  EXPECT_NE(json::parse(kk.body)["message"].get<std::string>().find("12"), std::string::npos);
}

TEST_F(ConsentApi, AskedAnsweredInTheCabinetAndSeenByBoth) {
  auto asked = call("bank1", "POST", "/api/v1/status-requests", {{"subject_iin", kSubject}, {"organisation", "Acme Bank"}}, "k1");
  ASSERT_EQ(asked.status, 201) << asked.body;
  const std::string id = json::parse(asked.body)["id"];
  EXPECT_EQ(json::parse(asked.body)["state"], "pending");
  const json mine = json::parse(call("aigul", "GET", "/api/v1/me/status-requests").body);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["asked_by"]["name"], "Әсел Банкова");
  EXPECT_EQ(mine[0]["asked_by"]["organisation"], "Acme Bank");
  local_.now = LocalDateTime::parse("2026-03-02T11:59").value();
  auto yes = call("aigul", "POST", "/api/v1/me/status-requests/" + id + "/answer", {{"consent", true}}, "a1");
  ASSERT_EQ(yes.status, 200) << yes.body;
  EXPECT_EQ(call("aigul", "POST", "/api/v1/me/status-requests/" + id + "/answer", {{"consent", true}}, "a1").body, yes.body);
  auto twice = call("aigul", "POST", "/api/v1/me/status-requests/" + id + "/answer", {{"consent", false}}, "a2");
  EXPECT_EQ(twice.status, 409);
  const json seen = json::parse(call("bank1", "GET", "/api/v1/status-requests/" + id).body);
  EXPECT_EQ(seen["state"], "confirmed");
  EXPECT_EQ(seen["answer"]["receives_tsa"], false);
  EXPECT_EQ(json::parse(call("bank1", "GET", "/api/v1/status-requests").body).size(), 1u);
  EXPECT_EQ(call("bank1", "GET", "/api/v1/status-requests/nope").status, 404);
  // The OTP route: no SMS went (no phone known), so there is no password to give.
  auto otp = call("aigul", "POST", "/api/v1/status-requests/" + id + "/otp", {{"consent", true}, {"otp", "123456"}}, "o1");
  EXPECT_EQ(otp.status, 409);
}

TEST_F(ConsentApi, OfficersRunOffersIdempotently) {
  auto run = call("officer1", "POST", "/api/v1/offers/run", {{"date", "2026-03-02"}}, "r1");
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_EQ(json::parse(run.body)["families"], 0);
  EXPECT_EQ(call("officer1", "POST", "/api/v1/offers/run", {{"date", "2026-03-02"}}, "r1").body, run.body);
  EXPECT_EQ(call("officer1", "POST", "/api/v1/offers/run", {{"date", "2026-03-03"}}, "r1").status, 422);
  EXPECT_EQ(call("officer1", "GET", "/api/v1/offers?state=bogus").status, 400);
  EXPECT_EQ(json::parse(call("officer1", "GET", "/api/v1/offers").body).size(), 0u);
  EXPECT_EQ(json::parse(call("aigul", "GET", "/api/v1/me/offers").body).size(), 0u);
  EXPECT_EQ(call("aigul", "POST", "/api/v1/me/offers/none/answer", {{"consent", true}}, "o1").status, 404);
}

}  // namespace
}  // namespace komek::api
