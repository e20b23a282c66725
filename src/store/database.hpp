// The database: SQLite (WAL, synchronous=FULL, foreign keys on — checked at start, R8) or,
// next, PostgreSQL, behind SOCI. Numbered migrations from migrations/ are applied at start.
// Nothing outside store/ sees SQL or SOCI.
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
};

class Database {
 public:
  // Opens (creating the file if needed), checks the durability settings read back from the
  // database (refusing to start otherwise, R8), and applies pending migrations.
  static Result<std::unique_ptr<Database>> open(const DatabaseConfig& config);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

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
