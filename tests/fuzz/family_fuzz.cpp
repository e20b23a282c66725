// libFuzzer target: the family reader and, for families it accepts, the evaluation of the
// shipped packs must never crash (RELIABILITY S10). Replayed from corpus/ by CTest.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "rules/evaluate.hpp"
#include "rules/library.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static komek::rules::Library* lib = [] {
    auto l = komek::rules::Library::load(KOMEK_RULES_DIR);
    if (!l) std::abort();
    return l->release();
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto family = komek::rules::read_family_json(text, lib->vocabulary(), "fuzz.json");
  if (!family) return 0;
  for (const auto& [id, pack] : lib->packs()) {
    komek::rules::EvaluationInput in{pack, lib->parameters(), lib->income_rules(), *family,
                                     family->application_date, &lib->calendar(), true};
    (void)komek::rules::evaluate(in);
  }
  return 0;
}
