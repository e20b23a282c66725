// The printed notices (forms 5 and 6) rendered with libharu and read back with pdftotext
// (poppler-utils): the Kazakh letters come out, and so do the amounts, the reasons and clauses.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "notify/pdf.hpp"
#include "unit/notify/fixtures.hpp"

namespace komek::notify {
namespace {

namespace fs = std::filesystem;
using test::granted_case;
using test::koksu;
using test::refused_case;

// The text of a PDF as pdftotext gives it, with runs of whitespace (including no-break spaces
// between thousands) made one plain space.
std::string text_of(const std::string& pdf) {
  const fs::path dir = fs::temp_directory_path() / ("komek-pdf-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path in = dir / "notice.pdf";
  const fs::path out = dir / "notice.txt";
  std::ofstream(in, std::ios::binary) << pdf;
  const std::string command = "pdftotext -enc UTF-8 '" + in.string() + "' '" + out.string() + "' 2>/dev/null";
  const int rc = std::system(command.c_str());
  EXPECT_EQ(rc, 0) << command;
  std::ifstream f(out);
  const std::string raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  fs::remove_all(dir);
  std::string text;
  bool space = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(raw[i]);
    const bool nbsp = ch == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0xA0;
    const bool narrow = ch == 0xE2 && i + 2 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0x80 &&
                        static_cast<unsigned char>(raw[i + 2]) == 0xAF;
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\f' || nbsp || narrow) {
      if (nbsp) ++i;
      if (narrow) i += 2;
      space = true;
      continue;
    }
    if (space && !text.empty()) text += ' ';
    space = false;
    text += raw[i];
  }
  return text;
}

TEST(NoticePdf, Form5InKazakhHasTheKazakhLettersAndTheAmounts) {
  const cases::Case c = granted_case();
  const DecisionFacts facts = decision_facts(c, koksu()).value();
  const auto pdf = render_notice_pdf({c, facts, "Сейітқали Ұлжан", Lang::kKk}, kDefaultFontDir);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().message_key;
  ASSERT_EQ(pdf->rfind("%PDF-", 0), 0u);
  const std::string text = text_of(*pdf);
  for (const char* letter : {"ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "і"})
    EXPECT_NE(text.find(letter), std::string::npos) << letter << " in " << text;
  // һ is rare in Kazakh words; the applicant's name carries the rest, the officer's name ұ.
  EXPECT_NE(text.find("Әлеуметтік көмек көрсету туралы хабарлама"), std::string::npos) << text;
  EXPECT_NE(text.find("5-қосымша"), std::string::npos) << text;
  EXPECT_NE(text.find("Әсел Құрманғазықызы"), std::string::npos) << text;
  EXPECT_NE(text.find("3348-2026-000001"), std::string::npos) << text;
  EXPECT_NE(text.find("300 000,00 ₸"), std::string::npos) << text;
  EXPECT_NE(text.find("01.03.2026 – 31.03.2026"), std::string::npos) << text;
  EXPECT_NE(text.find("Сейітқали Ұлжан"), std::string::npos) << text;
  EXPECT_NE(text.find("06.03.2026"), std::string::npos) << text;
}

TEST(NoticePdf, Form6InRussianHasTheReasonAndItsClause) {
  const cases::Case c = refused_case();
  const DecisionFacts facts = decision_facts(c, koksu()).value();
  const auto pdf = render_notice_pdf({c, facts, "", Lang::kRu}, kDefaultFontDir);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().message_key;
  const std::string text = text_of(*pdf);
  EXPECT_NE(text.find("Приложение 6"), std::string::npos) << text;
  EXPECT_NE(text.find("Уведомление об отказе в назначении социальной помощи"), std::string::npos) << text;
  EXPECT_NE(text.find("обследования"), std::string::npos) << text;
  EXPECT_NE(text.find("001 §20.2"), std::string::npos) << text;
  EXPECT_NE(text.find("officer1"), std::string::npos) << text;  // no full name: the login
}

TEST(NoticePdf, KazakhLettersOfEveryKindSurviveInBothLanguages) {
  // A name with һ and the capitals: the font has every letter of the Kazakh alphabet.
  cases::Case c = granted_case();
  c.applicant_name = "ӘҒҚҢӨҰҮҺІ әғқңөұүһі";
  const DecisionFacts facts = decision_facts(c, koksu()).value();
  for (Lang l : {Lang::kKk, Lang::kRu}) {
    const std::string text = text_of(render_notice_pdf({c, facts, "", l}, kDefaultFontDir).value());
    EXPECT_NE(text.find("ӘҒҚҢӨҰҮҺІ әғқңөұүһі"), std::string::npos) << text;
  }
}

TEST(NoticePdf, OnlyKazakhOrRussianAndFontsMustExist) {
  const cases::Case c = granted_case();
  const DecisionFacts facts = decision_facts(c, koksu()).value();
  auto en = render_notice_pdf({c, facts, "", Lang::kEn}, kDefaultFontDir);
  ASSERT_FALSE(en.has_value());
  EXPECT_EQ(en.error().message_key, "notify.pdf_lang");
  EXPECT_EQ(en.error().field, "lang");
  auto no_fonts = render_notice_pdf({c, facts, "", Lang::kKk}, "/nonexistent");
  ASSERT_FALSE(no_fonts.has_value());
  EXPECT_EQ(no_fonts.error().message_key, "notify.pdf_failed");
}

}  // namespace
}  // namespace komek::notify
