// Starts `komek serve` and talks to it over HTTP.
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace komek::test {
namespace {

using namespace std::chrono_literals;

// A database file of its own for each server a test starts.
std::string temp_db(const char* name) {
  return "/tmp/komek-server-test-" + std::to_string(::getpid()) + "-" + name + ".db";
}

TEST(Server, HealthAnswersAndSigtermStopsCleanly) {
  const int port = free_port();
  BackgroundProcess server(KOMEK_BINARY, {"serve", "--port", std::to_string(port), "--db", temp_db("health"),
                                          "--registry-families", "20"});
  ASSERT_TRUE(wait_for_port(port, 30s)) << server.output();

  auto health = http_request(port, "GET", "/health");
  EXPECT_EQ(health.status, 200);
  auto body = nlohmann::json::parse(health.body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_NE(health.headers.find("application/json"), std::string::npos);
  EXPECT_NE(health.headers.find("nosniff"), std::string::npos);

  auto missing = http_request(port, "GET", "/no/such/thing", {"Accept-Language: ru-RU,ru;q=0.9"});
  EXPECT_EQ(missing.status, 404);
  auto error = nlohmann::json::parse(missing.body);
  EXPECT_EQ(error["code"], "not_found");
  EXPECT_EQ(error["message"], "Такого адреса нет: /no/such/thing");
  EXPECT_TRUE(error["field"].is_null());

  EXPECT_EQ(server.stop(SIGTERM, 15s), 0) << server.output();
  EXPECT_NE(server.output().find("listening on http://127.0.0.1:" + std::to_string(port)), std::string::npos);
}

TEST(Server, TheDemoCreatesADistrictOnceWithAnAccountPerRole) {
  const int port = free_port();
  const std::string db = temp_db("demo");
  {
    BackgroundProcess server(KOMEK_BINARY, {"serve", "--demo", "--port", std::to_string(port), "--db", db});
    ASSERT_TRUE(wait_for_port(port, 60s)) << server.output();
    const std::string out = server.output();
    EXPECT_NE(out.find("6 applications"), std::string::npos) << out;
    const auto sign_in = [&](const std::string& login) {
      const auto at = out.find("  " + login + " / ");
      EXPECT_NE(at, std::string::npos) << out;
      if (at == std::string::npos) return std::string();
      const std::size_t from = at + login.size() + 5;
      const std::string password = out.substr(from, out.find(' ', from) - from);
      auto session = http_request(port, "POST", "/api/v1/sessions", {},
                                  nlohmann::json{{"login", login}, {"password", password}}.dump());
      EXPECT_EQ(session.status, 201) << session.body;
      return session.status == 201 ? nlohmann::json::parse(session.body)["token"].get<std::string>() : std::string();
    };
    const std::string token = sign_in("officer");
    auto cases = http_request(port, "GET", "/api/v1/cases", {"Authorization: Bearer " + token});
    EXPECT_EQ(nlohmann::json::parse(cases.body)["cases"].size(), 6u);
    // The demo applicant is the registry person of the first application: the portal shows
    // that case, and the registries fill in their family.
    const std::string applicant = sign_in("applicant");
    auto own = http_request(port, "GET", "/api/v1/cases", {"Authorization: Bearer " + applicant});
    EXPECT_EQ(nlohmann::json::parse(own.body)["cases"].size(), 1u) << own.body;
    auto prefill = http_request(port, "GET", "/api/v1/me/registry-prefill", {"Authorization: Bearer " + applicant});
    EXPECT_EQ(prefill.status, 200) << prefill.body;
    EXPECT_EQ(server.stop(SIGTERM, 15s), 0);
  }
  // A second start keeps the district and prints no new passwords.
  BackgroundProcess again(KOMEK_BINARY, {"serve", "--demo", "--port", std::to_string(port), "--db", db});
  ASSERT_TRUE(wait_for_port(port, 60s)) << again.output();
  EXPECT_NE(again.output().find("already has users"), std::string::npos) << again.output();
  EXPECT_EQ(again.output().find("  officer / "), std::string::npos);
  EXPECT_EQ(again.stop(SIGTERM, 15s), 0);
}

TEST(Server, SigintAlsoStopsCleanly) {
  const int port = free_port();
  BackgroundProcess server(KOMEK_BINARY, {"serve", "--port", std::to_string(port), "--threads", "1", "--db",
                                          temp_db("sigint"), "--registry-families", "20"});
  ASSERT_TRUE(wait_for_port(port, 30s)) << server.output();
  EXPECT_EQ(http_request(port, "GET", "/health").status, 200);
  EXPECT_EQ(server.stop(SIGINT, 15s), 0) << server.output();
}

TEST(Server, APortInUseIsReportedAndExitsThree) {
  const int port = free_port();
  BackgroundProcess first(KOMEK_BINARY, {"serve", "--port", std::to_string(port), "--db", temp_db("first"),
                                         "--registry-families", "20"});
  ASSERT_TRUE(wait_for_port(port, 30s)) << first.output();
  BackgroundProcess second(KOMEK_BINARY, {"serve", "--port", std::to_string(port), "--db", temp_db("second"),
                                          "--registry-families", "20"});
  int status = -1;
  for (int i = 0; i < 300 && !second.exited(&status); ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(status, 3) << second.output();
  EXPECT_NE(second.output().find("could not run"), std::string::npos) << second.output();
  EXPECT_EQ(first.stop(SIGTERM, 15s), 0);
}

}  // namespace
}  // namespace komek::test
