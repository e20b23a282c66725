// End-to-end: `komek serve` on a fresh SQLite database with a controllable clock, carried
// through every path of the workflow over HTTP (issue 4 item 7).
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace komek::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

class Api : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("komek-api-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    set_clock("2026-03-02T10:00");
    add_user("officer1", "officer", "3348");
    add_user("consultant1", "consultant", "15");
    add_user("officer15", "officer", "15");
    add_user("auditor1", "auditor", "3348");
    port_ = free_port();
    server_ = std::make_unique<BackgroundProcess>(
        KOMEK_BINARY, std::vector<std::string>{"serve", "--port", std::to_string(port_), "--db", db(), "--clock",
                                               (dir_ / "clock").string(), "--registry-families", "50"});
    ASSERT_TRUE(wait_for_port(port_, 60s)) << server_->output();
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->stop(SIGTERM, 20s), 0) << server_->output();
      // RELIABILITY S3: the server's log holds no IIN (no run of exactly twelve digits).
      const std::string log = server_->output();
      static const std::regex iin(R"((^|[^0-9])[0-9]{12}([^0-9]|$))");
      EXPECT_FALSE(std::regex_search(log, iin)) << log;
    }
    server_.reset();
    fs::remove_all(dir_);
  }
  std::string db() const { return (dir_ / "komek.db").string(); }
  void set_clock(const std::string& local) { std::ofstream(dir_ / "clock") << local; }
  void add_user(const std::string& login, const std::string& role, const std::string& territory,
                const std::string& iin = "") {
    std::ofstream(dir_ / "pw") << "correct horse battery " << login << "\n";
    std::vector<std::string> args = {"users", "add", "--db", db(), "--login", login, "--role", role, "--territory",
                                     territory, "--password-file", (dir_ / "pw").string()};
    if (!iin.empty()) {
      args.push_back("--iin");
      args.push_back(iin);
    }
    // A region's code is a wide scope: granted explicitly, as an administrator would.
    if (territory.size() == 2) args.insert(args.end(), {"--grant-wide-scope", "test fixture: a whole region"});
    auto r = run_command(KOMEK_BINARY, args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string login(const std::string& who) {
    auto r = http_request(port_, "POST", "/api/v1/sessions", {"Content-Type: application/json"},
                          json{{"login", who}, {"password", "correct horse battery " + who}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["token"];
  }
  HttpResponse post(const std::string& token, const std::string& path, const json& body, const std::string& key = "") {
    static int n = 0;
    const std::string k = key.empty() ? "key-" + std::to_string(++n) : key;
    return http_request(port_, "POST", path,
                        {"Authorization: Bearer " + token, "Idempotency-Key: " + k, "Content-Type: application/json"},
                        body.dump());
  }
  json get(const std::string& token, const std::string& path, int expect = 200) {
    auto r = http_request(port_, "GET", path, {"Authorization: Bearer " + token});
    EXPECT_EQ(r.status, expect) << path << " " << r.body;
    return r.body.empty() ? json() : json::parse(r.body);
  }
  json ok(const HttpResponse& r, int status = 200) {
    EXPECT_EQ(r.status, status) << r.body;
    return json::parse(r.body);
  }
  std::string due(const json& c, const std::string& step) {
    for (const auto& d : c["deadlines"])
      if (d["step"] == step) return d["due"];
    return "";
  }

  static json koksu_disaster_family() {
    return json::parse(R"({"territory": "334820000", "application_date": "2026-03-02",
      "members": [{"iin": "900101300811", "birth_date": "1990-01-01", "relation": "applicant"}],
      "facts": [{"type": "natural_disaster", "date": "2026-02-20"}]})");
  }

  fs::path dir_;
  int port_ = 0;
  std::unique_ptr<BackgroundProcess> server_;
};

TEST_F(Api, GrantedThroughEveryStepWithItsDeadlines) {
  const std::string t = login("officer1");
  json c = ok(post(t, "/api/v1/cases", {{"channel", "authorized_body"}, {"pack", "koksu-local"},
                                        {"programmes", {"disaster_help"}}, {"family", koksu_disaster_family()},
                                        {"applicant_name", "Айгүл Сейітқызы"}}), 201);
  const std::string id = c["id"];
  EXPECT_EQ(c["state"], "submitted");
  EXPECT_EQ(due(c, "registration"), "2026-03-02");
  c = ok(post(t, "/api/v1/cases/" + id + "/accept", json::object()));
  EXPECT_EQ(c["state"], "registered");
  EXPECT_EQ(c["number"], "3348-2026-000001");
  EXPECT_EQ(due(c, "decision"), "2026-03-13");  // 8 working days; 9 March is a day off (001 §18)
  json coupon = get(t, "/api/v1/cases/" + id + "/coupon");
  EXPECT_EQ(coupon["number"], "3348-2026-000001");
  EXPECT_EQ(coupon["registered_on"], "2026-03-02");
  EXPECT_EQ(coupon["registered_by"], "officer1");
  EXPECT_EQ(coupon["decision_due"], "2026-03-13");
  c = ok(post(t, "/api/v1/cases/" + id + "/registry", json::object()));
  EXPECT_FALSE(c["registry_taken_at"].is_null());
  if (c["state"] == "awaiting_documents") c = ok(post(t, "/api/v1/cases/" + id + "/documents-received", json::object()));
  EXPECT_EQ(c["state"], "at_commission");
  set_clock("2026-03-03T11:00");
  c = ok(post(t, "/api/v1/cases/" + id + "/commission", {{"kind", "district"}}));
  set_clock("2026-03-05T15:00");
  c = ok(post(t, "/api/v1/cases/" + id + "/commission/conclusion", {{"in_need", true}, {"notes", "roof destroyed"}}));
  EXPECT_EQ(c["state"], "ready_for_decision");
  set_clock("2026-03-06T09:30");
  c = ok(post(t, "/api/v1/cases/" + id + "/decision", json::object()));
  EXPECT_EQ(c["state"], "granted");
  EXPECT_EQ(c["decision"]["form"], "5");
  EXPECT_EQ(c["decision"]["programmes"][0]["amount_per_payment_tiyn"], 30000000);
  // The auditor reads it; an officer of another district does not see it at all.
  EXPECT_EQ(get(login("auditor1"), "/api/v1/cases/" + id)["state"], "granted");
  get(login("officer15"), "/api/v1/cases/" + id, 404);
}

TEST_F(Api, RefusedAtIntakeWithAReceipt) {
  const std::string t = login("officer1");
  json c = ok(post(t, "/api/v1/cases", {{"channel", "akim"}, {"pack", "koksu-local"}, {"family", koksu_disaster_family()}}), 201);
  c = ok(post(t, "/api/v1/cases/" + c["id"].get<std::string>() + "/refuse-to-accept",
              {{"missing_documents", {"identity_document"}}, {"reason", "no identity document"}}));
  EXPECT_EQ(c["state"], "refused_to_accept");
  json receipt = get(t, "/api/v1/cases/" + c["id"].get<std::string>() + "/refusal-receipt");
  EXPECT_EQ(receipt["form"], "1-3");
  EXPECT_EQ(receipt["missing_documents"][0], "identity_document");
  auto again = post(t, "/api/v1/cases/" + c["id"].get<std::string>() + "/accept", json::object());
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(json::parse(again.body)["code"], "conflict");
}

TEST_F(Api, RefusedAfterAHearingWithAnObjection) {
  const std::string t = login("officer1");
  json family = koksu_disaster_family();
  family["facts"].push_back({{"type", "unreliable_information"}, {"date", "2026-02-28"}});
  json c = ok(post(t, "/api/v1/cases", {{"channel", "authorized_body"}, {"pack", "koksu-local"}, {"programmes", {"disaster_help"}},
                                        {"family", family}}), 201);
  const std::string id = c["id"];
  ok(post(t, "/api/v1/cases/" + id + "/accept", json::object()));
  c = ok(post(t, "/api/v1/cases/" + id + "/registry", json::object()));
  if (c["state"] == "awaiting_documents") ok(post(t, "/api/v1/cases/" + id + "/documents-received", json::object()));
  ok(post(t, "/api/v1/cases/" + id + "/commission", {{"kind", "district"}}));
  c = ok(post(t, "/api/v1/cases/" + id + "/commission/conclusion", {{"in_need", true}}));
  EXPECT_EQ(post(t, "/api/v1/cases/" + id + "/decision", json::object()).status, 409);  // a hearing first
  auto too_soon = post(t, "/api/v1/cases/" + id + "/hearing", {{"decision_not_before", "2026-03-04"}});
  EXPECT_EQ(too_soon.status, 400);
  c = ok(post(t, "/api/v1/cases/" + id + "/hearing", {{"decision_not_before", "2026-03-05"}}));
  EXPECT_EQ(c["hearing"]["objection_due"], "2026-03-04");
  set_clock("2026-03-03T10:00");
  c = ok(post(t, "/api/v1/cases/" + id + "/hearing/objection", {{"text", "the information was correct"}, {"oral", false}}));
  set_clock("2026-03-05T10:00");
  c = ok(post(t, "/api/v1/cases/" + id + "/decision", json::object()));
  EXPECT_EQ(c["state"], "refused");
  EXPECT_EQ(c["decision"]["form"], "6");
  EXPECT_EQ(c["decision"]["programmes"][0]["refusals"][0], "unreliable_information");
}

TEST_F(Api, RefusedAfterAHearingWithoutObjection) {
  const std::string t = login("officer1");
  json family = koksu_disaster_family();
  family["facts"].push_back({{"type", "refused_inspection"}, {"date", "2026-02-28"}});
  json c = ok(post(t, "/api/v1/cases", {{"channel", "authorized_body"}, {"pack", "koksu-local"}, {"programmes", {"disaster_help"}},
                                        {"family", family}}), 201);
  const std::string id = c["id"];
  ok(post(t, "/api/v1/cases/" + id + "/accept", json::object()));
  c = ok(post(t, "/api/v1/cases/" + id + "/registry", json::object()));
  if (c["state"] == "awaiting_documents") ok(post(t, "/api/v1/cases/" + id + "/documents-received", json::object()));
  ok(post(t, "/api/v1/cases/" + id + "/commission", {{"kind", "district"}}));
  ok(post(t, "/api/v1/cases/" + id + "/commission/conclusion", {{"in_need", true}}));
  ok(post(t, "/api/v1/cases/" + id + "/hearing", {{"decision_not_before", "2026-03-05"}}));
  // No objection by 4 March; the decision on 5 March refuses under 001 §20.2.
  set_clock("2026-03-05T10:00");
  EXPECT_EQ(post(t, "/api/v1/cases/" + id + "/hearing/objection", {{"text", "late"}}).status, 409);
  c = ok(post(t, "/api/v1/cases/" + id + "/decision", json::object()));
  EXPECT_EQ(c["state"], "refused");
  EXPECT_EQ(c["decision"]["programmes"][0]["refusals"][0], "refused_inspection");
  EXPECT_EQ(c["decision"]["programmes"][0]["cites"][0], "001 §20.2");
}

json tsa_family(bool lone_pensioner) {
  if (lone_pensioner)
    return json::parse(R"({"territory": "151010000", "application_date": "2026-02-10",
      "members": [{"iin": "871008401427", "birth_date": "1950-05-05", "relation": "applicant", "sex": "female",
                   "incomes": [{"type": "pension", "month": "2025-11", "amount": "30000.00"}]}]})");
  return json::parse(R"({"territory": "151010000", "application_date": "2026-02-10",
    "members": [{"iin": "900101300811", "birth_date": "1990-01-01", "relation": "applicant",
                 "incomes": [{"type": "wages", "month": "2025-10", "amount": "60000.00"},
                             {"type": "wages", "month": "2025-11", "amount": "60000.00"},
                             {"type": "wages", "month": "2025-12", "amount": "60000.00"}]},
                {"birth_date": "1992-03-01", "relation": "spouse", "sex": "female"},
                {"birth_date": "2022-06-15", "relation": "child"}]})");
}

