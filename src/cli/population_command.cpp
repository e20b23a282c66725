// komek population generate | import | info — the population file of the whole-population
// engine (docs/population-csv.md, docs/batch.md).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "batch/csv.hpp"
#include "batch/file.hpp"
#include "batch/generate.hpp"
#include "cli/cli.hpp"
#include "core/messages.hpp"
#include "rules/vocabulary.hpp"

namespace komek::cli {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The CSV inside a --csv DIR (a file path is taken as it is).
std::filesystem::path csv_file(const std::string& dir) {
  const std::filesystem::path p(dir);
  return std::filesystem::is_directory(p) ? p / "population.csv" : p;
}

Result<rules::Vocabulary> load_vocabulary(const GlobalOptions& options) {
  return rules::Vocabulary::load(options.rules() / "vocabulary.yaml");
}

Result<Date> as_of_date(const std::string& text) {
  if (text.empty()) return batch::default_as_of();
  auto d = Date::parse(text);
  if (!d) return tl::unexpected(d.error().at_field("--as-of"));
  return *d;
}

void print_summary(const GlobalOptions& options, const batch::Population& p, const std::string& file, double secs,
                   const std::string& csv) {
  if (options.json) {
    nlohmann::json j = {{"file", file},        {"persons", p.person_count()}, {"families", p.family_count()},
                        {"incomes", p.income_count()}, {"as_of", p.as_of().iso()}, {"seconds", secs}};
    if (!csv.empty()) j["csv"] = csv;
    print_json(j);
    return;
  }
  std::cout << file << ": " << p.person_count() << " persons in " << p.family_count() << " families, "
            << p.income_count() << " income records, statuses as of " << p.as_of().iso() << " (" << secs << " s)\n";
  if (!csv.empty()) std::cout << "CSV: " << csv << "\n";
}

struct GenerateArgs {
  std::uint64_t persons = 0;
  std::uint64_t seed = 1;
  std::string out;
  std::string csv;
  std::string as_of;
};

int run_generate(const GlobalOptions& options, const GenerateArgs& args) {
  auto vocabulary = load_vocabulary(options);
  if (!vocabulary) return report_error(options, vocabulary.error());
  auto as_of = as_of_date(args.as_of);
  if (!as_of) return report_error(options, as_of.error());
  if (args.out.empty() && args.csv.empty())
    return report_error(options, Error(ErrorCode::kInvalidInput, "batch.argument", {{"field", "--out"}, {"what", "give --out FILE, --csv DIR or both"}}).at_field("--out"));
  const auto start = Clock::now();
  auto population = batch::generate(*vocabulary, args.persons, args.seed, *as_of);
  if (!population) return report_error(options, population.error().at_field("--persons"));
  if (!args.out.empty())
    if (auto ok = batch::save_population(*population, args.out); !ok) return report_error(options, ok.error().at_field("--out"));
  std::string csv;
  if (!args.csv.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(args.csv, ec);
    csv = csv_file(args.csv).string();
    std::ofstream out(csv, std::ios::binary | std::ios::trunc);
    batch::write_csv(*population, out);
    out.close();
    if (!out)
      return report_error(options, Error(ErrorCode::kInvalidInput, "batch.write", {{"file", csv}, {"what", "write failed"}}).at_field("--csv"));
  }
  print_summary(options, *population, args.out.empty() ? csv : args.out, seconds_since(start), args.out.empty() ? "" : csv);
  return kExitOk;
}

struct ImportArgs {
  std::string csv;
  std::string out;
  std::string as_of;
};

int run_import(const GlobalOptions& options, const ImportArgs& args) {
  auto vocabulary = load_vocabulary(options);
  if (!vocabulary) return report_error(options, vocabulary.error());
  auto as_of = as_of_date(args.as_of);
  if (!as_of) return report_error(options, as_of.error());
  auto dictionary = batch::Dictionary::from(*vocabulary);
  if (!dictionary) return report_error(options, dictionary.error());
  const auto start = Clock::now();
  const std::filesystem::path file = csv_file(args.csv);
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return report_error(options, Error(ErrorCode::kInvalidInput, "batch.read", {{"file", file.string()}, {"what", "no such file or no permission"}}).at_field("--csv"));
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  auto population = batch::read_csv(text, *dictionary, *as_of);
  if (!population) return report_error(options, population.error());  // names the line and column
  if (auto ok = batch::save_population(*population, args.out); !ok) return report_error(options, ok.error().at_field("--out"));
  print_summary(options, *population, args.out, seconds_since(start), "");
  return kExitOk;
}

int run_info(const GlobalOptions& options, const std::string& file) {
  const auto start = Clock::now();
  auto population = batch::load_population(file);
  if (!population) return report_error(options, population.error().at_field("--population"));
  print_summary(options, *population, file, seconds_since(start), "");
  return kExitOk;
}

}  // namespace

void add_population_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* population = app.add_subcommand("population", "The population file of the whole-population engine");
  population->require_subcommand(1);

  auto gen = std::make_shared<GenerateArgs>();
  CLI::App* g = population->add_subcommand("generate", "Generate a deterministic synthetic national population");
  g->add_option("--persons", gen->persons, "Number of persons (1 to 100 000 000)")->required();
  g->add_option("--seed", gen->seed, "Seed: the same seed, persons and date give the same file");
  g->add_option("--out", gen->out, "Population file to write (binary, checksummed)");
  g->add_option("--csv", gen->csv, "Also (or only) export as CSV into this directory (population.csv)");
  g->add_option("--as-of", gen->as_of, "Date the statuses hold on, YYYY-MM-DD (default 2026-01-01)");
  g->callback([&options, &exit_code, gen] { exit_code = run_generate(options, *gen); });

  auto imp = std::make_shared<ImportArgs>();
  CLI::App* i = population->add_subcommand("import", "Import a population from CSV (all rows or none)");
  i->add_option("--csv", imp->csv, "Directory holding population.csv, or the CSV file")->required();
  i->add_option("--out", imp->out, "Population file to write")->required();
  i->add_option("--as-of", imp->as_of, "Date the statuses hold on, YYYY-MM-DD (default 2026-01-01)");
  i->callback([&options, &exit_code, imp] { exit_code = run_import(options, *imp); });

  auto info_file = std::make_shared<std::string>();
  CLI::App* info = population->add_subcommand("info", "Check a population file and print its size");
  info->add_option("--population", *info_file, "Population file")->required();
  info->callback([&options, &exit_code, info_file] { exit_code = run_info(options, *info_file); });
}

}  // namespace komek::cli
