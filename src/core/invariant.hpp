// Always-on checks of invariants that only a bug can break (STYLE.md card 2 and 3).
// Never use these on user input: user input gets a Result error.
//
// A broken invariant throws InvariantViolation. Inside a request it unwinds to the HTTP
// boundary, which rolls the transaction back, logs the invariant with a correlation id and
// answers 500 with that id only: one request fails, the server goes on (issue 13 finding 1,
// docs/errors.md). Outside a request the thread's own boundary decides: a background pass
// logs it and tries again later; the start-up verifiers turn their findings into an error
// that stops the process before it serves.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace komek {

class InvariantViolation : public std::logic_error {
 public:
  InvariantViolation(std::string what, std::string file, int line)
      : std::logic_error(std::move(what)), file_(std::move(file)), line_(line) {}
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] int line() const { return line_; }

 private:
  std::string file_;
  int line_;
};

// (clang 14, used for fuzzing, has no std::source_location: the macro passes file and line.)
[[noreturn]] void invariant_failed(std::string_view condition, std::string_view message, const char* file,
                                   int line);

}  // namespace komek

#define KOMEK_INVARIANT(cond, message)                                     \
  do {                                                                     \
    if (!(cond)) [[unlikely]]                                              \
      ::komek::invariant_failed(#cond, (message), __FILE__, __LINE__);     \
  } while (false)
