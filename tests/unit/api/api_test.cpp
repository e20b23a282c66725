// The API without a server: route policies (S1), sessions (S4), sign-in throttling (S5),
// concurrent replays of one idempotency key (R3).
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/router.hpp"
#include "core/invariant.hpp"
#include "core/messages.hpp"
#include "support/api_harness.hpp"

namespace komek::api {
namespace {

using json = nlohmann::json;

class ApiUnit : public test::ApiHarness {
 protected:
  ApiUnit() {
    pool_size_ = 4;  // two requests replay one key at the same time
    ids_.prefix = "c";
  }
  void SetUp() override {
    ApiHarness::SetUp();
    add_user("officer1", cases::Role::kOfficer, "3348");
  }
  // A new session at every call (the tests of sessions and throttling sign in themselves).
  std::string sign_in() { return auth_->sign_in("officer1", kPassword).value().token; }
};

TEST_F(ApiUnit, EveryRouteDeclaresWhoMayCallItAndOnlyThreeArePublic) {
  std::set<std::string> public_routes;
  for (const auto& r : app_->routes()) {
    if (r.policy.public_route) public_routes.insert(r.method + " " + r.pattern);
    else EXPECT_FALSE(r.policy.roles.empty()) << r.method << " " << r.pattern << " allows nobody";
    EXPECT_FALSE(r.policy.description.empty()) << r.pattern;
    // No route changes state on GET (S6).
    if (r.method == "GET") {
      EXPECT_FALSE(r.policy.mutates) << r.pattern;
    }
    if (r.method == "POST" && !r.policy.public_route) {
      EXPECT_TRUE(r.policy.mutates) << r.pattern;
    }
  }
  EXPECT_EQ(public_routes, (std::set<std::string>{"GET /health", "GET /api/v1/openapi.json", "POST /api/v1/sessions"}));
  // The OpenAPI document lists exactly the routes served.
  const json doc = json::parse(app_->openapi());
  std::size_t documented = 0;
  for (const auto& [path, methods] : doc["paths"].items()) documented += methods.size();
  EXPECT_EQ(documented, app_->routes().size());
}

TEST_F(ApiUnit, SessionsExpireWhenIdleOrOldAndEndOnSignOutOrDisable) {
  const std::string token = sign_in();
  EXPECT_GE(token.size(), 43u);  // 256 bits, base64url
  EXPECT_TRUE(auth_->authenticate(token).has_value());
  EXPECT_NE(sign_in(), token);    // a new session id at every sign-in
  instants_.t += std::chrono::minutes(29);
  EXPECT_TRUE(auth_->authenticate(token).has_value());  // activity refreshes the idle clock
  instants_.t += std::chrono::minutes(29);
  EXPECT_TRUE(auth_->authenticate(token).has_value());
  instants_.t += std::chrono::minutes(31);
  EXPECT_EQ(auth_->authenticate(token).error().code, ErrorCode::kUnauthorized);  // idle
  // Absolute: 12 hours whatever the activity.
  const std::string long_lived = sign_in();
  for (int i = 0; i < 25; ++i) {
    instants_.t += std::chrono::minutes(29);
    (void)auth_->authenticate(long_lived);
  }
  EXPECT_EQ(auth_->authenticate(long_lived).error().code, ErrorCode::kUnauthorized);
  const std::string a = sign_in();
  ASSERT_TRUE(auth_->sign_out(a).has_value());
  EXPECT_FALSE(auth_->authenticate(a).has_value());
  const std::string b = sign_in();
  cases::User u = users_->find_user("officer1").value().value();
  u.disabled = true;
  ASSERT_TRUE(users_->put_user(u, cases::account_audit(u, "test", "user.disabled", "test")).has_value());
  EXPECT_FALSE(auth_->authenticate(b).has_value());
}

TEST_F(ApiUnit, WrongPasswordsAreThrottledNotLockedForever) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(auth_->sign_in("officer1", "wrong").error().message_key, "auth.bad_credentials");
  // Now even the right password waits.
  auto throttled = auth_->sign_in("officer1", "correct horse battery staple");
  EXPECT_EQ(throttled.error().message_key, "auth.throttled");
  instants_.t += std::chrono::seconds(31);
  EXPECT_TRUE(auth_->sign_in("officer1", "correct horse battery staple").has_value());  // the documented unlock: wait
  EXPECT_EQ(auth_->sign_in("nobody", "x").error().message_key, "auth.bad_credentials");
  EXPECT_EQ(check_password_policy("short").error().message_key, "auth.password_too_short");
  EXPECT_EQ(check_password_policy("password1234").error().message_key, "auth.password_common");
  EXPECT_TRUE(check_password_policy(std::string(100, 'x') + "Q1!").has_value());  // long passwords are fine
}

TEST_F(ApiUnit, ConcurrentReplaysOfOneKeyMakeOneCase) {
  const std::string token = sign_in();
  const std::string body = json{{"channel", "authorized_body"}, {"pack", "koksu-local"},
                                {"family", json::parse(R"({"territory": "334820000", "application_date": "2026-03-02",
                                  "members": [{"birth_date": "1990-01-01", "relation": "applicant"}]})")}}
                               .dump();
  HttpRequest req{"POST", "/api/v1/cases", "", {{"authorization", "Bearer " + token}, {"idempotency-key", "same"}}, body, "t"};
  for (int trial = 0; trial < 20; ++trial) {
    req.headers[1].second = "same-" + std::to_string(trial);
    HttpResponse r1, r2;
    std::thread a([&] { r1 = app_->handle(req); });
    std::thread b([&] { r2 = app_->handle(req); });
    a.join();
    b.join();
    EXPECT_EQ(r1.status, 201);
    EXPECT_EQ(r2.status, 201);
    EXPECT_EQ(r1.body, r2.body);  // the second gets the stored first response
  }
  EXPECT_EQ(cases_->list({}).value().size(), 20u);
}

TEST_F(ApiUnit, AnOutOfRangeNumberIsBadJson) {
  const std::string token = sign_in();
  HttpRequest req{"POST", "/api/v1/cases", "", {{"authorization", "Bearer " + token}, {"idempotency-key", "k"}}, "99e9999999999999", "t"};
  auto r = app_->handle(req);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["code"], "invalid_input");
}

TEST_F(ApiUnit, InternalErrorsShowOnlyACorrelationId) {
  const std::string token = sign_in();
  // A case id over the path parameter limit is simply not a route; a missing body field is 400.
  HttpRequest req{"POST", "/api/v1/cases/c1/hearing", "", {{"authorization", "Bearer " + token}, {"idempotency-key", "k"}}, "{}", "t"};
  auto r = app_->handle(req);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["field"], "decision_not_before");
  bool csp = false;
  for (const auto& [k, v] : r.headers) csp = csp || (k == "Content-Security-Policy" && v.find("object-src 'none'") != std::string::npos);
  EXPECT_TRUE(csp);
}

