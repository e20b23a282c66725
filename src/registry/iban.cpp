#include "registry/iban.hpp"

#include "core/invariant.hpp"

namespace komek::registry {
namespace {

bool is_upper_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

// Folds characters into a running remainder mod 97, letters counting as the two digits 10-35.
// The remainder stays below 97, so no step can overflow.
int fold_mod97(int remainder, std::string_view text) {
  for (char c : text) {
    KOMEK_INVARIANT(is_upper_alnum(c), "IBAN characters are checked before folding");
    if (c >= '0' && c <= '9') {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else {
      const int value = c - 'A' + 10;
      remainder = (remainder * 100 + value) % 97;
    }
  }
  return remainder;
}

}  // namespace

std::string iban_check_digits(std::string_view country, std::string_view bban) {
  int r = fold_mod97(0, bban);
  r = fold_mod97(r, country);
  r = fold_mod97(r, "00");
  const int check = 98 - r;
  std::string out;
  out += static_cast<char>('0' + check / 10);
  out += static_cast<char>('0' + check % 10);
  return out;
}

std::string make_iban(std::string_view country, std::string_view bban) {
  return std::string(country) + iban_check_digits(country, bban) + std::string(bban);
}

bool iban_valid(std::string_view iban) {
  if (iban.size() < 5 || iban.size() > 34) return false;
  for (char c : iban)
    if (!is_upper_alnum(c)) return false;
  for (std::size_t i = 0; i < 2; ++i)
    if (iban[i] < 'A' || iban[i] > 'Z') return false;
  for (std::size_t i = 2; i < 4; ++i)
    if (iban[i] < '0' || iban[i] > '9') return false;
  if (iban.substr(0, 2) == "KZ" && iban.size() != kKzIbanLength) return false;
  int r = fold_mod97(0, iban.substr(4));
  r = fold_mod97(r, iban.substr(0, 4));
  return r == 1;
}

}  // namespace komek::registry
