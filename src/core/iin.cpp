#include "core/iin.hpp"

#include "core/invariant.hpp"

namespace komek {
namespace {

constexpr std::array<int, 11> kFirstWeights = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
constexpr std::array<int, 11> kSecondWeights = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};

int weighted_mod11(const std::array<int, 11>& digits, const std::array<int, 11>& weights) {
  int sum = 0;
  for (std::size_t i = 0; i < 11; ++i) sum += digits[i] * weights[i];
  return sum % 11;
}

std::array<int, 11> first_eleven(std::string_view text) {
  std::array<int, 11> d{};
  for (std::size_t i = 0; i < 11; ++i) d[i] = text[i] - '0';
  return d;
}

}  // namespace

std::string_view sex_name(Sex s) { return s == Sex::kMale ? "male" : "female"; }

std::optional<int> Iin::check_digit(const std::array<int, 11>& digits) {
  int c = weighted_mod11(digits, kFirstWeights);
  if (c == 10) c = weighted_mod11(digits, kSecondWeights);
  if (c == 10) return std::nullopt;
  return c;
}

Result<Iin> Iin::parse(std::string_view text) {
  // Count code points, not bytes, so that "12 Cyrillic letters" is reported as a non-digit,
  // not as a wrong length.
  std::size_t code_points = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++code_points;
  if (code_points != kLength)
    return invalid("iin.length", {{"length", std::to_string(code_points)}});
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9')
      return invalid("iin.non_digit", {{"position", std::to_string(i + 1)}});
  }
  // All zeros passes the check digit but is nobody's number: the placeholder a form is left
  // with (issue 13 finding 12). Real IINs are otherwise not judged by their date digits (FACTS §3).
  if (text == "000000000000") return invalid("iin.placeholder");
  const auto check = check_digit(first_eleven(text));
  if (!check || *check != text[11] - '0') return invalid("iin.checksum");
  return Iin(std::string(text));
}

Iin Iin::make(Date birth, Sex sex, int serial) {
  KOMEK_INVARIANT(serial >= 0 && serial <= 9999, "IIN serial out of range");
  const int year = birth.year();
  const int century_digit = year < 1900 ? 1 : year < 2000 ? 3 : 5;
  std::array<int, 11> d{};
  const int yy = year % 100;
  d[0] = yy / 10;
  d[1] = yy % 10;
  d[2] = birth.month() / 10;
  d[3] = birth.month() % 10;
  d[4] = birth.day() / 10;
  d[5] = birth.day() % 10;
  d[6] = century_digit + (sex == Sex::kFemale ? 1 : 0);
  for (int attempt = 0; attempt < 10000; ++attempt) {
    const int s = (serial + attempt) % 10000;
    d[7] = s / 1000;
    d[8] = s / 100 % 10;
    d[9] = s / 10 % 10;
    d[10] = s % 10;
    if (auto c = check_digit(d)) {
      std::string text;
      for (int digit : d) text += static_cast<char>('0' + digit);
      text += static_cast<char>('0' + *c);
      return Iin(std::move(text));
    }
  }
  KOMEK_INVARIANT(false, "no valid IIN serial exists");
}

std::optional<int> Iin::century_hint() const {
  switch (text_[6]) {
    case '1': case '2': return 19;
    case '3': case '4': return 20;
    case '5': case '6': return 21;
    default: return std::nullopt;
  }
}

std::optional<Sex> Iin::sex_hint() const {
  if (!century_hint()) return std::nullopt;
  return (text_[6] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
}

std::optional<Date> Iin::birth_date_hint() const {
  const auto century = century_hint();
  if (!century) return std::nullopt;
  const int yy = (text_[0] - '0') * 10 + (text_[1] - '0');
  const int mm = (text_[2] - '0') * 10 + (text_[3] - '0');
  const int dd = (text_[4] - '0') * 10 + (text_[5] - '0');
  const int year = (*century - 1) * 100 + yy;
  auto date = Date::make(year, mm, dd);
  if (!date) return std::nullopt;
  return *date;
}

std::string Iin::masked() const { return text_.substr(0, 4) + "******" + text_.substr(10, 2); }

}  // namespace komek
