#include "reports/csv.hpp"

#include <array>

namespace komek::reports {
namespace {

// What a spreadsheet may take as the start of a formula: ASCII and the full-width forms
// (U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠), which some spreadsheets fold to ASCII.
bool formula_start(std::string_view v) {
  if (v.empty()) return false;
  const char c = v.front();
  if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') return true;
  static constexpr std::array<std::string_view, 4> kFullWidth = {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D",
                                                                 "\xEF\xBC\xA0"};
  for (const auto& f : kFullWidth)
    if (v.substr(0, f.size()) == f) return true;
  return false;
}

}  // namespace

std::string csv_cell(std::string_view value, char separator) {
  std::string out;
  if (formula_start(value)) out += '\'';
  out += value;
  if (out.find_first_of(std::string{separator, '"', '\n', '\r'}) == std::string::npos) return out;
  std::string quoted = "\"";
  for (char ch : out) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

std::string write_csv(const Table& table, const CsvOptions& options) {
  std::string text = options.bom ? "\xEF\xBB\xBF" : "";
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) text += options.separator;
      text += csv_cell(cells[i], options.separator);
    }
    text += "\r\n";
  };
  line(table.columns);
  for (const auto& row : table.rows) line(row);
  return text;
}

}  // namespace komek::reports
