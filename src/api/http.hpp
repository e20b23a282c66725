// HTTP requests and responses as the application sees them, apart from the server library:
// the router, handlers and tests work on these; only http_server.cpp knows RESTinio.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace komek::api {

struct HttpRequest {
  std::string method;                                       // "GET", "POST", …
  std::string path;                                         // without the query
  std::string query;                                        // after '?', undecoded
  std::vector<std::pair<std::string, std::string>> headers; // names in lower case
  std::string body;
  std::string client;                                       // remote address

  [[nodiscard]] std::string header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (k == name) return v;
    return {};
  }
  // A query parameter, percent-decoded; empty when absent.
  [[nodiscard]] std::string param(std::string_view name) const;
  // Every query parameter, percent-decoded, in order.
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> params() const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Refuses a request whose path, query, headers or body is not well-formed UTF-8, or carries a
// control character where none belongs (issue 13 finding 4): "http.invalid_utf8" naming where,
// before any route reads it. Error messages therefore never meet such bytes.
[[nodiscard]] Result<void> check_request_text(const HttpRequest& request);

// The body a route accepts unless its policy says otherwise (Policy::body_bytes_max).
inline constexpr std::size_t kRequestBodyBytesMax = 256 * 1024;
// The largest body any route accepts: a document upload, 5 MiB of bytes as base64
// (4/3 × 5 MiB ≈ 6.67 MiB) with its JSON envelope (routes_documents.cpp checks that it fits).
// It is also the server's cap on reading a request (http_server.cpp), which RESTinio sets for
// every route at once: a body beyond a route's own limit is read up to this size and then
// refused by the router with http.body_too_large.
inline constexpr std::size_t kUploadBodyBytesMax = 7 * 1024 * 1024;

}  // namespace komek::api
