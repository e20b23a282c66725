#include "api/http_server.hpp"

#include <csignal>
#include <exception>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <restinio/all.hpp>
#include <spdlog/spdlog.h>

#include "core/messages.hpp"
#include "core/result.hpp"

namespace komek::api {
namespace {

using Router = restinio::router::express_router_t<>;
using Traits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t, Router>;
using Request = restinio::request_handle_t;
using json = nlohmann::json;

// The caller's language from Accept-Language ("kk", "ru" or "en"); English by default.
Lang caller_lang(const Request& req) {
  const auto header = req->header().opt_value_of(restinio::http_field::accept_language);
  if (!header) return Lang::kEn;
  std::string_view v(header->data(), header->size());
  while (!v.empty()) {
    const auto comma = v.find(',');
    std::string_view tag = v.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    if (auto lang = parse_lang(tag)) return *lang;
    if (comma == std::string_view::npos) break;
    v.remove_prefix(comma + 1);
  }
  return Lang::kEn;
}

int http_status_of(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kUnauthorized: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kUnknownValue: return 422;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

std::string reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 422: return "Unprocessable Content";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
  }
}

restinio::request_handling_status_t reply_json(const Request& req, int status, const json& body) {
  const restinio::http_status_line_t line{
      restinio::http_status_code_t{static_cast<std::uint16_t>(status)}, reason_phrase(status)};
  return req->create_response(line)
      .append_header(restinio::http_field::content_type, "application/json; charset=utf-8")
      .append_header(restinio::http_field::cache_control, "no-store")
      .append_header("X-Content-Type-Options", "nosniff")
      .set_body(body.dump())
      .done();
}

restinio::request_handling_status_t reply_error(const Request& req, const Error& error) {
  json body{{"code", std::string(error_code_name(error.code))},
            {"message", render(error, caller_lang(req))},
            {"field", error.field.empty() ? json(nullptr) : json(error.field)}};
  return reply_json(req, http_status_of(error.code), body);
}

std::unique_ptr<Router> make_router(const ServerConfig& config) {
  auto router = std::make_unique<Router>();
  router->http_get("/health", [version = config.version](const Request& req, auto) {
    return reply_json(req, 200, json{{"status", "ok"}, {"version", version}});
  });
  router->non_matched_request_handler([](const Request& req) {
    const std::string path(req->header().path());
    return reply_error(req, Error(ErrorCode::kNotFound, "http.not_found", {{"path", path.substr(0, 200)}}));
  });
  return router;
}

}  // namespace

int run_server(const ServerConfig& config, const std::function<void(const std::string&)>& on_ready) {
  asio::io_context io;
  auto settings = restinio::on_thread_pool<Traits>(static_cast<std::size_t>(config.threads))
                      .address(config.address)
                      .port(config.port)
                      .request_handler(make_router(config));
  restinio::http_server_t<Traits> server{restinio::external_io_context(io), std::move(settings)};

  std::exception_ptr failure;
  asio::signal_set stop_signals{io, SIGINT, SIGTERM};
  stop_signals.async_wait([&](const asio::error_code& ec, int signal_number) {
    if (ec) return;
    spdlog::info("signal {} received: closing the listener, finishing requests in flight", signal_number);
    server.close_async([&io] { io.stop(); },
                       [&failure, &io](std::exception_ptr ex) {
                         failure = ex;
                         io.stop();
                       });
  });

  const std::string url = "http://" + config.address + ":" + std::to_string(config.port);
  server.open_async([&] { on_ready(url); },
                    [&](std::exception_ptr ex) {
                      failure = ex;
                      io.stop();
                    });

  std::vector<std::thread> pool;
  for (int i = 1; i < config.threads; ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  spdlog::info("server stopped");
  return 0;
}

}  // namespace komek::api
