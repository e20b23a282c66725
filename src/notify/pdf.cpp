#include "notify/pdf.hpp"

#include <hpdf.h>

#include <memory>
#include <vector>

#include "core/messages.hpp"

namespace komek::notify {
namespace {

// A4 in points, and the margins of the form.
constexpr float kPageWidth = 595.0F;
constexpr float kPageHeight = 842.0F;
constexpr float kMargin = 56.0F;
constexpr float kLeading = 1.35F;  // line height as a multiple of the font size

struct Failure {
  HPDF_STATUS error = 0;
  HPDF_STATUS detail = 0;
};

void on_error(HPDF_STATUS error, HPDF_STATUS detail, void* user_data) {
  // libharu reports here and returns an error status; the first error is kept.
  auto* f = static_cast<Failure*>(user_data);
  if (f->error == 0) {
    f->error = error;
    f->detail = detail;
  }
}

struct DocDeleter {
  void operator()(HPDF_Doc d) const { HPDF_Free(d); }
};

// Lays out text top-down on as many pages as it needs.
class Writer {
 public:
  Writer(HPDF_Doc pdf, HPDF_Font regular, HPDF_Font bold) : pdf_(pdf), regular_(regular), bold_(bold) { new_page(); }

  void new_page() {
    page_ = HPDF_AddPage(pdf_);
    HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    y_ = kPageHeight - kMargin;
  }
  void ensure(float height) {
    if (y_ - height < kMargin) new_page();
  }
  [[nodiscard]] float y() const { return y_; }
  void skip(float points) { y_ -= points; }

  float width_of(const std::string& text, float size, bool is_bold) {
    HPDF_Page_SetFontAndSize(page_, is_bold ? bold_ : regular_, size);
    return HPDF_Page_TextWidth(page_, text.c_str());
  }

  // Words of `text` broken into lines no wider than `width`; explicit newlines kept.
  std::vector<std::string> wrap(const std::string& text, float width, float size, bool is_bold) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t nl = text.find('\n', start);
      const std::string para = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      std::string line;
      std::size_t i = 0;
      while (i <= para.size()) {
        const std::size_t sp = para.find(' ', i);
        const std::string word = para.substr(i, sp == std::string::npos ? std::string::npos : sp - i);
        const std::string candidate = line.empty() ? word : line + " " + word;
        if (!line.empty() && width_of(candidate, size, is_bold) > width) {
          lines.push_back(line);
          line = word;
        } else {
          line = candidate;
        }
        if (sp == std::string::npos) break;
        i = sp + 1;
      }
      lines.push_back(line);
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    return lines;
  }

  void text_at(float x, float y, const std::string& text, float size, bool is_bold) {
    HPDF_Page_BeginText(page_);
    HPDF_Page_SetFontAndSize(page_, is_bold ? bold_ : regular_, size);
    HPDF_Page_TextOut(page_, x, y, text.c_str());
    HPDF_Page_EndText(page_);
  }

  enum class Align { kLeft, kCentre, kRight };
  // A paragraph across the text width (or within [left, right]).
  void paragraph(const std::string& text, float size, bool is_bold = false, Align align = Align::kLeft,
                 float left = kMargin, float right = kPageWidth - kMargin) {
    for (const auto& line : wrap(text, right - left, size, is_bold)) {
      ensure(size * kLeading);
      y_ -= size * kLeading;
      float x = left;
      if (align != Align::kLeft) {
        const float w = width_of(line, size, is_bold);
        x = align == Align::kCentre ? left + (right - left - w) / 2 : right - w;
      }
      text_at(x, y_, line, size, is_bold);
    }
  }

  // A table row: each cell wrapped in its column; the row as high as its tallest cell, boxed.
  void row(const std::vector<std::string>& cells, const std::vector<float>& widths, float size, bool is_bold) {
    constexpr float kPad = 3.0F;
    std::vector<std::vector<std::string>> wrapped;
    std::size_t most = 1;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      wrapped.push_back(wrap(cells[i], widths[i] - 2 * kPad, size, is_bold));
      most = std::max(most, wrapped.back().size());
    }
    const float height = static_cast<float>(most) * size * kLeading + 2 * kPad;
    ensure(height);
    float x = kMargin;
    const float top = y_;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      HPDF_Page_SetLineWidth(page_, 0.5F);
      HPDF_Page_Rectangle(page_, x, top - height, widths[i], height);
      HPDF_Page_Stroke(page_);
      float line_y = top - kPad;
      for (const auto& line : wrapped[i]) {
        line_y -= size * kLeading;
        text_at(x + kPad, line_y + size * 0.3F, line, size, is_bold);
      }
      x += widths[i];
    }
    y_ = top - height;
  }

  void rule(float from_x, float to_x) {
    HPDF_Page_SetLineWidth(page_, 0.5F);
    HPDF_Page_MoveTo(page_, from_x, y_);
    HPDF_Page_LineTo(page_, to_x, y_);
    HPDF_Page_Stroke(page_);
  }

 private:
  HPDF_Doc pdf_;
  HPDF_Font regular_;
  HPDF_Font bold_;
  HPDF_Page page_ = nullptr;
  float y_ = 0;
};

