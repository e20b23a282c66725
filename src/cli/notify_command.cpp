// komek notify run-once: one pass of the notifications dispatcher over a database (tests and
// operators); and the background dispatcher `komek serve` runs (docs/notifications.md).
#include <iostream>

#include <sodium.h>
#include <spdlog/spdlog.h>

#include "cli/cli.hpp"
#include "cli/wiring.hpp"
#include "notify/compose.hpp"
#include "notify/dispatcher.hpp"
#include "notify/sms_gateway.hpp"
#include "notify/worker.hpp"
#include "rules/library.hpp"
#include "store/case_store.hpp"
#include "store/outbox_store.hpp"

#ifndef KOMEK_MIGRATIONS_DIR
#error "KOMEK_MIGRATIONS_DIR must be defined by the build"
#endif

namespace komek::cli {
namespace {

notify::RetryPolicy policy_of(const NotifySettings& s) {
  notify::RetryPolicy p;
  p.base = std::chrono::milliseconds(s.retry_base_ms);
  p.max_attempts = s.max_attempts;
  return p;
}

// Randomness for retry jitter comes from here, not from the domain (STYLE card 7).
double random_jitter() { return static_cast<double>(randombytes_uniform(1'000'000)) / 1'000'000.0; }

notify::Millis instant_now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

notify::PackLookup packs_of(const rules::Library& library) {
  return [&library](const std::string& id) -> const rules::Pack* {
    const auto found = library.packs().find(id);
    return found == library.packs().end() ? nullptr : &found->second;
  };
}

std::unique_ptr<notify::SmsGateway> gateway_of(const NotifySettings& s) {
  if (s.sms_gateway.empty()) return nullptr;
  return notify::make_http_sms_gateway({s.sms_gateway});
}

nlohmann::json report_json(const notify::DispatchReport& r) {
  return {{"dispatched", r.dispatched},
          {"notices", r.notices},
          {"sms_queued", r.sms_queued},
          {"sms_sent", r.sms_sent},
          {"sms_retrying", r.sms_retrying},
          {"sms_failed", r.sms_failed},
          {"messages_failed", r.messages_failed},
          {"gateway", r.gateway},
          {"queue",
           {{"outbox_pending", r.after.outbox_pending},
            {"outbox_failed", r.after.outbox_failed},
            {"sms_pending", r.after.sms_pending},
            {"sms_sent", r.after.sms_sent},
            {"sms_failed", r.after.sms_failed},
            {"notices_late", r.after.notices_late}}}};
}

class BackgroundDispatcher final : public NotifyWorker {
 public:
  BackgroundDispatcher(Services& s, const NotifySettings& settings)
      : gateway_(gateway_of(settings)),
        dispatcher_(*s.notifications, *s.cases, s.rules->calendar(), s.rules->procedure(), packs_of(*s.rules), gateway_.get(),
                    policy_of(settings)),
        clock_(s.test_clock ? *s.test_clock : static_cast<work::Clock&>(s.system_clock)),
        worker_([this] { pass(); }, std::chrono::milliseconds(settings.interval_ms)) {
    if (!gateway_) spdlog::warn("notify: no SMS gateway (--sms-gateway): SMS notices stay pending");
    worker_.start();
  }
  ~BackgroundDispatcher() override { worker_.stop(); }

 private:
  void pass() {
    auto r = dispatcher_.run_once({instant_now(), clock_.now_local().date}, random_jitter);
    if (!r) {
      spdlog::error("notify: the dispatcher's pass failed: {}", r.error().message_key);
      return;
    }
    if (r->dispatched + r->sms_sent + r->sms_retrying + r->sms_failed + r->messages_failed > 0)
      spdlog::info("notify: {}", report_json(*r).dump());
    // Without a gateway, pending SMS are reported once per change, not every pass.
    if (!r->gateway && r->after.sms_pending != reported_pending_) {
      reported_pending_ = r->after.sms_pending;
      if (reported_pending_ > 0) spdlog::warn("notify: {} SMS pending with no gateway configured", reported_pending_);
    }
  }

