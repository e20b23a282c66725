// Budget forecast: for a pack, a year and headcounts per programme, persons × amount ×
// payments in the year per line and in total, in thousand tenge, against an allocation.
// Amounts follow the parameters in force on each payment's date (a mid-year change of АЕК
// is counted from its date).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "rules/pack.hpp"
#include "rules/parameters.hpp"

namespace komek::rules {

// One row of a counts file (docs/rule-packs.md "Counts files"):
//   line_id,persons[,seed_amount_tenge,payments_per_year,seed_budget_thousand]
struct CountsRow {
  std::string line_id;
  std::int64_t persons = 0;
  std::optional<Money> seed_amount;
  std::optional<int> seed_payments;
  std::optional<Money> seed_budget;  // the source's own figure, in tenge
  int line = 0;
};

Result<std::vector<CountsRow>> read_counts_csv(std::string_view text, std::string_view origin);

struct ForecastLine {
  const Programme* programme = nullptr;
  std::int64_t persons = 0;
  int payments = 0;
  Money first_payment;       // the amount of the first payment of the year
  Money per_person_year;     // all payments of the year to one recipient
  Money total;               // persons × per_person_year
  std::optional<Money> seed_budget;
  std::optional<Money> difference;  // seed − Komek, where the source gives a figure
  std::vector<std::string> sources; // where the amounts come from
};

struct Forecast {
  int year = 0;
  std::vector<ForecastLine> lines;
  Money total;
  std::optional<Money> seed_total;
  std::optional<Money> allocation;
  std::optional<Money> balance;  // allocation − total: positive is a surplus, negative a shortfall
};

Result<Forecast> forecast(const Pack& pack, const ParameterSet& parameters, int year,
                          const std::vector<CountsRow>& counts, std::optional<Money> allocation);

// Thousand tenge with one decimal, rounded half-up: "132912.0".
std::string thousands(Money m);

}  // namespace komek::rules
