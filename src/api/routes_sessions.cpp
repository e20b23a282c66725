// Sign in and sign out: a session token (argon2id-checked password, RELIABILITY S5), given
// as a bearer token and as a __Host- cookie for the web pages (S4).
#include <nlohmann/json.hpp>

#include "api/router.hpp"
#include "api/routes.hpp"

namespace komek::api {

RouteModule session_routes(Authenticator& auth) {
  return [&auth](Router& r) {
    using namespace roles;
    r.add("POST", "/api/v1/sessions", "Sign in: a session token", Policy{true, {}, false, "anyone (credentials)"},
        {"login", "password"}, [&auth](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(body, Body::parse(ctx.request.body));
          KOMEK_TRY(login, body.string("login", true, 100));
          KOMEK_TRY(password, body.string("password", true, 1024));
          KOMEK_CHECK(body.no_other_fields());
          KOMEK_TRY(signed_in, auth.sign_in(login, password, ctx.request.client));
          HttpResponse response = json_response(201, json{{"token", signed_in.token},
                                                   {"login", signed_in.user.login},
                                                   {"role", std::string(cases::role_name(signed_in.user.role))},
                                                   {"territory", signed_in.user.territory},
                                                   {"full_name", signed_in.user.full_name}}
                                                  .dump());
          response.headers.emplace_back("Set-Cookie", "__Host-komek_session=" + signed_in.token +
                                                   "; Path=/; Secure; HttpOnly; SameSite=Strict");
          return response;
        });
    r.add("DELETE", "/api/v1/sessions", "Sign out", reads(all(), "any signed-in user"), {},
        [&auth](Context& ctx) -> Result<HttpResponse> {
          KOMEK_CHECK(auth.sign_out(token_of(ctx.request)));
          HttpResponse response = json_response(200, json{{"signed_out", true}}.dump());
          response.headers.emplace_back("Set-Cookie", "__Host-komek_session=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
          return response;
        });
  };
}

}  // namespace komek::api
