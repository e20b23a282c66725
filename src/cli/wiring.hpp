// The concrete implementations the `komek` executable wires together: the system clock (or
// a test clock read from a file), random ids, the database and its stores, the rules, the
// registry. The only place that knows them all (DESIGN.md).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "api/app.hpp"
#include "api/auth.hpp"
#include "cli/registry_lookup.hpp"
#include "cases/assignment_service.hpp"
#include "cases/complaint_service.hpp"
#include "cases/document_service.hpp"
#include "cases/offer_service.hpp"
#include "cases/service.hpp"
#include "cases/users.hpp"
#include "notify/delivery.hpp"
#include "notify/notice_service.hpp"
#include "cases/me_service.hpp"
#include "payments/payments.hpp"
#include "rules/library.hpp"
#include "social/service.hpp"
#include "statistics/service.hpp"
#include "store/database.hpp"

namespace komek::cli {

// Asia/Almaty wall clock from the system clock.
class SystemClock final : public work::Clock, public api::InstantClock {
 public:
  LocalDateTime now_local() override;
  std::chrono::sys_seconds now() override;
};

// A clock for end-to-end tests: the local time is read from a file ("YYYY-MM-DDTHH:MM") at
// every call, so a test moves time by rewriting the file. Sessions keep real time.
class FileClock final : public work::Clock {
 public:
  explicit FileClock(std::filesystem::path file) : file_(std::move(file)) {}
  LocalDateTime now_local() override;

 private:
  std::filesystem::path file_;
};

class RandomIds final : public work::IdSource {
 public:
  std::string new_id() override;  // 128 random bits, hex
};

struct Services {
  std::unique_ptr<rules::Library> rules;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<cases::CaseStore> cases;
  std::unique_ptr<cases::UserStore> users;
  std::unique_ptr<cases::Workflow> workflow;
  std::unique_ptr<RegistryGateway> registry;     // every registry port (cli/registry_lookup.hpp)
  std::unique_ptr<work::Clock> test_clock;
  SystemClock system_clock;
  RandomIds ids;
  std::unique_ptr<cases::CaseService> service;
  std::unique_ptr<api::Authenticator> auth;
  // After the decision: assignments, terminations, holiday lists (cases/assignment_service)
  // and complaints (cases/complaint_service); served by api/routes_aftercare.cpp.
  std::unique_ptr<cases::AssignmentService> assignments;
  std::unique_ptr<cases::ComplaintService> complaints;
  // Documents on a case (001 §11): the copies with their bytes (cases/document_service);
  // served by api/routes_documents.cpp.
  std::unique_ptr<cases::DocumentStore> document_store;
  std::unique_ptr<cases::DocumentService> documents;
  // Special social services (seed 003): the lists of rules/social-services.yaml, the store
  // and the use cases; served by api/routes_social.cpp.
  std::unique_ptr<social::Catalogue> social_catalogue;
  std::unique_ptr<social::SocialStore> social_store;
  std::unique_ptr<social::SocialService> social;
  // Third-party status confirmation and proactive offers (cases/consent_service,
  // cases/offer_service); served by api/routes_consent.cpp, wired by add_consent_services
  // (cli/consent_command.cpp).
  std::unique_ptr<cases::ConsentStore> consent_store;
  std::unique_ptr<cases::Randomness> randomness;
  std::unique_ptr<cases::OfferFamilies> offer_families;
  std::unique_ptr<cases::ConsentService> consent;
  std::unique_ptr<cases::OfferService> offers;
  // Payments through the State Corporation (payments/): its store, verified at start (R5),
  // and the service; served by api/routes_payments.cpp.
  std::unique_ptr<payments::PaymentsStore> payments_store;
  std::unique_ptr<payments::PaymentService> payments;
  // Notifications (notify/): cabinet notices and SMS deliveries of the outbox; served by
  // api/routes_notify.cpp; delivered by the dispatcher `komek serve` runs in the background.
  std::unique_ptr<notify::NotificationStore> notifications;
  std::unique_ptr<notify::NoticeService> notices;
  // The statistics bureau's regional figures entered by an administrator (statistics/):
  // laid over the shipped parameters for the case service; served by api/routes_statistics.cpp.
  std::unique_ptr<statistics::StatisticsStore> statistics_store;
  std::unique_ptr<statistics::StatisticsService> statistics;
  // The applicant's own views: who read my data, the pre-filled application.
  std::unique_ptr<cases::MeService> me;
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
  std::filesystem::path web_dir;           // the web interface's files (web/); empty: no pages
  std::uint64_t registry_seed = 2026;
  std::string registry_district = "334800000";
  int registry_families = 5000;
  int offer_valid_days = 30;               // proactive offers' window [configurable: the law gives none]
  bool creating = false;                   // a new database on purpose (serve --demo): an empty file is new
};

Result<std::unique_ptr<Services>> make_services(const ServicesConfig& config);

// Status confirmation and proactive offers: their store, services and routes (cli/consent_command.cpp).
Result<void> add_consent_services(Services& services, const ServicesConfig& config, work::Clock& clock);

}  // namespace komek::cli
