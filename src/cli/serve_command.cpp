// komek serve: the HTTP server on SQLite; komek users add: staff and applicant accounts.
#include <fstream>
#include <iostream>

#include <spdlog/spdlog.h>

#include "api/app.hpp"
#include "api/http_server.hpp"
#include "cli/cli.hpp"
#include "cli/wiring.hpp"
#include "core/iin.hpp"
#include "core/messages.hpp"
#include "notify/sms_gateway.hpp"
#include "notify/worker.hpp"
#include "store/user_store.hpp"

#ifndef KOMEK_DEFAULT_WEB_DIR
#error "KOMEK_DEFAULT_WEB_DIR must be defined by the build"
#endif
#ifndef KOMEK_MIGRATIONS_DIR
#error "KOMEK_MIGRATIONS_DIR must be defined by the build"
#endif

namespace komek::cli {
namespace {

struct ServeArgs {
  api::ServerConfig server;
  std::string db = "komek-data/komek.db";
  std::string postgresql;
  std::string clock;
  std::string web = KOMEK_DEFAULT_WEB_DIR;
  int registry_families = 5000;
  std::string registry_district = "334800000";
  bool demo = false;
  NotifySettings notify;
};

ServicesConfig services_config(const GlobalOptions& options, const std::string& db) {
  ServicesConfig c;
  c.rules_dir = options.rules();
  c.db_path = db;
  c.migrations_dir = KOMEK_MIGRATIONS_DIR;
  return c;
}

}  // namespace

int run_demo_setup(Services& services, const ServicesConfig& config, std::ostream& out);

void add_serve_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("serve", "Run the HTTP server until SIGINT or SIGTERM");
  auto args = std::make_shared<ServeArgs>();
  cmd->add_option("--address", args->server.address, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", args->server.port, "TCP port")->capture_default_str()->check(CLI::Range(1, 65535));
  cmd->add_option("--threads", args->server.threads, "I/O threads")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--workers", args->server.workers, "Threads that handle requests")->capture_default_str()->check(CLI::Range(1, 256));
  cmd->add_option("--db", args->db, "SQLite database file (created if missing)")->capture_default_str();
  cmd->add_option("--pg", args->postgresql, "Use PostgreSQL at this libpq conninfo instead of SQLite");
  cmd->add_option("--clock", args->clock, "Tests only: read the local time from this file at every request");
  cmd->add_option("--web", args->web, "Folder of the web interface (index.html, js/, i18n/)")->capture_default_str();
  cmd->add_option("--registry-families", args->registry_families, "Families in the synthetic registry")
      ->capture_default_str()->check(CLI::Range(1, 200000));
  cmd->add_option("--registry-district", args->registry_district, "KATO of the synthetic registry's district")
      ->capture_default_str();
  cmd->add_flag("--demo", args->demo, "Create the demo district once (Koksu pack, synthetic registry, a user per role)");
  add_notify_options(*cmd, args->notify);
  cmd->callback([&options, &exit_code, args] {
    if (!args->notify.sms_gateway.empty())
      if (auto ok = notify::check_gateway_url(args->notify.sms_gateway); !ok) {
        exit_code = report_error(options, ok.error());
        return;
      }
    ServicesConfig config = services_config(options, args->db);
    config.postgresql = args->postgresql;
    config.clock_file = args->clock;
    config.web_dir = args->web;
    config.registry_families = args->registry_families;
    config.registry_district = args->registry_district;
    config.creating = args->demo;
    auto services = make_services(config);
    if (!services) {
      exit_code = report_error(options, services.error());
      if (exit_code == kExitUsage) exit_code = kExitFailure;
      return;
    }
    if (args->demo)
      if (int rc = run_demo_setup(**services, config, std::cout); rc != 0) {
        exit_code = rc;
        return;
      }
    api::App api_app(*(*services)->auth, KOMEK_VERSION, (*services)->routes);
    // The notifications dispatcher runs beside the server and stops with it (its destructor
    // joins the thread after run_server returns on SIGINT or SIGTERM).
    auto notify_worker = start_notify_worker(**services, args->notify);
    if (!notify_worker) {
      exit_code = report_error(options, notify_worker.error());
      return;
    }
    // Third-party requests left unanswered in their window (consent_answer) and offers past
    // theirs close on their own, well within the status_service period of 004 App 14
    // (rules/procedure/kz.yaml), even when nobody reads them.
    Services& s = **services;
    notify::Worker sweeper(
        [&s] {
          if (auto r = s.consent->sweep(); !r) spdlog::warn("consent sweep: {}", r.error().message_key);
          if (auto r = s.offers->sweep(); !r) spdlog::warn("offers sweep: {}", r.error().message_key);
        },
        std::chrono::seconds(60));
    sweeper.start();
    try {
      exit_code = api::run_server(
          args->server, [&api_app](const api::HttpRequest& r) { return api_app.handle(r); },
          [&args](const std::string& url) {
            std::cout << "Komek is listening on " << url << "\n"
                      << "  health:  " << url << "/health\n"
                      << "  web:     " << url << "/\n"
                      << "  API:     " << url << "/api/v1/openapi.json\n"
                      << "  data:    " << args->db << "\n"
                      << "Stop with Ctrl+C (SIGINT) or SIGTERM." << std::endl;
          });
    } catch (const std::exception& e) {
      spdlog::error("the server could not run: {}", e.what());
      exit_code = kExitFailure;
    }
  });

  CLI::App* users = app.add_subcommand("users", "Accounts");
  users->require_subcommand(1);
  CLI::App* add = users->add_subcommand("add", "Create or update an account; the password is read from a file or stdin");
  struct AddArgs {
    std::string db = "komek-data/komek.db", postgresql, login, role, territory, name, iin, password_file, wide_grant;
  };
  auto a = std::make_shared<AddArgs>();
  add->add_option("--db", a->db, "SQLite database file")->capture_default_str();
  add->add_option("--pg", a->postgresql, "PostgreSQL libpq conninfo (instead of --db)");
  add->add_option("--login", a->login, "Login")->required();
  add->add_option("--role", a->role, "officer, consultant, akim_officer, commission_member, state_corporation_operator, auditor, applicant, third_party")->required();
  add->add_option("--territory", a->territory,
                  "Staff: the KATO code of the district (or smaller unit) the user works in, e.g. 334800000; a region's "
                  "code or 'national' only with --grant-wide-scope. Not for applicants and third parties");
  add->add_option("--grant-wide-scope", a->wide_grant,
                  "Why this account may see a whole region or the country (recorded in the audit chain)");
  add->add_option("--name", a->name, "Full name");
  add->add_option("--iin", a->iin, "The user's own IIN (required for applicants and third parties)");
  add->add_option("--password-file", a->password_file, "File whose first line is the password (default: stdin)");
  add->callback([&options, &exit_code, a] {
    auto role = cases::parse_role(a->role);
    if (!role) {
      exit_code = report_error(options, Error(ErrorCode::kInvalidInput, "usage.invalid", {{"what", "unknown role " + a->role}}).at_field("--role"));
      return;
    }
    // The account as it will be saved, checked before anything else is asked (issue 13
    // findings 2 and 3): an applicant without an IIN or staff without a territory is refused.
    // Staff territories are kept in their canonical form ("334800000" is stored as "3348").
    std::string territory = a->territory;
    {
      cases::User draft;
      draft.role = *role;
      draft.territory = a->territory;
      draft.iin = a->iin;
      auto scope = cases::check_account(draft, !a->wide_grant.empty());
      if (!scope) {
        Error e = scope.error();
        e.field = "--" + (e.field.empty() ? std::string("iin") : e.field);
        exit_code = report_error(options, e);
        return;
      }
      if (!cases::acts_for_itself(*role)) territory = scope->stored();
    }
    std::string password;
    if (a->password_file.empty()) {
      std::getline(std::cin, password);
    } else {
      std::ifstream in(a->password_file);
      std::getline(in, password);
    }
    if (auto ok = api::check_password_policy(password); !ok) {
      exit_code = report_error(options, ok.error().at_field("password"));
      return;
    }
    auto db = a->postgresql.empty() ? store::Database::open({a->db, KOMEK_MIGRATIONS_DIR, 1, "sqlite"})
                                    : store::Database::open({a->postgresql, KOMEK_MIGRATIONS_DIR, 1, "postgresql"});
    if (!db) {
      exit_code = report_error(options, db.error());
      return;
    }
    auto store = store::make_user_store(**db);
    auto hash = api::hash_password(password);
    if (!hash) {
      exit_code = report_error(options, hash.error());
      return;
    }
    cases::User u;
    u.login = a->login;
    u.password_hash = *hash;
    u.role = *role;
    u.territory = territory;
    u.full_name = a->name;
    u.iin = a->iin;
    const std::string reason = a->wide_grant.empty() ? "komek users add" : "komek users add; wide scope: " + a->wide_grant;
    if (auto ok = store->put_user(u, cases::account_audit(u, "administrator:cli", "user.saved", reason)); !ok) {
      exit_code = report_error(options, ok.error());
      return;
    }
    if (options.json) print_json({{"login", u.login}, {"role", a->role}, {"territory", u.territory}});
    else std::cout << "user " << u.login << " (" << a->role << ") saved\n";
  });
}

}  // namespace komek::cli
