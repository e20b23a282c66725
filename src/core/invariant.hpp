// Always-on checks of invariants that only a bug can break (STYLE.md card 2 and 3).
// Never use these on user input: user input gets a Result error.
#pragma once

#include <source_location>
#include <string_view>

namespace komek {

[[noreturn]] void invariant_failed(std::string_view condition, std::string_view message,
                                   std::source_location where = std::source_location::current());

}  // namespace komek

#define KOMEK_INVARIANT(cond, message)                          \
  do {                                                          \
    if (!(cond)) [[unlikely]]                                   \
      ::komek::invariant_failed(#cond, (message));              \
  } while (false)
