// komek social report: the accounting report of special social services (003 §14) for a
// period and a territory, read straight from the database, as text, JSON or CSV. Only
// aggregates are printed (no name, no IIN), so it is not a read of personal data.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "reports/csv.hpp"
#include "reports/social_report.hpp"
#include "core/messages.hpp"
#include "social/catalogue.hpp"
#include "social/report.hpp"
#include "store/database.hpp"
#include "store/social_store.hpp"

#ifndef KOMEK_MIGRATIONS_DIR
#error "KOMEK_MIGRATIONS_DIR must be defined by the build"
#endif

namespace komek::cli {
namespace {

struct ReportArgs {
  std::string db, postgresql, from, to, territory;
  bool csv = false;
};

int run_report(const GlobalOptions& options, const ReportArgs& a) {
  auto catalogue = social::Catalogue::load(options.rules() / "social-services.yaml");
  if (!catalogue) {
    const int rc = report_error(options, catalogue.error());
    return rc == kExitUsage ? kExitFailure : rc;  // a broken data directory is the environment's fault
  }
  auto request = social::make_report_request(a.from, a.to, a.territory);
  if (!request) {
    Error e = request.error();
    e.field = "--" + e.field;  // the report's fields are the command's options
    return report_error(options, e);
  }
  if (a.postgresql.empty() && (a.db.empty() || !std::filesystem::exists(a.db)))
    return report_error(options, Error(ErrorCode::kInvalidInput, "file.cannot_open", {{"file", a.db}}).at_field("--db"));
  auto db = a.postgresql.empty() ? store::Database::open({a.db, KOMEK_MIGRATIONS_DIR, 1, "sqlite"})
                                 : store::Database::open({a.postgresql, KOMEK_MIGRATIONS_DIR, 1, "postgresql"});
  if (!db) return report_error(options, db.error());
  auto store = store::make_social_store(**db);
  auto data = store->report_data(request->territory, request->from, request->to);
  if (!data) return report_error(options, data.error());
  const social::Report report = social::build_report(*catalogue, *request, data->plans, data->records);
  const Lang lang = options.language();
  if (a.csv) {
    std::cout << reports::write_csv(reports::social_report_table(*catalogue, report, lang));
    return kExitOk;
  }
  if (options.json) {
    std::cout << social::report_json(*catalogue, report, lang) << "\n";
    return kExitOk;
  }
  std::cout << "Special social services, " << request->from.iso() << " .. " << request->to.iso() << ", territory "
            << (request->territory.empty() ? "all" : request->territory) << " (003 §14)\n"
            << "persons served: " << report.persons_total << "\n";
  for (const auto& c : catalogue->categories())
    if (auto it = report.persons_by_category.find(c.code); it != report.persons_by_category.end())
      std::cout << "  " << c.name(lang) << ": " << it->second << "\n";
  std::cout << "by form:\n";
  for (const auto& f : catalogue->forms())
    if (auto it = report.persons_by_form.find(f.code); it != report.persons_by_form.end())
      std::cout << "  " << f.name(lang) << ": " << it->second << "\n";
  std::cout << "services by type (planned / delivered / refused):\n";
  for (const auto& line : report.types) {
    const auto* t = catalogue->find_type(line.type);
    std::cout << "  " << (t != nullptr ? t->name(lang) : line.type) << ": " << line.planned << " / " << line.delivered
              << " / " << line.refused << "\n";
  }
  std::cout << "plans opened: " << report.plans_opened << "\n";
  for (const auto& [reason, n] : report.plans_closed_by_reason) {
    const auto* r = catalogue->find_reason(reason);
    std::cout << "plans closed, " << (r != nullptr ? r->name(lang) : reason) << ": " << n << "\n";
  }
  return kExitOk;
}

}  // namespace

void add_social_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* social = app.add_subcommand("social", "Special social services (seed 003)");
  social->require_subcommand(1);
  CLI::App* report = social->add_subcommand("report", "The accounting report for a period and territory (003 §14)");
  auto a = std::make_shared<ReportArgs>();
  a->db = "komek-data/komek.db";
  report->add_option("--db", a->db, "SQLite database file")->capture_default_str();
  report->add_option("--pg", a->postgresql, "PostgreSQL libpq conninfo (instead of --db)");
  report->add_option("--from", a->from, "First day, YYYY-MM-DD")->required();
  report->add_option("--to", a->to, "Last day, YYYY-MM-DD")->required();
  report->add_option("--territory", a->territory, "KATO prefix (default: the whole database)");
  report->add_flag("--csv", a->csv, "Print CSV (section,category,…,persons,planned,delivered,refused)");
  report->callback([&options, &exit_code, a] { exit_code = run_report(options, *a); });
}

}  // namespace komek::cli
