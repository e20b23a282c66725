// The base of the tests that run on a real store, once per back end: SQLite always,
// PostgreSQL too when KOMEK_TEST_PG names a server (scripts/test.sh starts a throwaway cluster
// and sets it, after the build: the variants exist only when the tests are listed then).
// The fixture opens the migrated database and the workflow over the rule packs; a derived
// fixture builds its stores and services on them in its SetUp.
#pragma once

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "cases/workflow.hpp"
#include "store/database.hpp"
#include "support/fakes.hpp"
#include "support/pg_database.hpp"

namespace komek::test {

inline std::vector<std::string> backends() {
  std::vector<std::string> out = {"sqlite"};
  if (const char* pg = std::getenv("KOMEK_TEST_PG"); pg != nullptr && *pg != '\0') out.push_back("postgresql");
  return out;
}

// Names the instances by their back end: Backends/StoreTest.Name/sqlite.
inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

// Runs SQL directly on a PostgreSQL database: the first column of the first row ("" for none
// or NULL), or "ERROR" when it fails.
inline std::string pg_value(const std::string& conninfo, const std::string& sql) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  PGresult* r = PQexec(conn, sql.c_str());
  std::string out = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
  const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  PQfinish(conn);
  return ok ? out : "ERROR";
}

class StoreHarness : public ::testing::TestWithParam<std::string> {
 protected:
  // `tag` names the PostgreSQL database of each test; `pool_size` the store's connections.
  explicit StoreHarness(std::string tag, std::size_t pool_size = 2) : tag_(std::move(tag)), pool_size_(pool_size) {}

  void SetUp() override {
    // Its own database on the test cluster: test cases run in parallel processes.
    if (pg()) pg_db_ = std::make_unique<PgTestDatabase>(tag_);
    db_ = store::Database::open({target(), KOMEK_MIGRATIONS_DIR, pool_size_, GetParam()}).value();
    workflow_ = std::make_unique<cases::Workflow>(library().calendar(), library());
  }

  bool pg() const { return GetParam() == "postgresql"; }
  // The database as the store opens it: a SQLite file or a libpq conninfo string.
  std::string target() const { return pg() ? pg_db_->conninfo() : (dir_ / "komek.db").string(); }
  // Runs SQL directly on the database, around the code under test (to inspect and to tamper):
  // a value as text, "" for none, "ERROR" when it fails. On SQLite several statements may
  // follow each other; the value is the last one's.
  std::string raw(const std::string& sql) { return pg() ? pg_value(target(), sql) : sqlite_value(target(), sql); }

  // In the order they go backwards: the derived fixture's stores and services first, then the
  // workflow, the database, its PostgreSQL database and last the directory.
  TestDir dir_;
  std::unique_ptr<PgTestDatabase> pg_db_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<cases::Workflow> workflow_;

 private:
  std::string tag_;
  std::size_t pool_size_;
};

}  // namespace komek::test
