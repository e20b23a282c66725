// Income: which receipts count towards a family's total income and which are excluded, each
// with its citation (Social Code art. 127; income rules order No 181; exclusions of order
// No 95, seed 002), and the totals over a reference period.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/money.hpp"
#include "core/result.hpp"
#include "rules/family.hpp"
#include "rules/vocabulary.hpp"

namespace komek::rules {

struct IncomeRule {
  std::string type;
  bool counted = true;
  std::string cites;
  std::string note;
};

// One classification of every income type of the vocabulary (rules/income/*.yaml).
struct IncomeRuleSet {
  std::string id;
  std::string title;
  std::string extends;  // a variant names its base; resolved at load
  std::vector<std::string> legal_basis;
  std::vector<IncomeRule> rules;
  [[nodiscard]] const IncomeRule* find(std::string_view type) const {
    for (const auto& r : rules)
      if (r.type == type) return &r;
    return nullptr;
  }
};

using IncomeRuleSets = std::map<std::string, IncomeRuleSet, std::less<>>;

// Loads every *.yaml of a directory. A set must classify every income type of the
// vocabulary, so that no receipt is ever counted or dropped by default.
Result<IncomeRuleSets> load_income_rules(const std::filesystem::path& dir, const Vocabulary& vocabulary);
Result<IncomeRuleSet> parse_income_rules(std::string_view yaml_text, std::string_view origin,
                                         const Vocabulary& vocabulary);

struct IncomeLine {
  int member = -1;
  std::string type;
  Month month;
  Money amount;
  std::string cites;
};

struct IncomeSummary {
  Period period;
  int members = 0;
  int months = 0;
  Money counted_total;
  Money excluded_total;
  std::vector<IncomeLine> counted;
  std::vector<IncomeLine> excluded;
  // Per-capita monthly income = counted total / members / months (art. 127 p. 2), rounded
  // half-up to a tiyn for display; decisions compare exactly (see exceeds()).
  Money per_capita_monthly;
  // Whether the exact per-capita monthly income is above `threshold` (strict) or at or above it.
  [[nodiscard]] bool per_capita_at_least(Money threshold, bool or_equal) const;
};

// Totals the incomes received in the months of `period` (whole months). Errors:
// "income.unclassified" (a type the rule set does not classify), "money.overflow".
Result<IncomeSummary> summarize_income(const Family& family, const IncomeRuleSet& rules, Period period);

}  // namespace komek::rules
