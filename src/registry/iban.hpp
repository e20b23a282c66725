// International bank account numbers (ISO 13616) with the mod-97 check digits of ISO 7064.
// A Kazakh IBAN has 20 characters: "KZ", two check digits, a three-digit bank code and a
// thirteen-character account number (e.g. the registry's example KZ86125KZT5004100100).
//
//   std::string iban = make_iban("KZ", "125KZT5004100100");   // "KZ86125KZT5004100100"
//   iban_valid(iban)                                          // true
#pragma once

#include <string>
#include <string_view>

namespace komek::registry {

inline constexpr std::size_t kKzIbanLength = 20;

// The two check digits for a country code and a basic bank account number (BBAN) of upper-case
// letters and digits: 98 − (BBAN + country + "00", letters as 10-35) mod 97, as two digits.
std::string iban_check_digits(std::string_view country, std::string_view bban);
// Country + check digits + BBAN.
std::string make_iban(std::string_view country, std::string_view bban);
// Well-formed (upper-case letters and digits, the country's length where Komek knows it: 20
// for KZ) and the mod-97 remainder of the rearranged number is 1.
bool iban_valid(std::string_view iban);

}  // namespace komek::registry
