// The shipped rules directory, loaded once for the rules unit tests.
#pragma once

#include <stdexcept>

#include "core/messages.hpp"
#include "rules/library.hpp"

namespace komek::rules::test {

inline Library& shipped() {
  static std::unique_ptr<Library> lib = [] {
    auto l = Library::load(KOMEK_RULES_DIR);
    if (!l) throw std::runtime_error("rules: " + render(l.error(), Lang::kEn));
    return std::move(*l);
  }();
  return *lib;
}

// "line: what" of a data error, for compact assertions.
inline std::string where_what(const Error& e) {
  if (e.message_key == "data.invalid" || e.message_key == "data.syntax" || e.message_key == "counts.invalid")
    return e.param("line") + ": " + e.param("what");
  return e.message_key;
}

}  // namespace komek::rules::test
