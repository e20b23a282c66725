// The API without a server: route policies (S1), sessions (S4), sign-in throttling (S5),
// concurrent replays of one idempotency key (R3).
#include <atomic>
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

// Issue 13 finding 5: "too many attempts" appeared only for existing logins (enumeration),
// and 200 parallel wrong passwords got 10 real checks against a limit of 5.
TEST_F(ApiUnit, UnknownLoginsAreThrottledAsKnownOnes) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(auth_->sign_in("nobody", "wrong", "10.0.0.1").error().message_key, "auth.bad_credentials");
  auto unknown = auth_->sign_in("nobody", "wrong", "10.0.0.1");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(auth_->sign_in("officer1", "wrong", "10.0.0.1").error().message_key, "auth.bad_credentials");
  auto known = auth_->sign_in("officer1", "wrong", "10.0.0.1");
  EXPECT_EQ(unknown.error().message_key, "auth.throttled");
  EXPECT_EQ(known.error().message_key, unknown.error().message_key);
  EXPECT_EQ(known.error().code, ErrorCode::kTooManyRequests);
  EXPECT_EQ(known.error().param("seconds"), unknown.error().param("seconds"));
  // The real user at another address is not kept out by the guesses above.
  EXPECT_TRUE(auth_->sign_in("officer1", kPassword, "10.0.0.2").has_value());
  // Nothing readable about the login or the address is kept.
  EXPECT_EQ(std::stoi(test::sqlite_value((dir_ / "k.db").string(),
                                         "SELECT COUNT(*) FROM sign_in_attempts WHERE attempt_key LIKE '%officer1%' "
                                         "OR attempt_key LIKE '%nobody%' OR attempt_key LIKE '%10.0.0%'")),
            0);
}

TEST_F(ApiUnit, ParallelWrongPasswordsGetNoMoreRealChecksThanTheLimit) {
  std::atomic<int> checked{0}, throttled{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto r = auth_->sign_in("officer1", "wrong", "10.0.0.3");
        const std::string key = r ? "ok" : r.error().message_key;
        if (key == "auth.bad_credentials") ++checked;
        else if (key == "auth.throttled" || key == "auth.too_many_attempts") ++throttled;
        else ++other;
      }
    });
  for (auto& t : threads) t.join();
  // AuthConfig: 5 attempts of one login from one address before it waits (S5).
  EXPECT_EQ(checked.load(), 5);
  EXPECT_EQ(throttled.load(), 195);
  EXPECT_EQ(other.load(), 0);
}

TEST(SignInLimits, AnAddressAndEveryoneHaveTheirLimitsAndHashingIsBounded) {
  SignInLimitsConfig config;
  config.attempts_per_address_per_minute = 3;
  config.attempts_per_second = 5;
  config.hashing_slots = 1;
  config.hashing_waiters_max = 0;
  SignInLimits limits(config);
  const std::chrono::sys_seconds t0{std::chrono::seconds(1'800'000'000)};
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limits.admit("a", t0).has_value());
  auto over = limits.admit("a", t0);
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error().code, ErrorCode::kTooManyRequests);
  EXPECT_EQ(over.error().param("what"), "address");
  EXPECT_EQ(over.error().param("seconds"), "60");
  // Another address still gets in — until everyone together reaches 5 in this second.
  EXPECT_TRUE(limits.admit("b", t0).has_value());
  auto everyone = limits.admit("c", t0);
  ASSERT_FALSE(everyone.has_value());
  EXPECT_EQ(everyone.error().param("what"), "everyone");
  EXPECT_TRUE(limits.admit("c", t0 + std::chrono::seconds(1)).has_value());
  // The address's minute ends.
  EXPECT_FALSE(limits.admit("a", t0 + std::chrono::seconds(59)).has_value());
  EXPECT_TRUE(limits.admit("a", t0 + std::chrono::seconds(61)).has_value());
  // One hashing slot: a second check is refused while the first holds it, and gets it after.
  {
    auto slot = limits.hashing_slot();
    ASSERT_TRUE(slot.has_value());
    EXPECT_EQ(limits.hashing_in_use(), 1);
    EXPECT_EQ(limits.hashing_slot().error().code, ErrorCode::kTooManyRequests);
  }
  EXPECT_EQ(limits.hashing_in_use(), 0);
  EXPECT_TRUE(limits.hashing_slot().has_value());
}

