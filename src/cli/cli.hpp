// Shared pieces of the `komek` command: global options, output in text or JSON, exit codes.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/lang.hpp"
#include "core/result.hpp"

namespace komek::cli {

// Exit codes, the same for every subcommand (documented in README).
inline constexpr int kExitOk = 0;
inline constexpr int kExitNegative = 1;  // the answer is "no": an invalid IIN, a day off
inline constexpr int kExitUsage = 2;     // bad arguments or bad input data
inline constexpr int kExitFailure = 3;   // the environment failed: data files, network, disk

struct GlobalOptions {
  bool json = false;
  std::string lang = "en";
  std::string rules_dir;  // empty: $KOMEK_RULES_DIR, else the built-in default

  [[nodiscard]] Lang language() const;
  [[nodiscard]] std::filesystem::path rules() const;
};

// Prints an error to stderr (text) or stdout (JSON, so scripts can read it) and returns the
// exit code for it: kExitUsage for invalid input, kExitFailure otherwise.
int report_error(const GlobalOptions& options, const Error& error);
void print_json(const nlohmann::json& value);

// Each registers its subcommands; the callback stores the command's exit code.
void add_iin_commands(CLI::App& app, GlobalOptions& options, int& exit_code);
void add_calendar_commands(CLI::App& app, GlobalOptions& options, int& exit_code);
void add_serve_command(CLI::App& app, GlobalOptions& options, int& exit_code);
void add_rules_commands(CLI::App& app, GlobalOptions& options, int& exit_code);
void add_vocabulary_command(CLI::App& app, GlobalOptions& options, int& exit_code);
void add_aftercare_commands(CLI::App& app, GlobalOptions& options, int& exit_code);
void add_consent_commands(CLI::App& app, GlobalOptions& options, int& exit_code);
void add_social_commands(CLI::App& app, GlobalOptions& options, int& exit_code);
void add_batch_commands(CLI::App& app, GlobalOptions& options, int& exit_code);
void add_population_commands(CLI::App& app, GlobalOptions& options, int& exit_code);
void add_payments_commands(CLI::App& app, GlobalOptions& options, int& exit_code);
void add_notify_commands(CLI::App& app, GlobalOptions& options, int& exit_code);
void add_db_commands(CLI::App& app, GlobalOptions& options, int& exit_code);
void add_statistics_commands(CLI::App& app, GlobalOptions& options, int& exit_code);

// Notifications in `komek serve` (cli/notify_command.cpp): the options, and the background
// dispatcher, started before the server listens and stopped (by destroying it) after it stops.
struct NotifySettings {
  std::string sms_gateway;      // empty: no gateway; SMS stay pending and are reported
  int interval_ms = 3000;       // between dispatcher passes
  int retry_base_ms = 2000;     // the first retry's delay [configurable: the law gives none]
  int max_attempts = 8;         // SMS attempts before failed [configurable]
};
void add_notify_options(CLI::App& command, NotifySettings& settings);
class NotifyWorker {
 public:
  virtual ~NotifyWorker() = default;
};
struct Services;
Result<std::unique_ptr<NotifyWorker>> start_notify_worker(Services& services, const NotifySettings& settings);

}  // namespace komek::cli
