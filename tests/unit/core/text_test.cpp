// Text as Komek takes and shows it: UTF-8 checks, bounded quotes, bidirectional controls,
// phone numbers (issue 13 findings 4 and 12).
#include <gtest/gtest.h>

#include "core/phone.hpp"
#include "core/text.hpp"

namespace komek {
namespace {

TEST(Text, InvalidBytesAreFoundAndQuotesNeverSplitACharacter) {
  EXPECT_EQ(utf8_first_invalid("Әлия"), std::nullopt);
  EXPECT_EQ(utf8_first_invalid("ab\xFF"), 2u);
  EXPECT_EQ(utf8_first_invalid("\xC3\x28"), 0u);       // a lead byte without its continuation
  EXPECT_EQ(utf8_first_invalid("\xED\xA0\x80"), 0u);   // a UTF-16 surrogate encoded
  EXPECT_EQ(utf8_first_invalid("\xC0\xAF"), 0u);       // an overlong "/"
  EXPECT_EQ(utf8_length("Әлия"), 4u);
  // Cut at 3 characters of a Kazakh word: whole letters and "…", valid UTF-8.
  const std::string cut = quote_for_message("Қазақстан", 3);
  EXPECT_EQ(cut, "Қаз…");
  EXPECT_EQ(utf8_first_invalid(cut), std::nullopt);
  EXPECT_EQ(quote_for_message("\xFF" "a\nb", 10), "\xEF\xBF\xBD" "a b");
}

TEST(Text, BidirectionalControlsAreTakenOut) {
  // U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT ISOLATE, U+200F RIGHT-TO-LEFT MARK,
  // U+061C ARABIC LETTER MARK: all gone; Kazakh letters and other punctuation stay.
  EXPECT_EQ(without_bidi_controls("scan\u202Egnp.exe"), "scangnp.exe");
  EXPECT_EQ(without_bidi_controls("\u2066Әлия\u2069 \u200F\u061Cқұжаты — 2026.pdf"), "Әлия құжаты — 2026.pdf");
  EXPECT_EQ(without_bidi_controls("a\u2014b\u2026"), "a\u2014b\u2026");  // em dash and ellipsis are not controls
}

TEST(Phone, KazakhMobileNumbersInE164AndNothingElse) {
  EXPECT_EQ(normalize_phone("+7 (701) 123-45-67"), "+77011234567");
  EXPECT_EQ(normalize_phone("8 701 123 45 67"), "+77011234567");   // the old trunk prefix
  EXPECT_EQ(normalize_phone("7011234567"), "+77011234567");
  EXPECT_EQ(normalize_phone("8 727 250 00 00"), std::nullopt);      // an Almaty landline takes no SMS
  EXPECT_EQ(normalize_phone(std::string("+7701123456\0" "7", 13)), std::nullopt);
  EXPECT_EQ(normalize_phone("+77011234567\r\nX-Injected: 1"), std::nullopt);
  EXPECT_EQ(normalize_phone("../../etc/passwd"), std::nullopt);
  EXPECT_EQ(normalize_phone("+1 202 555 0100"), std::nullopt);
  EXPECT_EQ(mask_phone("+77011234567"), "+7701***4567");
}

}  // namespace
}  // namespace komek