TEST_F(Api, TsaConditionalWithASocialContract) {
  set_clock("2026-02-10T10:00");
  const std::string t = login("consultant1");
  json c = ok(post(t, "/api/v1/cases", {{"channel", "employment_centre"}, {"pack", "kz-tsa"}, {"family", tsa_family(false)}}), 201);
  const std::string id = c["id"];
  c = ok(post(t, "/api/v1/cases/" + id + "/accept", json::object()));
  EXPECT_EQ(due(c, "decision"), "2026-03-03");  // 15 working days at the centre (004 App 12)
  c = ok(post(t, "/api/v1/cases/" + id + "/registry", json::object()));
  if (c["state"] == "awaiting_documents") c = ok(post(t, "/api/v1/cases/" + id + "/documents-received", json::object()));
  ok(post(t, "/api/v1/cases/" + id + "/commission", {{"kind", "district"}}));
  set_clock("2026-02-12T10:00");
  c = ok(post(login("officer15"), "/api/v1/cases/" + id + "/commission/conclusion", {{"in_need", true}}));
  EXPECT_EQ(c["state"], "employment_measures");
  auto no_contract = post(t, "/api/v1/cases/" + id + "/employment", {{"recommendations", "vocational training"}});
  EXPECT_EQ(no_contract.status, 400);
  c = ok(post(t, "/api/v1/cases/" + id + "/employment",
              {{"recommendations", "vocational training"}, {"contract_number", "SC-15-0001"},
               {"plan", {"alm_vocational_training", "sa_phc_registration"}}, {"job_seekers", {"900101300811"}}}));
  EXPECT_EQ(c["employment"]["contract_number"], "SC-15-0001");
  set_clock("2026-02-13T10:00");
  c = ok(post(login("officer15"), "/api/v1/cases/" + id + "/decision", json::object()));
  EXPECT_EQ(c["state"], "granted");
  EXPECT_EQ(c["decision"]["programmes"][0]["tsa_type"], "conditional");
  // (37,060 − 180,000 / 3 / 3) × 3 = 51,180.00 a month, February and March.
  EXPECT_EQ(c["decision"]["programmes"][0]["amount_per_payment_tiyn"], 5118000);
  EXPECT_EQ(c["decision"]["programmes"][0]["payments"], 2);
  // The electronic TSA journal (004 App 3-1) has the row, in JSON and in CSV.
  json journal = get(t, "/api/v1/journal?kind=tsa");
  ASSERT_EQ(journal["rows"].size(), 1u);
  EXPECT_EQ(journal["rows"][0]["social_contract_number"], "SC-15-0001");
  EXPECT_EQ(journal["rows"][0]["tsa_type"], "conditional");
  // 2 × 51,180 TSA + 2 × 6,487.50 child supplement + 2 × 5,000 social package (004 §2.15).
  EXPECT_EQ(journal["rows"][0]["assigned_total_tenge"], "125335.00");
  auto csv = http_request(port_, "GET", "/api/v1/journal?kind=tsa&format=csv", {"Authorization: Bearer " + t});
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.headers.find("text/csv"), std::string::npos);
  EXPECT_EQ(csv.body.rfind("number,registered_on,applicant_iin", 0), 0u) << csv.body;
  EXPECT_NE(csv.body.find(",conditional,"), std::string::npos) << csv.body;
}

