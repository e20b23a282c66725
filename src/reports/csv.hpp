// The one CSV writer of Komek (RFC 4180): every list and report leaves through it, so that a
// cell that a spreadsheet would run as a formula is neutralised in one place (OWASP "CSV
// injection"): a cell starting with = + - @, a TAB or a CR, or their full-width forms
// (＝ ＋ － ＠), is prefixed with an apostrophe.
//
//   write_csv(table)                        // "number,registered_on\r\n3348-2026-000001,2026-03-02\r\n"
//   write_csv(table, {.bom = true, .separator = ';'})   // for a Russian-locale Excel
#pragma once

#include <string>
#include <string_view>

#include "reports/table.hpp"

namespace komek::reports {

struct CsvOptions {
  bool bom = false;        // a UTF-8 byte-order mark first: Excel then reads the Kazakh letters
  char separator = ',';    // ';' where the spreadsheet's locale uses the comma for decimals
};

// One cell: neutralised if it could be run as a formula, quoted when it holds the separator,
// a quote or a line break.
std::string csv_cell(std::string_view value, char separator = ',');
std::string write_csv(const Table& table, const CsvOptions& options = {});

}  // namespace komek::reports
