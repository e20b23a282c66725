// The HTTP server of Komek (RESTinio). All RESTinio code stays in http_server.cpp: it is the
// slowest translation unit to compile (STACK.md §1.3). It turns each request into an
// HttpRequest, asks the handler, and writes the HttpResponse back.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "api/http.hpp"

namespace komek::api {

struct ServerConfig {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 2;              // I/O threads; the machine has 2 cores
};

using Handler = std::function<HttpResponse(const HttpRequest&)>;

// Serves until SIGINT or SIGTERM, then closes the listener, lets requests in flight finish
// and returns 0. `on_ready` is called once with the base URL when the server listens.
// Throws std::runtime_error when the address cannot be bound.
int run_server(const ServerConfig& config, const Handler& handler, const std::function<void(const std::string&)>& on_ready);

}  // namespace komek::api
