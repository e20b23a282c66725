// GET /api/v1/me/access-log without a server: only applicants, only the rows about their own
// IIN (by its digest), newest first with the reader's role and name, and the read itself
// logged (RELIABILITY S3).
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "api/app.hpp"
#include "cases/journal.hpp"
#include "cases/store.hpp"
#include "store/case_store.hpp"
#include "store/user_store.hpp"

namespace komek::api {
RouteModule me_routes(cases::CaseStore& store, cases::UserStore& users);

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

constexpr const char* kSubject = "900101300811";
constexpr const char* kOther = "770707300111";

class MeApi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("komek-me-api-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = store::Database::open({(dir_ / "k.db").string(), KOMEK_MIGRATIONS_DIR, 2}).value();
    cases_ = store::make_case_store(*db_);
    users_ = store::make_user_store(*db_);
    workflow_ = std::make_unique<cases::Workflow>(library().calendar(), library());
    service_ = std::make_unique<cases::CaseService>(*cases_, *workflow_, local_, ids_, echo_);
    auth_ = std::make_unique<Authenticator>(*users_, instants_);
    app_ = std::make_unique<App>(*service_, *auth_, "test", std::vector<RouteModule>{me_routes(*cases_, *users_)});
    add("aigul", cases::Role::kApplicant, "", kSubject, "Айгүл");
    add("noiin", cases::Role::kApplicant, "", "", "Без ИИН");
    add("bank1", cases::Role::kThirdParty, "", kOther, "Әсел Банкова");
    add("officer1", cases::Role::kOfficer, "3348", "", "Алия Серікова");
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
  HttpResponse call(const std::string& who, const std::string& method, const std::string& path) {
    HttpRequest r;
    r.method = method;
    r.path = path;
    r.headers = {{"authorization", "Bearer " + tokens_[who]}};
    r.client = "127.0.0.1";
    return app_->handle(r);
  }
  void logged(const std::string& at, const std::string& actor, const std::string& iin, const std::string& record) {
    auto ok = cases_->transact([&](cases::CaseTransaction& tx) {
      return tx.log_access(cases::AccessRecord{at, actor, cases::subject_of(iin), record, "GET /api/v1/cases/{id}",
                                               "10.0.0.7", false});
    });
    ASSERT_TRUE(ok.has_value());
  }
  int access_rows() {
    sqlite3* db = nullptr;
    sqlite3_open((dir_ / "k.db").string().c_str(), &db);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM pd_access_log", -1, &st, nullptr);
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

TEST_F(MeApi, OnlyApplicantsMayReadTheirAccessLog) {
  EXPECT_EQ(call("officer1", "GET", "/api/v1/me/access-log").status, 403);
  EXPECT_EQ(call("bank1", "GET", "/api/v1/me/access-log").status, 403);
  HttpRequest anonymous;
  anonymous.method = "GET";
  anonymous.path = "/api/v1/me/access-log";
  EXPECT_EQ(app_->handle(anonymous).status, 401);
  EXPECT_EQ(access_rows(), 0);
  const auto& routes = app_->routes();
  auto it = std::find_if(routes.begin(), routes.end(), [](const auto& r) { return r.pattern == "/api/v1/me/access-log"; });
  ASSERT_NE(it, routes.end());
  EXPECT_FALSE(it->policy.mutates);
  EXPECT_EQ(it->policy.roles, std::vector<cases::Role>{cases::Role::kApplicant});
}

TEST_F(MeApi, ShowsWhoReadMyDataNewestFirstAndLogsTheReadingItself) {
  logged("2026-03-01T09:00:00Z", "officer1", kSubject, "case:c1");
  logged("2026-03-01T09:05:00Z", "officer1", kOther, "case:c2");   // someone else's record
  logged("2026-03-01T10:00:00Z", "gone-user", kSubject, "case:c1"); // an account since removed
  auto first = call("aigul", "GET", "/api/v1/me/access-log");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(access_rows(), 4);
  EXPECT_EQ(first.body.find(kSubject), std::string::npos) << "the IIN never leaves in the log";
  EXPECT_EQ(first.body.find("10.0.0.7"), std::string::npos) << "the reader's address is not shown";
  const json e = json::parse(first.body)["entries"];
  ASSERT_EQ(e.size(), 3u);
  // Newest first: this very read, then the removed account's, then the officer's.
  EXPECT_EQ(e[0]["actor"], "aigul");
  EXPECT_EQ(e[0]["record"], "access-log");
  EXPECT_EQ(e[0]["route"], "GET /api/v1/me/access-log");
  EXPECT_EQ(e[1]["actor"], "gone-user");
  EXPECT_TRUE(e[1]["actor_role"].is_null());
  EXPECT_TRUE(e[1]["actor_name"].is_null());
  EXPECT_EQ(e[2]["actor"], "officer1");
  EXPECT_EQ(e[2]["actor_role"], "officer");
  EXPECT_EQ(e[2]["actor_name"], "Алия Серікова");
  EXPECT_EQ(e[2]["record"], "case:c1");
  EXPECT_EQ(e[2]["at"], "2026-03-01T09:00:00Z");
  EXPECT_EQ(e[2]["denied"], false);
  for (const auto& row : e) EXPECT_NE(row["record"], "case:c2");
  // A second reading shows the first.
  const json again = json::parse(call("aigul", "GET", "/api/v1/me/access-log").body)["entries"];
  ASSERT_EQ(again.size(), 4u);
  EXPECT_EQ(again[0]["record"], "access-log");
  EXPECT_EQ(again[1]["record"], "access-log");
  EXPECT_EQ(access_rows(), 5);
}

TEST_F(MeApi, AnApplicantWithoutAnIinHasNothingToSeeAndNothingIsLogged) {
  logged("2026-03-01T09:00:00Z", "officer1", kSubject, "case:c1");
  auto r = call("noiin", "GET", "/api/v1/me/access-log");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(json::parse(r.body)["entries"].empty());
  EXPECT_EQ(access_rows(), 1);
}

}  // namespace
}  // namespace komek::api
