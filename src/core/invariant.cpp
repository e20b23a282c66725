#include "core/invariant.hpp"

#include <cstdio>
#include <cstdlib>

namespace komek {

void invariant_failed(std::string_view condition, std::string_view message, const char* file, int line) {
  std::fprintf(stderr, "komek: invariant violated at %s:%d: %.*s (%.*s)\n", file, line,
               static_cast<int>(message.size()), message.data(), static_cast<int>(condition.size()),
               condition.data());
  std::abort();
}

}  // namespace komek