// Issue 13 finding 12: phone numbers with NUL, CRLF or path characters were stored. The
// decision's SMS goes to the number (001 §19): a Kazakh mobile number, kept in E.164.
TEST_F(ApiUnit, APhoneIsAKazakhMobileNumberOrRefused) {
  const json family = json::parse(R"({"territory": "334820000", "application_date": "2026-03-02",
    "members": [{"birth_date": "1990-01-01", "relation": "applicant"}]})");
  auto submit = [&](const std::string& phone) {
    return post("officer1", "/api/v1/cases", {{"channel", "authorized_body"}, {"pack", "koksu-local"}, {"family", family},
                                              {"phone", phone}});
  };
  for (const std::string& bad : {std::string("+7701123\0" "4567", 12), std::string("+77011234567\r\n"),
                                std::string("../../etc/x"), std::string("8 727 250 00 00")}) {
    const int before = rows("cases");
    auto r = submit(bad);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(json::parse(r.body)["field"], "phone") << r.body;
    EXPECT_EQ(rows("cases"), before);
  }
  auto ok = submit("8 (701) 123-45-67");
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["phone"], "+77011234567");
}

// Issue 16 item 5 (and the API's promise): text limits count characters, not bytes.
TEST(Body, TextLimitsCountCharacters) {
  const std::string name = "Жұмабекова Айгүлшерім Нұрланқызы Сәрсенбаевна";  // 45 characters, 87 bytes
  auto body = Body::parse(json{{"name", name}}.dump()).value();
  EXPECT_TRUE(body.string("name", true, 45).has_value());
  auto over = Body::parse(json{{"name", name + "а"}}.dump()).value();
  EXPECT_EQ(over.string("name", true, 45).error().message_key, "http.field_too_long");
  // A year is taken as the API gives it (a number) or as four digits.
  EXPECT_EQ(Body::parse(R"({"year": 2026})").value().year("year", true).value(), 2026);
  EXPECT_EQ(Body::parse(R"({"year": "2026"})").value().year("year", true).value(), 2026);
  for (const char* bad : {R"({"year": 20260})", R"({"year": "26"})", R"({"year": 2026.5})", R"({"year": true})"})
    EXPECT_EQ(Body::parse(bad).value().year("year", true).error().field, "year") << bad;
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

// Issue 13 finding 9: GET /api/v1/complaints and /api/v1/payments/file gave IINs with no
// access-log row, and the probe found them only by reading every route. Now any read that
// hands out someone else's IIN without having logged it fails closed (500, correlation id),
// whichever route it is; a logged read, one's own IIN, or a number that is not an IIN pass.
class AccessLogGuard : public test::ApiHarness {
 protected:
  std::vector<RouteModule> wire() override {
    return {[this](Router& r) {
      auto route = [this, &r](const std::string& path, std::string body, bool logged, bool declared = true) {
        r.add("GET", path, "A read for the test",
              declared ? reads_personal({cases::Role::kOfficer, cases::Role::kApplicant}, "test")
                       : reads({cases::Role::kOfficer, cases::Role::kApplicant}, "test"),
              {},
              [this, body, logged](Context& ctx) -> Result<HttpResponse> {
                if (logged)
                  KOMEK_CHECK(cases_->transact([&](cases::CaseTransaction& tx) {
                    return tx.log_access({"", ctx.actor.login, work::subject_of("900101300811"), "test:1", "GET test",
                                          ctx.actor.client, false});
                  }));
                return json_response(200, body);
              });
      };
      route("/api/v1/test/unlogged", R"({"iin": "900101300811"})", false);
      route("/api/v1/test/logged", R"({"iin": "900101300811"})", true);
      route("/api/v1/test/not-an-iin", R"({"amount_tiyn": 900101300812, "long": 9001013008110})", false, false);
      route("/api/v1/test/undeclared", R"({"iin": "900101300811"})", true, false);
    }};
  }
  void SetUp() override {
    ApiHarness::SetUp();
    add_user("officer1", cases::Role::kOfficer, "3348");
    add_user("aigul", cases::Role::kApplicant, "", "900101300811");
  }
};

TEST_F(AccessLogGuard, AReadOfSomeonesIinWithoutItsLogRowFailsClosed) {
  auto unlogged = get("officer1", "/api/v1/test/unlogged");
  EXPECT_EQ(unlogged.status, 500);
  EXPECT_EQ(unlogged.body.find("900101300811"), std::string::npos) << unlogged.body;
  EXPECT_EQ(get("officer1", "/api/v1/test/logged").status, 200);
  EXPECT_EQ(get("officer1", "/api/v1/test/not-an-iin").status, 200);
  // Logged, but from a route that does not declare personal data: the declaration is wrong.
  EXPECT_EQ(get("officer1", "/api/v1/test/undeclared").status, 500);
  // The person reading their own record is not a disclosure.
  EXPECT_EQ(get("aigul", "/api/v1/test/unlogged").status, 200);
}

}  // namespace
}  // namespace komek::api
