// komek holiday-list make: the holiday and memorable-day list of a pack for a date, made from
// the registry without applications (001 §10, §25) — the same use case as
// POST /api/v1/holiday-lists; a second run for the same pack and date makes no second list.
// komek assignments registry-events: the registry sweep for deaths and moves (001 §22).
#include <iostream>

#include "cases/assignment_json.hpp"
#include "cli/cli.hpp"
#include "cli/wiring.hpp"
#include "core/messages.hpp"

#ifndef KOMEK_MIGRATIONS_DIR
#error "KOMEK_MIGRATIONS_DIR must be defined by the build"
#endif

namespace komek::cli {
namespace {

struct AftercareArgs {
  std::string db = "komek-data/komek.db";
  std::string postgresql;
  std::string pack;
  std::string date;
  std::string territory;
  std::uint64_t registry_seed = 2026;
  std::string registry_district = "334800000";
  int registry_families = 5000;
};

void add_store_options(CLI::App* cmd, AftercareArgs& a) {
  cmd->add_option("--db", a.db, "SQLite database file")->capture_default_str();
  cmd->add_option("--pg", a.postgresql, "PostgreSQL libpq conninfo (instead of --db)");
  cmd->add_option("--registry-seed", a.registry_seed, "Seed of the synthetic registry")->capture_default_str();
  cmd->add_option("--registry-district", a.registry_district, "KATO of the synthetic registry's district")->capture_default_str();
  cmd->add_option("--registry-families", a.registry_families, "Families in the synthetic registry")
      ->capture_default_str()->check(CLI::Range(1, 200000));
}

Result<std::unique_ptr<Services>> open_services(const GlobalOptions& options, const AftercareArgs& a) {
  ServicesConfig c;
  c.rules_dir = options.rules();
  c.db_path = a.db;
  c.postgresql = a.postgresql;
  c.migrations_dir = KOMEK_MIGRATIONS_DIR;
  c.registry_seed = a.registry_seed;
  c.registry_district = a.registry_district;
  c.registry_families = a.registry_families;
  return make_services(c);
}

// The command line acts as the system on behalf of the authorized body of a territory.
work::Actor system_actor(const std::string& territory) { return work::Actor{"system:cli", "officer", territory, "", "cli"}; }

}  // namespace

void add_aftercare_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* lists = app.add_subcommand("holiday-list", "Holiday and memorable-day lists (001 §10, §25)");
  lists->require_subcommand(1);
  CLI::App* make = lists->add_subcommand("make", "Make the list of a pack for a date from the registry; once only");
  auto a = std::make_shared<AftercareArgs>();
  make->add_option("--pack", a->pack, "A local rule pack with holiday payments (e.g. atyrau-007)")->required();
  make->add_option("--date", a->date, "The holiday or memorable day, YYYY-MM-DD")->required();
  add_store_options(make, *a);
  make->callback([&options, &exit_code, a] {
    auto date = Date::parse(a->date);
    if (!date) {
      exit_code = report_error(options, date.error().at_field("--date"));
      return;
    }
    auto services = open_services(options, *a);
    if (!services) {
      exit_code = report_error(options, services.error());
      return;
    }
    // Each run is its own request; the list's own key (pack, district, date) keeps it single,
    // and a rerun says so.
    const std::string stamp = (*services)->service->clock().now_local().iso() + ":" + (*services)->ids.new_id();
    const work::RequestKey key{"holiday-list:" + a->pack + ":" + a->date + ":" + stamp, a->pack + "|" + a->date};
    auto r = (*services)->assignments->make_holiday_list(system_actor(""), key, a->pack, *date);
    if (!r) {
      exit_code = report_error(options, r.error());
      return;
    }
    const cases::HolidayList& list = r->value;
    const bool existing = r->effect != work::Effect::kCreated;
    if (options.json) {
      nlohmann::json j = cases::to_json(list);
      j["existing"] = existing;
      print_json(j);
    } else {
      std::cout << (existing ? "Already made: " : "Made: ") << "list " << list.id << " of " << list.pack_id << " for "
                << list.date.iso() << "\n"
                << "  recipients: " << list.entries.size() << "\n"
                << "  total:      " << list.total().format(options.language()) << "\n";
      for (const auto& e : list.entries)
        std::cout << "  " << e.programme << "  " << e.name << "  " << e.amount.format(options.language()) << "\n";
    }
    exit_code = kExitOk;
  });

  CLI::App* assignments = app.add_subcommand("assignments", "Assignments after the decision");
  assignments->require_subcommand(1);
  CLI::App* sweep = assignments->add_subcommand("registry-events",
                                                "Ask the registry about every active assignment; terminate on death or moving out (001 §22)");
  auto s = std::make_shared<AftercareArgs>();
  sweep->add_option("--territory", s->territory, "KATO prefix to sweep (default: all)");
  add_store_options(sweep, *s);
  sweep->callback([&options, &exit_code, s] {
    auto services = open_services(options, *s);
    if (!services) {
      exit_code = report_error(options, services.error());
      return;
    }
    // Each sweep is its own request: a key from the moment it runs.
    const std::string stamp = (*services)->service->clock().now_local().iso();
    auto r = (*services)->assignments->apply_registry_events(system_actor(s->territory), {"registry-events:" + stamp, stamp});
    if (!r) {
      exit_code = report_error(options, r.error());
      return;
    }
    const cases::RegistrySweep& sweep_done = r->value;
    if (options.json) {
      print_json(cases::to_json(sweep_done));
    } else {
      std::cout << "Checked " << sweep_done.checked << " assignments; " << sweep_done.events.size() << " events\n";
      for (const auto& e : sweep_done.events)
        std::cout << "  " << e.assignment << "  " << e.ground << " on " << e.event_on.iso()
                  << (e.terminated ? "  terminated" : "  not terminated") << "\n";
    }
    exit_code = kExitOk;
  });
}

}  // namespace komek::cli
