#include "api/router.hpp"

#include <cctype>

#include <spdlog/spdlog.h>

#include "api/auth.hpp"
#include "core/messages.hpp"
#include "core/text.hpp"

namespace komek::api {

// How much of a value an error message quotes: enough to recognise it, never a whole body.
constexpr std::size_t kMessageValueCharsMax = 300;

// ---- requests -------------------------------------------------------------------------

Lang caller_lang(const HttpRequest& req) {
  if (auto q = req.param("lang"); !q.empty())
    if (auto l = parse_lang(q)) return *l;
  const std::string header = req.header("accept-language");
  std::string_view v = header;
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

int status_of(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kUnauthorized: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kUnknownValue: return 422;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kTooManyRequests: return 429;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

HttpResponse json_response(int status, const std::string& body) {
  HttpResponse r;
  r.status = status;
  r.body = body;
  return r;
}

HttpResponse error_response(const Error& e, Lang lang) {
  Error shown = e;
  // A parameter is shown, never echoed raw: bounded, and valid UTF-8 (issue 13 finding 4).
  for (auto& [name, value] : shown.params) value = quote_for_message(value, kMessageValueCharsMax);
  shown.field = quote_for_message(shown.field, kMessageValueCharsMax);
  if (e.code == ErrorCode::kInternal) {
    // Details go to the log with a correlation id; the caller gets the id only (S8). An id
    // already given (the boundary that caught an exception logged under it) is kept.
    std::string id = e.message_key == "internal.error" ? e.param("correlation_id") : std::string();
    if (id.empty()) {
      id = random_token().substr(0, 12);
      spdlog::error("internal error {}: {} {}", id, e.message_key, e.field);
    }
    shown = Error(ErrorCode::kInternal, "internal.error", {{"correlation_id", id}});
  }
  json body{{"code", std::string(error_code_name(shown.code))},
            {"message", render(shown, lang)},
            {"field", shown.field.empty() ? json(nullptr) : json(shown.field)}};
  // Never throws on a value that is not UTF-8: such bytes become U+FFFD (issue 13 finding 4).
  HttpResponse r = json_response(status_of(shown.code), body.dump(-1, ' ', false, json::error_handler_t::replace));
  // A 429 says when to come back (RFC 6585 §4), in seconds.
  if (e.code == ErrorCode::kTooManyRequests)
    if (const std::string seconds = e.param("seconds"); !seconds.empty()) r.headers.emplace_back("Retry-After", seconds);
  return r;
}

// A JSON request body read against its schema: every field read is recorded, and fields

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    const std::size_t j = path.find('/', i);
    const std::size_t end = j == std::string_view::npos ? path.size() : j;
    if (end > i) parts.emplace_back(path.substr(i, end - i));
    i = end;
  }
  return parts;
}

std::string body_digest(const HttpRequest& req) { return token_digest(req.method + " " + req.path + "\n" + req.body); }

bool bearer_token(const HttpRequest& req) {
  const std::string auth_header = req.header("authorization");
  return auth_header.rfind("Bearer ", 0) == 0 && auth_header.size() > 7;
}

bool same_origin(std::string_view value, std::string_view host) {
  const auto scheme = value.find("://");
  if (scheme == std::string_view::npos) return false;
  std::string_view rest = value.substr(scheme + 3);
  const auto slash = rest.find('/');
  if (slash != std::string_view::npos) rest = rest.substr(0, slash);
  return !rest.empty() && rest == host;
}

std::string token_of(const HttpRequest& req) {
  const std::string auth_header = req.header("authorization");
  if (auth_header.rfind("Bearer ", 0) == 0) return auth_header.substr(7);
  const std::string cookies = req.header("cookie");
  const std::string name = "__Host-komek_session=";
  if (auto pos = cookies.find(name); pos != std::string::npos) {
    const auto end = cookies.find(';', pos);
    return cookies.substr(pos + name.size(), end == std::string::npos ? std::string::npos : end - pos - name.size());
  }
  return {};
}


Result<Date> date_field(Body& b, const char* name) {
  KOMEK_TRY(text, b.string(name, true, 10));
  auto d = Date::parse(text);
  if (!d) {
    Error e = d.error();
    e.field = name;
    return tl::unexpected(e);
  }
  return *d;
}

Result<std::optional<Date>> optional_date_field(Body& b, const char* name) {
  KOMEK_TRY(text, b.string(name, false, 10));
  if (text.empty()) return std::optional<Date>();
  auto d = Date::parse(text);
  if (!d) {
    Error e = d.error();
    e.field = name;
    return tl::unexpected(e);
  }
  return std::optional<Date>(*d);
}

Result<Money> money_field(Body& b, const char* name, bool required) {
  KOMEK_TRY(text, b.string(name, required, 40));
  if (text.empty()) return Money();
  auto m = Money::parse(text);
  if (!m) {
    Error e = m.error();
    e.field = name;
    return tl::unexpected(e);
  }
  return *m;
}

}  // namespace komek::api
