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
  kTooLarge,       // the request, or a part of it, is larger than allowed
  kTooManyRequests,  // the caller (or everyone) asked too often: try again later
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

// A value or the Error that kept it from being made. [[nodiscard]] on the type: a result
// dropped on the floor is a failure nobody handled (Envoy, Abseil ABSL_MUST_USE_RESULT), so
// every function returning one is checked by the compiler, not by convention.
template <typename T>
class [[nodiscard]] Result : public tl::expected<T, Error> {
 public:
  using Base = tl::expected<T, Error>;
  using Base::Base;
  Result() = default;
  // From what tl::expected's own operations (and_then, map) return.
  Result(const Base& b) : Base(b) {}           // NOLINT(google-explicit-constructor)
  Result(Base&& b) : Base(std::move(b)) {}     // NOLINT(google-explicit-constructor)
};

inline tl::unexpected<Error> fail(ErrorCode code, std::string key,
                                  std::vector<std::pair<std::string, std::string>> params = {}) {
  return tl::unexpected<Error>(Error(code, std::move(key), std::move(params)));
}

inline tl::unexpected<Error> invalid(std::string key,
                                     std::vector<std::pair<std::string, std::string>> params = {}) {
  return fail(ErrorCode::kInvalidInput, std::move(key), std::move(params));
}

}  // namespace komek

// Error propagation for functions returning Result<…> (tl::expected has no try operator).
// docs/errors.md gives the policy.
//
//   KOMEK_TRY(family, parse_family(text));   // on error: return it; else `family` is the value
//   KOMEK_CHECK(tx.audit(entry));            // a Result<void>, or a value not needed
//   KOMEK_ASSIGN(c.number, tx.next_number(district, year));   // the value into an existing lvalue
#define KOMEK_TRY(var, expr)                                        \
  auto var##_result = (expr);                                       \
  if (!var##_result) return tl::unexpected(var##_result.error());  \
  auto& var = *var##_result

#define KOMEK_CONCAT_INNER(a, b) a##b
#define KOMEK_CONCAT(a, b) KOMEK_CONCAT_INNER(a, b)

// A name of its own at each use, so that a check nested in a lambda inside another's
// expression does not shadow it.
#define KOMEK_CHECK(expr) KOMEK_CHECK_AS(expr, KOMEK_CONCAT(komek_check_, __COUNTER__))
#define KOMEK_CHECK_AS(expr, name)                        \
  do {                                                    \
    auto name = (expr);                                   \
    if (!name) return tl::unexpected(name.error());       \
  } while (false)

#define KOMEK_ASSIGN(target, expr) KOMEK_ASSIGN_AS(target, expr, KOMEK_CONCAT(komek_assign_, __COUNTER__))
#define KOMEK_ASSIGN_AS(target, expr, name)               \
  do {                                                    \
    auto name = (expr);                                   \
    if (!name) return tl::unexpected(name.error());       \
    target = std::move(*name);                            \
  } while (false)
