// A title in the three languages Komek shows: Kazakh, Russian and English. Every title the
// rule data gives (programmes, grounds, periods, …) is in all three.
#pragma once

#include <string>

#include "core/lang.hpp"

namespace komek::rules {

struct Titles {
  std::string kk, ru, en;
  [[nodiscard]] const std::string& in(Lang lang) const {
    return lang == Lang::kKk ? kk : lang == Lang::kRu ? ru : en;
  }
};

}  // namespace komek::rules
