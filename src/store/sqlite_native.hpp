// The native SQLite API, for the few paths where SOCI's per-row binding costs too much (the
// month's payment run, appending transfers, the ledger verification) and for BLOBs, which
// SOCI binds differently per back end. Everything that speaks to sqlite3 directly goes through
// this file: one prepared-statement type, one way to bind, step and read, and one error
// mapping — a failure throws soci::soci_error, so that Database::write rolls back and reports
// "store unavailable" exactly as for a failure inside SOCI.
//
//   sqlite::Statement st(sqlite::connection_of(sql), kSelectOpenRecoveries);
//   st.bind_text(1, month);
//   while (st.step()) use(st.text(0), st.integer(1));
//
// Internal to store/: the sqlite3 types are only declared here, so this header brings in
// neither <sqlite3.h> nor SOCI.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sqlite_api {
// SOCI's SQLite back end declares the sqlite3 API inside this namespace; the types are the
// same as the C library's.
struct sqlite3;
struct sqlite3_stmt;
}  // namespace sqlite_api

namespace soci {
class session;
}

namespace komek::store::sqlite {

using Connection = sqlite_api::sqlite3;

// The session's own connection, in the session's transaction; nullptr when the session is
// not on SQLite (the caller then takes the SOCI path).
Connection* connection_of(soci::session& sql);

// Runs SQL that returns no rows (pragmas, BEGIN/ROLLBACK on a private connection, a script).
void exec(Connection* db, std::string_view sql);

// One prepared statement, finalised when it goes. Parameters are numbered from 1 and
// columns from 0, as in the C API.
class Statement {
 public:
  Statement(Connection* db, std::string_view query);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // The text is not copied: it must stay alive and unchanged until the next step() or reset().
  void bind_text(int i, std::string_view v);
  // The text is copied: for values that do not outlive the call.
  void bind_text_copy(int i, std::string_view v);
  // Bytes as a BLOB (an empty one too, never NULL); not copied, as bind_text().
  void bind_blob(int i, std::string_view bytes);
  void bind_int(int i, std::int64_t v);
  void bind_null(int i);
  // NULL for "" and for 0: the optional references and ids of the payments tables.
  void bind_text_or_null(int i, std::string_view v);
  void bind_int_or_null(int i, std::int64_t v);
  // The number of the parameter written `name` ("$1", ":id"); a missing one throws.
  [[nodiscard]] int parameter(const char* name) const;

  // Steps to the next row: true while there is one.
  bool step();
  // Executes a statement that returns no rows and makes it ready for the next binding.
  void run();
  void reset();

  [[nodiscard]] int columns() const;
  [[nodiscard]] std::int64_t integer(int c) const;
  [[nodiscard]] bool is_null(int c) const;
  // Valid until the next step() or reset(); "" for NULL.
  [[nodiscard]] std::string_view text(int c) const;
  // The bytes of a BLOB column (or of a text one), as text() for lifetime.
  [[nodiscard]] std::string_view blob(int c) const;

 private:
  void check(int rc, const char* what) const;
  [[noreturn]] void fail(const char* what) const;

  Connection* db_;
  sqlite_api::sqlite3_stmt* st_ = nullptr;
};

// A connection of its own to a database file, closed when it goes: for work on another thread
// than the session's (the verification's scanners). No mutex is taken (one thread each); the
// file is read through the page map.
class PrivateConnection {
 public:
  explicit PrivateConnection(const std::string& file);
  ~PrivateConnection();
  PrivateConnection(const PrivateConnection&) = delete;
  PrivateConnection& operator=(const PrivateConnection&) = delete;

  [[nodiscard]] Connection* get() const { return db_; }
  // Tries to begin a transaction that holds the write lock, without waiting long for it:
  // false when another writer holds it.
  bool try_begin_immediate();

 private:
  Connection* db_ = nullptr;
};

// The file behind the connection's main database; "" for a database in memory.
std::string file_of(Connection* db);

}  // namespace komek::store::sqlite
