// Payments through the built binary: budget set and amend, `komek payments run` twice on the
// same day (the second creates nothing), results imported (duplicates and unknown orders),
// `komek ledger verify`, and a corrupted ledger that stops the server from starting (R5).
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace komek::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class PaymentsE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("komek-e2e-payments-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "k.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  CommandResult komek(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(db_);
    args.push_back("--json");
    return run_command(KOMEK_BINARY, args);
  }
  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }
  fs::path dir_;
  std::string db_;
};

TEST_F(PaymentsE2e, CycleFromTheCommandLine) {
  auto set = komek({"budget", "set", "--programme", "local", "--territory", "334800000", "--year", "2025", "--amount",
                    "100000"});
  ASSERT_EQ(set.exit_code, 0) << set.err << set.out;
  // The assignments' schedule, as the assignment service keeps it.
  sql("INSERT INTO assignments (id, pack_id, programme, recipient_iin, territory, frequency, period_from, period_to, status, "
      "payment_organisation, account, version, data, created_at, updated_at) VALUES ('a1', 'koksu-local', 'local', "
      "'871008401427', '334830100', 'monthly', '2025-04-01', '2025-06-30', 'active', 'HSBKKZKX', 'KZ1', 1, '{}', 'x', 'x'), "
      "('a2', 'koksu-local', 'local', '760212350620', '334830100', 'monthly', '2025-04-01', '2025-06-30', 'active', "
      "'KAZPOST', '', 1, '{}', 'x', 'x');"
      "INSERT INTO assignment_months VALUES ('a1', '2025-04', 2000000), ('a1', '2025-05', 2000000), "
      "('a2', '2025-04', 3000000);");
  auto bad = komek({"payments", "run", "--date", "2025-02-30"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(json::parse(bad.out)["error"]["field"], "--date");
  auto first = komek({"payments", "run", "--date", "2025-03-28"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(json::parse(first.out)["orders"], 2);
  EXPECT_EQ(json::parse(first.out)["ordered_tiyn"], 5000000);
  auto second = komek({"payments", "run", "--date", "2025-03-28", "--client-id", "another"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(json::parse(second.out)["orders"], 0);

  // Results: one paid, one rejected, a duplicate, an unknown order.
  const fs::path results = dir_ / "results.txt";
  {
    std::ofstream out(results);
    out << "order_id;result;date;reason\n"
        << "DM-3348-local-2025-2025-04/a1/2025-04;paid;2025-04-01\n"
        << "DM-3348-local-2025-2025-04/a2/2025-04;rejected;2025-04-01;no such account\n"
        << "DM-3348-local-2025-2025-04/a1/2025-04;paid;2025-04-01\n"
        << "NO-SUCH;paid;2025-04-01\n";
  }
  auto imported = komek({"payments", "import-results", results.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto s = json::parse(imported.out);
  EXPECT_EQ(s["applied"], 2);
  EXPECT_EQ(s["duplicates"], 1);
  EXPECT_EQ(s["unknown"], 1);
  auto again = komek({"payments", "import-results", results.string()});
  EXPECT_EQ(json::parse(again.out), s);  // the same file again: the same answer, nothing new

  auto amend = komek({"budget", "amend", "--programme", "local", "--territory", "334800000", "--year", "2025", "--amount=-1000",
                      "--reason", "decision 7"});
  EXPECT_EQ(amend.exit_code, 0) << amend.err;
  auto verify = komek({"ledger", "verify"});
  ASSERT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_EQ(json::parse(verify.out)["ok"], true);

  // A tampered balance: verify says so (exit 1) and the server refuses to start.
  sql("UPDATE ledger_accounts SET credits_posted = credits_posted + 100 WHERE kind = 'paid'");
  auto broken = komek({"ledger", "verify"});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_EQ(json::parse(broken.out)["ok"], false);
  const int port = free_port();
  BackgroundProcess server(KOMEK_BINARY, {"serve", "--db", db_, "--port", std::to_string(port)});
  int status = -1;
  for (int i = 0; i < 100 && !server.exited(&status); ++i) ::usleep(100'000);
  EXPECT_TRUE(server.exited(&status)) << "a server with a broken ledger must not serve";
  EXPECT_NE(server.output().find("ledger"), std::string::npos) << server.output();
}

}  // namespace
}  // namespace komek::test
