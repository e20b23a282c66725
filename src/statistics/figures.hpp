// The statistics bureau's regional figures as an administrator enters them (issue 16 item 1):
// per series, region and period, each with its source and the day it was published, checked
// here before the service stores them — one by one from a form, or many at once from a CSV
// file (docs/regional-statistics.md):
//
//   series,region,period,value,source,published_on
//   subsistence_minimum,33,2025-08,59115,"БНС via lada.kz 31.08.2025",2025-08-31
//   median_income,33,2026-Q3,150000.50,"БНС, bulletin …",2026-10-20
//
// Pure: today's date and the money ceilings come in as arguments.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/money_ceilings.hpp"
#include "core/result.hpp"
#include "rules/parameters.hpp"

namespace komek::statistics {

// The series an administrator may enter, the parameter ids the rules look up
// (rules/parameters/regional.yaml). When adding one, also update kSeries' use in
// figures.cpp (whether a month is allowed), the web page's names (web/i18n) and the docs.
inline constexpr std::string_view kSubsistenceMinimum = "subsistence_minimum";  // monthly or quarterly
inline constexpr std::string_view kMedianIncome = "median_income";              // quarterly
inline constexpr std::string_view kPovertyLine = "poverty_line";                // quarterly, the quarter it applies to

// Limits (STYLE card 5): a source is a citation, not a document; an import is one
// bulletin's worth of figures, not a database dump.
inline constexpr std::size_t kSourceCharsMax = 500;
inline constexpr std::size_t kImportRowsMax = 5000;
inline constexpr std::size_t kImportBytesMax = 1024 * 1024;
// The CSV columns, in any order after a header naming them; `demo` may be left out.
inline constexpr std::string_view kCsvColumns = "series,region,period,value,source,published_on[,demo]";

// A figure as the form or a CSV line gives it, all text.
struct FigureInput {
  std::string series;
  std::string region;
  std::string period;
  std::string value;        // tenge, at most two decimals ("59115" or "59115.00")
  std::string source;
  std::string published_on; // YYYY-MM-DD
  bool demo = false;
};

// Checks a figure: a known series; a region of Kazakhstan (its two KATO digits); a period
// "YYYY-Qn", or "YYYY-MM" for the subsistence minimum; a positive value in tenge under the
// regional_figure ceiling; a source of 1..500 characters; a publication day not after
// today and — for the figures that describe a period (subsistence minimum, median income) —
// not before the period began. A demonstration figure must say so in its source.
// Errors name the field (Error::field): "statistics.unknown_series", "statistics.region",
// "statistics.period", "statistics.month_not_allowed", "statistics.value",
// "statistics.source_missing", "statistics.source_too_long", "statistics.published_on",
// "statistics.published_in_future", "statistics.published_before_period",
// "statistics.demo_unmarked", "money.above_ceiling".
Result<rules::RegionalFigure> check_figure(const FigureInput& input, Date today, const MoneyCeilings& ceilings);

// The text a demonstration figure's source must carry (shown on every page that uses it).
inline constexpr std::string_view kDemoMark = "demo figure, not published";

// Reads a CSV file of figures: a header line naming the columns (comma or semicolon
// separated; a UTF-8 byte-order mark is skipped), then one figure a line; fields may be
// quoted ("…", a quote inside doubled). Every line is checked; the first error names its
// line (1 = the header) and column: "statistics.csv_header" {column},
// "statistics.csv_line" {line} {column} {what}, "statistics.csv_quote" {line},
// "statistics.csv_columns" {line} {expected} {found}, "statistics.csv_empty",
// "statistics.csv_too_many" {max}, "statistics.csv_too_large" {max}, and
// "statistics.csv_duplicate" {line} {first} when a line repeats an earlier line's series,
// region and period. All lines or none.
Result<std::vector<rules::RegionalFigure>> read_figures_csv(std::string_view text, Date today,
                                                            const MoneyCeilings& ceilings);

// A figure's document: the JSON its audit records and API answers carry.
nlohmann::json figure_json(const rules::RegionalFigure& f);
Result<rules::RegionalFigure> figure_from_json(const nlohmann::json& j);

}  // namespace komek::statistics
