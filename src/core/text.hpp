// Text as people and protocols send it: UTF-8 checked, lengths counted in characters (code
// points), and values quoted into messages safely — never raw bytes that are not UTF-8, never
// a cut through the middle of a character (issue 13 finding 4; issue 16 item 5).
//
//   utf8_valid("Әлия")                       // true
//   utf8_length("Әлия")                      // 4 (8 bytes)
//   quote_for_message("\xFF" "abc", 60)      // "\uFFFDabc"
//   quote_for_message(long_name, 10)         // the first 10 characters and "…"
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace komek {

// Whether `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
[[nodiscard]] bool utf8_valid(std::string_view text);
// The byte offset of the first ill-formed sequence, or nothing when all is well-formed.
[[nodiscard]] std::optional<std::size_t> utf8_first_invalid(std::string_view text);
// How many characters (code points); an ill-formed byte counts as one.
[[nodiscard]] std::size_t utf8_length(std::string_view text);
// A value for a message: ill-formed bytes become U+FFFD, control characters a space, and at
// most `max_chars` characters are kept (then "…").
[[nodiscard]] std::string quote_for_message(std::string_view value, std::size_t max_chars = 60);

// The text without the Unicode bidirectional controls (U+061C, U+200E-U+200F, U+202A-U+202E,
// U+2066-U+2069): a file name "invoice<U+202E>fdp.exe" shown as "invoiceexe.pdf" misleads
// whoever opens it (issue 13 finding 12). Other characters are kept as they are.
[[nodiscard]] std::string without_bidi_controls(std::string_view text);

}  // namespace komek