std::string t(std::string_view key, Lang lang, std::vector<std::pair<std::string, std::string>> params = {}) {
  return render_message(key, params, lang);
}

const std::string& in(const Texts& texts, Lang lang) { return lang == Lang::kKk ? texts.kk : lang == Lang::kRu ? texts.ru : texts.en; }

std::string programme_cell(const ProgrammeLine& line, Lang lang) {
  std::string s = in(line.title, lang);
  if (line.tsa_type == "unconditional" || line.tsa_type == "conditional") s += " (" + t("notify.tsa." + line.tsa_type, lang) + ")";
  return s;
}

void lay_out(Writer& w, const NoticeDocument& doc) {
  const Lang l = doc.lang;
  const cases::Case& c = doc.c;
  const DecisionFacts& f = doc.facts;
  const float right = kPageWidth - kMargin;
  const float half = kPageWidth / 2;
  // The corner: whose appendix this form is (001 §19 names Appendices 5 and 6 of the Model Rules).
  w.paragraph(t("notify.form.appendix", l, {{"form", f.form}}), 9, false, Writer::Align::kRight, half, right);
  w.paragraph(t("notify.form.form", l), 9, false, Writer::Align::kRight, half, right);
  w.skip(14);
  w.paragraph(t("notify.form.body_name", l, {{"territory", c.territory.code()}}), 10, true, Writer::Align::kCentre);
  w.paragraph(in(f.pack_title, l), 9, false, Writer::Align::kCentre);
  w.skip(18);
  w.paragraph(t(f.granted ? "notify.decision.granted.title" : "notify.decision.refused.title", l), 14, true,
              Writer::Align::kCentre);
  w.skip(12);
  w.paragraph(t("notify.form.to", l, {{"name", c.applicant_name.empty() ? "—" : c.applicant_name}, {"iin", c.applicant_iin}}), 11);
  w.paragraph(t("notify.form.application", l,
                {{"number", c.number.empty() ? "—" : c.number},
                 {"registered_on", c.registered_on ? format_date(*c.registered_on, l) : "—"},
                 {"pack", in(f.pack_title, l)}}),
              11);
  w.skip(8);

  std::vector<const ProgrammeLine*> granted, refused;
  for (const auto& line : f.lines) (line.granted ? granted : refused).push_back(&line);
  const float table = right - kMargin;
  if (!granted.empty()) {
    w.paragraph(t("notify.form.granted_text", l, {{"decided_on", format_date(f.decided_on, l)}}), 11);
    w.skip(6);
    const std::vector<float> widths = {table * 0.34F, table * 0.16F, table * 0.09F, table * 0.18F, table * 0.23F};
    w.row({t("notify.form.col_programme", l), t("notify.form.col_amount", l), t("notify.form.col_payments", l),
           t("notify.form.col_total", l), t("notify.form.col_period", l)},
          widths, 9, true);
    for (const auto* line : granted) {
      const std::string period = (line->from ? format_date(*line->from, l) : "—") + " – " + (line->to ? format_date(*line->to, l) : "—");
      w.row({programme_cell(*line, l), line->amount_per_payment.format(l), std::to_string(line->payments),
             line->amount_per_period.format(l), period},
            widths, 9, false);
    }
    w.skip(6);
    w.paragraph(t("notify.form.total", l, {{"total", f.total.format(l)}}), 11, true);
    w.skip(8);
  }
  if (!refused.empty()) {
    w.paragraph(t("notify.form.refused_text", l, {{"decided_on", format_date(f.decided_on, l)}}), 11);
    w.skip(6);
    const std::vector<float> widths = {table * 0.32F, table * 0.48F, table * 0.20F};
    w.row({t("notify.form.col_programme", l), t("notify.form.col_reason", l), t("notify.form.col_cites", l)}, widths, 9, true);
    for (const auto* line : refused) {
      std::string reasons, cites;
      for (const auto& r : line->reasons) {
        reasons += (reasons.empty() ? "" : "\n") + in(r.title, l);
        cites += (cites.empty() ? "" : "\n") + (r.cites.empty() ? "—" : r.cites);
      }
      if (line->reasons.empty()) reasons = t("notify.none", l);
      if (cites.empty()) {
        for (const auto& ci : line->cites) cites += (cites.empty() ? "" : ", ") + ci;
      }
      w.row({programme_cell(*line, l), reasons, cites.empty() ? "—" : cites}, widths, 9, false);
    }
    w.skip(8);
  }
  w.skip(10);
  w.paragraph(t("notify.form.legal", l), 8);
  w.skip(30);
  w.ensure(40);
  w.paragraph(t("notify.decision.officer", l, {{"officer", doc.officer_name.empty() ? f.officer : doc.officer_name}}), 11);
  w.skip(14);
  w.rule(kMargin, kMargin + 160);
  w.paragraph(t("notify.form.signature", l), 8);
  w.paragraph(t("notify.form.date", l, {{"date", format_date(f.decided_on, l)}}), 11, false, Writer::Align::kRight);
}

}  // namespace

