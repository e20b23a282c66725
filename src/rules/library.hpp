// Everything the rules need, loaded once from a rules directory:
//
//   rules/vocabulary.yaml      statuses, income types, facts, property types, relations
//   rules/parameters/*.yaml    dated legal parameters (АЕК, ЕТК, poverty-line inputs)
//   rules/income/*.yaml        income classifications (counted / excluded, with citations)
//   rules/packs/*.yaml         rule packs (and rules/packs/<pack>/... for their data files)
//   rules/calendar/kz.yaml     the working calendar
//   rules/procedure/kz.yaml    the procedural periods of the law (rules/procedure.hpp)
//   rules/limits.yaml          the ceilings of money entering Komek (core/money_ceilings.hpp)
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "core/calendar.hpp"
#include "core/money_ceilings.hpp"
#include "rules/income.hpp"
#include "rules/pack.hpp"
#include "rules/parameters.hpp"
#include "rules/procedure.hpp"
#include "rules/vocabulary.hpp"

namespace komek::rules {

class Library {
 public:
  static Result<std::unique_ptr<Library>> load(const std::filesystem::path& rules_dir);

  [[nodiscard]] const Vocabulary& vocabulary() const { return vocabulary_; }
  [[nodiscard]] const ParameterSet& parameters() const { return parameters_; }
  [[nodiscard]] ParameterSet& parameters() { return parameters_; }
  [[nodiscard]] const IncomeRuleSets& income_rules() const { return income_rules_; }
  [[nodiscard]] const WorkingCalendar& calendar() const { return calendar_; }
  // The national procedure's periods; Procedure::period(id, pack) is the one lookup.
  [[nodiscard]] const Procedure& procedure() const { return procedure_; }
  [[nodiscard]] const MoneyCeilings& money_ceilings() const { return money_ceilings_; }
  [[nodiscard]] const std::map<std::string, Pack, std::less<>>& packs() const { return packs_; }
  [[nodiscard]] PackEnvironment environment() const { return {vocabulary_, parameters_, income_rules_, &procedure_}; }

  // A pack by id, or by the path of a pack file (loaded then, against this library).
  [[nodiscard]] Result<const Pack*> pack(std::string_view id_or_path);

 private:
  Library() = default;
  Vocabulary vocabulary_;
  ParameterSet parameters_;
  IncomeRuleSets income_rules_;
  WorkingCalendar calendar_;
  Procedure procedure_;
  MoneyCeilings money_ceilings_;
  std::map<std::string, Pack, std::less<>> packs_;
  std::map<std::string, Pack, std::less<>> loaded_files_;
};

}  // namespace komek::rules
