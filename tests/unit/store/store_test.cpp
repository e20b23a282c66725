#include <array>
#include <atomic>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cases/service.hpp"
#include "cases/users.hpp"
#include "core/messages.hpp"
#include "store/case_store.hpp"
#include "store/user_store.hpp"
#include "support/store_harness.hpp"
#include "support/outcomes.hpp"

namespace komek::store {
namespace {

namespace fs = std::filesystem;
using namespace komek::cases;
using test::disaster_intake;

class StoreTest : public test::StoreHarness {
 protected:
  StoreTest() : StoreHarness("store") {}
  void SetUp() override {
    StoreHarness::SetUp();
    store_ = make_case_store(*db_);
    service_ = std::make_unique<CaseService>(*store_, *workflow_, clock_, ids_, registry_);
  }

  test::SettableClock clock_;
  test::CountingIds ids_{"case-"};
  // The family as submitted is what the registries say.
  test::EchoRegistry registry_{{}, "2026-03-02T10:01"};
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<CaseService> service_;
  Actor officer_{"officer1", "officer", "3348", "", "127.0.0.1"};
};

TEST_P(StoreTest, MigrationsAndDurabilityAreCheckedAtStart) {
  // Every numbered migration of the back end is applied, in order.
  int files = 0;
  for (const auto& e : fs::directory_iterator(fs::path(KOMEK_MIGRATIONS_DIR) / GetParam()))
    if (e.path().extension() == ".sql") ++files;
  ASSERT_GT(files, 1);
  EXPECT_EQ(db_->schema_version(), files);
  // Opening again applies nothing new.
  auto again = Database::open({target(), KOMEK_MIGRATIONS_DIR, 1, GetParam()});
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ((*again)->schema_version(), files);
  auto missing = Database::open({(dir_ / "other.db").string(), "/nonexistent", 1, "sqlite"});
  EXPECT_EQ(missing.error().message_key, "file.cannot_open");
  EXPECT_EQ(Database::open({target(), KOMEK_MIGRATIONS_DIR, 1, "oracle"}).error().message_key, "store.backend");
}

TEST_P(StoreTest, ACaseGoesThroughRegistrationWithAGaplessNumber) {
  auto submitted = service_->submit(officer_, {"k1", "h1"}, disaster_intake());
  ASSERT_TRUE(submitted.has_value()) << render(submitted.error(), Lang::kEn);
  EXPECT_EQ(test::status(*submitted), 201);
  const auto id = nlohmann::json::parse(test::body(*submitted))["id"].get<std::string>();
  auto accepted = service_->accept(officer_, {"k2", "h2"}, id);
  ASSERT_TRUE(accepted.has_value()) << render(accepted.error(), Lang::kEn);
  EXPECT_EQ(nlohmann::json::parse(test::body(*accepted))["number"], "3348-2026-000001");
  auto second = service_->submit(officer_, {"k3", "h3"}, disaster_intake());
  const auto id2 = nlohmann::json::parse(test::body(*second))["id"].get<std::string>();
  EXPECT_EQ(service_->accept(officer_, {"k4", "h4"}, id2)->value.number, "3348-2026-000002");
  auto registry = service_->query_registry(officer_, {"k5", "h5"}, id);
  ASSERT_TRUE(registry.has_value()) << render(registry.error(), Lang::kEn);
  EXPECT_EQ(nlohmann::json::parse(test::body(*registry))["state"], "at_commission");
  EXPECT_GE(store_->verify_audit_chain().value(), 6u);
}

TEST_P(StoreTest, IdempotencyReplaysTheFirstResponse) {
  auto first = service_->submit(officer_, {"same", "body-1"}, disaster_intake()).value();
  auto again = service_->submit(officer_, {"same", "body-1"}, disaster_intake()).value();
  EXPECT_EQ(again.effect, first.effect);
  EXPECT_EQ(test::body(again), test::body(first));  // byte-identical, and no second case
  EXPECT_EQ(store_->list({}).value().size(), 1u);
  auto other = service_->submit(officer_, {"same", "body-2"}, disaster_intake());
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().message_key, "http.idempotency_key_reused");
  EXPECT_EQ(service_->submit(officer_, {"", "x"}, disaster_intake()).error().message_key, "http.idempotency_key_missing");
  // Keys are per principal: another officer's "same" is another key.
  Actor other_officer{"officer2", "officer", "3348", "", ""};
  EXPECT_EQ(service_->submit(other_officer, {"same", "body-9"}, disaster_intake()).value().effect, work::Effect::kCreated);
}

TEST_P(StoreTest, OtherTerritoriesSeeNothingAndTheReadIsLogged) {
  auto submitted = service_->submit(officer_, {"k1", "h"}, disaster_intake()).value();
  const auto id = nlohmann::json::parse(test::body(submitted))["id"].get<std::string>();
  Actor aktobe{"officer9", "officer", "15", "", "10.0.0.9"};
  auto hidden = service_->read(aktobe, id, "GET /api/v1/cases/{id}");
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->accept(aktobe, {"k", "h"}, id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service_->read(officer_, id, "GET /api/v1/cases/{id}").has_value());
  EXPECT_EQ(service_->list(aktobe, {}).value().size(), 0u);
  EXPECT_EQ(service_->list(officer_, {}).value().size(), 1u);
  // An applicant sees their own case only.
  Actor applicant{"citizen", "applicant", "", "900101300811", ""};
  EXPECT_TRUE(service_->read(applicant, id, "r").has_value());
  Actor stranger{"citizen2", "applicant", "", "871008401427", ""};
  EXPECT_FALSE(service_->read(stranger, id, "r").has_value());
  // Access rows: 2 allowed, 3 denied; none holds the IIN.
  EXPECT_EQ(raw("SELECT COUNT(*) FROM pd_access_log WHERE denied = 0"), "2");
  EXPECT_EQ(raw("SELECT COUNT(*) FROM pd_access_log WHERE denied = 1"), "3");
  EXPECT_EQ(raw("SELECT COUNT(*) FROM pd_access_log WHERE subject LIKE '%900101300811%'"), "0");
  // The logs are append-only.
  EXPECT_EQ(raw("UPDATE audit_log SET actor = 'x'"), "ERROR");
  EXPECT_EQ(raw("DELETE FROM pd_access_log"), "ERROR");
}

TEST_P(StoreTest, ATamperedAuditRecordBreaksTheChain) {
  service_->submit(officer_, {"k1", "h"}, disaster_intake()).value();
  ASSERT_GE(store_->verify_audit_chain().value(), 2u);
  ASSERT_NE(raw(pg() ? "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; UPDATE audit_log SET actor = 'mallory' WHERE id = 1"
                    : "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE id = 1"),
            "ERROR");
  auto broken = store_->verify_audit_chain();
  ASSERT_FALSE(broken.has_value());
  EXPECT_EQ(broken.error().message_key, "store.audit_chain_broken");
  EXPECT_EQ(broken.error().param("record"), "1");
}

TEST_P(StoreTest, AFailedCommandWritesNothing) {
  auto submitted = service_->submit(officer_, {"k1", "h"}, disaster_intake()).value();
  const auto id = nlohmann::json::parse(test::body(submitted))["id"].get<std::string>();
  const auto chain = store_->verify_audit_chain().value();
  // Deciding a case that is only submitted is a conflict: no audit row, no change.
  auto bad = service_->apply(officer_, {"k2", "h"}, id, "case.decide", [&](Case& c, Date today, std::vector<Event>& ev) {
    return workflow_->decide(c, today, "officer1", ev);
  });
  EXPECT_EQ(bad.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->verify_audit_chain().value(), chain);
  EXPECT_EQ(store_->get(id).value()->version, 1);
}

// Issue 13 finding 2: an "own records" filter with an empty identity matches nothing — in the
// SQL itself, not only in the services that should never pass one. Before, the filters read
// "(:iin = '' OR applicant_iin = :iin)", so an applicant account without an IIN listed every
// territory's cases, assignments and complaints.
TEST_P(StoreTest, AnOwnRecordsFilterWithAnEmptyIdentityMatchesNothing) {
  auto submitted = service_->submit(officer_, {"k1", "h"}, disaster_intake()).value();
  const auto id = nlohmann::json::parse(test::body(submitted))["id"].get<std::string>();
  CaseFilter everyone;
  ASSERT_EQ(store_->list(everyone).value().size(), 1u);
  CaseFilter own_without_iin;
  own_without_iin.applicant_iin = "";
  EXPECT_TRUE(store_->list(own_without_iin).value().empty());
  CaseFilter own;
  own.applicant_iin = "900101300811";
  EXPECT_EQ(store_->list(own).value().size(), 1u);
  AssignmentFilter assignments_without_iin;
  assignments_without_iin.recipient_iin = "";
  EXPECT_TRUE(store_->list_assignments(assignments_without_iin).value().empty());
  ComplaintFilter complaints_without_iin;
  complaints_without_iin.complainant_iin = "";
  EXPECT_TRUE(store_->list_complaints(complaints_without_iin).value().empty());
  // The services: an applicant actor without an IIN sees nothing either.
  Actor applicant_without_iin{"citizen", "applicant", std::string(kNoTerritory), "", ""};
  EXPECT_TRUE(service_->list(applicant_without_iin, {}).value().empty());
  EXPECT_FALSE(service_->read(applicant_without_iin, id, "r").has_value());
}

// Issue 13 finding 5: the attempt counter is claimed atomically, on both databases: of many
// parallel claims on one key, exactly as many pass as the limit allows; a refused claim
// counts on no key; a session clears its keys.
TEST_P(StoreTest, SignInAttemptsAreClaimedAtomically) {
  auto users = make_user_store(*db_);
  const std::array<std::string, 6> until = {"2026-03-02T10:00:30Z", "2026-03-02T10:01:00Z", "2026-03-02T10:02:00Z",
                                            "2026-03-02T10:04:00Z", "2026-03-02T10:08:00Z", "2026-03-02T10:15:00Z"};
  const AttemptClaim pair{"pair:d1", 5, until};
  const AttemptClaim login{"login:d2", 50, until};
  std::atomic<int> claimed{0}, throttled{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        auto r = users->claim_sign_in_attempt({pair, login}, "2026-03-02T10:00:00Z");
        if (r) ++claimed;
        else if (r.error().message_key == "auth.throttled") ++throttled;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(claimed.load(), 5);
  EXPECT_EQ(throttled.load(), 35);
  // The refused claims did not count on the per-login key: it holds the 5 that passed.
  EXPECT_EQ(raw("SELECT attempts FROM sign_in_attempts WHERE attempt_key = 'login:d2'"), "5");
  EXPECT_EQ(raw("SELECT throttled_until FROM sign_in_attempts WHERE attempt_key = 'pair:d1'"), until[0]);
  // After the wait one more attempt is claimed, and the next wait is the second step's.
  ASSERT_TRUE(users->claim_sign_in_attempt({pair, login}, "2026-03-02T10:00:30Z").has_value());
  EXPECT_EQ(raw("SELECT throttled_until FROM sign_in_attempts WHERE attempt_key = 'pair:d1'"), until[1]);
  // A session clears the counters it names.
  User u;
  u.login = "officer1";
  u.password_hash = "x";
  u.territory = "3348";
  ASSERT_TRUE(users->put_user(u, account_audit(u, "test", "user.saved", "test")).has_value());
  Session s{"h1", "officer1", "2026-03-02T10:00:31Z", "2026-03-02T10:00:31Z", "2026-03-02T22:00:31Z", false};
  ASSERT_TRUE(users->create_session(s, {"pair:d1", "login:d2"}).has_value());
  EXPECT_EQ(raw("SELECT COUNT(*) FROM sign_in_attempts"), "0");
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(test::backends()), test::backend_name);

}  // namespace
}  // namespace komek::store