TEST_F(Api, TsaUnconditionalNeedsNoContract) {
  set_clock("2026-02-10T10:00");
  const std::string t = login("consultant1");
  json c = ok(post(t, "/api/v1/cases", {{"channel", "employment_centre"}, {"pack", "kz-tsa"}, {"family", tsa_family(true)}}), 201);
  const std::string id = c["id"];
  ok(post(t, "/api/v1/cases/" + id + "/accept", json::object()));
  c = ok(post(t, "/api/v1/cases/" + id + "/registry", json::object()));
  if (c["state"] == "awaiting_documents") ok(post(t, "/api/v1/cases/" + id + "/documents-received", json::object()));
  ok(post(t, "/api/v1/cases/" + id + "/commission", {{"kind", "district"}}));
  ok(post(login("officer15"), "/api/v1/cases/" + id + "/commission/conclusion", {{"in_need", true}}));
  ok(post(t, "/api/v1/cases/" + id + "/employment", {{"recommendations", "none: pension age"}}));
  c = ok(post(login("officer15"), "/api/v1/cases/" + id + "/decision", json::object()));
  EXPECT_EQ(c["state"], "granted");
  EXPECT_EQ(c["decision"]["programmes"][0]["tsa_type"], "unconditional");
  // (37,060 − 30,000 / 1 / 3) × 1 = 27,060.00 a month.
  EXPECT_EQ(c["decision"]["programmes"][0]["amount_per_payment_tiyn"], 2706000);
}

