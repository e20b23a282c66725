#include "core/invariant.hpp"

#include <cstdio>

namespace komek {

void invariant_failed(std::string_view condition, std::string_view message, const char* file, int line) {
  // Written at once as well: a thread without a boundary (a bug of its own) still leaves the
  // invariant on stderr before std::terminate.
  std::fprintf(stderr, "komek: invariant violated at %s:%d: %.*s (%.*s)\n", file, line,
               static_cast<int>(message.size()), message.data(), static_cast<int>(condition.size()),
               condition.data());
  throw InvariantViolation("invariant violated: " + std::string(message) + " (" + std::string(condition) + ")", file,
                           line);
}

}  // namespace komek
