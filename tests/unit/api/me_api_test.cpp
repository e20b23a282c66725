// GET /api/v1/me/access-log without a server: only applicants, only the rows about their own
// IIN (by its digest), newest first with the reader's role and name, and the read itself
// logged (RELIABILITY S3). GET /api/v1/me/registry-prefill over a fake registry port: only
// applicants with an IIN, the family in the application's format, a read logged per member.
#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/auth.hpp"
#include "work/actor.hpp"
#include "work/journal.hpp"
#include "work/request.hpp"
#include "work/runner.hpp"
#include "cases/registry_prefill.hpp"
#include "cases/me_service.hpp"
#include "cases/store.hpp"
#include "api/routes.hpp"
#include "support/api_harness.hpp"

namespace komek::api {

namespace {

using json = nlohmann::json;

constexpr const char* kSubject = "900101300811";
constexpr const char* kOther = "770707300111";
const std::string kSpouse = Iin::make(Date::from_ymd(1988, 5, 4), Sex::kMale, 7).str();

// The registries as a fake: the caller and a spouse, one document to bring, the date asked.
struct Registries : cases::RegistryPrefill {
  std::vector<std::pair<std::string, Date>> asked;
  std::optional<Error> failure;
  Result<cases::PrefillAnswer> prefill(const Iin& applicant, Date on) override {
    asked.emplace_back(applicant.str(), on);
    if (failure) return tl::unexpected(*failure);
    cases::PrefillAnswer a;
    const json family = {
        {"territory", "334820100"},
        {"application_date", on.iso()},
        {"members",
         {{{"iin", applicant.str()}, {"relation", "applicant"}, {"birth_date", "1990-01-01"}, {"sex", "female"},
           {"name", "Сейітова Айгүл"}, {"statuses", json::array()},
           {"incomes", {{{"type", "wages"}, {"month", "2026-01"}, {"amount", "85000.00"}}}}, {"properties", json::array()}},
          {{"iin", kSpouse}, {"relation", "spouse"}, {"birth_date", "1988-05-04"}, {"sex", "male"},
           {"statuses", json::array()}, {"incomes", json::array()}, {"properties", json::array()}}}},
        {"facts", json::array()},
        {"existing", json::array()}};
    a.family_json = family.dump();
    a.iins = {applicant.str(), kSpouse};
    a.names = {"Сейітова Айгүл", ""};
    a.no_data = {"identity (" + Iin::parse(kSpouse)->masked() + ")"};
    a.taken_at = on.iso() + "T10:00";
    a.facts.members_in_one_settlement = false;
    return a;
  }
};

class MeApi : public test::ApiHarness {
 protected:
  std::vector<RouteModule> wire() override {
    me_ = std::make_unique<cases::MeService>(*cases_, *users_, registries_, local_);
    return {me_routes(*me_)};
  }
  std::unique_ptr<cases::MeService> me_;
  void SetUp() override {
    ApiHarness::SetUp();
    add_user("aigul", cases::Role::kApplicant, "", kSubject, "Айгүл");
    add_user("noiin", cases::Role::kApplicant, "", "", "Без ИИН");
    add_user("erlan", cases::Role::kApplicant, "", kSpouse, "Ерлан");
    add_user("bank1", cases::Role::kThirdParty, "", kOther, "Әсел Банкова");
    add_user("officer1", cases::Role::kOfficer, "3348", "", "Алия Серікова");
  }
  void logged(const std::string& at, const std::string& actor, const std::string& iin, const std::string& record) {
    auto ok = cases_->transact([&](cases::CaseTransaction& tx) {
      return tx.log_access(work::AccessRecord{at, actor, work::subject_of(iin), record, "GET /api/v1/cases/{id}",
                                               "10.0.0.7", false});
    });
    ASSERT_TRUE(ok.has_value());
  }
  int access_rows() { return rows("pd_access_log"); }