TEST_F(Api, AnApplicantAppliesOnThePortalAndFollowsTheCase) {
  add_user("citizen", "applicant", "", "900101300811");
  set_clock("2026-02-10T22:15");
  const std::string t = login("citizen");
  // The portal registers at once after its pre-checks (004 §7-1); after office hours, on the
  // next working day.
  json c = ok(post(t, "/api/v1/cases", {{"pack", "kz-tsa"}, {"family", tsa_family(false)}}), 201);
  EXPECT_EQ(c["channel"], "portal");
  EXPECT_EQ(c["state"], "registered");
  EXPECT_EQ(c["registered_on"], "2026-02-11");
  EXPECT_EQ(get(t, "/api/v1/cases")["cases"].size(), 1u);
  EXPECT_EQ(get(t, "/api/v1/cases/" + c["id"].get<std::string>())["state"], "registered");
  // The same family applying again while the first is open is refused to accept.
  json again = ok(post(t, "/api/v1/cases", {{"pack", "kz-tsa"}, {"family", tsa_family(false)}}), 201);
  EXPECT_EQ(again["state"], "refused_to_accept");
  // An applicant cannot apply for someone else's family.
  json other = tsa_family(true);
  EXPECT_EQ(post(t, "/api/v1/cases", {{"pack", "kz-tsa"}, {"family", other}}).status, 403);
}