  std::unique_ptr<notify::SmsGateway> gateway_;
  notify::Dispatcher dispatcher_;
  work::Clock& clock_;
  std::int64_t reported_pending_ = 0;
  notify::Worker worker_;  // last: stopped (in the destructor) before the rest goes
};

}  // namespace

void add_notify_options(CLI::App& command, NotifySettings& settings) {
  command.add_option("--sms-gateway", settings.sms_gateway,
                     "SMS gateway URL (docs/notifications.md); none: SMS notices stay pending and are reported");
  command.add_option("--notify-interval", settings.interval_ms, "Milliseconds between passes of the notifications dispatcher")
      ->capture_default_str()->check(CLI::Range(10, 3'600'000));
  command.add_option("--sms-retry-base", settings.retry_base_ms, "Milliseconds before the first SMS retry (doubles after each)")
      ->capture_default_str()->check(CLI::Range(1, 3'600'000));
  command.add_option("--sms-max-attempts", settings.max_attempts, "SMS attempts before a message is failed")
      ->capture_default_str()->check(CLI::Range(1, 100));
}

Result<std::unique_ptr<NotifyWorker>> start_notify_worker(Services& services, const NotifySettings& settings) {
  if (!settings.sms_gateway.empty())
    KOMEK_CHECK(notify::check_gateway_url(settings.sms_gateway));
  if (!services.notifications) return fail(ErrorCode::kInternal, "internal.error", {{"correlation_id", "notifications"}});
  return std::unique_ptr<NotifyWorker>(std::make_unique<BackgroundDispatcher>(services, settings));
}

void add_notify_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* notify_cmd = app.add_subcommand("notify", "Notifications: cabinet notices and SMS from the outbox");
  notify_cmd->require_subcommand(1);
  CLI::App* run = notify_cmd->add_subcommand("run-once", "One pass of the dispatcher: dispatch the outbox, send due SMS, report");
  struct Args {
    std::string db = "komek-data/komek.db", postgresql, clock;
    NotifySettings settings;
  };
  auto a = std::make_shared<Args>();
  run->add_option("--db", a->db, "SQLite database file")->capture_default_str();
  run->add_option("--pg", a->postgresql, "PostgreSQL libpq conninfo (instead of --db)");
  run->add_option("--clock", a->clock, "Tests only: read the local time from this file");
  add_notify_options(*run, a->settings);
  run->callback([&options, &exit_code, a] {
    if (sodium_init() < 0) {
      exit_code = report_error(options, Error(ErrorCode::kInternal, "internal.error", {{"correlation_id", "sodium_init"}}));
      return;
    }
    if (!a->settings.sms_gateway.empty())
      if (auto ok = notify::check_gateway_url(a->settings.sms_gateway); !ok) {
        exit_code = report_error(options, ok.error());
        return;
      }
    auto library = rules::Library::load(options.rules());
    if (!library) {
      exit_code = report_error(options, library.error());
      if (exit_code == kExitUsage) exit_code = kExitFailure;
      return;
    }
    auto db = a->postgresql.empty() ? store::Database::open({a->db, KOMEK_MIGRATIONS_DIR, 2, "sqlite"})
                                    : store::Database::open({a->postgresql, KOMEK_MIGRATIONS_DIR, 2, "postgresql"});
    if (!db) {
      exit_code = report_error(options, db.error());
      if (exit_code == kExitUsage) exit_code = kExitFailure;
      return;
    }
    auto cases = store::make_case_store(**db);
    auto notifications = store::make_notification_store(**db);
    auto gateway = gateway_of(a->settings);
    notify::Dispatcher dispatcher(*notifications, *cases, (*library)->calendar(), (*library)->procedure(), packs_of(**library),
                                  gateway.get(), policy_of(a->settings));
    std::unique_ptr<work::Clock> clock;
    if (a->clock.empty()) clock = std::make_unique<SystemClock>();
    else clock = std::make_unique<FileClock>(a->clock);
    auto report = dispatcher.run_once({instant_now(), clock->now_local().date}, random_jitter);
    if (!report) {
      exit_code = report_error(options, report.error());
      return;
    }
    if (options.json) {
      print_json(report_json(*report));
    } else {
      const auto& r = *report;
      std::cout << "notify: " << r.dispatched << " message(s) dispatched, " << r.notices << " cabinet notice(s), "
                << r.sms_queued << " SMS queued; SMS sent " << r.sms_sent << ", retrying " << r.sms_retrying << ", failed "
                << r.sms_failed << "; " << r.messages_failed << " message(s) could not be delivered\n"
                << "queue: " << r.after.outbox_pending << " undispatched, " << r.after.sms_pending << " SMS pending, "
                << r.after.sms_sent << " sent, " << r.after.sms_failed << " failed, " << r.after.outbox_failed
                << " message(s) failed, " << r.after.notices_late << " cabinet notice(s) late\n";
      if (!r.gateway && r.after.sms_pending > 0)
        std::cout << "no SMS gateway (--sms-gateway): " << r.after.sms_pending << " SMS wait\n";
    }
    exit_code = kExitOk;
  });
}

}  // namespace komek::cli
