// Shared pieces of the `komek` command: global options, output in text or JSON, exit codes.
#pragma once

#include <filesystem>
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

}  // namespace komek::cli