TEST_F(Api, WrittenQueryExtendsTheDeadline) {
  const std::string t = login("officer1");
  json c = ok(post(t, "/api/v1/cases", {{"channel", "authorized_body"}, {"pack", "koksu-local"}, {"programmes", {"disaster_help"}},
                                        {"family", koksu_disaster_family()}}), 201);
  const std::string id = c["id"];
  ok(post(t, "/api/v1/cases/" + id + "/accept", json::object()));
  ok(post(t, "/api/v1/cases/" + id + "/registry", json::object()));
  set_clock("2026-03-03T10:00");
  c = ok(post(t, "/api/v1/cases/" + id + "/written-query", {{"addressee", "Emergencies department"}, {"subject", "flood report"}}));
  EXPECT_EQ(due(c, "query_notice"), "2026-03-05");
  c = ok(post(t, "/api/v1/cases/" + id + "/written-query/notice", json::object()));
  set_clock("2026-03-13T10:00");
  c = ok(post(t, "/api/v1/cases/" + id + "/written-query/answer", json::object()));
  EXPECT_EQ(due(c, "decision"), "2026-03-26");
}

TEST_F(Api, IdempotencyKeysReplayOrRefuse) {
  const std::string t = login("officer1");
  const json body = {{"channel", "authorized_body"}, {"pack", "koksu-local"}, {"family", koksu_disaster_family()}};
  auto first = post(t, "/api/v1/cases", body, "intake-1");
  auto second = post(t, "/api/v1/cases", body, "intake-1");
  EXPECT_EQ(first.status, 201);
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(first.body, second.body);
  json changed = body;
  changed["applicant_name"] = "someone else";
  EXPECT_EQ(post(t, "/api/v1/cases", changed, "intake-1").status, 422);
  auto no_key = http_request(port_, "POST", "/api/v1/cases", {"Authorization: Bearer " + t}, body.dump());
  EXPECT_EQ(no_key.status, 400);
  EXPECT_EQ(get(t, "/api/v1/cases")["cases"].size(), 1u);
}

