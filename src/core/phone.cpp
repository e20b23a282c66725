#include "core/phone.hpp"

namespace komek {

std::optional<std::string> normalize_phone(std::string_view text) {
  std::string digits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch >= '0' && ch <= '9') digits += ch;
    else if (ch == '+' && i == 0) continue;
    else if (ch == ' ' || ch == '-' || ch == '(' || ch == ')') continue;
    else return std::nullopt;
  }
  // 8 is the old trunk prefix still written at home: 8 701 … is +7 701 ….
  if (digits.size() == 11 && (digits[0] == '7' || digits[0] == '8')) digits = digits.substr(1);
  else if (digits.size() != 10) return std::nullopt;
  // The mobile operators' codes of Kazakhstan's numbering plan; landlines (727 Almaty, 717
  // Astana, …) cannot take an SMS. A new operator code is added here.
  static constexpr std::string_view kMobileCodes[] = {"700", "701", "702", "703", "704", "705", "706", "707",
                                                      "708", "709", "747", "750", "751", "760", "761", "762",
                                                      "763", "764", "771", "775", "776", "777", "778"};
  const std::string_view code = std::string_view(digits).substr(0, 3);
  for (std::string_view mobile : kMobileCodes)
    if (code == mobile) return "+7" + digits;
  return std::nullopt;
}

std::string mask_phone(std::string_view phone) {
  if (phone.size() < 8) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 5)) + "***" + std::string(phone.substr(phone.size() - 4));
}

}  // namespace komek
