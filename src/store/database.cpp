#include "store/database.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include "store/case_store.hpp"
#include "store/pg_native.hpp"
#include "store/sqlite_native.hpp"

namespace komek::store {
namespace {

inline constexpr std::string_view kShowSynchronousCommit = "SHOW synchronous_commit";
inline constexpr std::string_view kShowFsync = "SHOW fsync";
inline constexpr std::string_view kShowFullPageWrites = "SHOW full_page_writes";
inline constexpr std::string_view kSetWal = "PRAGMA journal_mode=WAL";
inline constexpr std::string_view kSetSynchronousFull = "PRAGMA synchronous=FULL";
inline constexpr std::string_view kSetForeignKeys = "PRAGMA foreign_keys=ON";
inline constexpr std::string_view kJournalMode = "PRAGMA journal_mode";
inline constexpr std::string_view kSynchronous = "PRAGMA synchronous";
inline constexpr std::string_view kForeignKeys = "PRAGMA foreign_keys";
inline constexpr std::string_view kIntegrityCheck = "PRAGMA integrity_check";

inline constexpr std::string_view kCreateMigrations = R"sql(
  CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
)sql";
inline constexpr std::string_view kSelectLastMigration = "SELECT MAX(version) FROM schema_migrations";
inline constexpr std::string_view kInsertMigration = R"sql(
  INSERT INTO schema_migrations (version, name, applied_at) VALUES (:version, :name, :at)
)sql";

// One writer at a time across processes too, as SQLite's BEGIN IMMEDIATE gives.
inline constexpr std::string_view kBeginPostgresql = "BEGIN";
inline constexpr std::string_view kWriterLockPostgresql = "SELECT pg_advisory_xact_lock(2026112201)";
inline constexpr std::string_view kBeginSqlite = "BEGIN IMMEDIATE";
inline constexpr std::string_view kCommit = "COMMIT";
inline constexpr std::string_view kRollback = "ROLLBACK";

tl::unexpected<Error> store_error(const std::string& what) {
  // The details go to the log; the caller sees a generic "unavailable".
  spdlog::error("store: {}", what);
  return fail(ErrorCode::kUnavailable, "store.unavailable");
}

void rollback_quietly(soci::session& sql) {
  try {
    sql << kRollback;
  } catch (const std::exception&) {
    // Nothing to roll back (the failure ended the transaction already).
  }
}

struct Migration {
  int version;
  std::string name;
  std::filesystem::path file;
};

// Applies one migration and records it, in one transaction: its script runs through each
// database's own API (SOCI prepares one statement at a time), the record through SOCI.
void apply(soci::session& sql, const Migration& m, bool postgresql) {
  std::ifstream in(m.file);
  std::stringstream script;
  script << in.rdbuf();
  sql << (postgresql ? kBeginPostgresql : kBeginSqlite);
  try {
    if (postgresql)
      pg::exec_script(sql, script.str());
    else
      sqlite::exec(sqlite::connection_of(sql), script.str());
    const std::string at = now_utc();
    sql << kInsertMigration, soci::use(m.version), soci::use(m.name), soci::use(at);
    sql << kCommit;
  } catch (const std::exception&) {
    rollback_quietly(sql);
    throw;
  }
}

