// Always-on checks of invariants that only a bug can break (STYLE.md card 2 and 3).
// Never use these on user input: user input gets a Result error.
#pragma once

#include <string_view>

namespace komek {

// (clang 14, used for fuzzing, has no std::source_location: the macro passes file and line.)
[[noreturn]] void invariant_failed(std::string_view condition, std::string_view message, const char* file,
                                   int line);

}  // namespace komek

#define KOMEK_INVARIANT(cond, message)                                     \
  do {                                                                     \
    if (!(cond)) [[unlikely]]                                              \
      ::komek::invariant_failed(#cond, (message), __FILE__, __LINE__);     \
  } while (false)
