// The router's parts that every group of routes uses: the request context, the JSON body
// read against its schema, the response helpers, the role sets and the route table. Route
// groups live in their own files (routes_*.cpp) and add themselves to a Router; app.cpp
// holds the case routes and the dispatch. Internal to api/.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/app.hpp"
#include "core/text.hpp"
#include "api/http.hpp"
#include "api/views.hpp"
#include "cases/service.hpp"
#include "cases/users.hpp"
#include "core/date.hpp"
#include "core/lang.hpp"
#include "core/result.hpp"

namespace komek::api {

using json = nlohmann::json;

// The caller's language: ?lang=, then Accept-Language, then English.
Lang caller_lang(const HttpRequest& req);
int status_of(ErrorCode code);
HttpResponse json_response(int status, const std::string& body);
// An error as {"code","message","field"}; internal errors show only a correlation id (S8).
HttpResponse error_response(const Error& e, Lang lang);
std::vector<std::string> split_path(std::string_view path);
// The digest of a request for idempotency: method, path and body.
std::string body_digest(const HttpRequest& req);
// The session token: the bearer header, else the __Host- cookie.
std::string token_of(const HttpRequest& req);
// Whether the request carries its token as "Authorization: Bearer …" (not the cookie).
bool bearer_token(const HttpRequest& req);
// Whether an Origin or Referer value names the scheme-less `host` ("komek.example:8443"):
// "https://komek.example:8443" and "https://komek.example:8443/cases/1" do; another host,
// port or a malformed value does not.
bool same_origin(std::string_view origin_or_referer, std::string_view host);
// The longest path parameter a route takes (ids are 32 hex digits; numbers shorter).
inline constexpr std::size_t kPathParameterBytesMax = 64;

// A JSON request body read against its schema: every field read is recorded, and fields
// the route does not know are refused (S2, S7).
class Body {
 public:
  static Result<Body> parse(const std::string& text, std::size_t max_bytes = kRequestBodyBytesMax) {
    if (text.size() > max_bytes) return fail(ErrorCode::kInvalidInput, "http.body_too_large");
    Body b;
    try {
      b.j_ = text.empty() ? json::object() : json::parse(text);
    } catch (const json::exception& e) {
      // Syntax errors, and numbers out of range (a fuzzer found 99e9999999999999).
      std::string what = e.what();
      if (auto pos = what.find("syntax error"); pos != std::string::npos) what = what.substr(pos);
      return invalid("http.bad_json", {{"what", what.substr(0, 200)}});
    }
    if (!b.j_.is_object()) return invalid("http.field_type", {{"expected", "object"}});
    return b;
  }

  Result<std::string> string(const char* name, bool required, std::size_t max = 1000) {
    used_.insert(name);
    if (!j_.contains(name) || j_[name].is_null()) {
      if (required) return field(name, "http.field_required", {});
      return std::string();
    }
    if (!j_[name].is_string()) return field(name, "http.field_type", {{"expected", "string"}});
    const auto& s = j_[name].get_ref<const std::string&>();
    // Characters, not bytes: a 42-letter Russian name is 42 long (issue 16 item 5).
    if (utf8_length(s) > max) return field(name, "http.field_too_long", {{"max", std::to_string(max)}});
    return s;
  }
  // A year as the API itself gives it (a number) or as a string of four digits (issue 13
  // finding 12: GET gave a number that POST refused).
  Result<int> year(const char* name, bool required) {
    used_.insert(name);
    if (!j_.contains(name) || j_[name].is_null()) {
      if (required) return field(name, "http.field_required", {});
      return 0;
    }
    const json& v = j_[name];
    int y = 0;
    if (v.is_number_integer()) {
      const auto n = v.get<long long>();
      y = n >= kYearMin && n <= kYearMax ? static_cast<int>(n) : 0;
    } else if (v.is_string()) {
      const auto& s = v.get_ref<const std::string&>();
      if (s.size() == 4 && s.find_first_not_of("0123456789") == std::string::npos) y = std::stoi(s);
    }
    if (y < kYearMin || y > kYearMax) return field(name, "http.field_type", {{"expected", "a year, e.g. 2025"}});
    return y;
  }
  Result<bool> boolean(const char* name, bool required) {
    used_.insert(name);
    if (!j_.contains(name)) {
      if (required) return field(name, "http.field_required", {});
      return false;
    }
    if (!j_[name].is_boolean()) return field(name, "http.field_type", {{"expected", "boolean"}});
    return j_[name].get<bool>();
  }
  Result<std::vector<std::string>> strings(const char* name, std::size_t max_items = 64) {
    used_.insert(name);
    std::vector<std::string> out;
    if (!j_.contains(name)) return out;
    if (!j_[name].is_array() || j_[name].size() > max_items) return field(name, "http.field_type", {{"expected", "list of strings"}});
    for (const auto& v : j_[name]) {
      if (!v.is_string() || v.get_ref<const std::string&>().size() > 200)
        return field(name, "http.field_type", {{"expected", "list of strings"}});
      out.push_back(v.get<std::string>());
    }
    return out;
  }
  // A nested object kept as JSON text (the family, read by the rules' own reader).
  Result<std::string> object_text(const char* name, bool required) {
    used_.insert(name);
    if (!j_.contains(name)) {
      if (required) return field(name, "http.field_required", {});
      return std::string();
    }
    if (!j_[name].is_object()) return field(name, "http.field_type", {{"expected", "object"}});
    return j_[name].dump();
  }
  Result<void> no_other_fields() const {
    for (const auto& [k, _] : j_.items())
      if (!used_.count(k)) {
        Error e(ErrorCode::kInvalidInput, "http.unknown_field", {{"name", k.substr(0, 60)}});
        e.field = k.substr(0, 60);
        return tl::unexpected(e);
      }
    return {};
  }

