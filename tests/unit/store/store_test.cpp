#include <filesystem>

#include <gtest/gtest.h>

#include "support/pg_database.hpp"
#include <nlohmann/json.hpp>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "cases/service.hpp"
#include "core/messages.hpp"
#include "store/case_store.hpp"

namespace komek::store {
namespace {

namespace fs = std::filesystem;
using namespace komek::cases;

rules::Library& library() {
  static std::unique_ptr<rules::Library> lib = rules::Library::load(KOMEK_RULES_DIR).value();
  return *lib;
}

struct FixedClock : Clock {
  LocalDateTime now = LocalDateTime::parse("2026-03-02T10:00").value();
  LocalDateTime now_local() override { return now; }
};

struct CountingIds : IdSource {
  int next = 0;
  std::string new_id() override { return "case-" + std::to_string(++next); }
};

// The family as submitted is what the registries say (a stand-in answering from the case).
struct EchoRegistry : RegistryLookup {
  std::vector<std::string> no_data;
  Result<RegistryAnswer> lookup(const Case& c, Date) override { return RegistryAnswer{c.family_json, no_data, "2026-03-02T10:01", "{}"}; }
  Result<PortalFacts> portal_facts(const std::string&, Date) override { return PortalFacts{}; }
};

// The backends the store tests run on: SQLite always; PostgreSQL when KOMEK_TEST_PG names a
// server (scripts/test.sh starts a throwaway cluster and sets it).
std::vector<std::string> backends() {
  std::vector<std::string> out = {"sqlite"};
  if (const char* pg = std::getenv("KOMEK_TEST_PG"); pg != nullptr && *pg != '\0') out.push_back("postgresql");
  return out;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  bool pg() const { return GetParam() == "postgresql"; }
  std::string target() const { return pg() ? pg_db_->conninfo() : (dir_ / "komek.db").string(); }
  // Its own database on the test cluster: test cases run in parallel processes.
  std::unique_ptr<test::PgTestDatabase> pg_db_;

  // Runs SQL directly on the database, around the store (to inspect and to tamper).
  std::string raw(const std::string& sql) {
    if (pg()) {
      PGconn* conn = PQconnectdb(target().c_str());
      PGresult* r = PQexec(conn, sql.c_str());
      std::string out = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
      const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
      PQfinish(conn);
      return ok ? out : "ERROR";
    }
    sqlite3* db = nullptr;
    sqlite3_open(target().c_str(), &db);
    sqlite3_stmt* st = nullptr;
    std::string out;
    bool ok = true;
    // Several statements: run all, keep the first value of the last one.
    const char* tail = sql.c_str();
    while (tail != nullptr && *tail != '\0') {
      if (sqlite3_prepare_v2(db, tail, -1, &st, &tail) != SQLITE_OK) {
        ok = false;
        break;
      }
      if (st == nullptr) break;
      const int rc = sqlite3_step(st);
      if (rc == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      else if (rc != SQLITE_DONE) ok = false;
      sqlite3_finalize(st);
      if (!ok) break;
    }
    sqlite3_close(db);
    return ok ? out : "ERROR";
  }

  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("komek-store-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    if (pg()) pg_db_ = std::make_unique<test::PgTestDatabase>("store");
    DatabaseConfig config{target(), KOMEK_MIGRATIONS_DIR, 2, GetParam()};
    db_ = Database::open(config).value();
    store_ = make_case_store(*db_);
    workflow_ = std::make_unique<Workflow>(library().calendar(), library());
    service_ = std::make_unique<CaseService>(*store_, *workflow_, clock_, ids_, registry_);
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    db_.reset();
    fs::remove_all(dir_);
  }
  Intake disaster_intake() {
    Intake in;
    in.pack_id = "koksu-local";
    in.programmes = {"disaster_help"};
    in.family_json = R"({"territory": "334820000", "application_date": "2026-03-02", "members": [{"iin": "900101300811",
      "birth_date": "1990-01-01", "relation": "applicant"}], "facts": [{"type": "natural_disaster", "date": "2026-02-20"}]})";
    in.applicant_name = "Айгүл";
    return in;
  }

  fs::path dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<Workflow> workflow_;
  std::unique_ptr<CaseService> service_;
  FixedClock clock_;
  CountingIds ids_;
  EchoRegistry registry_;
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
  EXPECT_EQ(submitted->status, 201);
  const auto id = nlohmann::json::parse(submitted->body)["id"].get<std::string>();
  auto accepted = service_->accept(officer_, {"k2", "h2"}, id);
  ASSERT_TRUE(accepted.has_value()) << render(accepted.error(), Lang::kEn);
  EXPECT_EQ(nlohmann::json::parse(accepted->body)["number"], "3348-2026-000001");
  auto second = service_->submit(officer_, {"k3", "h3"}, disaster_intake());
  const auto id2 = nlohmann::json::parse(second->body)["id"].get<std::string>();
  EXPECT_EQ(nlohmann::json::parse(service_->accept(officer_, {"k4", "h4"}, id2)->body)["number"], "3348-2026-000002");
  auto registry = service_->query_registry(officer_, {"k5", "h5"}, id);
  ASSERT_TRUE(registry.has_value()) << render(registry.error(), Lang::kEn);
  EXPECT_EQ(nlohmann::json::parse(registry->body)["state"], "at_commission");
  EXPECT_GE(store_->verify_audit_chain().value(), 6u);
}

TEST_P(StoreTest, IdempotencyReplaysTheFirstResponse) {
  auto first = service_->submit(officer_, {"same", "body-1"}, disaster_intake()).value();
  auto again = service_->submit(officer_, {"same", "body-1"}, disaster_intake()).value();
  EXPECT_EQ(again.status, first.status);
  EXPECT_EQ(again.body, first.body);  // byte-identical, and no second case
  EXPECT_EQ(store_->list({}).value().size(), 1u);
  auto other = service_->submit(officer_, {"same", "body-2"}, disaster_intake());
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().message_key, "http.idempotency_key_reused");
  EXPECT_EQ(service_->submit(officer_, {"", "x"}, disaster_intake()).error().message_key, "http.idempotency_key_missing");
  // Keys are per principal: another officer's "same" is another key.
  Actor other_officer{"officer2", "officer", "3348", "", ""};
  EXPECT_EQ(service_->submit(other_officer, {"same", "body-9"}, disaster_intake())->status, 201);
}

TEST_P(StoreTest, OtherTerritoriesSeeNothingAndTheReadIsLogged) {
  auto submitted = service_->submit(officer_, {"k1", "h"}, disaster_intake()).value();
  const auto id = nlohmann::json::parse(submitted.body)["id"].get<std::string>();
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
  const auto id = nlohmann::json::parse(submitted.body)["id"].get<std::string>();
  const auto chain = store_->verify_audit_chain().value();
  // Deciding a case that is only submitted is a conflict: no audit row, no change.
  auto bad = service_->apply(officer_, {"k2", "h"}, id, "case.decide", [&](Case& c, Date today, std::vector<Event>& ev) {
    return workflow_->decide(c, today, "officer1", ev);
  });
  EXPECT_EQ(bad.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->verify_audit_chain().value(), chain);
  EXPECT_EQ(store_->get(id).value()->version, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(backends()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace
}  // namespace komek::store
