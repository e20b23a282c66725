// A mutating request's identity for idempotency (RELIABILITY R3): the key the client sent
// and a digest of its body.
#pragma once

#include <string>

#include "core/result.hpp"

namespace komek::work {

inline constexpr std::size_t kRequestKeyBytesMax = 200;

struct RequestKey {
  std::string key;
  std::string body_hash;
};

// The key is present and not too long ("http.idempotency_key_missing", "…_too_long").
[[nodiscard]] Result<void> check_request_key(const RequestKey& request);

}  // namespace komek::work
