// Expected failures as values: an error code (what kind of failure, which also decides the
// HTTP status), a message key into the kk/ru/en catalogue, its parameters, and the field the
// failure is about. Exceptions are kept for infrastructure failures and broken invariants
// (STYLE.md card 2).
//
//   Result<Iin> iin = Iin::parse(text);
//   if (!iin) return tl::make_unexpected(iin.error().at_field("members[0].iin"));
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace komek {

// When adding an enumerator, also update error_code_name() and the HTTP mapping in api/.
enum class ErrorCode {
  kInvalidInput,   // the caller sent something malformed or out of range
  kNotFound,       // the thing asked for does not exist (or is not visible to the caller)
  kConflict,       // the request is well-formed but not allowed in the current state
  kUnauthorized,   // no valid credentials
  kForbidden,      // credentials valid, action not allowed
  kUnknownValue,   // a legal parameter needed for the computation is not known for the date
  kUnavailable,    // a dependency (database, registry, gateway) did not answer
  kInternal,       // a bug; details go to the log, never to the caller
};

std::string_view error_code_name(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message_key;  // key in the message catalogue, e.g. "iin.checksum"
  std::vector<std::pair<std::string, std::string>> params;  // substituted into {name}
  std::string field;        // JSON path or CLI argument the error is about; may be empty

  Error() = default;
  Error(ErrorCode c, std::string key, std::vector<std::pair<std::string, std::string>> p = {})
      : code(c), message_key(std::move(key)), params(std::move(p)) {}

  // Returns a copy naming the field; used as an error travels outward to the boundary.
  [[nodiscard]] Error at_field(std::string f) const {
    Error e = *this;
    e.field = f.empty() || e.field.empty() ? std::move(f) + e.field : std::move(f) + "." + e.field;
    return e;
  }
  [[nodiscard]] std::string param(std::string_view name) const {
    for (const auto& [k, v] : params)
      if (k == name) return v;
    return {};
  }
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string key,
                                  std::vector<std::pair<std::string, std::string>> params = {}) {
  return tl::unexpected<Error>(Error(code, std::move(key), std::move(params)));
}

inline tl::unexpected<Error> invalid(std::string key,
                                     std::vector<std::pair<std::string, std::string>> params = {}) {
  return fail(ErrorCode::kInvalidInput, std::move(key), std::move(params));
}

}  // namespace komek
