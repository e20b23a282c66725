#include "core/messages.hpp"

#include <regex>
#include <set>

#include <gtest/gtest.h>

namespace komek {
namespace {

std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> out;
  const std::string s(text);
  static const std::regex re(R"(\{([a-z_]+)\})");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1].str());
  return out;
}

TEST(Messages, EveryEntryHasThreeLanguagesWithTheSamePlaceholders) {
  std::set<std::string_view> keys;
  for (const MessageEntry* entry : all_messages()) {
    const MessageEntry& e = *entry;
    EXPECT_TRUE(keys.insert(e.key).second) << "duplicate key " << e.key;
    EXPECT_FALSE(e.kk.empty()) << e.key;
    EXPECT_FALSE(e.ru.empty()) << e.key;
    EXPECT_FALSE(e.en.empty()) << e.key;
    EXPECT_EQ(placeholders(e.kk), placeholders(e.en)) << e.key;
    EXPECT_EQ(placeholders(e.ru), placeholders(e.en)) << e.key;
  }
}

TEST(Messages, RenderFillsParametersInTheCallersLanguage) {
  const Error e(ErrorCode::kInvalidInput, "iin.length", {{"length", "11"}});
  EXPECT_EQ(render(e, Lang::kEn), "An IIN has 12 digits; 11 characters were given");
  EXPECT_EQ(render(e, Lang::kRu), "ИИН должен состоять из 12 цифр, получено символов: 11");
  EXPECT_EQ(render(e, Lang::kKk), "ЖСН 12 цифрдан тұруы керек, 11 таңба берілді");
}

TEST(Messages, AValueInTheReadersLanguageWinsOverThePlainOne) {
  const Error e(ErrorCode::kInvalidInput, "iin.length", {{"length", "11"}, {"length.ru", "одиннадцать"}});
  EXPECT_EQ(render(e, Lang::kRu), "ИИН должен состоять из 12 цифр, получено символов: одиннадцать");
  EXPECT_EQ(render(e, Lang::kEn), "An IIN has 12 digits; 11 characters were given");
}

TEST(Messages, UnknownKeysAreShownNotLost) {
  EXPECT_EQ(render_message("no.such.key", {{"a", "1"}}, Lang::kRu), "no.such.key a=1");
}

TEST(Messages, LanguageCodes) {
  EXPECT_EQ(parse_lang("kk"), Lang::kKk);
  EXPECT_EQ(parse_lang("kz"), Lang::kKk);
  EXPECT_EQ(parse_lang("ru-RU"), Lang::kRu);
  EXPECT_EQ(parse_lang("EN"), Lang::kEn);
  EXPECT_FALSE(parse_lang("de").has_value());
  EXPECT_FALSE(parse_lang("english").has_value());
}

TEST(Errors, AtFieldBuildsAPath) {
  const Error e = Error(ErrorCode::kInvalidInput, "iin.checksum").at_field("iin").at_field("members[0]");
  EXPECT_EQ(e.field, "members[0].iin");
  EXPECT_EQ(error_code_name(e.code), "invalid_input");
}

}  // namespace
}  // namespace komek
