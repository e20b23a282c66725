// The database: SQLite (WAL, synchronous=FULL, foreign keys on — checked at start, R8) or
// PostgreSQL (synchronous_commit, fsync and full_page_writes on — checked at start), behind
// SOCI. Numbered migrations from migrations/<back end>/ are applied at start. Nothing outside
// store/ sees SQL or SOCI.
//
// Which way to the database, where (docs/architecture-store.md says more):
//
//   * SOCI, on both back ends, is the default: every statement goes through the soci::session
//     that Database::write() or read() hands out, as a named constant with bound parameters
//     (store/rows.hpp reads rows into structs). One code path for both back ends wherever the
//     SQL is the same, and SOCI's cost (a few microseconds a row) does not matter there.
//   * The native SQLite API (store/sqlite_native.hpp), on the session's own connection and in
//     its transaction, only where SOCI's per-row cost shows in a benchmark — the payment run
//     (the month's schedule merged with its orders, orders and transfers inserted many rows
//     at a time) and the ledger verification (bench/payments_bench.cpp) — and for BLOBs.
//   * libpq (store/pg_native.hpp), on the session's own connection, only for what SOCI 4.0
//     cannot do on PostgreSQL: BYTEA columns (SOCI's blob is a large object) and scripts of
//     several statements (the migrations); COPY would go there too.
//
// So a new statement is written for SOCI; it moves to a native path only with a measurement
// that shows the need, and then keeps a SOCI twin for the other back end.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/result.hpp"

namespace soci {
class session;
class connection_pool;
}  // namespace soci

namespace komek::store {

struct DatabaseConfig {
  std::string path;                    // SQLite: the file; PostgreSQL: a libpq conninfo string
  std::filesystem::path migrations;    // holds sqlite/ and postgresql/, each of V<NNN>__<name>.sql
  std::size_t pool_size = 4;
  std::string backend = "sqlite";      // "sqlite" or "postgresql"
  // An existing SQLite file of 0 bytes is a database that was lost (a truncation, a failed
  // copy), not a new one: it is refused unless the caller is creating a database on purpose
  // (issue 13 finding 11). A file that does not exist is created.
  bool empty_file_is_new = false;
};

class Database {
 public:
  // Opens (creating the file if needed), checks the durability settings read back from the
  // database (refusing to start otherwise, R8), and applies pending migrations.
  static Result<std::unique_ptr<Database>> open(const DatabaseConfig& config);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // The database engine's own check of its files: SQLite's PRAGMA integrity_check (every
  // page, index and constraint); empty when all is well. PostgreSQL checks its pages as it
  // reads them (data checksums) and has no such pass: nothing to report there.
  Result<std::vector<std::string>> integrity_problems();

  // A write transaction (BEGIN IMMEDIATE: one writer at a time); committed when `work`
  // returns a value, rolled back otherwise. Exceptions roll back and propagate.
  Result<void> write(const std::function<Result<void>(soci::session&)>& work);
  // A read on a pooled connection.
  Result<void> read(const std::function<Result<void>(soci::session&)>& work);

  [[nodiscard]] int schema_version() const { return schema_version_; }
  [[nodiscard]] bool postgresql() const { return postgresql_; }

 private:
  Database() = default;
  std::unique_ptr<soci::connection_pool> pool_;
  std::size_t pool_size_ = 0;
  std::mutex writer_;
  int schema_version_ = 0;
  bool postgresql_ = false;
};

}  // namespace komek::store
