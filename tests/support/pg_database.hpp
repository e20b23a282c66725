// A PostgreSQL database of a test's own on the throwaway cluster that scripts/test.sh starts
// (KOMEK_TEST_PG). CTest runs test cases in parallel processes: each takes a fresh database
// rather than cleaning a shared one under another test's feet. Dropped when the test ends.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <libpq-fe.h>

namespace komek::test {

class PgTestDatabase {
 public:
  explicit PgTestDatabase(const std::string& tag) {
    const char* server = std::getenv("KOMEK_TEST_PG");
    if (server == nullptr || *server == '\0') throw std::runtime_error("KOMEK_TEST_PG is not set");
    server_ = server;
    static std::atomic<int> counter{0};
    name_ = "komek_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    admin("DROP DATABASE IF EXISTS " + name_);
    admin("CREATE DATABASE " + name_);
    // libpq takes the last value of a repeated keyword: the database named here wins.
    conninfo_ = server_ + " dbname=" + name_;
  }
  ~PgTestDatabase() {
    try {
      admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {
      // The cluster is thrown away after the run; a database left behind harms nothing.
    }
  }
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  [[nodiscard]] const std::string& conninfo() const { return conninfo_; }

 private:
  void admin(const std::string& sql) const {
    PGconn* conn = PQconnectdb(server_.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      const std::string what = PQerrorMessage(conn);
      PQfinish(conn);
      throw std::runtime_error("PostgreSQL: " + what);
    }
    PGresult* r = PQexec(conn, sql.c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    const std::string what = ok ? "" : PQerrorMessage(conn);
    PQclear(r);
    PQfinish(conn);
    if (!ok) throw std::runtime_error("PostgreSQL: " + sql + ": " + what);
  }

  std::string server_;
  std::string name_;
  std::string conninfo_;
};

}  // namespace komek::test
