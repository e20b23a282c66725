// komek serve: the HTTP server.
#include <iostream>

#include <spdlog/spdlog.h>

#include "api/http_server.hpp"
#include "cli/cli.hpp"

namespace komek::cli {

void add_serve_command(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("serve", "Run the HTTP server until SIGINT or SIGTERM");
  auto config = std::make_shared<api::ServerConfig>();
  cmd->add_option("--address", config->address, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", config->port, "TCP port")->capture_default_str()->check(CLI::Range(1, 65535));
  cmd->add_option("--threads", config->threads, "I/O threads")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->callback([&options, &exit_code, config] {
    (void)options;
    config->version = KOMEK_VERSION;
    try {
      exit_code = api::run_server(*config, [](const std::string& url) {
        std::cout << "Komek is listening on " << url << "\n"
                  << "  health: " << url << "/health\n"
                  << "Stop with Ctrl+C (SIGINT) or SIGTERM." << std::endl;
      });
    } catch (const std::exception& e) {
      spdlog::error("the server could not run: {}", e.what());
      exit_code = kExitFailure;
    }
  });
}

}  // namespace komek::cli
