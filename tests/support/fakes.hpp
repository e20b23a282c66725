// What the unit tests of the services, the store and the API share: the repository's rule
// packs, fakes for the ports the domain takes its time, ids, randomness and registries from
// (STYLE card 7), a directory of the running test's own, and SQL run on a SQLite file around
// the code under test. Header-only: each test program takes only what it uses.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "cases/consent.hpp"
#include "cases/service.hpp"
#include "cases/workflow.hpp"
#include "rules/library.hpp"

namespace komek::test {

// The rule packs of rules/, loaded once per test program (loading parses every pack).
inline rules::Library& library() {
  static std::unique_ptr<rules::Library> lib = rules::Library::load(KOMEK_RULES_DIR).value();
  return *lib;
}

// The office's wall clock, standing where a test puts it.
struct SettableClock : work::Clock {
  explicit SettableClock(const char* at = "2026-03-02T10:00") : now(LocalDateTime::parse(at).value()) {}
  LocalDateTime now_local() override { return now; }
  void set(const char* at) { now = LocalDateTime::parse(at).value(); }
  LocalDateTime now;
};

// Ids "<prefix>1", "<prefix>2", …; atomic, since concurrent requests draw from one source.
struct CountingIds : work::IdSource {
  explicit CountingIds(std::string id_prefix) : prefix(std::move(id_prefix)) {}
  std::string new_id() override { return prefix + std::to_string(++next); }
  std::string prefix;
  std::atomic<int> next{0};
};

// A fixed sequence 1, 2, 3, … modulo the bound in place of the system's CSPRNG.
struct SequenceRandomness : cases::Randomness {
  std::uint32_t uniform(std::uint32_t upper_bound) override { return (++next) % upper_bound; }
  std::uint32_t next = 0;
};

// The registries (004 §7) as a stand-in that answers from the case: the family as submitted,
// with the items a test says they have no data on, taken at a given time, with a given
// snapshot; nothing for the portal's pre-checks.
struct EchoRegistry : cases::RegistryLookup {
  explicit EchoRegistry(std::vector<std::string> missing = {}, std::string answered_at = "t", std::string snapshot = "{}")
      : no_data(std::move(missing)), taken_at(std::move(answered_at)), snapshot_json(std::move(snapshot)) {}
  Result<cases::RegistryAnswer> lookup(const cases::Case& c, Date) override {
    return cases::RegistryAnswer{c.family_json, no_data, taken_at, snapshot_json};
  }
  Result<cases::PortalFacts> portal_facts(const std::string&, Date) override { return cases::PortalFacts{}; }
  std::vector<std::string> no_data;
  std::string taken_at;
  std::string snapshot_json;
};

// An application of Koksu district for disaster help (natural disaster of 20 February 2026),
// as an officer registers it on 2 March 2026.
inline cases::Intake disaster_intake() {
  cases::Intake in;
  in.pack_id = "koksu-local";
  in.programmes = {"disaster_help"};
  in.family_json = R"({"territory": "334820000", "application_date": "2026-03-02", "members": [{"iin": "900101300811",
      "birth_date": "1990-01-01", "relation": "applicant"}], "facts": [{"type": "natural_disaster", "date": "2026-02-20"}]})";
  in.applicant_name = "Айгүл";
  return in;
}

// A fresh directory of the running test's own under the system's temporary directory, named
// by process, suite and test ('/' of parameterised names made '-', so that nothing nests),
// and removed with everything in it when the fixture goes: declare it before the members that
// keep files open in it.
class TestDir {
 public:
  TestDir() {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "-" + info->name();
    for (char& ch : name)
      if (ch == '/') ch = '-';
    path_ = std::filesystem::temp_directory_path() / ("komek-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TestDir() {
    std::error_code ignored;  // a destructor must not throw; the system cleans its temporary directory
    std::filesystem::remove_all(path_, ignored);
  }
  TestDir(const TestDir&) = delete;
  TestDir& operator=(const TestDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::filesystem::path& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Runs SQL directly on a SQLite file, around the code under test (to inspect and to tamper):
// every statement of `sql` in turn, with foreign keys on as the store sets them per
// connection. The first column of the last row a statement gave ("" for none or NULL), or
// "ERROR" when a statement fails.
inline std::string sqlite_value(const std::string& file, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_exec(db, "PRAGMA foreign_keys=ON", nullptr, nullptr, nullptr);
  std::string out;
  bool ok = true;
  const char* tail = sql.c_str();
  while (ok && tail != nullptr && *tail != '\0') {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, tail, -1, &st, &tail) != SQLITE_OK) {
      ok = false;
      break;
    }
    if (st == nullptr) break;  // only white space or a comment left
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(st, 0);
      out = text != nullptr ? reinterpret_cast<const char*>(text) : "";
    } else if (rc != SQLITE_DONE) {
      ok = false;
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return ok ? out : "ERROR";
}

}  // namespace komek::test
