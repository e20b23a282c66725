// The base of the API's unit tests: the App without a server, on a migrated SQLite database of
// the test's own, with the case service, sign-in and sessions over fakes for time, ids and the
// registries (support/fakes.hpp), and requests sent the way a signed-in browser sends them.
//
// A derived fixture changes the fakes in its constructor where it needs other answers, builds
// its own stores and services and returns their route modules from wire(), and adds its users
// in SetUp after ApiHarness::SetUp().
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/app.hpp"
#include "api/routes.hpp"
#include "api/auth.hpp"
#include "store/case_store.hpp"
#include "store/database.hpp"
#include "store/user_store.hpp"
#include "support/fakes.hpp"

namespace komek::test {

// Session time (UTC), moved by the tests of idle and absolute timeouts.
struct ManualInstants : api::InstantClock {
  std::chrono::sys_seconds now() override { return t; }
  std::chrono::sys_seconds t{std::chrono::seconds{1'772'000'000}};
};

class ApiHarness : public ::testing::Test {
 protected:
  // Every account's password (it passes the password policy).
  static constexpr const char* kPassword = "correct horse battery staple";

  void SetUp() override {
    db_ = store::Database::open({(dir_ / "k.db").string(), KOMEK_MIGRATIONS_DIR, pool_size_}).value();
    cases_ = store::make_case_store(*db_);
    users_ = store::make_user_store(*db_);
    workflow_ = std::make_unique<cases::Workflow>(library().calendar(), library());
    service_ = std::make_unique<cases::CaseService>(*cases_, *workflow_, local_, ids_, registry_);
    auth_ = std::make_unique<api::Authenticator>(*users_, instants_);
    // The routes every server has (sessions, cases, journals) and those of the derived fixture.
    std::vector<api::RouteModule> modules = {api::session_routes(*auth_), api::case_routes(*service_),
                                             api::report_routes(*service_)};
    for (auto& m : wire()) modules.push_back(std::move(m));
    app_ = std::make_unique<api::App>(*auth_, "test", modules);
  }
  // The App's routes hold the derived fixture's services, which go before the members here.
  void TearDown() override { app_.reset(); }

  // Builds the derived fixture's stores and services over db_ and service_; the route modules
  // the App serves besides its own.
  virtual std::vector<api::RouteModule> wire() { return {}; }

  // An account with kPassword. It signs in when it first calls (token()).
  void add_user(const std::string& login, cases::Role role, const std::string& territory = "",
                const std::string& iin = "", const std::string& full_name = "") {
    cases::User u;
    u.login = login;
    u.password_hash = password_hash();
    u.role = role;
    u.territory = territory;
    u.iin = iin;
    u.full_name = full_name;
    ASSERT_TRUE(users_->put_user(u, cases::account_audit(u, "test", "user.saved", "test fixture")).has_value()) << login;
  }
  // The session token of a user, signed in once per test.
  const std::string& token(const std::string& login) {
    auto it = tokens_.find(login);
    if (it == tokens_.end()) it = tokens_.emplace(login, auth_->sign_in(login, kPassword).value().token).first;
    return it->second;
  }
  // A fresh idempotency key: "k1", "k2", …
  std::string next_key() { return "k" + std::to_string(++keys_); }

  // A request of a signed-in user; `path` may carry a query after '?'. Without a key no
  // Idempotency-Key header, without a language no Accept-Language.
  api::HttpResponse call(const std::string& who, const std::string& method, const std::string& path,
                         const std::string& body = "", const std::string& key = "", const std::string& lang = "") {
    api::HttpRequest r;
    r.method = method;
    const auto question = path.find('?');
    r.path = path.substr(0, question);
    if (question != std::string::npos) r.query = path.substr(question + 1);
    r.headers = {{"authorization", "Bearer " + token(who)}};
    if (!lang.empty()) r.headers.emplace_back("accept-language", lang);
    if (!key.empty()) r.headers.emplace_back("idempotency-key", key);
    r.body = body;
    r.client = "127.0.0.1";
    return app_->handle(r);
  }
  // A POST of a JSON body under a fresh idempotency key unless one is given ("-": none).
  api::HttpResponse post(const std::string& who, const std::string& path, const nlohmann::json& body,
                         std::string key = "", const std::string& lang = "en") {
    if (key.empty()) key = next_key();
    return call(who, "POST", path, body.dump(), key == "-" ? "" : key, lang);
  }
  api::HttpResponse get(const std::string& who, const std::string& path, const std::string& query = "") {
    return call(who, "GET", query.empty() ? path : path + "?" + query);
  }
  // The rows of a table, counted around the App.
  int rows(const std::string& table) {
    return std::stoi(sqlite_value((dir_ / "k.db").string(), "SELECT COUNT(*) FROM " + table));
  }

  // Set in a derived fixture's constructor where it differs.
  std::size_t pool_size_ = 2;

  // In the order they go backwards: the derived fixture's members first, then the App, the
  // services, the stores, the database, the fakes and last the directory.
  TestDir dir_;
  ManualInstants instants_;
  SettableClock local_;
  CountingIds ids_{"x"};
  EchoRegistry registry_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<cases::CaseStore> cases_;
  std::unique_ptr<cases::UserStore> users_;
  std::unique_ptr<cases::Workflow> workflow_;
  std::unique_ptr<cases::CaseService> service_;
  std::unique_ptr<api::Authenticator> auth_;
  std::unique_ptr<api::App> app_;

 private:
  // One hash for every account of the program: hashing is slow by design (argon2id).
  static const std::string& password_hash() {
    static const std::string hash = api::hash_password(kPassword).value();
    return hash;
  }

  std::map<std::string, std::string> tokens_;
  int keys_ = 0;
};

}  // namespace komek::test
