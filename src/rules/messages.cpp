#include "rules/messages.hpp"

#include "core/messages.hpp"
#include "core/money.hpp"
#include "rules/evaluate.hpp"

namespace komek::rules {

std::string render_step(const TraceStep& step, Lang lang) {
  std::vector<std::pair<std::string, std::string>> params;
  params.reserve(step.params.size());
  for (const auto& p : step.params) {
    if (p.money) {
      auto m = Money::parse(p.value);
      params.emplace_back(p.name, m ? m->format(lang) : p.value);
    } else {
      params.emplace_back(p.name, p.value);
    }
  }
  return render_message(step.message_key, params, lang);
}

}  // namespace komek::rules
