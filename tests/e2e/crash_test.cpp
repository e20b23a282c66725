// RELIABILITY R1: kill -9 during intake. Clients submit applications with their own
// idempotency keys while the server is killed at random moments and restarted; every
// application acknowledged must be there exactly once, none twice, none unasked for.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace komek::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::atoi(v) : fallback;
}

// One value (or one column of rows) from the database, through its own command-line client.
std::string query(const std::string& conninfo, const std::string& db, const std::string& sql) {
  auto r = conninfo.empty() ? run_command("/usr/bin/sqlite3", {db, sql})
                            : run_command("/usr/bin/psql", {conninfo, "-At", "-c", sql});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == '\r')) r.out.pop_back();
  return r.out;
}

// SQLite always; PostgreSQL when KOMEK_TEST_PG names a server (scripts/test.sh starts one).
std::vector<std::string> backends() {
  std::vector<std::string> out = {"sqlite"};
  if (const char* pg = std::getenv("KOMEK_TEST_PG"); pg != nullptr && *pg != '\0') out.push_back("postgresql");
  return out;
}

class Crash : public ::testing::TestWithParam<std::string> {};

TEST_P(Crash, KillNineDuringIntakeLosesNothingAndDuplicatesNothing) {
  const bool pg = GetParam() == "postgresql";
  const int applications = env_int("KOMEK_R1_APPLICATIONS", 1000);
  const int kills = env_int("KOMEK_R1_KILLS", 20);
  const fs::path dir = fs::temp_directory_path() / ("komek-r1-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "k.db").string();
  const std::string conninfo = pg ? std::getenv("KOMEK_TEST_PG") : "";
  if (pg) {
    ASSERT_EQ(run_command("/usr/bin/psql", {conninfo, "-q", "-c",
                                            "DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP FUNCTION IF EXISTS komek_append_only CASCADE;"})
                  .exit_code,
              0);
  }
  const std::vector<std::string> where = pg ? std::vector<std::string>{"--pg", conninfo} : std::vector<std::string>{"--db", db};
  std::ofstream(dir / "pw") << "correct horse battery staple\n";
  std::vector<std::string> add = {"users", "add", "--login", "harness", "--role", "officer", "--territory", "3348",
                                  "--password-file", (dir / "pw").string()};
  add.insert(add.end(), where.begin(), where.end());
  ASSERT_EQ(run_command(KOMEK_BINARY, add).exit_code, 0);
  const int port = free_port();
  std::vector<std::string> serve = {"serve", "--port", std::to_string(port), "--registry-families", "10"};
  serve.insert(serve.end(), where.begin(), where.end());
  std::mutex server_mutex;
  auto server = std::make_unique<BackgroundProcess>(KOMEK_BINARY, serve);
  ASSERT_TRUE(wait_for_port(port, 60s)) << server->output();
  auto session = http_request(port, "POST", "/api/v1/sessions", {}, R"({"login": "harness", "password": "correct horse battery staple"})");
  const std::string token = json::parse(session.body)["token"];

  const std::string body = json{{"channel", "authorized_body"}, {"pack", "koksu-local"},
                                {"family", json::parse(R"({"territory": "334820000", "application_date": "2026-03-02",
                                   "members": [{"birth_date": "1990-01-01", "relation": "applicant"}]})")}}
                               .dump();
  std::atomic<int> next{0};
  std::atomic<int> retries{0};
  std::atomic<bool> done{false};
  std::atomic<int> killed{0};
  std::mutex ids_mutex;
  std::map<std::string, std::string> id_of_key;  // the :ok log: key → case id acknowledged

  // The killer: SIGKILL at uniform 20-300 ms intervals (seeded), then restart.
  std::thread killer([&] {
    std::mt19937 rng(20261122);
    std::uniform_int_distribution<int> wait_ms(20, 300);
    for (int k = 0; k < kills; ++k) {
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms(rng)));
      std::lock_guard lock(server_mutex);
      server->stop(SIGKILL, 10s);
      ++killed;
      server = std::make_unique<BackgroundProcess>(KOMEK_BINARY, serve);
      wait_for_port(port, 60s);
    }
    done = true;
  });
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      // At least `applications`, and on until the last kill: every kill lands mid-intake.
      for (int i = next++; i < applications || !done; i = next++) {
        const std::string key = "r1-" + std::to_string(i);
        // Re-send the same key until it is acknowledged: refused connections and resets are
        // ":info" outcomes that may or may not have taken effect.
        for (int attempt = 0; attempt < 2000; ++attempt) {
          try {
            auto r = http_request(port, "POST", "/api/v1/cases", {"Authorization: Bearer " + token, "Idempotency-Key: " + key}, body);
            if (r.status == 201) {
              std::lock_guard lock(ids_mutex);
              id_of_key[key] = json::parse(r.body)["id"];
              break;
            }
            ADD_FAILURE() << key << ": status " << r.status << " " << r.body;
            break;
          } catch (const std::exception&) {
            ++retries;
            std::this_thread::sleep_for(20ms);
          }
        }
      }
    });
  }
  killer.join();
  for (auto& t : clients) t.join();
  const int submitted = next.load() - 4;  // each client's last fetch was past the end
  {
    std::lock_guard lock(server_mutex);
    EXPECT_EQ(server->stop(SIGTERM, 20s), 0) << server->output();
  }

  // The final read, as Jepsen's set checker does it.
  const int acknowledged = static_cast<int>(id_of_key.size());
  ASSERT_GE(acknowledged, applications);
  EXPECT_EQ(acknowledged, submitted) << "every key was acknowledged";
  EXPECT_EQ(killed.load(), kills);
  std::set<std::string> ids;
  for (const auto& [key, id] : id_of_key) ids.insert(id);
  EXPECT_EQ(static_cast<int>(ids.size()), acknowledged) << "one case per key";
  const std::string stored = query(conninfo, db, "SELECT COUNT(*) FROM cases");
  const std::string keys = query(conninfo, db, "SELECT COUNT(*) FROM idempotency_keys WHERE principal = 'harness'");
  EXPECT_EQ(stored, std::to_string(acknowledged)) << "lost or unexpected cases";
  EXPECT_EQ(keys, std::to_string(acknowledged));
  // Every acknowledged case is stored, and nothing else is.
  std::set<std::string> stored_ids;
  std::stringstream lines(query(conninfo, db, "SELECT id FROM cases"));
  for (std::string line; std::getline(lines, line);) stored_ids.insert(line);
  EXPECT_EQ(stored_ids, ids);
  if (!pg) {
    EXPECT_EQ(query(conninfo, db, "PRAGMA integrity_check"), "ok");
  }
  // And the server starts again on it, verifying the audit chain.
  BackgroundProcess again(KOMEK_BINARY, serve);
  EXPECT_TRUE(wait_for_port(port, 60s)) << again.output();
  EXPECT_EQ(again.stop(SIGTERM, 20s), 0);
  std::printf("R1 (%s): %d applications, %d kills, %d retried requests; lost 0, duplicated 0\n", GetParam().c_str(), acknowledged, killed.load(),
              retries.load());
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, Crash, ::testing::ValuesIn(backends()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace
}  // namespace komek::test
