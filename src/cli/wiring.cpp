#include "cli/wiring.hpp"

#include <fstream>
#include <thread>
#include <sstream>

#include <sodium.h>

#include "api/routes.hpp"
#include "cases/me_service.hpp"
#include "notify/notice_service.hpp"
#include "cli/registry_lookup.hpp"
#include "core/timezone.hpp"
#include "store/case_store.hpp"
#include "store/document_store.hpp"
#include "store/user_store.hpp"
#include "store/social_store.hpp"
#include "store/statistics_store.hpp"
#include "store/payments_store.hpp"
#include "store/outbox_store.hpp"

namespace komek::cli {

LocalDateTime SystemClock::now_local() {
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  return local_time_in(kAlmatyZone, now).value();
}

std::chrono::sys_seconds SystemClock::now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

LocalDateTime FileClock::now_local() {
  std::string text;
  // A test rewriting the file may be caught between truncating and writing it: read again
  // for a moment before calling the set-up broken.
  for (int attempt = 0; attempt < 50; ++attempt) {
    std::ifstream in(file_);
    text.clear();
    std::getline(in, text);
    if (auto t = LocalDateTime::parse(text)) return *t;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  // A test clock that cannot be read is a broken test set-up, not a user error.
  throw std::runtime_error("test clock " + file_.string() + ": '" + text + "' is not YYYY-MM-DDTHH:MM");
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
                ? store::Database::open({config.db_path.string(), config.migrations_dir, 4, "sqlite", config.creating})
                : store::Database::open({config.postgresql, config.migrations_dir, 4, "postgresql"});
  if (!db) return tl::unexpected(db.error());
  s->db = std::move(*db);
  s->cases = store::make_case_store(*s->db);
  s->users = store::make_user_store(*s->db);
  // The audit chain is verified at every start: a broken chain stops the server (R5).
  KOMEK_CHECK(s->cases->verify_audit_chain());
  // So is the payments ledger: a ledger that fails any invariant stops the server from
  // serving (R5); it is never repaired silently.
  s->payments_store = store::make_payments_store(*s->db);
  if (auto ledger = s->payments_store->verify(); !ledger) {
    return tl::unexpected(ledger.error());
  } else if (!ledger->ok()) {
    return fail(ErrorCode::kInternal, "payments.ledger_broken",
                {{"invariant", ledger->violations.front().invariant}, {"detail", ledger->violations.front().detail}});
  }
  s->workflow = std::make_unique<cases::Workflow>(s->rules->calendar(), *s->rules);
  auto registry = make_registry_lookup(config.registry_seed, config.registry_district, config.registry_families, *s->rules);
  if (!registry) return tl::unexpected(registry.error());
  s->registry = std::move(*registry);
  work::Clock* clock = &s->system_clock;
  if (!config.clock_file.empty()) {
    s->test_clock = std::make_unique<FileClock>(config.clock_file);
    clock = s->test_clock.get();
  }
  // The regional figures an administrator entered, laid over the shipped parameters for
  // every evaluation of a case (issue 16).
  s->statistics_store = store::make_statistics_store(*s->db);
  s->statistics = std::make_unique<statistics::StatisticsService>(*s->statistics_store, *s->rules, *clock);
  s->service = std::make_unique<cases::CaseService>(*s->cases, *s->workflow, *clock, s->ids, *s->registry, s->statistics.get());
  s->auth = std::make_unique<api::Authenticator>(*s->users, s->system_clock);
  s->routes.push_back(api::session_routes(*s->auth));
  s->routes.push_back(api::case_routes(*s->service));
  s->routes.push_back(api::report_routes(*s->service));
  s->assignments = std::make_unique<cases::AssignmentService>(*s->cases, *s->workflow, *clock, s->ids, *s->registry, *s->registry);
  s->complaints = std::make_unique<cases::ComplaintService>(*s->cases, *s->workflow, *clock, s->ids);
  s->routes.push_back(api::aftercare_routes(*s->assignments, *s->complaints));
  s->routes.push_back(api::dashboard_routes(*s->service));
  s->routes.push_back(api::statistics_routes(*s->statistics, *s->service));
  s->document_store = store::make_document_store(*s->db);
  s->documents = std::make_unique<cases::DocumentService>(*s->document_store, *clock, s->ids);
  s->routes.push_back(api::document_routes(*s->documents));
  s->me = std::make_unique<cases::MeService>(*s->cases, *s->users, *s->registry, *clock);
  s->routes.push_back(api::me_routes(*s->me));
  auto social_catalogue = social::Catalogue::load(config.rules_dir / "social-services.yaml");
  if (!social_catalogue) return tl::unexpected(social_catalogue.error());
  s->social_catalogue = std::make_unique<social::Catalogue>(std::move(*social_catalogue));
  s->social_store = store::make_social_store(*s->db);
  s->social = std::make_unique<social::SocialService>(*s->social_store, *s->social_catalogue, *clock, s->ids);
  s->routes.push_back(api::social_routes(*s->social));
  s->payments = std::make_unique<payments::PaymentService>(*s->payments_store, s->rules->calendar(), s->rules->procedure(),
                                                           payments::CycleConfig{}, s->rules->money_ceilings());
  s->routes.push_back(api::payments_routes(*s->payments));
  s->notifications = store::make_notification_store(*s->db);
  s->notices = std::make_unique<notify::NoticeService>(*s->service, *s->notifications, *s->rules, *s->users);
  s->routes.push_back(api::notify_routes(*s->notices));
  KOMEK_CHECK(add_consent_services(*s, config, *clock));
  s->routes.push_back(api::web_routes(api::WebConfig{config.web_dir}, *s->service, *s->rules));
  return s;
}

}  // namespace komek::cli
