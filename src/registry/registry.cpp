#include "registry/registry.hpp"

#include "registry/messages.hpp"

namespace komek::registry {

Result<void> check_income_months(Month first, Month last) {
  if (last < first)
    return invalid("registry.months_reversed", {{"first", first.iso()}, {"last", last.iso()}});
  const int months = (last - first) + 1;
  if (months > kIncomeMonthsMax)
    return invalid("registry.months_too_many",
                   {{"months", std::to_string(months)}, {"max", std::to_string(kIncomeMonthsMax)}});
  return {};
}

}  // namespace komek::registry
