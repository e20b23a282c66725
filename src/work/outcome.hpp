// What a use case tells its caller: what it did (Effect) and the value it left, typed. Only
// api/ turns an Effect into a status code and a value into a response body (DESIGN.md
// "Services return typed outcomes").
//
//   Result<Done<Case>> submitted = service.submit(actor, key, intake);
//   // submitted->effect == Effect::kCreated; submitted->value is the Case
//
// A Codec is how a value is kept with its request's idempotency key (work/runner.hpp), so
// that the same key and body answer with the same value again (RELIABILITY R3). It is the
// module's canonical document of the value — the one its audit records carry — and must
// read back what it wrote: decode(encode(v)) describes v exactly.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace komek::work {

// When adding one, also update effect_name(), parse_effect() and api/'s mapping.
enum class Effect : std::uint8_t {
  kDone = 0,     // the command changed (or looked at) what existed
  kCreated = 1,  // the command made a new record
};
std::string_view effect_name(Effect e);

template <typename T>
struct Done {
  Effect effect = Effect::kDone;
  T value;
};

template <typename T>
struct Codec {
  std::function<std::string(const T&)> encode;
  std::function<Result<T>(std::string_view)> decode;
};

}  // namespace komek::work
