// The API as one handler of requests: the route table the modules fill (api/routes.hpp),
// dispatch by method and path, each route's policy enforced before its handler runs (session,
// role, CSRF, the account checked again as it is used), errors in the caller's language, and
// the headers every response carries. Independent of the server library (http_server.cpp).
#include "api/app.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "api/auth.hpp"
#include "api/openapi.hpp"
#include "api/router.hpp"
#include "core/iin.hpp"
#include "core/messages.hpp"

namespace komek::api {

struct App::Impl {
  Authenticator& auth;
  std::string version;
  Router router;

  Impl(Authenticator& a, std::string v, const std::vector<RouteModule>& modules) : auth(a), version(std::move(v)) {
    router.add("GET", "/health", "Liveness", open_policy("anyone"), {}, [this](Context&) -> Result<HttpResponse> {
      return json_response(200, json{{"status", "ok"}, {"version", version}}.dump());
    });
    router.add("GET", "/api/v1/openapi.json", "This API's OpenAPI 3 document", open_policy("anyone"), {},
               [this](Context&) -> Result<HttpResponse> {
                 return json_response(200, openapi_document(router.infos(), version));
               });
    for (const auto& m : modules) m(router);
  }

  HttpResponse dispatch(const HttpRequest& req) {
    const Lang lang = caller_lang(req);
    // Bytes that are not UTF-8 are refused before any route reads them (issue 13 finding 4).
    if (auto text = check_request_text(req); !text) return error_response(text.error(), lang);
    const auto parts = split_path(req.path);
    std::vector<std::string> allowed;  // the methods of the routes whose path matched
    for (auto& route : router.routes()) {
      std::map<std::string, std::string> params;
      if (!matches(route, parts, params)) continue;
      allowed.push_back(route.info.method);
      // HEAD is answered as GET; App::handle drops the body (RFC 9110 §9.3.2).
      const std::string& method = req.method == "HEAD" ? std::string("GET") : req.method;
      if (route.info.method != method) continue;
      Context ctx{req, std::move(params), std::nullopt, {}, lang};
      auto result = run(route, ctx);
      if (!result) return error_response(result.error(), lang);
      return *result;
    }
    if (!allowed.empty()) {
      // 405 with the methods the path has (RFC 9110 §15.5.6).
      HttpResponse r = error_response(Error(ErrorCode::kInvalidInput, "http.method_not_allowed",
                                            {{"method", req.method}, {"path", req.path}}),
                                      lang);
      r.status = 405;
      std::string allow;
      for (const auto& m : allowed) {
        if (allow.find(m) != std::string::npos) continue;
        allow += (allow.empty() ? "" : ", ") + m;
      }
      // HEAD is served wherever GET is (the server answers it as GET without the body).
      if (allow.find("GET") != std::string::npos) allow += ", HEAD";
      r.headers.emplace_back("Allow", allow);
      return r;
    }
    return error_response(Error(ErrorCode::kNotFound, "http.not_found", {{"path", req.path}}), lang);
  }

  static bool matches(const Router::Route& route, const std::vector<std::string>& parts,
                      std::map<std::string, std::string>& params) {
    if (route.parts.size() != parts.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const std::string& p = route.parts[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        if (parts[i].size() > kPathParameterBytesMax) return false;
        params[p.substr(1, p.size() - 2)] = parts[i];
      } else if (p != parts[i]) {
        return false;
      }
    }
    return true;
  }

  // A browser sends the session cookie with any request a page of another site makes: a
  // state change authenticated by the cookie must prove it comes from Komek's own pages
  // (RELIABILITY S6; issue 13 finding 8) — the X-Requested-With header a cross-site form
  // cannot set, and an Origin (or Referer) of this host when the browser sends one. A bearer
  // token is never sent by a browser on its own, so a request carrying one needs neither.
  // Any method but GET and HEAD changes state (DELETE /api/v1/sessions included).
  static Result<void> check_csrf(const Router::Route& route, const HttpRequest& request) {
    const bool changes_state = route.info.policy.mutates || (route.info.method != "GET" && route.info.method != "HEAD");
    if (!changes_state || bearer_token(request)) return {};
    if (request.header("x-requested-with") != "komek") return fail(ErrorCode::kForbidden, "http.csrf");
    const std::string host = request.header("host");
    for (const char* name : {"origin", "referer"}) {
      const std::string value = request.header(name);
      if (value.empty()) continue;
      if (host.empty() || !same_origin(value, host)) return fail(ErrorCode::kForbidden, "http.csrf");
    }
    return {};
  }

