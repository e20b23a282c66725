// The HTTP server of Komek (RESTinio). All RESTinio code stays in http_server.cpp: it is the
// slowest translation unit to compile (STACK.md §1.3). It turns each request into an
// HttpRequest, hands it to a pool of workers, and writes the HttpResponse back from there.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "api/http.hpp"

namespace komek::api {

struct ServerConfig {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 2;              // I/O threads: they read and write connections, nothing else
  // Threads that run the handler. A slow request (a password check, a report) holds a
  // worker, never an I/O thread, so that /health and the pages go on answering while sign-ins
  // flood in (issue 13 finding 5). Not given by any law: sized for a district office.
  int workers = 8;
};

using Handler = std::function<HttpResponse(const HttpRequest&)>;

// Serves until SIGINT or SIGTERM, then closes the listener, lets requests in flight finish
// and returns 0. `on_ready` is called once with the base URL when the server listens.
// Throws std::runtime_error when the address cannot be bound.
int run_server(const ServerConfig& config, const Handler& handler, const std::function<void(const std::string&)>& on_ready);

}  // namespace komek::api
