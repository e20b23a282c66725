// Individual identification number (ЖСН / ИИН): 12 digits, FACTS §3.
//
//   YYMMDD · century-and-sex digit · 4-digit serial · check digit
//
// Only the length, the digits and the check digit make an IIN invalid. Since 2013 the
// first digits need not match the person's real birth date, so the decoded birth date and
// sex are hints for a caseworker, never grounds to reject.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.hpp"
#include "core/result.hpp"

namespace komek {

enum class Sex { kMale, kFemale };
std::string_view sex_name(Sex s);

class Iin {
 public:
  static constexpr std::size_t kLength = 12;

  // Errors: "iin.length", "iin.non_digit", "iin.checksum".
  static Result<Iin> parse(std::string_view text);

  // The check digit for the first 11 digits, or nothing when both passes give 10 (such
  // serials are never issued).
  static std::optional<int> check_digit(const std::array<int, 11>& digits);

  // Makes a valid IIN for a birth date and sex, starting at `serial` (0..9999) and taking
  // the next serial whose check digit exists. For synthetic registries and tests.
  static Iin make(Date birth, Sex sex, int serial);

  [[nodiscard]] const std::string& str() const { return text_; }
  // Hints decoded from the digits; empty when the digits do not encode a real date/century.
  [[nodiscard]] std::optional<Date> birth_date_hint() const;
  [[nodiscard]] std::optional<Sex> sex_hint() const;
  [[nodiscard]] std::optional<int> century_hint() const;  // 19, 20 or 21
  // "9001******11": what logs and lists may show (DESIGN "personal data is guarded").
  [[nodiscard]] std::string masked() const;

  friend bool operator==(const Iin&, const Iin&) = default;
  friend auto operator<=>(const Iin&, const Iin&) = default;

 private:
  explicit Iin(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

}  // namespace komek
