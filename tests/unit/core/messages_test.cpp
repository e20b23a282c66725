#include "core/messages.hpp"

#include <unistd.h>

#include <filesystem>
#include <map>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

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

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every key the code names literally where an error or a message is made must be in the
// catalogue (issue 14 item 6): a key that is not shows the reader "case.typo" instead of words.
TEST(Messages, EveryKeyTheCodeUsesIsInTheCatalogue) {
  std::set<std::string> have;
  for (const MessageEntry* e : all_messages()) have.insert(e->key);
  static const std::regex uses(
      R"re((?:\b(?:fail|perr|invalid|ledger_error|field_error|param_error|render_message)\((?:ErrorCode::k[A-Za-z]+, )?|Error(?: [a-z_]+)?\(ErrorCode::k[A-Za-z]+, )"([a-z_]+\.[a-z_.0-9]*[a-z_0-9])")re");
  int found = 0;
  for (const auto& f : std::filesystem::recursive_directory_iterator(std::filesystem::path(KOMEK_SOURCE_DIR) / "src")) {
    if (f.path().extension() != ".cpp" && f.path().extension() != ".hpp") continue;
    const std::string text = read_all(f.path());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), uses); it != std::sregex_iterator(); ++it) {
      ++found;
      EXPECT_TRUE(have.count((*it)[1].str())) << (*it)[1].str() << " in " << f.path().filename().string();
    }
  }
  EXPECT_GT(found, 200);  // the scan sees the code, not nothing
}

// The web pages' messages (web/i18n/{kk,ru,en}.json): the same keys and placeholders in each.
TEST(Messages, TheWebPagesHaveEveryKeyInAllThreeLanguages) {
  std::map<std::string, nlohmann::json> files;
  for (const char* lang : {"kk", "ru", "en"})
    files[lang] = nlohmann::json::parse(read_all(std::filesystem::path(KOMEK_SOURCE_DIR) / "web/i18n" / (std::string(lang) + ".json")));
  for (const auto& [key, en] : files["en"].items()) {
    for (const char* lang : {"kk", "ru"}) {
      ASSERT_TRUE(files[lang].contains(key)) << key << " missing in " << lang;
      EXPECT_FALSE(files[lang][key].get<std::string>().empty()) << key << " empty in " << lang;
      EXPECT_EQ(placeholders(files[lang][key].get<std::string>()), placeholders(en.get<std::string>())) << key << " " << lang;
    }
  }
  EXPECT_EQ(files["kk"].size(), files["en"].size());
  EXPECT_EQ(files["ru"].size(), files["en"].size());
}

// A message file is data: a missing language is refused naming the file and the line.
TEST(Messages, AMalformedMessageFileIsRefusedAndTheCatalogueKept) {
  const auto dir = std::filesystem::temp_directory_path() / ("komek-messages-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "broken.yaml") << "a.key:\n  kk: \"Сәлем\"\n  en: \"Hello\"\n";
  auto r = load_messages(dir);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message_key, "data.invalid");
  EXPECT_NE(r.error().param("file").find("broken.yaml"), std::string::npos);
  EXPECT_EQ(render_message("iin.checksum", {}, Lang::kEn), "The IIN check digit does not match");
  // Two files giving one key: refused too.
  std::ofstream(dir / "broken.yaml") << "a.key:\n  kk: \"a\"\n  ru: \"b\"\n  en: \"c\"\n";
  std::ofstream(dir / "other.yaml") << "a.key:\n  kk: \"a\"\n  ru: \"b\"\n  en: \"c\"\n";
  EXPECT_FALSE(load_messages(dir).has_value());
  std::filesystem::remove_all(dir);
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