  Registries registries_;
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

// Issue 13 finding 2: an applicant account without an IIN (made before accounts were checked,
// or written into the database by hand) acts as nobody — it cannot sign in, and a session it
// somehow holds is refused — so it can never reach the "own records" filters at all.
TEST_F(MeApi, AnApplicantWithoutAnIinCannotSignInOrUseASession) {
  logged("2026-03-01T09:00:00Z", "officer1", kSubject, "case:c1");
  auto signed_in = auth_->sign_in("noiin", kPassword);
  ASSERT_FALSE(signed_in.has_value());
  EXPECT_EQ(signed_in.error().code, ErrorCode::kUnauthorized);
  const std::string now = api::iso_utc(instants_.t);
  cases::Session s{api::token_digest("held-token"), "noiin", now, now, api::iso_utc(instants_.t + std::chrono::hours(8)),
                   false};
  ASSERT_TRUE(users_->create_session(s, {}).has_value());
  HttpRequest r;
  r.method = "GET";
  r.path = "/api/v1/me/access-log";
  r.headers = {{"authorization", "Bearer held-token"}};
  EXPECT_EQ(app_->handle(r).status, 401);
  r.path = "/api/v1/cases";
  EXPECT_EQ(app_->handle(r).status, 401);
  EXPECT_EQ(access_rows(), 1);
}

TEST_F(MeApi, PrefillsTheApplicationFromTheRegistriesAndLogsEveryMemberRead) {
  auto r = call("aigul", "GET", "/api/v1/me/registry-prefill");
  ASSERT_EQ(r.status, 200) << r.body;
  // The registries are asked about the caller's own IIN, on the server's today.
  ASSERT_EQ(registries_.asked.size(), 1u);
  EXPECT_EQ(registries_.asked[0].first, kSubject);
  EXPECT_EQ(registries_.asked[0].second, Date::from_ymd(2026, 3, 2));
  const json body = json::parse(r.body);
  EXPECT_EQ(body["taken_at"], "2026-03-02T10:00");
  EXPECT_EQ(body["family"]["territory"], "334820100");
  EXPECT_EQ(body["family"]["application_date"], "2026-03-02");
  ASSERT_EQ(body["family"]["members"].size(), 2u);
  EXPECT_EQ(body["family"]["members"][0]["relation"], "applicant");
  EXPECT_EQ(body["family"]["members"][0]["iin"], kSubject);
  EXPECT_EQ(body["family"]["members"][0]["incomes"][0]["amount"], "85000.00");
  EXPECT_EQ(body["family"]["members"][1]["relation"], "spouse");
  EXPECT_EQ(body["names"], json({"Сейітова Айгүл", ""}));
  ASSERT_EQ(body["no_data"].size(), 1u);
  EXPECT_EQ(body["no_data"][0].get<std::string>().find(kSpouse), std::string::npos) << "IINs are masked";
  EXPECT_EQ(body["family_has_tsa"], false);
  EXPECT_EQ(body["members_in_one_settlement"], false);
  // One access row per member read, before the answer.
  EXPECT_EQ(access_rows(), 2);
  // The spouse sees that the applicant's pre-fill read their data.
  const json seen = json::parse(call("erlan", "GET", "/api/v1/me/access-log").body)["entries"];
  ASSERT_EQ(seen.size(), 2u);  // their own reading of the log, then the pre-fill
  EXPECT_EQ(seen[1]["actor"], "aigul");
  EXPECT_EQ(seen[1]["actor_role"], "applicant");
  EXPECT_EQ(seen[1]["record"], "registry-prefill");
  EXPECT_EQ(seen[1]["route"], "GET /api/v1/me/registry-prefill");
  const json mine = json::parse(call("aigul", "GET", "/api/v1/me/access-log").body)["entries"];
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[1]["record"], "registry-prefill");
}

TEST_F(MeApi, OnlyApplicantsWithAnIinGetAPrefill) {
  EXPECT_EQ(call("officer1", "GET", "/api/v1/me/registry-prefill").status, 403);
  EXPECT_EQ(call("bank1", "GET", "/api/v1/me/registry-prefill").status, 403);
  HttpRequest anonymous;
  anonymous.method = "GET";
  anonymous.path = "/api/v1/me/registry-prefill";
  EXPECT_EQ(app_->handle(anonymous).status, 401);
  // An applicant account without an IIN never gets this far: it cannot sign in at all.
  EXPECT_FALSE(auth_->sign_in("noiin", kPassword).has_value());
  EXPECT_TRUE(registries_.asked.empty()) << "the registries are not asked";
  EXPECT_EQ(access_rows(), 0);
  const auto& routes = app_->routes();
  auto it = std::find_if(routes.begin(), routes.end(), [](const auto& x) { return x.pattern == "/api/v1/me/registry-prefill"; });
  ASSERT_NE(it, routes.end());
  EXPECT_FALSE(it->policy.mutates);
  EXPECT_EQ(it->policy.roles, std::vector<cases::Role>{cases::Role::kApplicant});
}

TEST_F(MeApi, ARegistryThatDoesNotAnswerIsA503AndNothingIsLogged) {
  registries_.failure = Error(ErrorCode::kUnavailable, "registry.unavailable", {{"system", "ГБД ФЛ"}});
  auto r = call("aigul", "GET", "/api/v1/me/registry-prefill");
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(access_rows(), 0);
  registries_.failure = Error(ErrorCode::kNotFound, "registry.applicant_unknown", {{"person", "900101******11"}});
  EXPECT_EQ(call("aigul", "GET", "/api/v1/me/registry-prefill").status, 404);
  EXPECT_EQ(access_rows(), 0);
}

}  // namespace
}  // namespace komek::api
