// The API as one handler of requests: the route table the modules fill (api/routes.hpp),
// dispatch by method and path, each route's policy enforced before its handler runs (session,
// role, CSRF, the account checked again as it is used), errors in the caller's language, and
// the headers every response carries. Independent of the server library (http_server.cpp).
#include "api/app.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "api/auth.hpp"
#include "api/openapi.hpp"
#include "api/router.hpp"
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
    const auto parts = split_path(req.path);
    bool path_matched = false;
    for (auto& route : router.routes()) {
      if (route.parts.size() != parts.size()) continue;
      std::map<std::string, std::string> params;
      bool match = true;
      for (std::size_t i = 0; i < parts.size() && match; ++i) {
        const std::string& p = route.parts[i];
        if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
          if (parts[i].size() > 64) match = false;
          else params[p.substr(1, p.size() - 2)] = parts[i];
        } else if (p != parts[i]) {
          match = false;
        }
      }
      if (!match) continue;
      path_matched = true;
      if (route.info.method != req.method) continue;
      Context ctx{req, std::move(params), std::nullopt, {}, lang};
      auto result = run(route, ctx);
      if (!result) return error_response(result.error(), lang);
      return *result;
    }
    if (path_matched)
      return error_response(Error(ErrorCode::kInvalidInput, "http.method_not_allowed",
                                  {{"method", req.method.substr(0, 10)}, {"path", req.path.substr(0, 200)}}),
                            lang);
    return error_response(Error(ErrorCode::kNotFound, "http.not_found", {{"path", req.path.substr(0, 200)}}), lang);
  }

  Result<HttpResponse> run(Router::Route& route, Context& ctx) {
    if (ctx.request.body.size() > route.info.policy.body_bytes_max) return fail(ErrorCode::kInvalidInput, "http.body_too_large");
    if (!route.info.policy.public_route) {
      const std::string token = token_of(ctx.request);
      auto user = auth.authenticate(token);
      if (!user) return tl::unexpected(user.error());
      if (std::find(route.info.policy.roles.begin(), route.info.policy.roles.end(), user->role) == route.info.policy.roles.end())
        return fail(ErrorCode::kForbidden, "http.forbidden");
      // Cookie sessions must prove the request comes from our pages (CSRF, S6); bearer
      // tokens are not sent by browsers on their own.
      if (route.info.policy.mutates && ctx.request.header("authorization").empty() &&
          ctx.request.header("x-requested-with") != "komek")
        return fail(ErrorCode::kForbidden, "http.forbidden");
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
    return route.handler(ctx);
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
  return r;
}

const std::vector<RouteInfo>& App::routes() const { return impl_->router.infos(); }

std::string App::openapi() const { return openapi_document(impl_->router.infos(), impl_->version); }

}  // namespace komek::api