TEST_F(Api, BadInputIsRefusedNamingTheFieldAndWritesNothing) {
  const std::string t = login("officer1");
  auto bad_json = http_request(port_, "POST", "/api/v1/cases", {"Authorization: Bearer " + t, "Idempotency-Key: a"}, "{\"pack\": ");
  EXPECT_EQ(bad_json.status, 400);
  json body = {{"channel", "authorized_body"}, {"pack", "koksu-local"}, {"family", koksu_disaster_family()}, {"colour", "red"}};
  auto unknown = ok(post(t, "/api/v1/cases", body), 400);
  EXPECT_EQ(unknown["field"], "colour");
  body.erase("colour");
  body["family"]["members"][0]["iin"] = "900101300812";
  auto bad_iin = http_request(port_, "POST", "/api/v1/cases",
                              {"Authorization: Bearer " + t, "Idempotency-Key: b", "Accept-Language: ru"}, body.dump());
  EXPECT_EQ(bad_iin.status, 400);
  EXPECT_EQ(json::parse(bad_iin.body)["field"], "family.members[0].iin");
  EXPECT_EQ(json::parse(bad_iin.body)["message"], "Контрольная цифра ИИН не сходится");
  body["family"]["members"][0]["iin"] = "900101300811";
  body["applicant_name"] = std::string(300, 'x');
  EXPECT_EQ(ok(post(t, "/api/v1/cases", body), 400)["field"], "applicant_name");
  body.erase("applicant_name");
  body["family"]["application_date"] = "2026-02-30";
  EXPECT_EQ(ok(post(t, "/api/v1/cases", body), 400)["field"], "family.application_date");
  EXPECT_EQ(get(t, "/api/v1/cases")["cases"].size(), 0u);
}

