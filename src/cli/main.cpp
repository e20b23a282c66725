// `komek`: the one executable. It is also the only place where concrete implementations are
// wired together (DESIGN.md).
#include <cstdlib>
#include <functional>
#include <iostream>

#include <spdlog/spdlog.h>

#include "cli/cli.hpp"
#include "cli/logging.hpp"
#include "core/messages.hpp"

#ifndef KOMEK_VERSION
#error "KOMEK_VERSION must be defined by the build"
#endif
#ifndef KOMEK_DEFAULT_RULES_DIR
#error "KOMEK_DEFAULT_RULES_DIR must be defined by the build"
#endif

namespace komek::cli {

Lang GlobalOptions::language() const { return parse_lang(lang).value_or(Lang::kEn); }

std::filesystem::path GlobalOptions::rules() const {
  if (!rules_dir.empty()) return rules_dir;
  if (const char* env = std::getenv("KOMEK_RULES_DIR"); env != nullptr && *env != '\0') return env;
  return KOMEK_DEFAULT_RULES_DIR;
}

void print_json(const nlohmann::json& value) { std::cout << value.dump(2) << "\n"; }

int report_error(const GlobalOptions& options, const Error& error) {
  const std::string message = render(error, options.language());
  if (options.json) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [k, v] : error.params) params[k] = v;
    print_json({{"error",
                 {{"code", std::string(error_code_name(error.code))},
                  {"key", error.message_key},
                  {"message", message},
                  {"field", error.field.empty() ? nlohmann::json(nullptr) : nlohmann::json(error.field)},
                  {"params", params}}}});
  } else {
    std::cerr << "komek: " << (error.field.empty() ? "" : error.field + ": ") << message << "\n";
  }
  return error.code == ErrorCode::kInvalidInput ? kExitUsage : kExitFailure;
}

}  // namespace komek::cli

int main(int argc, char** argv) {
  using namespace komek::cli;
  install_logging();

  CLI::App app{"Komek: social assistance information system of Kazakhstan", "komek"};
  app.require_subcommand(1);
  GlobalOptions options;
  app.add_flag("--json", options.json, "Print machine-readable JSON");
  app.add_option("--lang", options.lang, "Language of messages: kk, ru or en")
      ->check(CLI::IsMember({"kk", "kz", "ru", "en"}));
  app.add_option("--rules", options.rules_dir, "Directory of rule packs and calendars (default: $KOMEK_RULES_DIR or the built-in path)");

  int exit_code = kExitOk;
  add_iin_commands(app, options, exit_code);
  add_calendar_commands(app, options, exit_code);
  add_serve_command(app, options, exit_code);
  add_rules_commands(app, options, exit_code);
  add_vocabulary_command(app, options, exit_code);
  add_aftercare_commands(app, options, exit_code);
  add_consent_commands(app, options, exit_code);
  add_social_commands(app, options, exit_code);
  add_batch_commands(app, options, exit_code);
  add_population_commands(app, options, exit_code);
  add_payments_commands(app, options, exit_code);
  add_notify_commands(app, options, exit_code);
  add_db_commands(app, options, exit_code);
  add_statistics_commands(app, options, exit_code);
  app.add_subcommand("version", "Print the version")->callback([&] {
    if (options.json)
      print_json({{"name", "komek"}, {"version", KOMEK_VERSION}});
    else
      std::cout << "komek " << KOMEK_VERSION << "\n";
  });
  // Global options may follow the subcommand: `komek iin check X --json`.
  std::function<void(CLI::App&)> let_options_fall_through = [&](CLI::App& parent) {
    for (CLI::App* sub : parent.get_subcommands({})) {
      sub->fallthrough();
      let_options_fall_through(*sub);
    }
  };
  let_options_fall_through(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "komek: " << e.what() << "\n";
    std::cerr << "Run 'komek --help' for the commands.\n";
    return kExitUsage;
  }
  return exit_code;
}
