// The Komek HTTP API (/api/v1): routes, each with its authorization policy and request
// schema, JSON in and out, errors as {"code","message","field"} in the caller's language,
// idempotency keys on every POST. Independent of the server library (http_server.cpp).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/auth.hpp"
#include "api/http.hpp"
#include "cases/users.hpp"

namespace komek::api {

// Who may call a route. Every route declares one (RELIABILITY S1: deny by default).
struct Policy {
  bool public_route = false;                 // no session needed
  std::vector<cases::Role> roles;            // otherwise: these roles
  bool mutates = false;                      // POST/PUT/DELETE: idempotency key, CSRF header
  std::string description;
  std::size_t body_bytes_max = kRequestBodyBytesMax;  // larger only for uploads (≤ kUploadBodyBytesMax)
  // Its answer may carry other people's personal data (an IIN, a name with it, an account):
  // each such read writes its access-log row (S3). Declared per route (issue 13 finding 9);
  // the App refuses an answer with someone else's IIN from a route that does not declare it,
  // or that wrote no row.
  bool personal_data = false;
};

struct RouteInfo {
  std::string method;
  std::string pattern;                       // e.g. "/api/v1/cases/{id}/accept"
  std::string summary;
  Policy policy;
  std::vector<std::string> body_fields;      // the request schema's fields (for OpenAPI, S7)
};

class Router;
// A group of routes kept in its own file (routes_*.cpp): it adds itself to the router.
using RouteModule = std::function<void(Router&)>;

class App {
 public:
  // The routes of `modules` (api/routes.hpp) besides its own /health and OpenAPI document.
  App(Authenticator& auth, std::string version, const std::vector<RouteModule>& modules = {});
  ~App();

  HttpResponse handle(const HttpRequest& request);
  [[nodiscard]] const std::vector<RouteInfo>& routes() const;
  // The OpenAPI 3 document of the routes actually served.
  [[nodiscard]] std::string openapi() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace komek::api