Result<std::string> render_notice_pdf(const NoticeDocument& doc, const std::filesystem::path& font_dir) {
  if (doc.lang != Lang::kKk && doc.lang != Lang::kRu) {
    Error e(ErrorCode::kInvalidInput, "notify.pdf_lang", {{"value", std::string(lang_code(doc.lang))}});
    e.field = "lang";
    return tl::unexpected(e);
  }
  const std::filesystem::path regular_file = font_dir / "DejaVuSans.ttf";
  const std::filesystem::path bold_file = font_dir / "DejaVuSans-Bold.ttf";
  std::error_code ec;
  if (!std::filesystem::exists(regular_file, ec) || !std::filesystem::exists(bold_file, ec))
    return fail(ErrorCode::kUnavailable, "notify.pdf_failed", {{"what", "font " + regular_file.string()}});
  Failure failure;
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter> pdf(HPDF_New(on_error, &failure));
  if (!pdf) return fail(ErrorCode::kInternal, "notify.pdf_failed", {{"what", "HPDF_New"}});
  HPDF_SetCompressionMode(pdf.get(), HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(pdf.get());
  HPDF_SetCurrentEncoder(pdf.get(), "UTF-8");
  const char* regular_name = HPDF_LoadTTFontFromFile(pdf.get(), regular_file.c_str(), HPDF_TRUE);
  const char* bold_name = HPDF_LoadTTFontFromFile(pdf.get(), bold_file.c_str(), HPDF_TRUE);
  if (regular_name == nullptr || bold_name == nullptr || failure.error != 0)
    return fail(ErrorCode::kUnavailable, "notify.pdf_failed", {{"what", "cannot load " + regular_file.string()}});
  HPDF_Font regular = HPDF_GetFont(pdf.get(), regular_name, "UTF-8");
  HPDF_Font bold = HPDF_GetFont(pdf.get(), bold_name, "UTF-8");
  const std::string title = "Komek " + (doc.c.number.empty() ? doc.c.id : doc.c.number) + " form " + doc.facts.form;
  HPDF_SetInfoAttr(pdf.get(), HPDF_INFO_TITLE, title.c_str());
  HPDF_SetInfoAttr(pdf.get(), HPDF_INFO_CREATOR, "Komek");
  Writer writer(pdf.get(), regular, bold);
  lay_out(writer, doc);
  if (failure.error != 0 || HPDF_SaveToStream(pdf.get()) != HPDF_OK) {
    char code[48];
    std::snprintf(code, sizeof code, "libharu error 0x%04X/%u", static_cast<unsigned>(failure.error),
                  static_cast<unsigned>(failure.detail));
    return fail(ErrorCode::kInternal, "notify.pdf_failed", {{"what", code}});
  }
  HPDF_UINT32 size = HPDF_GetStreamSize(pdf.get());
  std::string bytes(size, '\0');
  HPDF_ResetStream(pdf.get());
  if (HPDF_ReadFromStream(pdf.get(), reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size) != HPDF_OK &&
      failure.error != 0)
    return fail(ErrorCode::kInternal, "notify.pdf_failed", {{"what", "read stream"}});
  bytes.resize(size);
  return bytes;
}

}  // namespace komek::notify