// Issue 13 finding 1: a broken invariant inside a request used to abort() the whole server
// (every connection dropped; a retried key made a crash loop). Now it fails that request
// only: the transaction it was in rolls back, the answer is a 500 with a correlation id and
// nothing else (S8), and the next request is served.
class InvariantInRequest : public test::ApiHarness {
 protected:
  std::vector<RouteModule> wire() override {
    return {[this](Router& r) {
      r.add("POST", "/api/v1/test/broken-invariant", "A request whose transaction meets a broken invariant",
            writes({cases::Role::kOfficer}, "officers"), {}, [this](Context& ctx) -> Result<HttpResponse> {
              auto done = cases_->transact([&](cases::CaseTransaction& tx) -> Result<void> {
                if (auto ok = tx.audit({"", ctx.actor.login, "test.written", "test", "1", "", "{}"}); !ok) return ok;
                KOMEK_INVARIANT(ctx.actor.login.empty(), "a test invariant that cannot hold");
                return {};
              });
              if (!done) return tl::unexpected(done.error());
              return json_response(200, "{}");
            });
    }};
  }
  void SetUp() override {
    ApiHarness::SetUp();
    add_user("officer1", cases::Role::kOfficer, "3348");
  }
};

TEST_F(InvariantInRequest, FailsThatRequestOnlyWithACorrelationId) {
  const auto audit_before = cases_->verify_audit_chain().value();
  auto r = post("officer1", "/api/v1/test/broken-invariant", json::object());
  EXPECT_EQ(r.status, 500);
  const json body = json::parse(r.body);
  EXPECT_EQ(body["code"], "internal");
  const std::string message = body["message"];
  EXPECT_EQ(message.find("invariant"), std::string::npos) << message;
  EXPECT_EQ(message.find(".cpp"), std::string::npos) << message;
  // The correlation id is in the message; the log has the details under it.
  EXPECT_NE(message.find_first_of("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), std::string::npos);
  // The write before the invariant was rolled back; the chain still verifies.
  EXPECT_EQ(cases_->verify_audit_chain().value(), audit_before);
  // The next request is served.
  EXPECT_EQ(get("officer1", "/api/v1/cases").status, 200);
}

}  // namespace
}  // namespace komek::api