  Result<HttpResponse> run(Router::Route& route, Context& ctx) {
    if (ctx.request.body.size() > route.info.policy.body_bytes_max) return fail(ErrorCode::kTooLarge, "http.body_too_large");
    if (!route.info.policy.public_route) {
      const std::string token = token_of(ctx.request);
      auto user = auth.authenticate(token);
      if (!user) return tl::unexpected(user.error());
      if (std::find(route.info.policy.roles.begin(), route.info.policy.roles.end(), user->role) == route.info.policy.roles.end())
        return fail(ErrorCode::kForbidden, "http.forbidden");
      KOMEK_CHECK(check_csrf(route, ctx.request));
      // The account is checked again as it is used (issue 13 findings 2 and 3): an applicant
      // without an IIN or staff without a valid territory acts as nobody. Roles that act for
      // themselves get a territory prefix no record has, so that a list which forgot to filter
      // by their IIN still matches nothing (fail closed).
      auto scope = cases::check_account(*user, true);
      if (!scope) {
        spdlog::warn("account {} is not valid and was refused: {}", user->login.substr(0, 100), scope.error().message_key);
        return fail(ErrorCode::kUnauthorized, "http.unauthorized");
      }
      const std::string territory = cases::acts_for_itself(user->role) ? std::string(work::kNoTerritory) : scope->prefix();
      ctx.actor = work::Actor{user->login, std::string(cases::role_name(user->role)), territory, user->iin,
                               ctx.request.client};
      ctx.user = std::move(*user);
    }
    work::reset_access_logged_on_this_thread();
    auto response = route.handler(ctx);
    // A read that hands out someone's IIN must have written its access-log row (S3; issue 13
    // finding 9). A route that forgot fails closed: nothing is shown, the log says which.
    const bool undeclared = !route.info.policy.personal_data;
    if (response && response->status < 300 && route.info.method == "GET" &&
        (undeclared || work::access_logged_on_this_thread() == 0)) {
      if (auto iin = someone_elses_iin(response->body, ctx.actor.iin)) {
        const std::string id = random_token().substr(0, 12);
        spdlog::error("internal error {}: {} {} returned personal data {}", id, route.info.method, route.info.pattern,
                      undeclared ? "without declaring it (Policy::personal_data)" : "without an access-log row");
        return fail(ErrorCode::kInternal, "internal.error", {{"correlation_id", id}});
      }
    }
    return response;
  }

  // The first valid IIN in a body (12 digits on their own, checksum right) that is not the
  // caller's own.
  static std::optional<std::string> someone_elses_iin(std::string_view body, const std::string& own) {
    for (std::size_t i = 0; i + 12 <= body.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(body[i])) || (i > 0 && std::isdigit(static_cast<unsigned char>(body[i - 1]))))
        continue;
      std::size_t n = 0;
      while (i + n < body.size() && std::isdigit(static_cast<unsigned char>(body[i + n]))) ++n;
      if (n == 12) {
        const std::string candidate(body.substr(i, 12));
        if (candidate != own && Iin::parse(candidate)) return candidate;
      }
      i += n - 1;
    }
    return std::nullopt;
  }
};

App::App(Authenticator& auth, std::string version, const std::vector<RouteModule>& modules)
    : impl_(std::make_unique<Impl>(auth, std::move(version), modules)) {}
App::~App() = default;

HttpResponse App::handle(const HttpRequest& request) {
  HttpResponse r;
  try {
    r = impl_->dispatch(request);
  } catch (const std::exception& e) {
    // A bug or a broken invariant fails this request only (issue 13 finding 1): the
    // transaction it was in has rolled back as the exception left it; the log keeps what
    // happened under a correlation id, and the caller gets that id and nothing else (S8).
    const std::string id = random_token().substr(0, 12);
    spdlog::error("internal error {}: unhandled exception on {} {}: {}", id, request.method,
                  request.path.substr(0, 200), e.what());
    r = error_response(Error(ErrorCode::kInternal, "internal.error", {{"correlation_id", id}}), caller_lang(request));
  }
  // Headers every response carries (S6); personal data is never cached.
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  r.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  if (request.method == "HEAD") r.body.clear();
  return r;
}

const std::vector<RouteInfo>& App::routes() const { return impl_->router.infos(); }

std::string App::openapi() const { return openapi_document(impl_->router.infos(), impl_->version); }

}  // namespace komek::api
