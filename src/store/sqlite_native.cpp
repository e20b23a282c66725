#include "store/sqlite_native.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace komek::store::sqlite {
namespace {

// Reading a large file through the page map spares a copy of every page (0x7fff0000 bytes,
// SQLite's default SQLITE_MAX_MMAP_SIZE: the most it maps).
inline constexpr std::string_view kMapTheFile = "PRAGMA mmap_size = 2147418112";
inline constexpr const char* kBeginImmediate = "BEGIN IMMEDIATE";

// SQLITE_TRANSIENT: SQLite copies the value before the bind returns.
sqlite_api::sqlite3_destructor_type transient() {
  return reinterpret_cast<sqlite_api::sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));
}

[[noreturn]] void fail_with(Connection* db, const std::string& what) {
  throw soci::soci_error("sqlite3 " + what + ": " +
                         (db != nullptr ? sqlite_api::sqlite3_errmsg(db) : "no connection"));
}

}  // namespace

Connection* connection_of(soci::session& sql) {
  if (sql.get_backend_name() != "sqlite3") return nullptr;
  return static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
}

void exec(Connection* db, std::string_view sql) {
  const std::string text(sql);  // sqlite3_exec wants a terminated string
  char* message = nullptr;
  if (sqlite_api::sqlite3_exec(db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string what = message != nullptr ? message : "unknown error";
    sqlite_api::sqlite3_free(message);
    throw soci::soci_error("sqlite3 exec: " + what);
  }
}

Statement::Statement(Connection* db, std::string_view query) : db_(db) {
  if (sqlite_api::sqlite3_prepare_v2(db, query.data(), static_cast<int>(query.size()), &st_, nullptr) !=
      SQLITE_OK)
    fail("prepare");
}

Statement::~Statement() {
  sqlite_api::sqlite3_finalize(st_);
}

void Statement::bind_text(int i, std::string_view v) {
  check(sqlite_api::sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC), "bind");
}

void Statement::bind_text_copy(int i, std::string_view v) {
  check(sqlite_api::sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), transient()), "bind");
}

void Statement::bind_blob(int i, std::string_view bytes) {
  // A zero-length blob from an empty view (whose data() may be null, which SQLite reads as NULL).
  if (bytes.empty()) {
    check(sqlite_api::sqlite3_bind_zeroblob(st_, i, 0), "bind");
    return;
  }
  check(sqlite_api::sqlite3_bind_blob64(st_, i, bytes.data(), bytes.size(), SQLITE_STATIC), "bind");
}

void Statement::bind_int(int i, std::int64_t v) {
  check(sqlite_api::sqlite3_bind_int64(st_, i, v), "bind");
}

void Statement::bind_null(int i) {
  check(sqlite_api::sqlite3_bind_null(st_, i), "bind");
}

void Statement::bind_text_or_null(int i, std::string_view v) {
  if (v.empty())
    bind_null(i);
  else
    bind_text(i, v);
}

void Statement::bind_int_or_null(int i, std::int64_t v) {
  if (v == 0)
    bind_null(i);
  else
    bind_int(i, v);
}

int Statement::parameter(const char* name) const {
  const int i = sqlite_api::sqlite3_bind_parameter_index(st_, name);
  if (i == 0) throw soci::soci_error(std::string("sqlite3 bind: no parameter ") + name);
  return i;
}

bool Statement::step() {
  const int rc = sqlite_api::sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) fail("step");
  return false;
}

void Statement::run() {
  step();
  sqlite_api::sqlite3_reset(st_);
}

void Statement::reset() {
  sqlite_api::sqlite3_reset(st_);
}

int Statement::columns() const {
  return sqlite_api::sqlite3_column_count(st_);
}

std::int64_t Statement::integer(int c) const {
  return sqlite_api::sqlite3_column_int64(st_, c);
}

bool Statement::is_null(int c) const {
  return sqlite_api::sqlite3_column_type(st_, c) == SQLITE_NULL;
}

std::string_view Statement::text(int c) const {
  const auto* p = reinterpret_cast<const char*>(sqlite_api::sqlite3_column_text(st_, c));
  if (p == nullptr) return {};
  return {p, static_cast<std::size_t>(sqlite_api::sqlite3_column_bytes(st_, c))};
}

std::string_view Statement::blob(int c) const {
  const auto* p = static_cast<const char*>(sqlite_api::sqlite3_column_blob(st_, c));
  if (p == nullptr) return {};
  return {p, static_cast<std::size_t>(sqlite_api::sqlite3_column_bytes(st_, c))};
}

void Statement::check(int rc, const char* what) const {
  if (rc != SQLITE_OK) fail(what);
}

void Statement::fail(const char* what) const {
  fail_with(db_, what);
}

PrivateConnection::PrivateConnection(const std::string& file) {
  if (sqlite_api::sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    const std::string what = db_ != nullptr ? sqlite_api::sqlite3_errmsg(db_) : "out of memory";
    sqlite_api::sqlite3_close(db_);
    db_ = nullptr;
    throw soci::soci_error("sqlite3 open: " + what);
  }
  // The lock is wanted for an instant (try_begin_immediate); if it is not free by then, the
  // caller does without this connection.
  sqlite_api::sqlite3_busy_timeout(db_, 1'000);
  exec(db_, kMapTheFile);
}

PrivateConnection::~PrivateConnection() {
  sqlite_api::sqlite3_close(db_);
}

bool PrivateConnection::try_begin_immediate() {
  return sqlite_api::sqlite3_exec(db_, kBeginImmediate, nullptr, nullptr, nullptr) == SQLITE_OK;
}

std::string file_of(Connection* db) {
  const char* file = sqlite_api::sqlite3_db_filename(db, "main");
  return file == nullptr ? std::string() : std::string(file);
}

}  // namespace komek::store::sqlite
