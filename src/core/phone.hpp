// Phone numbers as Komek keeps them: E.164 Kazakh mobile numbers ("+77011234567"), the only
// kind an SMS reaches (issue 13 finding 12). What people write at home is taken too:
// spaces, dashes, brackets, the old trunk prefix 8 ("8 701 123 45 67"); anything else —
// letters, control characters, a landline — is refused.
//
//   normalize_phone("+7 (701) 123-45-67")   // "+77011234567"
//   normalize_phone("8 727 250 00 00")      // nothing: Almaty landline
//   mask_phone("+77011234567")              // "+7701***4567" (logs)
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace komek {

[[nodiscard]] std::optional<std::string> normalize_phone(std::string_view text);
[[nodiscard]] std::string mask_phone(std::string_view phone);

}  // namespace komek
