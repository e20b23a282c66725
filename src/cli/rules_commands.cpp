// komek evaluate | explain | forecast | packs check | packs list
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "core/messages.hpp"
#include "core/yaml_util.hpp"
#include "rules/json.hpp"
#include "rules/library.hpp"
#include "rules/messages.hpp"

namespace komek::cli {
namespace {

std::unique_ptr<rules::Library> load_library(const GlobalOptions& options, int& exit_code) {
  auto lib = rules::Library::load(options.rules());
  if (!lib) {
    report_error(options, lib.error());
    exit_code = kExitFailure;
    return nullptr;
  }
  return std::move(*lib);
}

Result<void> apply_sets(rules::Library& lib, const rules::Pack& pack, const std::vector<std::string>& sets) {
  for (const auto& s : sets)
    if (auto ok = rules::set_override(lib.parameters(), pack, s); !ok) return ok;
  return {};
}

struct EvaluateArgs {
  std::string pack;
  std::string date;
  std::string family;
  std::vector<std::string> sets;
  bool explain = false;
};

void print_trace_text(const rules::Trace& trace, Lang lang, const std::string& indent) {
  for (const auto& step : trace) {
    std::cout << indent << (step.passed ? "• " : "✗ ") << rules::render_step(step, lang);
    if (!step.cites.empty()) std::cout << "  [" << step.cites << "]";
    std::cout << "\n";
  }
}

int run_evaluate(const GlobalOptions& options, const EvaluateArgs& args, int& exit_code) {
  auto lib = load_library(options, exit_code);
  if (!lib) return exit_code;
  auto pack = lib->pack(args.pack);
  if (pack)
    if (auto ok = apply_sets(*lib, **pack, args.sets); !ok) return report_error(options, ok.error().at_field("--set"));
  if (!pack) return report_error(options, pack.error().code == ErrorCode::kNotFound ? Error(ErrorCode::kInvalidInput, pack.error().message_key, pack.error().params).at_field("--pack") : pack.error());
  auto text = yaml::read_file(args.family, rules::kFamilyJsonBytesMax);
  if (!text) return report_error(options, text.error().at_field("--family"));
  auto family = rules::read_family_json(*text, lib->vocabulary(), args.family);
  if (!family) return report_error(options, family.error());
  Date date = family->application_date;
  if (!args.date.empty()) {
    auto d = Date::parse(args.date);
    if (!d) return report_error(options, d.error().at_field("--date"));
    date = *d;
  }
  rules::EvaluationInput input{**pack, lib->parameters(), lib->income_rules(), *family, date, &lib->calendar(), true};
  auto ev = rules::evaluate(input);
  if (!ev) return report_error(options, ev.error());
  const Lang lang = options.language();
  if (options.json) {
    print_json(rules::to_json(*ev, lang, args.explain));
    return kExitOk;
  }
  std::cout << (*pack)->titles.in(lang) << " — " << date.iso() << " (application " << ev->application_date.iso()
            << ", income of " << ev->reference_quarter.iso() << ")\n";
  if (args.explain) print_trace_text(ev->trace, lang, "  ");
  for (const auto& o : ev->programmes) {
    const auto& p = *o.programme;
    std::cout << "\n" << p.titles.in(lang) << " [" << p.id << "]: ";
    if (!o.in_force) std::cout << "not in force";
    else if (!o.decided) std::cout << "UNDECIDED — " << render(*o.error, lang);
    else if (o.eligible) {
      std::cout << "eligible, " << o.amount_per_payment.format(lang) << " × " << o.payments << " = "
                << o.amount_per_period.format(lang);
      if (o.period) std::cout << " (" << o.period->from().iso() << " – " << o.period->to().iso() << ")";
      if (o.tsa_type) std::cout << ", " << rules::tsa_type_name(*o.tsa_type);
    } else {
      std::cout << "not eligible";
      for (const auto& r : o.refusals) std::cout << "; " << r.titles.in(lang) << " [" << r.cites << "]";
    }
    std::cout << "\n";
    if (args.explain) print_trace_text(o.trace, lang, "  ");
  }
  return kExitOk;
}

}  // namespace

void add_rules_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
  for (const char* name : {"evaluate", "explain"}) {
    const bool explain = std::string_view(name) == "explain";
    CLI::App* cmd = app.add_subcommand(name, explain ? "Evaluate a family and print the reasoning with its citations"
                                                     : "Evaluate a family against a rule pack");
    auto args = std::make_shared<EvaluateArgs>();
    args->explain = explain;
    cmd->add_option("--pack", args->pack, "Pack id (e.g. kz-tsa) or path to a pack file")->required();
    cmd->add_option("--date", args->date, "Evaluation date YYYY-MM-DD (default: the application date)");
    cmd->add_option("--family", args->family, "Family JSON file (docs/family-format.md)")->required();
    cmd->add_option("--set", args->sets, "Override a parameter NAME=VALUE (what-if, tests); repeatable");
    if (!explain) cmd->add_flag("--explain", args->explain, "Include the trace");
    cmd->callback([&options, &exit_code, args] { exit_code = run_evaluate(options, *args, exit_code); });
  }

