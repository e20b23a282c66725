// HTTP requests as the application sees them: query decoding.
#include <cctype>
#include <string>

#include "api/http.hpp"

#include "core/text.hpp"

namespace komek::api {

std::string HttpRequest::param(std::string_view name) const {
  std::string_view q = query;
  while (!q.empty()) {
    const auto amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      std::string out;
      std::string_view v = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '+') out += ' ';
        else if (v[i] == '%' && i + 2 < v.size() && std::isxdigit(static_cast<unsigned char>(v[i + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(v[i + 2]))) {
          out += static_cast<char>(std::stoi(std::string(v.substr(i + 1, 2)), nullptr, 16));
          i += 2;
        } else out += v[i];
      }
      return out;
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return {};
}

namespace {

std::string percent_decoded(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '+') {
      out += ' ';
    } else if (v[i] == '%' && i + 2 < v.size() && std::isxdigit(static_cast<unsigned char>(v[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(v[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(v.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += v[i];
    }
  }
  return out;
}

tl::unexpected<Error> bad_text(const std::string& where, std::size_t position) {
  Error e(ErrorCode::kInvalidInput, "http.invalid_utf8", {{"where", where}, {"position", std::to_string(position + 1)}});
  e.field = where;
  return tl::unexpected(e);
}

// Control characters other than TAB have no place in a path, a query value or a header.
std::optional<std::size_t> first_control(std::string_view v) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7F) return i;
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> HttpRequest::params() const {
  std::vector<std::pair<std::string, std::string>> out;
  std::string_view q = query;
  while (!q.empty()) {
    const auto amp = q.find('&');
    const std::string_view pair = q.substr(0, amp);
    const auto eq = pair.find('=');
    out.emplace_back(percent_decoded(pair.substr(0, eq)),
                     eq == std::string_view::npos ? std::string() : percent_decoded(pair.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

Result<void> check_request_text(const HttpRequest& request) {
  if (auto at = utf8_first_invalid(request.path)) return bad_text("path", *at);
  if (auto at = first_control(request.path)) return bad_text("path", *at);
  for (const auto& [name, value] : request.params()) {
    const std::string where = "query parameter " + quote_for_message(name, 40);
    if (auto at = utf8_first_invalid(name)) return bad_text("query", *at);
    if (auto at = utf8_first_invalid(value)) return bad_text(where, *at);
    if (auto at = first_control(value)) return bad_text(where, *at);
  }
  for (const auto& [name, value] : request.headers) {
    if (auto at = utf8_first_invalid(value)) return bad_text("header " + quote_for_message(name, 60), *at);
    if (auto at = first_control(value)) return bad_text("header " + quote_for_message(name, 60), *at);
  }
  if (auto at = utf8_first_invalid(request.body)) return bad_text("body", *at);
  return {};
}

}  // namespace komek::api
