// The schema comparison (issue 14): every migration applied, by the store itself, to a SQLite
// file and to a PostgreSQL database (when KOMEK_TEST_PG names a server; scripts/test.sh starts
// a throwaway cluster), both schemas described alike (tests/support/schema_description.hpp) and
// compared: tables, columns with their type class, nullability and default, primary keys and
// how their values are made, unique and check constraints, indexes by their columns, foreign
// keys, and which tables refuse UPDATE and DELETE. A difference fails the test, named.
//
// The SQLite and PostgreSQL migrations are kept in step by hand (migrations/sqlite and
// migrations/postgresql); this test is what keeps them so.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <set>
#include <string>

#include "store/database.hpp"
#include "support/fakes.hpp"
#include "support/pg_database.hpp"
#include "support/schema_description.hpp"

namespace komek::test {
namespace {

// Tables whose integer key Komek assigns itself, in order, rather than the database: the
// ledger's accounts and transfers (the verifier checks that transfer ids increase; a payment
// order is keyed by its pending transfer) and the migrations' own record (by version).
const std::set<std::string> kKeysAssignedByKomek = {"ledger_accounts", "ledger_transfers", "payment_orders",
                                                    "schema_migrations"};

// The tables that refuse UPDATE and DELETE (RELIABILITY S3, R5; 003 §14).
const std::set<std::string> kAppendOnly = {"audit_log", "pd_access_log", "ledger_transfers",
                                           "social_service_records"};

bool have_postgresql() {
  const char* pg = std::getenv("KOMEK_TEST_PG");
  return pg != nullptr && *pg != '\0';
}

class SchemaComparison : public ::testing::Test {
 protected:
  // A SQLite file with every migration applied by the store.
  std::string migrated_sqlite(const std::string& name) {
    const std::string file = (dir_ / name).string();
    EXPECT_TRUE(store::Database::open({file, KOMEK_MIGRATIONS_DIR, 1, "sqlite"}).has_value());
    return file;
  }
  // A PostgreSQL database of this test's own with every migration applied by the store.
  std::string migrated_postgresql() {
    pg_ = std::make_unique<PgTestDatabase>("schema");
    EXPECT_TRUE(store::Database::open({pg_->conninfo(), KOMEK_MIGRATIONS_DIR, 1, "postgresql"}).has_value());
    return pg_->conninfo();
  }

