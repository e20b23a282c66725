// The registry module's messages in kk/ru/en: the titles of the 24 queries of 004 §7 and of
// the documents that replace missing data (001 §11), and the module's errors.
#pragma once

#include <string>

#include "core/lang.hpp"

namespace komek::registry {

struct MissingItem;


// "900101******11: Disability — no data; bring: Proof of the ground of need" in a language;
// an unavailable system is named as such.
std::string describe_missing(const MissingItem& item, Lang lang);

}  // namespace komek::registry
