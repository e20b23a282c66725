// Payments over the API without a server (issue 6; docs/payments.md): every route of
// api/routes_payments.cpp through App::handle as an HTTP request — roles (officers write
// budgets; officers and State Corporation operators run the cycle and import results;
// auditors read; applicants read their own payments), territory scoping, idempotency keys,
// a run, its orders and files, a results import, the ledger check, and bad input naming its
// field in the caller's language.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <nlohmann/json.hpp>
#include <set>

#include "api/router.hpp"
#include "payments/payments.hpp"
#include "store/payments_store.hpp"
#include "api/routes.hpp"
#include "support/api_harness.hpp"
#include "support/schedule_fixture.hpp"

namespace komek::api {
namespace {

using json = nlohmann::json;

const std::string kAliya = "871008401427";  // recipient of a1
const std::string kBolat = "900101300811";  // recipient of a2

class PaymentsApi : public test::ApiHarness {
 protected:
  PaymentsApi() {
    local_.set("2025-03-28T10:00");
    ids_.prefix = "id";
  }
  std::vector<RouteModule> wire() override {
    payments_store_ = store::make_payments_store(*db_);
    payments::CycleConfig config;
    config.bank_fee_basis_points = 10;
    payments_ = std::make_unique<payments::PaymentService>(*payments_store_, test::library().calendar(),
                                                           test::library().procedure(), config);
    return {payments_routes(*payments_)};
  }
  void SetUp() override {
    ApiHarness::SetUp();
    add_user("officer1", cases::Role::kOfficer, "3348");
    add_user("operator1", cases::Role::kStateCorporationOperator, "3348");
    add_user("auditor1", cases::Role::kAuditor, "3348");
    add_user("officer15", cases::Role::kOfficer, "15");
    add_user("aliya", cases::Role::kApplicant, "", "871008401427");
    add_user("nobody", cases::Role::kApplicant, "", "020304500118");
    // Two monthly assignments of Koksu district for April 2025, through two organisations.
    test::ScheduleFixture a1;
    a1.id = "a1";
    a1.recipient_iin = kAliya;
    a1.territory = "334830100";
    a1.period_from = Date::from_ymd(2025, 4, 1);
    a1.period_to = Date::from_ymd(2025, 4, 30);
    a1.organisation = "KAZPOST";
    a1.months = {{Month::make(2025, 4).value(), 1'500'000}};
    test::ScheduleFixture a2 = a1;
    a2.id = "a2";
    a2.recipient_iin = kBolat;
    a2.organisation = "HSBKKZKX";
    a2.account = "KZ000000000000000002";
    a2.months = {{Month::make(2025, 4).value(), 2'500'000}};
    ASSERT_TRUE(test::put_schedule_fixture(*db_, {a1, a2}));
  }
  static json budget_body() {
    return {{"programme", "local"},
            {"territory", "334800000"},
            {"year", "2025"},
            {"allocation", "1000000.00"},
            {"on", "2025-01-02"}};
  }
  // The budget and the April demand of 28 March 2025 (the 29th is a Saturday).
  json run_april() {
    auto b = post("officer1", "/api/v1/budgets", budget_body());
    EXPECT_EQ(b.status, 201) << b.body;
    auto r = post("operator1", "/api/v1/payments/runs", {{"date", "2025-03-28"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }

  std::unique_ptr<payments::PaymentsStore> payments_store_;
  std::unique_ptr<payments::PaymentService> payments_;
};

TEST_F(PaymentsApi, EveryPaymentsRouteIsServedWithItsPolicy) {
  std::set<std::string> routes;
  for (const auto& r : app_->routes()) {
    if (r.pattern.find("/budgets") == std::string::npos &&
        r.pattern.find("/payments/") == std::string::npos && r.pattern.find("/ledger/") == std::string::npos)
      continue;
    routes.insert(r.method + " " + r.pattern);
    EXPECT_FALSE(r.policy.public_route) << r.pattern;
    EXPECT_FALSE(r.policy.roles.empty()) << r.pattern;
    EXPECT_EQ(r.policy.mutates, r.method == "POST") << r.pattern;
  }
  EXPECT_EQ(routes,
            (std::set<std::string>{
                "GET /api/v1/budgets", "POST /api/v1/budgets", "POST /api/v1/budgets/amendments",
                "POST /api/v1/payments/runs", "GET /api/v1/payments/demands", "GET /api/v1/payments/orders",
                "GET /api/v1/payments/files", "GET /api/v1/payments/file", "POST /api/v1/payments/results",
                "GET /api/v1/payments/mine", "GET /api/v1/payments/recipient",
                "POST /api/v1/payments/recipient/search", "GET /api/v1/ledger/verify"}));
}

// Issue 13 finding 12: GET /api/v1/budgets gives the year as a number, and POST refused that
// number ("must be a string"). What the API gives it takes back.
TEST_F(PaymentsApi, ABudgetLineIsAcceptedWithTheYearAsTheApiGivesIt) {
  json body = budget_body();
  body["year"] = 2025;
  auto r = post("officer1", "/api/v1/budgets", body);
  ASSERT_EQ(r.status, 201) << r.body;
  const json listed = json::parse(get("officer1", "/api/v1/budgets").body)["budgets"];
  ASSERT_EQ(listed.size(), 1u);
  ASSERT_TRUE(listed[0]["year"].is_number());
  json amendment = {{"programme", "local"}, {"territory", "334800000"}, {"year", listed[0]["year"]},
                    {"amount", "5.00"}, {"reason", "maslikhat decision"}, {"on", "2025-02-01"}};
  EXPECT_EQ(post("officer1", "/api/v1/budgets/amendments", amendment).status, 200);
  body["year"] = 20250;
  EXPECT_EQ(post("officer1", "/api/v1/budgets", body).status, 400);
}

TEST_F(PaymentsApi, RolesDecideWhoWritesWhoRunsAndWhoReads) {
  // Budgets: officers only.
  EXPECT_EQ(post("operator1", "/api/v1/budgets", budget_body()).status, 403);
  EXPECT_EQ(post("auditor1", "/api/v1/budgets", budget_body()).status, 403);
  EXPECT_EQ(post("aliya", "/api/v1/budgets", budget_body()).status, 403);
  EXPECT_EQ(post("officer1", "/api/v1/budgets", budget_body()).status, 201);
  // The cycle: officers and State Corporation operators; never auditors or applicants.
  EXPECT_EQ(post("auditor1", "/api/v1/payments/runs", {{"date", "2025-03-28"}}).status, 403);
  EXPECT_EQ(post("aliya", "/api/v1/payments/runs", {{"date", "2025-03-28"}}).status, 403);
  EXPECT_EQ(post("operator1", "/api/v1/payments/runs", {{"date", "2025-03-28"}}).status, 200);
  // Reads: auditors yes, applicants no (they have /payments/mine); the ledger check is for
  // officers and auditors.
  EXPECT_EQ(get("auditor1", "/api/v1/payments/orders").status, 200);
  EXPECT_EQ(get("aliya", "/api/v1/payments/orders").status, 403);
  EXPECT_EQ(get("aliya", "/api/v1/budgets").status, 403);
  EXPECT_EQ(get("operator1", "/api/v1/ledger/verify").status, 403);
  EXPECT_EQ(get("auditor1", "/api/v1/ledger/verify").status, 200);
  EXPECT_EQ(get("auditor1", "/api/v1/payments/file", "id=x").status, 403);
  EXPECT_EQ(get("officer1", "/api/v1/payments/mine").status, 403);
  // Without a session: 401.
  EXPECT_EQ(app_->handle(HttpRequest{"GET", "/api/v1/budgets", "", {}, "", "127.0.0.1"}).status, 401);
}

TEST_F(PaymentsApi, ARunItsOrdersFilesResultsAndTheLedgerOverHttp) {
  const json run = run_april();
  EXPECT_EQ(run["orders"], 2);
  EXPECT_EQ(run["files"], 2);
  EXPECT_EQ(run["ordered_tiyn"], 4'000'000);

  auto budgets = json::parse(get("auditor1", "/api/v1/budgets").body)["budgets"];
  ASSERT_EQ(budgets.size(), 1u);
  EXPECT_EQ(budgets[0]["paid_tiyn"], 0);
  EXPECT_EQ(budgets[0]["pending_tiyn"], 4'000'000);
  EXPECT_EQ(budgets[0]["fees_tiyn"], 4'000);  // 0.1 % of each order

  auto demands = json::parse(get("operator1", "/api/v1/payments/demands").body)["demands"];
  ASSERT_EQ(demands.size(), 1u);
  EXPECT_EQ(demands[0]["status"], "transferred");
  EXPECT_EQ(demands[0]["transfer_due"], "2025-03-31");

  auto orders = json::parse(get("officer1", "/api/v1/payments/orders", "status=pending").body)["orders"];
  ASSERT_EQ(orders.size(), 2u);
  std::map<std::string, json> by;
  for (const auto& o : orders) by[o["assignment_id"]] = o;
  EXPECT_EQ(by["a1"]["payment_on"], "2025-04-01");
  EXPECT_FALSE(by["a1"].contains("recipient_iin"));  // lists do not carry IINs

  // The files: one per payment organisation, each with its digest; the text of one.
  auto files = json::parse(get("auditor1", "/api/v1/payments/files").body)["files"];
  ASSERT_EQ(files.size(), 2u);
  std::string kazpost;
  for (const auto& f : files) {
    EXPECT_EQ(f["sha256"].get<std::string>().size(), 64u);
    if (f["organisation"] == "KAZPOST") kazpost = f["id"];
  }
  ASSERT_FALSE(kazpost.empty());
  auto file = get("operator1", "/api/v1/payments/file", "id=" + kazpost);
  ASSERT_EQ(file.status, 200) << file.body;
  const std::string text = json::parse(file.body)["text"];
  EXPECT_NE(text.find(by["a1"]["id"].get<std::string>() + ";" + kAliya), std::string::npos) << text;
  EXPECT_EQ(text.find(kBolat), std::string::npos);  // the other organisation's order is not in it
  EXPECT_NE(text.find("END;1;1500000"), std::string::npos) << text;
  EXPECT_EQ(get("operator1", "/api/v1/payments/file", "id=no-such-file").status, 404);

  // Results: a1 paid, a2 rejected (its fee comes back), an unknown order logged.
  const std::string results = by["a1"]["id"].get<std::string>() + ";paid;2025-04-01\n" +
                              by["a2"]["id"].get<std::string>() + ";rejected;2025-04-01;account closed\n" +
                              "NO-SUCH;paid;2025-04-01\n";
  auto imported =
      post("operator1", "/api/v1/payments/results",
           {{"file_name", "kazpost-20250402.txt"}, {"content", results}, {"received_on", "2025-04-02"}});
  ASSERT_EQ(imported.status, 200) << imported.body;
  const json summary = json::parse(imported.body);
  EXPECT_EQ(summary["applied"], 2);
  EXPECT_EQ(summary["unknown"], 1);
  budgets = json::parse(get("auditor1", "/api/v1/budgets").body)["budgets"];
  EXPECT_EQ(budgets[0]["paid_tiyn"], 1'500'000);
  EXPECT_EQ(budgets[0]["pending_tiyn"], 0);
  EXPECT_EQ(budgets[0]["fees_tiyn"], 1'500);
  auto voided = json::parse(get("auditor1", "/api/v1/payments/orders", "status=voided").body)["orders"];
  ASSERT_EQ(voided.size(), 1u);
  EXPECT_EQ(voided[0]["note"], "account closed");

  const json ledger = json::parse(get("auditor1", "/api/v1/ledger/verify").body);
  EXPECT_EQ(ledger["ok"], true) << ledger.dump();
  EXPECT_GT(ledger["transfers"].get<int>(), 5);
}

TEST_F(PaymentsApi, ARecipientReadsTheirOwnPaymentsAndOfficersReadAnyInTheirTerritory) {
  run_april();
  auto mine = get("aliya", "/api/v1/payments/mine");
  ASSERT_EQ(mine.status, 200) << mine.body;
  auto own = json::parse(mine.body)["orders"];
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0]["assignment_id"], "a1");
  EXPECT_EQ(own[0]["amount_tiyn"], 1'500'000);
  // Someone with no payments sees none; nobody sees another's.
  EXPECT_TRUE(json::parse(get("nobody", "/api/v1/payments/mine").body)["orders"].empty());
  auto theirs = get("auditor1", "/api/v1/payments/recipient", "iin=" + kBolat);
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_EQ(json::parse(theirs.body)["orders"][0]["assignment_id"], "a2");
  // An officer of another territory finds nothing of Koksu's.
  EXPECT_TRUE(
      json::parse(get("officer15", "/api/v1/payments/recipient", "iin=" + kBolat).body)["orders"].empty());
  EXPECT_TRUE(json::parse(get("officer15", "/api/v1/payments/orders").body)["orders"].empty());
  EXPECT_TRUE(json::parse(get("officer15", "/api/v1/budgets").body)["budgets"].empty());
  // Reading a person's payments is logged as a personal-data access (S3).
  int logged = 0;
  ASSERT_TRUE(db_->read([&](soci::session& sql) -> Result<void> {
    sql << "SELECT COUNT(*) FROM pd_access_log WHERE record LIKE 'payments:%'", soci::into(logged);
    return {};
  }));
  EXPECT_GE(logged, 3);
}

// The pages look a recipient up with the IIN in the body (RELIABILITY S4/S6: no IIN in a
// URL): the same roles, the same answer and the same access-log record as the GET.
TEST_F(PaymentsApi, ARecipientIsLookedUpByTheIinInTheBodyWithTheGetsAnswerAndLog) {
  run_april();
  auto count_logged = [&](const std::string& route) {
    int n = 0;
    const std::string record = "payments:" + work::subject_of(kBolat);
    EXPECT_TRUE(db_->read([&](soci::session& sql) -> Result<void> {
      sql << "SELECT COUNT(*) FROM pd_access_log WHERE record = :r AND route = :p AND actor = 'auditor1'",
          soci::use(record), soci::use(route), soci::into(n);
      return {};
    }));
    return n;
  };
  auto by_get = get("auditor1", "/api/v1/payments/recipient", "iin=" + kBolat);
  ASSERT_EQ(by_get.status, 200) << by_get.body;
  auto found = post("auditor1", "/api/v1/payments/recipient/search", {{"iin", kBolat}});
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(found.body, by_get.body);
  const json orders = json::parse(found.body)["orders"];
  ASSERT_EQ(orders.size(), 1u);
  EXPECT_EQ(orders[0]["assignment_id"], "a2");
  EXPECT_FALSE(orders[0].contains("recipient_iin"));
  // The account is shown masked; cash through the post office has none.
  EXPECT_EQ(orders[0]["account_masked"], "KZ**************0002");
  EXPECT_EQ(json::parse(get("aliya", "/api/v1/payments/mine").body)["orders"][0]["account_masked"], "");
  EXPECT_EQ(count_logged("/api/v1/payments/recipient"), 1);
  EXPECT_EQ(count_logged("/api/v1/payments/recipient/search"), 1);
  // The GET's roles: operators and officers yes, applicants no; another territory finds nothing.
  EXPECT_EQ(post("operator1", "/api/v1/payments/recipient/search", {{"iin", kBolat}}).status, 200);
  EXPECT_EQ(post("aliya", "/api/v1/payments/recipient/search", {{"iin", kBolat}}).status, 403);
  EXPECT_TRUE(json::parse(post("officer15", "/api/v1/payments/recipient/search", {{"iin", kBolat}}).body)["orders"].empty());
  // Bad input names its field; a POST without a key is refused like every other.
  auto field_of = [](const HttpResponse& r) { return json::parse(r.body).value("field", std::string()); };
  auto bad = post("officer1", "/api/v1/payments/recipient/search", {{"iin", "871008401428"}}, "", "ru");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(field_of(bad), "iin");
  EXPECT_EQ(field_of(post("officer1", "/api/v1/payments/recipient/search", json::object())), "iin");
  EXPECT_EQ(field_of(post("officer1", "/api/v1/payments/recipient/search", {{"iin", kBolat}, {"name", "x"}})), "name");
  EXPECT_EQ(post("officer1", "/api/v1/payments/recipient/search", {{"iin", kBolat}}, "-").status, 400);
  // Cookie sessions need the anti-CSRF header on it, as on every POST.
  HttpRequest r{"POST", "/api/v1/payments/recipient/search", "", {}, json{{"iin", kBolat}}.dump(), "127.0.0.1"};
  r.headers = {{"cookie", "__Host-komek_session=" + token("officer1")}, {"idempotency-key", "csrf-1"}};
  EXPECT_EQ(app_->handle(r).status, 403);
}

TEST_F(PaymentsApi, IdempotencyKeysReplayTheAnswerAndRefuseAnotherBody) {
  ASSERT_EQ(post("officer1", "/api/v1/budgets", budget_body()).status, 201);
  auto first = post("operator1", "/api/v1/payments/runs", {{"date", "2025-03-28"}}, "run-0328");
  ASSERT_EQ(first.status, 200) << first.body;
  // The same key and body: the same answer, nothing ordered twice.
  auto again = post("operator1", "/api/v1/payments/runs", {{"date", "2025-03-28"}}, "run-0328");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
  // The same key with another body: refused.
  EXPECT_EQ(post("operator1", "/api/v1/payments/runs", {{"date", "2025-03-31"}}, "run-0328").status, 422);
  // A new key the same day: a run that finds nothing left to order.
  auto other = post("operator1", "/api/v1/payments/runs", {{"date", "2025-03-28"}}, "run-0328-b");
  EXPECT_EQ(json::parse(other.body)["orders"], 0);
  EXPECT_EQ(json::parse(get("officer1", "/api/v1/payments/orders").body)["orders"].size(), 2u);
  // Without a key: refused before anything happens.
  auto keyless = post("operator1", "/api/v1/payments/runs", {{"date", "2025-04-01"}}, "-");
  EXPECT_EQ(keyless.status, 400) << keyless.body;
  // A budget set twice under two keys: the second is a conflict, the allocation unchanged.
  EXPECT_EQ(post("officer1", "/api/v1/budgets", budget_body()).status, 409);
  EXPECT_EQ(json::parse(get("officer1", "/api/v1/budgets").body)["budgets"][0]["allocation_tiyn"],
            100'000'000);
}

TEST_F(PaymentsApi, BadInputNamesItsFieldInTheCallersLanguageAndChangesNothing) {
  auto field_of = [](const HttpResponse& r) { return json::parse(r.body).value("field", std::string()); };
  json body = budget_body();
  body["year"] = "20x5";
  auto r = post("officer1", "/api/v1/budgets", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "year");
  body = budget_body();
  body["territory"] = "33480";  // not a district KATO
  r = post("officer1", "/api/v1/budgets", body, "", "ru");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "territory");
  const std::string message = json::parse(r.body)["message"];
  EXPECT_NE(message.find_first_of("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"), std::string::npos)
      << message;  // Russian text
  body = budget_body();
  body["allocation"] = "-5";
  EXPECT_EQ(field_of(post("officer1", "/api/v1/budgets", body)), "allocation");
  body = budget_body();
  body["extra"] = 1;
  EXPECT_EQ(post("officer1", "/api/v1/budgets", body).status, 400);
  EXPECT_EQ(field_of(post("officer1", "/api/v1/payments/runs", {{"date", "2025-02-30"}})), "date");
  EXPECT_EQ(field_of(post("officer1", "/api/v1/budgets/amendments",
                          {{"programme", "local"},
                           {"territory", "334800000"},
                           {"year", "2025"},
                           {"amount", "5"},
                           {"reason", ""},
                           {"on", "2025-02-01"}})),
            "reason");
  // A malformed result file names its line; nothing of it is applied.
  ASSERT_EQ(post("officer1", "/api/v1/budgets", budget_body()).status, 201);
  ASSERT_EQ(post("operator1", "/api/v1/payments/runs", {{"date", "2025-03-28"}}).status, 200);
  r = post("operator1", "/api/v1/payments/results",
           {{"file_name", "bad.txt"},
            {"content", "x;paid;2025-04-01\ny;maybe;2025-04-01\n"},
            {"received_on", "2025-04-02"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "line 2");
  EXPECT_EQ(get("officer1", "/api/v1/payments/recipient", "iin=12345").status, 400);
  EXPECT_EQ(field_of(get("officer1", "/api/v1/payments/recipient", "iin=12345")), "iin");
  EXPECT_EQ(field_of(get("officer1", "/api/v1/payments/orders", "status=lost")), "status");
  // Nothing changed: the budget untouched, both orders still pending.
  auto budgets = json::parse(get("officer1", "/api/v1/budgets").body)["budgets"];
  ASSERT_EQ(budgets.size(), 1u);
  EXPECT_EQ(budgets[0]["allocation_tiyn"], 100'000'000);
  EXPECT_EQ(json::parse(get("officer1", "/api/v1/payments/orders", "status=pending").body)["orders"].size(),
            2u);
}

}  // namespace
}  // namespace komek::api
