#include "core/money_ceilings.hpp"

#include <string>

#include "core/yaml_util.hpp"

namespace komek {

std::string_view money_kind_name(MoneyKind kind) {
  switch (kind) {
    case MoneyKind::kBudgetAllocation: return "budget_allocation";
    case MoneyKind::kBudgetAmendment: return "budget_amendment";
    case MoneyKind::kAssignmentAmount: return "assignment_amount";
    case MoneyKind::kPaymentResult: return "payment_result";
    case MoneyKind::kForecastAllocation: return "forecast_allocation";
    case MoneyKind::kRegionalFigure: return "regional_figure";
  }
  return "unknown";
}

namespace {
constexpr std::int64_t kTiyn = Money::kTiynPerTenge;
constexpr std::array<MoneyKind, kMoneyKindCount> kKinds = {
    MoneyKind::kBudgetAllocation, MoneyKind::kBudgetAmendment, MoneyKind::kAssignmentAmount,
    MoneyKind::kPaymentResult, MoneyKind::kForecastAllocation, MoneyKind::kRegionalFigure};
}  // namespace

MoneyCeilings::MoneyCeilings() {
  set(MoneyKind::kBudgetAllocation, Money::from_tiyn(1'000'000'000'000 * kTiyn));
  set(MoneyKind::kBudgetAmendment, Money::from_tiyn(1'000'000'000'000 * kTiyn));
  set(MoneyKind::kAssignmentAmount, Money::from_tiyn(100'000'000 * kTiyn));
  set(MoneyKind::kPaymentResult, Money::from_tiyn(100'000'000 * kTiyn));
  set(MoneyKind::kForecastAllocation, Money::from_tiyn(1'000'000'000'000 * kTiyn));
  // Per person per month: the highest regional subsistence minimum published is under
  // 75 000 ₸ (STATISTICS.md §1); ten million is a typing mistake.
  set(MoneyKind::kRegionalFigure, Money::from_tiyn(10'000'000 * kTiyn));
}

Result<MoneyCeilings> MoneyCeilings::load(const std::filesystem::path& file) {
  MoneyCeilings out;
  const std::string origin = file.string();
  KOMEK_TRY(text, yaml::read_file(origin, 64 * 1024));
  KOMEK_TRY(root, yaml::load(text, origin));
  KOMEK_CHECK(yaml::expect_map(origin, root, "the limits file", {"ceilings"}));
  const YAML::Node ceilings = (root)["ceilings"];
  if (!ceilings) return out;
  if (!ceilings.IsMap()) return yaml::data_error(origin, ceilings, "ceilings must be a mapping of kind to amount");
  for (const auto& entry : ceilings) {
    const std::string name = entry.first.Scalar();
    const MoneyKind* kind = nullptr;
    for (const auto& k : kKinds)
      if (money_kind_name(k) == name) kind = &k;
    if (kind == nullptr) return yaml::data_error(origin, entry.first, "unknown money kind '" + name + "'");
    KOMEK_TRY(text_value, yaml::scalar_of(origin, entry.second, "ceilings." + name));
    auto amount = Money::parse(text_value);
    if (!amount || !amount->is_positive())
      return yaml::data_error(origin, entry.second, "ceilings." + name + " must be a positive amount in tenge");
    out.set(*kind, *amount);
  }
  return out;
}

Result<void> MoneyCeilings::check(MoneyKind kind, Money amount, std::string_view field) const {
  const Money ceiling = of(kind);
  // The negative of the smallest int64 does not exist: compare without negating.
  const bool above = amount.is_negative() ? amount.tiyn() < -ceiling.tiyn() : amount > ceiling;
  if (!above) return {};
  Error e(ErrorCode::kInvalidInput, "money.above_ceiling",
          {{"field", std::string(field)}, {"ceiling", ceiling.decimal()}, {"kind", std::string(money_kind_name(kind))}});
  e.field = std::string(field);
  return tl::unexpected(e);
}

}  // namespace komek
