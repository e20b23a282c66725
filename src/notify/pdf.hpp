// The printed notice of a decision (001 §19): form 5 (granted) or form 6 (refused, with the
// reasons and the clauses they rest on), in Kazakh or Russian, as a PDF made with libharu and
// the DejaVu fonts embedded (STACK.md: UTF-8 encoder, TrueType, Kazakh letters ә ғ қ ң ө ұ ү һ і).
// It is what the department prints and hands over when no SMS can be sent, and what the
// applicant downloads (GET /api/v1/cases/{id}/notice.pdf).
//
//   auto pdf = render_notice_pdf({c, *facts, "Айгүл Сейітова", Lang::kKk}, kDefaultFontDir);
//   // pdf->substr(0, 5) == "%PDF-"
#pragma once

#include <filesystem>
#include <string>

#include "cases/case.hpp"
#include "core/lang.hpp"
#include "notify/compose.hpp"

namespace komek::notify {

// Where Debian's fonts-dejavu-core puts DejaVuSans.ttf and DejaVuSans-Bold.ttf.
inline const std::filesystem::path kDefaultFontDir = "/usr/share/fonts/truetype/dejavu";

struct NoticeDocument {
  const cases::Case& c;
  const DecisionFacts& facts;
  std::string officer_name;   // the deciding officer's full name (the login when unknown)
  Lang lang = Lang::kKk;      // kKk or kRu: the forms are in the state language or Russian
};

// The PDF's bytes; "notify.pdf_lang" for a language other than kk/ru, "notify.pdf_failed"
// when libharu fails (e.g. the fonts are missing).
Result<std::string> render_notice_pdf(const NoticeDocument& doc, const std::filesystem::path& font_dir);

}  // namespace komek::notify