 private:
  static tl::unexpected<Error> field(const char* name, const char* key, std::vector<std::pair<std::string, std::string>> params) {
    Error e(ErrorCode::kInvalidInput, key, std::move(params));
    e.field = name;
    return tl::unexpected(e);
  }
  static constexpr long long kYearMin = 1991;  // the Republic's first; no programme is older
  static constexpr long long kYearMax = 2999;
  json j_;
  std::set<std::string> used_;
};

// A required or optional ISO date field.
Result<Date> date_field(Body& b, const char* name);
Result<std::optional<Date>> optional_date_field(Body& b, const char* name);
// A money field given as a decimal string in tenge ("12345.67").
Result<Money> money_field(Body& b, const char* name, bool required);

struct Context {
  const HttpRequest& request;
  std::map<std::string, std::string> params;
  std::optional<cases::User> user;
  work::Actor actor;
  Lang lang = Lang::kEn;
};
using Handler = std::function<Result<HttpResponse>(Context&)>;

inline work::RequestKey request_key(const Context& ctx) {
  return {ctx.request.header("idempotency-key"), body_digest(ctx.request)};
}


// Role sets the routes use.
namespace roles {
using cases::Role;
inline std::vector<Role> all() {
  return {Role::kOfficer, Role::kConsultant, Role::kAkimOfficer, Role::kCommissionMember, Role::kStateCorporationOperator,
          Role::kAuditor, Role::kApplicant, Role::kThirdParty};
}
inline std::vector<Role> all_but_third_party() {
  auto r = all();
  r.pop_back();
  return r;
}
inline const std::vector<Role> kStaff = {Role::kOfficer, Role::kConsultant, Role::kAkimOfficer, Role::kCommissionMember,
                                         Role::kStateCorporationOperator, Role::kAuditor};
inline const std::vector<Role> kIntake = {Role::kOfficer, Role::kConsultant, Role::kAkimOfficer,
                                          Role::kStateCorporationOperator, Role::kApplicant};
inline const std::vector<Role> kProcessors = {Role::kOfficer, Role::kConsultant, Role::kAkimOfficer};
}  // namespace roles

inline Policy open_policy(std::string d) { return Policy{true, {}, false, std::move(d)}; }
inline Policy reads(std::vector<cases::Role> r, std::string d) { return Policy{false, std::move(r), false, std::move(d)}; }
// A read whose answer carries other people's personal data (see Policy::personal_data).
inline Policy reads_personal(std::vector<cases::Role> r, std::string d) {
  Policy p{false, std::move(r), false, std::move(d)};
  p.personal_data = true;
  return p;
}
inline Policy writes(std::vector<cases::Role> r, std::string d) { return Policy{false, std::move(r), true, std::move(d)}; }
// A policy whose route takes a larger body (uploads), up to kUploadBodyBytesMax.
inline Policy with_body_max(Policy p, std::size_t bytes) {
  p.body_bytes_max = std::min(bytes, kUploadBodyBytesMax);
  return p;
}

// The route table: routes are matched in the order they were added.
class Router {
 public:
  struct Route {
    RouteInfo info;
    std::vector<std::string> parts;
    Handler handler;
  };
  void add(std::string method, std::string pattern, std::string summary, Policy policy, std::vector<std::string> fields,
           Handler handler) {
    RouteInfo info{std::move(method), std::move(pattern), std::move(summary), std::move(policy), std::move(fields)};
    routes_.push_back(Route{info, split_path(info.pattern), std::move(handler)});
    infos_.push_back(std::move(info));
  }
  [[nodiscard]] std::vector<Route>& routes() { return routes_; }
  [[nodiscard]] const std::vector<RouteInfo>& infos() const { return infos_; }

 private:
  std::vector<Route> routes_;
  std::vector<RouteInfo> infos_;
};

}  // namespace komek::api
