#include "api/http_server.hpp"

#include <algorithm>
#include <csignal>
#include <memory>
#include <exception>
#include <thread>
#include <vector>

#include <restinio/all.hpp>
#include <spdlog/spdlog.h>

namespace komek::api {
namespace {

using Traits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;

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
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 429: return "Too Many Requests";
    case 422: return "Unprocessable Content";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
  }
}

HttpRequest convert(const restinio::request_handle_t& req) {
  HttpRequest out;
  out.method = std::string(req->header().method().c_str());
  out.path = std::string(req->header().path());
  out.query = std::string(req->header().query());
  req->header().for_each_field([&out](const restinio::http_header_field_t& f) {
    std::string name = f.name();
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace_back(std::move(name), f.value());
  });
  out.body = req->body();
  out.client = req->remote_endpoint().address().to_string();
  return out;
}

}  // namespace

int run_server(const ServerConfig& config, const Handler& handler, const std::function<void(const std::string&)>& on_ready) {
  asio::io_context io;
  asio::thread_pool workers(static_cast<std::size_t>(std::max(1, config.workers)));
  std::thread stopper;
  auto settings =
      restinio::on_thread_pool<Traits>(static_cast<std::size_t>(config.threads))
          .address(config.address)
          .port(config.port)
          .max_pipelined_requests(4)
          // A global cap (RESTinio has no per-route one): the largest body any route takes, a
          // document upload; each route's own, usually smaller, limit is checked by the router.
          .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(kUploadBodyBytesMax + 1))
          .request_handler([&handler, &workers](const restinio::request_handle_t& req) {
            // The handler runs on a worker; RESTinio lets the response be written from any
            // thread (it is posted back to the connection's own executor).
            asio::post(workers, [req, &handler] {
              const HttpResponse r = handler(convert(req));
              auto resp = req->create_response(restinio::http_status_line_t{
                  restinio::http_status_code_t{static_cast<std::uint16_t>(r.status)}, reason_phrase(r.status)});
              resp.append_header(restinio::http_field::content_type, r.content_type);
              for (const auto& [k, v] : r.headers) resp.append_header(k, v);
              resp.set_body(r.body);
              resp.done();
            });
            return restinio::request_accepted();
          });
  restinio::http_server_t<Traits> server{restinio::external_io_context(io), std::move(settings)};

  std::exception_ptr failure;
  asio::signal_set stop_signals{io, SIGINT, SIGTERM};
  stop_signals.async_wait([&](const asio::error_code& ec, int signal_number) {
    if (ec) return;
    spdlog::info("signal {} received: closing the listener, finishing requests in flight", signal_number);
    // The listener closes first; the requests already with a worker finish and their
    // replies get a moment to be written before the I/O threads stop.
    server.close_async(
        [&] {
          stopper = std::thread([&] {
            workers.join();
            auto grace = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(250));
            grace->async_wait([&io, grace](const asio::error_code&) { io.stop(); });
          });
        },
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
  if (stopper.joinable()) stopper.join();
  workers.join();
  if (failure) std::rethrow_exception(failure);
  spdlog::info("server stopped");
  return 0;
}

}  // namespace komek::api