std::vector<Migration> migrations_in(const std::filesystem::path& dir) {
  static const std::regex name_re(R"(V(\d{3})__([a-z0-9_]+)\.sql)");
  std::vector<Migration> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::smatch m;
    const std::string file = e.path().filename().string();
    if (std::regex_match(file, m, name_re)) out.push_back({std::stoi(m[1].str()), m[2].str(), e.path()});
  }
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

}  // namespace

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::open(const DatabaseConfig& config) {
  std::unique_ptr<Database> db(new Database());
  db->pool_size_ = std::max<std::size_t>(1, config.pool_size);
  if (config.backend != "sqlite" && config.backend != "postgresql")
    return invalid("store.backend", {{"value", config.backend.substr(0, 40)}});
  db->postgresql_ = config.backend == "postgresql";
  try {
    db->pool_ = std::make_unique<soci::connection_pool>(db->pool_size_);
    for (std::size_t i = 0; i < db->pool_size_; ++i) {
      soci::session& sql = db->pool_->at(i);
      if (db->postgresql_) {
        sql.open(soci::postgresql, config.path);
        // R8: the server's durability settings, read back; anything else and Komek refuses.
        std::string synchronous_commit, fsync, full_page_writes;
        sql << kShowSynchronousCommit, soci::into(synchronous_commit);
        sql << kShowFsync, soci::into(fsync);
        sql << kShowFullPageWrites, soci::into(full_page_writes);
        if (synchronous_commit != "on" || fsync != "on" || full_page_writes != "on")
          return fail(ErrorCode::kUnavailable, "store.durability_pg",
                      {{"synchronous_commit", synchronous_commit}, {"fsync", fsync}, {"full_page_writes", full_page_writes}});
        continue;
      }
      if (i == 0 && !config.empty_file_is_new) {
        std::error_code size_error;
        const auto bytes = std::filesystem::file_size(config.path, size_error);
        if (!size_error && bytes == 0) return fail(ErrorCode::kUnavailable, "store.empty_file", {{"file", config.path}});
      }
      sql.open(soci::sqlite3, "db=" + config.path + " timeout=10");
      sql << kSetWal;
      sql << kSetSynchronousFull;
      sql << kSetForeignKeys;
      // R8: read the settings back; anything else and Komek refuses to start.
      std::string journal;
      int synchronous = -1;
      int foreign_keys = -1;
      sql << kJournalMode, soci::into(journal);
      sql << kSynchronous, soci::into(synchronous);
      sql << kForeignKeys, soci::into(foreign_keys);
      if (journal != "wal" || synchronous != 2 || foreign_keys != 1)
        return fail(ErrorCode::kUnavailable, "store.durability",
                    {{"journal_mode", journal}, {"synchronous", std::to_string(synchronous)},
                     {"foreign_keys", std::to_string(foreign_keys)}});
    }
    soci::session& sql = db->pool_->at(0);
    sql << kCreateMigrations;
    int applied = 0;
    soci::indicator ind = soci::i_ok;
    sql << kSelectLastMigration, soci::into(applied, ind);
    if (ind == soci::i_null) applied = 0;
    std::error_code ec;
    if (!std::filesystem::is_directory(config.migrations / (db->postgresql_ ? "postgresql" : "sqlite"), ec))
      return invalid("file.cannot_open", {{"file", (config.migrations / (db->postgresql_ ? "postgresql" : "sqlite")).string()}});
    const auto migrations = migrations_in(config.migrations / (db->postgresql_ ? "postgresql" : "sqlite"));
    int expected = 1;
    for (const auto& m : migrations) {
      if (m.version != expected)
        return invalid("store.migration_gap", {{"version", std::to_string(m.version)}, {"expected", std::to_string(expected)}});
      ++expected;
      if (m.version <= applied) continue;
      apply(sql, m, db->postgresql_);
      spdlog::info("store: applied migration V{:03d} {}", m.version, m.name);
      applied = m.version;
    }
    if (applied > static_cast<int>(migrations.size()))
      return fail(ErrorCode::kUnavailable, "store.newer_schema", {{"version", std::to_string(applied)}});
    db->schema_version_ = applied;
  } catch (const std::exception& e) {
    return store_error(std::string("open ") + config.path + ": " + e.what());
  }
  return db;
}

Result<std::vector<std::string>> Database::integrity_problems() {
  std::vector<std::string> out;
  if (postgresql_) return out;
  KOMEK_CHECK(read([&](soci::session& sql) -> Result<void> {
    soci::rowset<std::string> rows = (sql.prepare << kIntegrityCheck);
    for (const auto& line : rows)
      if (line != "ok") out.push_back(line);
    return {};
  }));
  return out;
}

Result<void> Database::write(const std::function<Result<void>(soci::session&)>& work) {
  std::lock_guard lock(writer_);
  soci::session sql(*pool_);
  try {
    if (postgresql_) {
      sql << kBeginPostgresql;
      sql << kWriterLockPostgresql;
    } else {
      sql << kBeginSqlite;
    }
  } catch (const std::exception& e) {
    return store_error(std::string("begin: ") + e.what());
  }
  Result<void> result;
  try {
    result = work(sql);
  } catch (const soci::soci_error& e) {
    rollback_quietly(sql);
    return store_error(e.what());
  } catch (...) {
    rollback_quietly(sql);
    throw;
  }
  try {
    sql << (result ? kCommit : kRollback);
  } catch (const std::exception& e) {
    // A failed COMMIT (disk full, I/O error) must not be acknowledged.
    rollback_quietly(sql);
    return store_error(std::string("commit: ") + e.what());
  }
  return result;
}

Result<void> Database::read(const std::function<Result<void>(soci::session&)>& work) {
  soci::session sql(*pool_);
  try {
    return work(sql);
  } catch (const soci::soci_error& e) {
    return store_error(e.what());
  }
}

}  // namespace komek::store
