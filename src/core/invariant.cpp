#include "core/invariant.hpp"

#include <cstdio>
#include <cstdlib>

namespace komek {

void invariant_failed(std::string_view condition, std::string_view message,
                      std::source_location where) {
  std::fprintf(stderr, "komek: invariant violated at %s:%u: %.*s (%.*s)\n", where.file_name(),
               static_cast<unsigned>(where.line()), static_cast<int>(message.size()),
               message.data(), static_cast<int>(condition.size()), condition.data());
  std::abort();
}

}  // namespace komek
