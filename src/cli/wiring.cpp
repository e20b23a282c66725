#include "cli/wiring.hpp"

#include <fstream>
#include <sstream>

#include <sodium.h>

#include "cli/registry_lookup.hpp"
#include "core/timezone.hpp"
#include "store/case_store.hpp"
#include "store/user_store.hpp"

namespace komek::cli {

LocalDateTime SystemClock::now_local() {
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  return local_time_in(kAlmatyZone, now).value();
}

std::chrono::sys_seconds SystemClock::now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

LocalDateTime FileClock::now_local() {
  std::ifstream in(file_);
  std::string text;
  std::getline(in, text);
  auto t = LocalDateTime::parse(text);
  // A test clock that cannot be read is a broken test set-up, not a user error.
  if (!t) throw std::runtime_error("test clock " + file_.string() + ": '" + text + "' is not YYYY-MM-DDTHH:MM");
  return *t;
}

std::string RandomIds::new_id() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

Result<std::unique_ptr<Services>> make_services(const ServicesConfig& config) {
  if (sodium_init() < 0) return fail(ErrorCode::kInternal, "internal.error", {{"correlation_id", "sodium_init"}});
  auto s = std::make_unique<Services>();
  auto rules = rules::Library::load(config.rules_dir);
  if (!rules) return tl::unexpected(rules.error());
  s->rules = std::move(*rules);
  std::error_code ec;
  if (config.postgresql.empty() && config.db_path.has_parent_path())
    std::filesystem::create_directories(config.db_path.parent_path(), ec);
  auto db = config.postgresql.empty()
                ? store::Database::open({config.db_path.string(), config.migrations_dir, 4, "sqlite"})
                : store::Database::open({config.postgresql, config.migrations_dir, 4, "postgresql"});
  if (!db) return tl::unexpected(db.error());
  s->db = std::move(*db);
  s->cases = store::make_case_store(*s->db);
  s->users = store::make_user_store(*s->db);
  // The audit chain is verified at every start: a broken chain stops the server (R5).
  if (auto chain = s->cases->verify_audit_chain(); !chain) return tl::unexpected(chain.error());
  s->workflow = std::make_unique<cases::Workflow>(s->rules->calendar(), *s->rules);
  auto registry = make_registry_lookup(config.registry_seed, config.registry_district, config.registry_families, *s->rules);
  if (!registry) return tl::unexpected(registry.error());
  s->registry = std::move(*registry);
  cases::Clock* clock = &s->system_clock;
  if (!config.clock_file.empty()) {
    s->test_clock = std::make_unique<FileClock>(config.clock_file);
    clock = s->test_clock.get();
  }
  s->service = std::make_unique<cases::CaseService>(*s->cases, *s->workflow, *clock, s->ids, *s->registry);
  s->auth = std::make_unique<api::Authenticator>(*s->users, s->system_clock);
  return s;
}

}  // namespace komek::cli