  {
    CLI::App* cmd = app.add_subcommand("forecast", "Budget forecast of a pack for a year from headcounts");
    auto pack = std::make_shared<std::string>();
    auto year = std::make_shared<int>(0);
    auto counts = std::make_shared<std::string>();
    auto allocation = std::make_shared<std::string>();
    auto sets = std::make_shared<std::vector<std::string>>();
    cmd->add_option("--pack", *pack, "Pack id or file")->required();
    cmd->add_option("--year", *year, "Budget year")->required()->check(CLI::Range(2000, 2100));
    cmd->add_option("--counts", *counts, "Headcounts CSV (line_id,persons,…)")->required();
    cmd->add_option("--allocation", *allocation, "Allocation in thousand tenge");
    cmd->add_option("--set", *sets, "Override a parameter NAME=VALUE; repeatable");
    cmd->callback([&options, &exit_code, pack, year, counts, allocation, sets] {
      auto lib = load_library(options, exit_code);
      if (!lib) return;
      auto p = lib->pack(*pack);
      if (!p) {
        exit_code = report_error(options, p.error().at_field("--pack"));
        return;
      }
      if (auto ok = apply_sets(*lib, **p, *sets); !ok) {
        exit_code = report_error(options, ok.error().at_field("--set"));
        return;
      }
      auto text = yaml::read_file(*counts, 16 * 1024 * 1024);
      if (!text) {
        exit_code = report_error(options, text.error().at_field("--counts"));
        return;
      }
      auto rows = rules::read_counts_csv(*text, *counts);
      if (!rows) {
        exit_code = report_error(options, rows.error());
        return;
      }
      std::optional<Money> alloc;
      if (!allocation->empty()) {
        auto thousand = Money::parse(*allocation);
        if (!thousand || thousand->is_negative() || !thousand->times(1000)) {
          exit_code = report_error(options, Error(ErrorCode::kInvalidInput, "money.format", {{"value", allocation->substr(0, 40)}}).at_field("--allocation"));
          return;
        }
        alloc = *thousand->times(1000);
        if (auto ok = lib->money_ceilings().check(MoneyKind::kForecastAllocation, *alloc, "--allocation"); !ok) {
          exit_code = report_error(options, ok.error());
          return;
        }
      }
      auto f = rules::forecast(**p, lib->parameters(), *year, *rows, alloc);
      if (!f) {
        exit_code = report_error(options, f.error());
        return;
      }
      const Lang lang = options.language();
      if (options.json) {
        print_json(rules::to_json(*f, lang));
        return;
      }
      std::cout << (*p)->titles.in(lang) << " — forecast " << *year << " (thousand ₸)\n";
      for (const auto& l : f->lines) {
        std::cout << "  " << l.programme->id << ": " << l.persons << " × " << l.first_payment.format(lang) << " × "
                  << l.payments << " = " << rules::thousands(l.total);
        if (l.difference && !l.difference->is_zero())
          std::cout << "  (source: " << rules::thousands(*l.seed_budget) << ", difference " << rules::thousands(*l.difference) << ")";
        std::cout << "\n";
      }
      std::cout << "Total: " << rules::thousands(f->total) << "\n";
      if (f->seed_total) std::cout << "Source's own total: " << rules::thousands(*f->seed_total) << "\n";
      if (f->allocation) {
        std::cout << "Allocation: " << rules::thousands(*f->allocation) << "; "
                  << (f->balance->is_negative() ? "shortfall " : "surplus ") << rules::thousands(f->balance->is_negative() ? Money::from_tiyn(-f->balance->tiyn()) : *f->balance) << "\n";
      }
    });
  }

