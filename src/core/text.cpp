#include "core/text.hpp"

namespace komek {
namespace {

// The length of the well-formed sequence starting at text[i], or 0 when it is ill-formed
// (Unicode 15, table 3-7).
std::size_t sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  const std::size_t left = text.size() - i;
  auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return k < left && byte(i + k) >= lo && byte(i + k) <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;  // no surrogates
  if (b0 == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

}  // namespace

std::optional<std::size_t> utf8_first_invalid(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = sequence_length(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

bool utf8_valid(std::string_view text) { return !utf8_first_invalid(text).has_value(); }

std::size_t utf8_length(std::string_view text) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++chars) {
    const std::size_t n = sequence_length(text, i);
    i += n == 0 ? 1 : n;
  }
  return chars;
}

std::string quote_for_message(std::string_view value, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < value.size();) {
    if (chars == max_chars) {
      out += "\xE2\x80\xA6";  // …
      break;
    }
    const std::size_t n = sequence_length(value, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      i += 1;
    } else if (n == 1 && (static_cast<unsigned char>(value[i]) < 0x20 || value[i] == 0x7F)) {
      out += ' ';
      i += 1;
    } else {
      out.append(value.substr(i, n));
      i += n;
    }
    ++chars;
  }
  return out;
}

std::string without_bidi_controls(std::string_view text) {
  // UTF-8 of the controls: U+061C is D8 9C; U+200E/F are E2 80 8E/8F; U+202A-E are E2 80 AA-AE;
  // U+2066-9 are E2 81 A6-A9.
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = [&](std::size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0U; };
    if (b(0) == 0xD8 && b(1) == 0x9C) {
      ++i;
      continue;
    }
    if (b(0) == 0xE2 && ((b(1) == 0x80 && (b(2) == 0x8E || b(2) == 0x8F || (b(2) >= 0xAA && b(2) <= 0xAE))) ||
                         (b(1) == 0x81 && b(2) >= 0xA6 && b(2) <= 0xA9))) {
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

}  // namespace komek
