// libFuzzer target: the rule-pack loader and checker must refuse any input with an error,
// never crash, hang or leak (RELIABILITY S10). Replayed from corpus/ by CTest.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "rules/library.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static komek::rules::Library* lib = [] {
    auto l = komek::rules::Library::load(KOMEK_RULES_DIR);
    if (!l) std::abort();
    return l->release();
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto pack = komek::rules::parse_pack(text, "fuzz.yaml", lib->environment());
  if (pack) (void)komek::rules::check_pack(*pack, lib->environment());
  return 0;
}