  {
    CLI::App* packs = app.add_subcommand("packs", "Rule packs");
    packs->require_subcommand(1);
    CLI::App* check = packs->add_subcommand("check", "Validate a pack: schema, citations, overlaps, undecided cases");
    auto pack = std::make_shared<std::string>();
    check->add_option("PACK", *pack, "Pack id or file")->required();
    check->callback([&options, &exit_code, pack] {
      auto lib = load_library(options, exit_code);
      if (!lib) return;
      auto p = lib->pack(*pack);
      if (!p) {
        exit_code = report_error(options, p.error().code == ErrorCode::kNotFound
                                              ? Error(ErrorCode::kInvalidInput, p.error().message_key, p.error().params).at_field("PACK")
                                              : p.error());
        return;
      }
      const auto findings = rules::check_pack(**p, lib->environment());
      int errors = 0;
      for (const auto& f : findings) errors += f.severity == "error" ? 1 : 0;
      if (options.json) {
        print_json({{"pack", (*p)->id}, {"file", (*p)->file}, {"programmes", (*p)->programmes.size()},
                    {"valid", errors == 0}, {"findings", rules::to_json(findings)}});
      } else {
        std::cout << (*p)->file << ": pack " << (*p)->id << ", " << (*p)->programmes.size() << " programmes\n";
        for (const auto& f : findings) {
          std::cout << "  " << f.severity << ": ";
          if (!f.programme.empty()) std::cout << f.programme << " (line " << f.line << "): ";
          std::cout << f.message << "\n";
        }
        std::cout << (errors == 0 ? "valid" : "invalid") << "\n";
      }
      exit_code = errors == 0 ? kExitOk : kExitUsage;
    });
    CLI::App* list = packs->add_subcommand("list", "List the shipped packs");
    list->callback([&options, &exit_code] {
      auto lib = load_library(options, exit_code);
      if (!lib) return;
      nlohmann::json out = nlohmann::json::array();
      for (const auto& [id, p] : lib->packs()) {
        if (options.json)
          out.push_back({{"id", id}, {"title", p.titles.in(options.language())}, {"file", p.file},
                         {"territory", p.territory ? p.territory->code() : "national"}, {"programmes", p.programmes.size()}});
        else
          std::cout << id << "  " << p.titles.in(options.language()) << "  (" << p.programmes.size() << " programmes)\n";
      }
      if (options.json) print_json(out);
    });
  }
}

}  // namespace komek::cli

namespace komek::cli {

// `komek vocabulary`: the words families and packs are written in, as Markdown
// (docs/vocabulary.md is this output; a test keeps the two equal).
void add_vocabulary_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("vocabulary", "Print the vocabulary of statuses, income types, facts as Markdown");
  cmd->callback([&options, &exit_code] {
    auto lib = load_library(options, exit_code);
    if (!lib) return;
    const auto& v = lib->vocabulary();
    std::cout << "# Vocabulary\n\n"
              << "The words family files and rule packs are written in, from `rules/vocabulary.yaml`.\n"
              << "This page is generated by `komek vocabulary`; a test keeps it equal to that output.\n"
              << "A word not listed here is refused, naming the field or the line.\n";
    auto section = [](const char* title, const char* intro, const std::vector<rules::Term>& terms) {
      std::cout << "\n## " << title << "\n\n" << intro << "\n\n| id | kk | ru | en | source |\n|---|---|---|---|---|\n";
      for (const auto& t : terms) {
        std::cout << "| `" << t.id << "` | " << t.name_kk << " | " << t.name_ru << " | " << t.name_en;
        if (!t.description.empty()) std::cout << ". " << t.description;
        std::cout << " | " << t.source << " |\n";
      }
    };
    section("Relations", "`members[].relation`; exactly one member is the `applicant`.", v.relations());
    section("Statuses", "`members[].statuses`: a word, or `{\"status\": word, \"from\": date, \"to\": date}`.", v.statuses());
    section("Income types", "`members[].incomes[].type`. Whether each counts is decided by the income rules a pack names (`rules/income/`).", v.income_types());
    section("Facts", "`facts[].type`, with the date it happened; also the termination events.", v.facts());
    section("Property types", "`members[].properties[].type`.", v.property_types());
    section("Employment and social-adaptation measures", "The individual plan of a TSA social contract is chosen from these (002 Appendix 9).", v.measures());
  });
}

}  // namespace komek::cli
