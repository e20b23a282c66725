// The largest amount each kind of money may carry when it enters Komek from outside — the
// API, the CLI or a file (RELIABILITY S7; issue 13 finding 1). No law sets these: they are
// guards against typing mistakes and against sums that would overflow the ledger's 64-bit
// balances, chosen far above any real figure and configurable in `rules/limits.yaml`
// (docs/security.md lists them). A ceiling is checked at the boundary, where the field is
// known, and again in the service, so that a path that forgets the first check still cannot
// carry an absurd sum into the ledger.
//
//   MoneyCeilings c;                                   // the defaults below
//   auto ok = c.check(MoneyKind::kBudgetAllocation, amount, "allocation");
//   // amount > 1 000 000 000 000 ₸ → invalid "money.above_ceiling", field "allocation"
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "core/money.hpp"
#include "core/result.hpp"

namespace komek {

// When adding one, also update money_kind_name(), the defaults in MoneyCeilings,
// rules/limits.yaml and docs/security.md.
enum class MoneyKind : std::uint8_t {
  kBudgetAllocation,   // a budget line's allocation (programme × district × year), and its total after amendments
  kBudgetAmendment,    // one amendment of an allocation, up or down
  kAssignmentAmount,   // one payment of an assignment (an amount change, a rule's result)
  kPaymentResult,      // an amount in a payment organisation's result file
  kForecastAllocation, // the allocation a forecast is compared with (thousand ₸ in the CLI)
  kRegionalFigure,     // a statistics bureau's figure per person per month (subsistence minimum, median income, poverty line)
};
inline constexpr std::size_t kMoneyKindCount = 6;
std::string_view money_kind_name(MoneyKind kind);

class MoneyCeilings {
 public:
  // The defaults: a district's yearly line of 1 trillion ₸ is about ten times the whole
  // country's yearly TSA spending (STATISTICS.md §5), so 92 000 such lines still sum inside
  // int64 tiyn; one payment of 100 million ₸ is far above any assistance the seeds name.
  MoneyCeilings();

  // Reads `ceilings:` from a limits file (kind name → amount in tenge as a decimal string);
  // kinds the file does not name keep their defaults; unknown kinds are refused.
  static Result<MoneyCeilings> load(const std::filesystem::path& file);

  [[nodiscard]] Money of(MoneyKind kind) const { return ceilings_[static_cast<std::size_t>(kind)]; }
  void set(MoneyKind kind, Money ceiling) { ceilings_[static_cast<std::size_t>(kind)] = ceiling; }

  // Refuses |amount| above the kind's ceiling: "money.above_ceiling" naming the field and
  // the ceiling (kInvalidInput).
  [[nodiscard]] Result<void> check(MoneyKind kind, Money amount, std::string_view field) const;

 private:
  std::array<Money, kMoneyKindCount> ceilings_;
};

}  // namespace komek