TEST_F(Api, EveryRouteDeclaresAPolicyAndTheOpenApiDocumentListsThem) {
  auto doc = http_request(port_, "GET", "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  const json spec = json::parse(doc.body);
  EXPECT_EQ(spec["openapi"], "3.0.3");
  // Every documented route answers (not 404) and every protected one refuses without a session.
  int checked = 0;
  for (const auto& [path, methods] : spec["paths"].items()) {
    std::string concrete = path;
    if (auto pos = concrete.find("{id}"); pos != std::string::npos) concrete.replace(pos, 4, "no-such-case");
    for (const auto& [method, op] : methods.items()) {
      std::string m = method;
      for (char& ch : m) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      auto r = http_request(port_, m, concrete, {"Idempotency-Key: x"}, m == "POST" ? "{}" : "");
      EXPECT_NE(r.status, 404) << m << " " << concrete;
      if (!op["security"].empty()) { EXPECT_EQ(r.status, 401) << m << " " << concrete; }
      ++checked;
    }
  }
  EXPECT_GE(checked, 23);
  // And a path that is not documented is not served.
  EXPECT_EQ(http_request(port_, "GET", "/api/v1/secret").status, 404);
}

TEST_F(Api, SessionsAndRoles) {
  auto wrong = http_request(port_, "POST", "/api/v1/sessions", {}, json{{"login", "officer1"}, {"password", "nope"}}.dump());
  EXPECT_EQ(wrong.status, 401);
  const std::string auditor = login("auditor1");
  // An auditor reads but never changes anything.
  auto denied = post(auditor, "/api/v1/cases", {{"channel", "authorized_body"}, {"pack", "koksu-local"}, {"family", koksu_disaster_family()}});
  EXPECT_EQ(denied.status, 403);
  const std::string t = login("officer1");
  EXPECT_EQ(http_request(port_, "DELETE", "/api/v1/sessions", {"Authorization: Bearer " + t}).status, 200);
  get(t, "/api/v1/cases", 401);
  // A cookie session cannot change state without the anti-CSRF header.
  const std::string t2 = login("officer1");
  auto csrf = http_request(port_, "POST", "/api/v1/cases", {"Cookie: __Host-komek_session=" + t2, "Idempotency-Key: z"},
                           json{{"channel", "authorized_body"}, {"pack", "koksu-local"}, {"family", koksu_disaster_family()}}.dump());
  EXPECT_EQ(csrf.status, 403);
}

TEST(ApiStart, ABrokenAuditChainStopsTheServer) {
  // RELIABILITY R5: a tampered audit record makes the server refuse to serve, saying why.
  const fs::path dir = fs::temp_directory_path() / ("komek-chain-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "k.db").string();
  std::ofstream(dir / "pw") << "correct horse battery staple\n";
  auto added = run_command(KOMEK_BINARY, {"users", "add", "--db", db, "--login", "o", "--role", "officer", "--territory",
                                          "3348", "--password-file", (dir / "pw").string()});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  {
    const int port = free_port();
    BackgroundProcess server(KOMEK_BINARY, {"serve", "--port", std::to_string(port), "--db", db, "--registry-families", "10"});
    ASSERT_TRUE(wait_for_port(port, 60s)) << server.output();
    auto session = http_request(port, "POST", "/api/v1/sessions", {}, R"({"login": "o", "password": "correct horse battery staple"})");
    const std::string token = json::parse(session.body)["token"];
    auto created = http_request(port, "POST", "/api/v1/cases", {"Authorization: Bearer " + token, "Idempotency-Key: 1"},
                                json{{"channel", "authorized_body"}, {"pack", "koksu-local"},
                                     {"family", json::parse(R"({"territory": "334820000", "application_date": "2026-03-02", "members": [{"birth_date": "1990-01-01", "relation": "applicant"}]})")}}
                                    .dump());
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(server.stop(SIGTERM, 20s), 0);
  }
  auto tamper = run_command("/usr/bin/sqlite3", {db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE id = 1;"});
  ASSERT_EQ(tamper.exit_code, 0) << tamper.err;
  auto refused = run_command(KOMEK_BINARY, {"serve", "--port", std::to_string(free_port()), "--db", db, "--registry-families", "10"});
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("The audit chain is broken at record 1"), std::string::npos) << refused.err;
  fs::remove_all(dir);
}

TEST_F(Api, DueSoonAndOverdueLists) {
  const std::string t = login("officer1");
  json c = ok(post(t, "/api/v1/cases", {{"channel", "authorized_body"}, {"pack", "koksu-local"}, {"programmes", {"disaster_help"}},
                                        {"family", koksu_disaster_family()}}), 201);
  ok(post(t, "/api/v1/cases/" + c["id"].get<std::string>() + "/accept", json::object()));
  set_clock("2026-03-11T10:00");
  json lists = get(t, "/api/v1/deadlines?within=3&mine=true");
  bool decision_soon = false;
  for (const auto& d : lists["due_soon"]) decision_soon = decision_soon || d["step"] == "decision";
  EXPECT_TRUE(decision_soon) << lists.dump();
  set_clock("2026-03-16T10:00");
  lists = get(t, "/api/v1/deadlines");
  bool decision_overdue = false;
  for (const auto& d : lists["overdue"]) decision_overdue = decision_overdue || (d["step"] == "decision" && d["due"] == "2026-03-13");
  EXPECT_TRUE(decision_overdue) << lists.dump();
}

}  // namespace
}  // namespace komek::test