  TestDir dir_;
  std::unique_ptr<PgTestDatabase> pg_;
};

// The describer reads what the SQLite migrations declare (the other tests rely on it): a few
// facts of each kind, checked by hand.
TEST_F(SchemaComparison, TheSqliteDescriptionHoldsWhatTheMigrationsDeclare) {
  const auto d = describe_sqlite(migrated_sqlite("komek.db"), kKeysAssignedByKomek);
  auto has = [&](const std::string& key, const std::string& value) {
    auto it = d.facts.find(key);
    return it != d.facts.end() && it->second.count(value) == 1;
  };
  EXPECT_TRUE(has("table cases", ""));
  EXPECT_TRUE(has("column cases.number", "text, null"));
  EXPECT_TRUE(has("column cases.id", "text, not null"));
  EXPECT_TRUE(has("column case_documents.content", "blob, not null"));
  EXPECT_TRUE(has("default outbox.status", "'pending'"));
  EXPECT_TRUE(has("primary key assignment_months", "(assignment_id, month)"));
  EXPECT_TRUE(has("key audit_log.id", "generated"));
  EXPECT_TRUE(has("key ledger_transfers.id", "assigned by Komek"));
  EXPECT_TRUE(has("unique cases (number)", "constraint"));
  EXPECT_TRUE(has("index payment_orders (month, assignment_id)", "unique, where status='pending'"));
  EXPECT_TRUE(has("index cases (officer, decision_due)", "not unique"));
  EXPECT_TRUE(has("check ledger_transfers", "amount>0"));
  EXPECT_TRUE(has("check ledger_transfers", "debit_account<>credit_account"));
  EXPECT_TRUE(has("check case_documents", "size_bytes>0andsize_bytes=lengthcontent"));
  EXPECT_TRUE(has("foreign key sessions (login)", "users (login), on update NO ACTION, on delete NO ACTION"));
  for (const auto& table : kAppendOnly) {
    EXPECT_TRUE(has("append-only " + table, "refuses update")) << table;
    EXPECT_TRUE(has("append-only " + table, "refuses delete")) << table;
  }
}

// A drift between two schemas is found and named, whatever its kind.
TEST_F(SchemaComparison, ADriftIsNamed) {
  const auto as_migrated = describe_sqlite(migrated_sqlite("a.db"), kKeysAssignedByKomek);
  const std::string drifted = migrated_sqlite("b.db");
  ASSERT_NE(
      sqlite_value(drifted,
                   "ALTER TABLE cases ADD COLUMN note TEXT;"
                   "CREATE INDEX cases_state ON cases (state);"
                   "DROP TRIGGER ledger_transfers_no_delete;"
                   "CREATE TABLE extra (id INTEGER PRIMARY KEY, amount BIGINT NOT NULL CHECK (amount > 0));"),
      "ERROR");
  const auto differences =
      schema_differences(as_migrated, describe_sqlite(drifted, kKeysAssignedByKomek), "migrated", "drifted");
  const std::set<std::string> found(differences.begin(), differences.end());
  EXPECT_EQ(found.count("only in drifted: column cases.note = text, null"), 1u);
  EXPECT_EQ(found.count("only in drifted: index cases (state) = not unique"), 1u);
  EXPECT_EQ(found.count("append-only ledger_transfers: migrated has refuses delete; refuses update; "
                        "drifted has refuses update"),
            1u);
  EXPECT_EQ(found.count("only in drifted: table extra"), 1u);
  EXPECT_EQ(found.count("only in drifted: check extra = amount>0"), 1u);
  EXPECT_EQ(found.count("only in drifted: key extra.id = generated"), 1u);
  // And the new table's two columns and its primary key; nothing else.
  EXPECT_EQ(differences.size(), 9u) << ::testing::PrintToString(differences);
}

TEST_F(SchemaComparison, SqliteAndPostgresqlMigrationsMakeOneSchema) {
  if (!have_postgresql()) {
    GTEST_SKIP() << "KOMEK_TEST_PG is not set";
  }
  const auto sqlite = describe_sqlite(migrated_sqlite("komek.db"), kKeysAssignedByKomek);
  const auto postgresql = describe_postgresql(migrated_postgresql());
  for (const auto& difference : schema_differences(sqlite, postgresql)) ADD_FAILURE() << difference;
  // What a difference of type class leaves out: a column SQLite declares BIGINT (money in tiyn,
  // ids of 64 bits) is bigint in PostgreSQL too, never a 32-bit integer.
  for (const auto& [column, declared] : sqlite.declared_types) {
    if (declared != "BIGINT") continue;
    auto it = postgresql.declared_types.find(column);
    if (it == postgresql.declared_types.end()) continue;  // named above: only in SQLite
    EXPECT_EQ(it->second, "bigint") << column << " is BIGINT in SQLite";
  }
}

// PostgreSQL has several ways to say the same thing; the migrations use one of each: keys made
// by the database are identities GENERATED ALWAYS (never serial defaults, which the comparison
// already names), and every table that refuses changes does so through the one trigger
// function komek_append_only().
TEST_F(SchemaComparison, PostgresqlSaysEachThingOneWay) {
  if (!have_postgresql()) {
    GTEST_SKIP() << "KOMEK_TEST_PG is not set";
  }
  const auto postgresql = describe_postgresql(migrated_postgresql());
  EXPECT_FALSE(postgresql.identities.empty());
  for (const auto& [column, generation] : postgresql.identities)
    EXPECT_EQ(generation, "ALWAYS") << column << " is an identity generated " << generation;
  std::set<std::string> refusing;
  for (const auto& [table, functions] : postgresql.refusing_functions) {
    refusing.insert(table);
    EXPECT_EQ(functions, std::set<std::string>{"komek_append_only"}) << table;
  }
  EXPECT_EQ(refusing, kAppendOnly);
}

}  // namespace
}  // namespace komek::test
