#include "core/lang.hpp"

#include <cctype>
#include <string>

namespace komek {

std::string_view lang_code(Lang lang) {
  switch (lang) {
    case Lang::kKk: return "kk";
    case Lang::kRu: return "ru";
    case Lang::kEn: return "en";
  }
  return "en";
}

std::optional<Lang> parse_lang(std::string_view code) {
  std::string lower;
  for (char c : code.substr(0, 2)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (code.size() > 2 && code[2] != '-' && code[2] != '_') return std::nullopt;
  if (lower == "kk" || lower == "kz") return Lang::kKk;
  if (lower == "ru") return Lang::kRu;
  if (lower == "en") return Lang::kEn;
  return std::nullopt;
}

}  // namespace komek
