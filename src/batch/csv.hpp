// The population as CSV, one row per person, for exchange with registries and spreadsheets
// (docs/population-csv.md). Columns, in this order, after a header line naming them:
//
//   family      the family's id: a row belongs to the family of the rows around it with the
//               same id; a family's rows are consecutive (export writes 0, 1, 2, …)
//   territory   the family's KATO code, 9 digits, the same on all of its rows
//   birth_date  YYYY-MM-DD, not after the population's as-of date
//   sex         male | female
//   relation    applicant | spouse | child | parent | other (one applicant a family)
//   statuses    status words of the vocabulary separated by '|', holding on the as-of date;
//               may be empty
//   incomes     income records type:YYYY-MM:amount separated by '|', the amount in tenge with
//               at most two decimals (wages:2025-10:250000.00); may be empty
//
//   family,territory,birth_date,sex,relation,statuses,incomes
//   0,231010000,1986-04-12,female,applicant,carer_of_child_under_3,wages:2025-10:250000.00|wages:2025-11:250000.00
//   0,231010000,2024-09-01,male,child,,
//
// No field ever holds a comma or a quote, so there is no quoting. Import takes every row or
// none: the first bad field is reported with its line (1 = the header) and column name.
#pragma once

#include <ostream>
#include <string_view>

#include "batch/population.hpp"
#include "core/result.hpp"

namespace komek::batch {

inline constexpr std::string_view kCsvHeader = "family,territory,birth_date,sex,relation,statuses,incomes";

void write_csv(const Population& population, std::ostream& out);

// Errors: "batch.csv_header"; "batch.csv_field" with {line}, {field}, {value}, {what} and
// the error's field set to the column name.
Result<Population> read_csv(std::string_view text, const Dictionary& dictionary, Date as_of);

}  // namespace komek::batch
