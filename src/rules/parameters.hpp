// Legal parameters as dated series, loaded from rules/parameters/*.yaml, each value with its
// source: АЕК and the budget-law ЕТК by date, the minimum wage, pension ages, and per region
// and quarter the statistical subsistence minimum, the median income and the published
// poverty line; and the poverty-line formula in force per period (FACTS §1-§2).
//
// A value that is not known is an error when used ("param.unknown"), never a silent zero.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/money.hpp"
#include "core/ratio.hpp"
#include "core/result.hpp"

namespace komek::rules {

enum class ParamUnit { kTenge, kNumber };

// A resolved value with its provenance, for the trace.
struct ParamValue {
  ParamUnit unit = ParamUnit::kTenge;
  Money money;        // when unit is tenge
  Ratio number;       // when unit is number
  std::string source; // the act or publication it comes from
  bool verified = true;
  bool overridden = false;  // set by --set / a what-if, not by the law
  // A stand-in entered for a demonstration where no figure is published (its source says
  // so too): every page that shows a result resting on it marks it.
  bool demo = false;
  [[nodiscard]] std::string display() const { return unit == ParamUnit::kTenge ? money.decimal() : number.decimal(); }
};

// The poverty-line formula in force from a date (FACTS §2).
struct PovertyLineRule {
  Date from;
  std::optional<Ratio> subsistence_share;  // share of the regional subsistence minimum
  std::optional<Ratio> median_share;       // share of the regional median income
  std::string source;
};

// A regional figure of the statistics bureau as an administrator entered it (statistics/,
// stored in the database): a series (subsistence_minimum, median_income or poverty_line), a
// region (the first two KATO digits), the period it is for — a quarter, or for the
// subsistence minimum also a month (the bureau publishes it monthly) — the value, its source
// and the day it was published. ParameterSet::with_figures lays entered figures over the
// shipped ones.
struct RegionalFigure {
  std::string series;
  int region = 0;
  Quarter quarter;                 // the month's quarter for a monthly figure
  std::optional<Month> month;      // a monthly figure
  Money value;
  std::string source;
  Date published_on;
  bool demo = false;
  std::string entered_by;          // login, or "system:…"
  std::string entered_at;          // UTC instant, ISO 8601
  // "2026-Q3" or "2026-08".
  [[nodiscard]] std::string period() const { return month ? month->iso() : quarter.iso(); }
};

class ParameterSet {
 public:
  // Loads every *.yaml file of a directory, in name order.
  static Result<ParameterSet> load_dir(const std::filesystem::path& dir);
  Result<void> add_yaml(std::string_view yaml_text, std::string_view origin);

  // The national value in force on a date.
  [[nodiscard]] Result<ParamValue> value(std::string_view id, Date on) const;
  // A regional quarterly value (region = the first two KATO digits): the quarter's own
  // figure, else — when all three months of the quarter have one — the mean of the monthly
  // figures, rounded half up to a tiyn, its source naming the months (the bureau publishes
  // the subsistence minimum monthly; the law speaks of the quarter's: order No 473).
  [[nodiscard]] Result<ParamValue> regional(std::string_view id, int region, Quarter quarter) const;
  // This set with `figures` laid over its regional series: an entered figure replaces a
  // shipped one of the same series, region and period (the administrator's entry is the
  // newer word: the bureau's own figure or a correction); others are added. A figure of a
  // series this set does not know is an error ("param.unknown_name").
  [[nodiscard]] Result<ParameterSet> with_figures(const std::vector<RegionalFigure>& figures) const;
  [[nodiscard]] Result<PovertyLineRule> poverty_line_rule(Date on) const;
  [[nodiscard]] bool has(std::string_view id) const { return series_.count(std::string(id)) > 0; }

  // Overrides for what-if runs and tests: NAME=VALUE applies to every date and region.
  // Errors: "param.unknown_name", or the value's parse error.
  Result<void> set_override(std::string_view assignment);
  void set_override(std::string id, ParamValue value);
  // The override set for a name, if any (parameters and pack values alike).
  [[nodiscard]] const ParamValue* override_of(std::string_view id) const {
    auto it = overrides_.find(id);
    return it == overrides_.end() ? nullptr : &it->second;
  }

  struct Series {
    std::string id;
    ParamUnit unit = ParamUnit::kTenge;
    bool regional = false;
    std::string name_en;
    struct Entry {
      Date from;          // dated series
      int region = 0;     // regional series
      Quarter quarter;    // regional series (a monthly figure: its month's quarter)
      std::optional<Month> month;  // regional series: a monthly figure
      ParamValue value;
    };
    std::vector<Entry> entries;  // dated: sorted by from
  };
  [[nodiscard]] const std::map<std::string, Series, std::less<>>& series() const { return series_; }

 private:
  std::map<std::string, Series, std::less<>> series_;
  std::map<std::string, ParamValue, std::less<>> overrides_;
  std::vector<PovertyLineRule> poverty_rules_;  // sorted by from
};

Result<ParamValue> parse_param_value(ParamUnit unit, std::string_view text);

}  // namespace komek::rules
