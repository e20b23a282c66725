// The routes of status confirmation and proactive offers without a server: who may call
// them, their schemas, the status codes of bad input (nothing written), and a request
// carried from the third party to the subject and back.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cases/consent_service.hpp"
#include "cases/offer_service.hpp"
#include "store/consent_store.hpp"
#include "api/routes.hpp"
#include "support/api_harness.hpp"

namespace komek::api {

namespace {

using json = nlohmann::json;

struct NoFamilies : cases::OfferFamilies {
  std::size_t count() override { return 0; }
  Result<cases::OfferFamily> family(std::size_t, Date) override { return fail(ErrorCode::kNotFound, "offer.not_found"); }
};

constexpr const char* kSubject = "900101300811";

class ConsentApi : public test::ApiHarness {
 protected:
  std::vector<RouteModule> wire() override {
    consent_store_ = store::make_consent_store(*db_);
    consent_ = std::make_unique<cases::ConsentService>(*consent_store_, local_, ids_, random_,
                                                       std::vector<std::string>{"kz-tsa"}, test::library().procedure());
    offers_ = std::make_unique<cases::OfferService>(*consent_store_, *service_, test::library(), families_, local_,
                                                    ids_, random_);
    return {consent_routes(*consent_, *offers_)};
  }
  void SetUp() override {
    ApiHarness::SetUp();
    add_user("bank1", cases::Role::kThirdParty, "", "770707300111", "Әсел Банкова");
    add_user("aigul", cases::Role::kApplicant, "", kSubject, "Айгүл");
    add_user("officer1", cases::Role::kOfficer, "3348");
  }
  HttpResponse call(const std::string& who, const std::string& method, const std::string& path, const json& body = nullptr,
                    const std::string& key = "") {
    return ApiHarness::call(who, method, path, body.is_null() ? "" : body.dump(), key);
  }

  test::SequenceRandomness random_;
  NoFamilies families_;
  std::unique_ptr<cases::ConsentStore> consent_store_;
  std::unique_ptr<cases::ConsentService> consent_;
  std::unique_ptr<cases::OfferService> offers_;
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
  r.headers = {{"authorization", "Bearer " + token("bank1")}, {"idempotency-key", "k5"}};
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

// Issue 13 finding 12: any number of pending requests about one person could be made. A day
// (local) takes at most ConsentLimits::per_subject_per_day (5 by default) about one person;
// the next is 429 with the wait until midnight, and nothing is written.
TEST_F(ConsentApi, RequestsAboutOnePersonAreLimitedPerDay) {
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(call("bank1", "POST", "/api/v1/status-requests", {{"subject_iin", kSubject}}, "d" + std::to_string(i)).status, 201);
  const int outbox = rows("outbox");
  auto sixth = call("bank1", "POST", "/api/v1/status-requests", {{"subject_iin", kSubject}}, "d5");
  EXPECT_EQ(sixth.status, 429) << sixth.body;
  EXPECT_EQ(json::parse(sixth.body)["code"], "too_many_requests");
  bool retry_after = false;
  for (const auto& [k, v] : sixth.headers) retry_after = retry_after || (k == "Retry-After" && std::stoi(v) > 0);
  EXPECT_TRUE(retry_after);
  EXPECT_EQ(rows("status_requests"), 5);
  EXPECT_EQ(rows("outbox"), outbox);
  // Another person can still be asked about.
  EXPECT_EQ(call("bank1", "POST", "/api/v1/status-requests", {{"subject_iin", "871008401427"}}, "d6").status, 201);
}

}  // namespace
}  // namespace komek::api
