// The concrete implementations the `komek` executable wires together: the system clock (or
// a test clock read from a file), random ids, the database and its stores, the rules, the
// registry. The only place that knows them all (DESIGN.md).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "api/app.hpp"
#include "api/auth.hpp"
#include "cases/service.hpp"
#include "cases/users.hpp"
#include "rules/library.hpp"
#include "store/database.hpp"

namespace komek::cli {

// Asia/Almaty wall clock from the system clock.
class SystemClock final : public cases::Clock, public api::InstantClock {
 public:
  LocalDateTime now_local() override;
  std::chrono::sys_seconds now() override;
};

// A clock for end-to-end tests: the local time is read from a file ("YYYY-MM-DDTHH:MM") at
// every call, so a test moves time by rewriting the file. Sessions keep real time.
class FileClock final : public cases::Clock {
 public:
  explicit FileClock(std::filesystem::path file) : file_(std::move(file)) {}
  LocalDateTime now_local() override;

 private:
  std::filesystem::path file_;
};

class RandomIds final : public cases::IdSource {
 public:
  std::string new_id() override;  // 128 random bits, hex
};

struct Services {
  std::unique_ptr<rules::Library> rules;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<cases::CaseStore> cases;
  std::unique_ptr<cases::UserStore> users;
  std::unique_ptr<cases::Workflow> workflow;
  std::unique_ptr<cases::RegistryLookup> registry;
  std::unique_ptr<cases::Clock> test_clock;
  SystemClock system_clock;
  RandomIds ids;
  std::unique_ptr<cases::CaseService> service;
  std::unique_ptr<api::Authenticator> auth;
  // Route groups of the modules beyond the case service (routes_*.cpp), added by
  // make_services in the order they are served.
  std::vector<api::RouteModule> routes;
};

struct ServicesConfig {
  std::filesystem::path rules_dir;
  std::filesystem::path db_path;           // SQLite file, when no PostgreSQL conninfo is given
  std::string postgresql;                  // libpq conninfo: use PostgreSQL instead
  std::filesystem::path migrations_dir;
  std::filesystem::path clock_file;        // empty: the system clock
  std::uint64_t registry_seed = 2026;
  std::string registry_district = "334800000";
  int registry_families = 5000;
};

Result<std::unique_ptr<Services>> make_services(const ServicesConfig& config);

}  // namespace komek::cli
