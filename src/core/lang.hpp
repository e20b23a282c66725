// The languages Komek speaks: Kazakh (the state language), Russian and English.
#pragma once

#include <optional>
#include <string_view>

namespace komek {

enum class Lang { kKk, kRu, kEn };

std::string_view lang_code(Lang lang);
// "kk", "ru", "en" (also "kz" for Kazakh, as people often write it); case-insensitive.
std::optional<Lang> parse_lang(std::string_view code);

}  // namespace komek
