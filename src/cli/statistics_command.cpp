// komek statistics import: the statistics bureau's regional figures from a CSV file
// (docs/regional-statistics.md) — the same use case as POST /api/v1/statistics/import: every
// line checked, all written in one transaction with their audit records, or none, the first
// error naming its line and column. komek statistics list: the figures, entered and shipped.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.hpp"
#include "cli/wiring.hpp"
#include "core/messages.hpp"
#include "core/territory.hpp"

#ifndef KOMEK_MIGRATIONS_DIR
#error "KOMEK_MIGRATIONS_DIR must be defined by the build"
#endif

namespace komek::cli {
namespace {

struct StatisticsArgs {
  std::string db = "komek-data/komek.db";
  std::string postgresql;
  std::string file;
  std::string region;
};

Result<std::unique_ptr<Services>> open_services(const GlobalOptions& options, const StatisticsArgs& a) {
  ServicesConfig c;
  c.rules_dir = options.rules();
  c.db_path = a.db;
  c.postgresql = a.postgresql;
  c.migrations_dir = KOMEK_MIGRATIONS_DIR;
  // The figures need no registry: the smallest synthetic one.
  c.registry_families = 1;
  return make_services(c);
}

void add_store_options(CLI::App* cmd, StatisticsArgs& a) {
  cmd->add_option("--db", a.db, "SQLite database file")->capture_default_str();
  cmd->add_option("--pg", a.postgresql, "PostgreSQL libpq conninfo (instead of --db)");
}

// Whoever runs the command on the server acts for the whole country, as the system.
const work::Actor kSystem{"system:cli", "officer", "", "", "cli"};

}  // namespace

void add_statistics_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* stats = app.add_subcommand("statistics", "The statistics bureau's regional figures (subsistence minimum, median income, poverty line)");
  stats->require_subcommand(1);

  CLI::App* import = stats->add_subcommand("import", "Import figures from a CSV file: series,region,period,value,source,published_on; all lines or none");
  auto a = std::make_shared<StatisticsArgs>();
  import->add_option("--file", a->file, "The CSV file")->required();
  add_store_options(import, *a);
  import->callback([&options, &exit_code, a] {
    std::ifstream in(a->file, std::ios::binary);
    if (!in) {
      exit_code = report_error(options, Error(ErrorCode::kInvalidInput, "file.cannot_open", {{"file", a->file}}));
      return;
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto services = open_services(options, *a);
    if (!services) {
      exit_code = report_error(options, services.error());
      return;
    }
    // Each run is its own request: a key from the moment it runs and a fresh id.
    const std::string stamp = (*services)->service->clock().now_local().iso() + ":" + (*services)->ids.new_id();
    auto r = (*services)->statistics->import_csv(kSystem, {"statistics-import:" + stamp, stamp}, text.str());
    if (!r) {
      Error e = r.error();
      e.field = a->file;  // the file; the message names its line and column
      exit_code = report_error(options, e);
      return;
    }
    if (options.json) {
      nlohmann::json figures = nlohmann::json::array();
      for (const auto& f : r->value.figures) figures.push_back(statistics::figure_json(f));
      print_json({{"entered", r->value.entered}, {"corrected", r->value.corrected}, {"unchanged", r->value.unchanged},
                  {"figures", figures}});
    } else {
      std::cout << "Imported " << r->value.figures.size() << " figures: " << r->value.entered << " new, "
                << r->value.corrected << " corrected, " << r->value.unchanged << " unchanged\n";
      for (const auto& f : r->value.figures)
        std::cout << "  " << f.series << "  " << f.region << "  " << f.period() << "  " << f.value.format(options.language())
                  << (f.demo ? "  [demo]" : "") << "\n";
    }
    exit_code = kExitOk;
  });

  CLI::App* list = stats->add_subcommand("list", "The figures entered and shipped, with their sources");
  auto l = std::make_shared<StatisticsArgs>();
  list->add_option("--region", l->region, "Two KATO digits (default: all regions)");
  add_store_options(list, *l);
  list->callback([&options, &exit_code, l] {
    std::optional<int> region;
    if (!l->region.empty()) {
      if (l->region.size() != 2 || find_region(std::atoi(l->region.c_str())) == nullptr) {
        exit_code = report_error(options, Error(ErrorCode::kInvalidInput, "statistics.region", {{"value", l->region}}).at_field("--region"));
        return;
      }
      region = std::atoi(l->region.c_str());
    }
    auto services = open_services(options, *l);
    if (!services) {
      exit_code = report_error(options, services.error());
      return;
    }
    auto rows = (*services)->statistics->list(region);
    if (!rows) {
      exit_code = report_error(options, rows.error());
      return;
    }
    nlohmann::json out = nlohmann::json::array();
    for (const auto& row : *rows) {
      if (options.json) {
        nlohmann::json j = statistics::figure_json(row.figure);
        j["origin"] = row.shipped ? "shipped" : "entered";
        j["replaced"] = row.replaced;
        if (row.shipped) j["published_on"] = nullptr;  // shipped figures date their source in its text
        out.push_back(j);
        continue;
      }
      std::cout << row.figure.series << "  " << row.figure.region << "  " << row.figure.period() << "  "
                << row.figure.value.format(options.language()) << "  " << (row.shipped ? "shipped" : "entered")
                << (row.replaced ? " (replaced)" : "") << (row.figure.demo ? "  [demo]" : "") << "  " << row.figure.source
                << "\n";
    }
    if (options.json) print_json(out);
    exit_code = kExitOk;
  });
}

}  // namespace komek::cli
