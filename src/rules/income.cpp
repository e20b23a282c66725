#include "rules/income.hpp"

#include <algorithm>
#include <set>

#include "core/yaml_util.hpp"

namespace komek::rules {

namespace {

// The rules a variant lists: `counted:`/`excluded:` entries over its base's classification.
Result<IncomeRuleSet> parse_income_variant(const YAML::Node& root, std::string_view origin,
                                           const Vocabulary& vocabulary) {
  IncomeRuleSet set;
  auto id = yaml::string_at(origin, root, "id", "income rules");
  if (!id) return tl::unexpected(id.error());
  set.id = *id;
  auto title = yaml::string_at(origin, root, "title", "income rules");
  if (!title) return tl::unexpected(title.error());
  set.title = *title;
  KOMEK_TRY(base, yaml::string_at(origin, root, "extends", "income rules"));
  set.extends = base;
  std::set<std::string> seen;
  for (const char* section : {"counted", "excluded"}) {
    const YAML::Node list = root[section];
    if (!list) continue;
    if (!list.IsSequence()) return yaml::data_error(origin, list, std::string("'") + section + "' must be a list");
    for (const auto& item : list) {
      KOMEK_CHECK(yaml::expect_map(origin, item, std::string("an entry of ") + section, {"type", "cites", "note"}));
      KOMEK_TRY(type, yaml::string_at(origin, item, "type", section));
      if (vocabulary.income_type(type) == nullptr) return yaml::data_error(origin, item, "unknown income type '" + type + "'");
      if (!seen.insert(type).second) return yaml::data_error(origin, item, "income type '" + type + "' is classified twice");
      KOMEK_TRY(cites, yaml::string_at(origin, item, "cites", "income type " + type));
      set.rules.push_back({type, std::string_view(section) == "counted", cites, item["note"] ? item["note"].Scalar() : ""});
    }
  }
  if (set.rules.empty()) return yaml::data_error(origin, root, "a variant must reclassify at least one income type");
  return set;
}

}  // namespace

Result<IncomeRuleSet> parse_income_rules(std::string_view yaml_text, std::string_view origin,
                                         const Vocabulary& vocabulary) {
  KOMEK_TRY(root, yaml::load(yaml_text, origin));
  KOMEK_CHECK(yaml::expect_map(origin, root, "income rules", {"id", "title", "legal_basis", "extends", "counted", "excluded"}));
  if ((root)["extends"]) {
    // A variant of another set: only the types it reclassifies are listed (resolved by
    // load_income_rules once every set is read).
    return parse_income_variant(root, origin, vocabulary);
  }
  IncomeRuleSet set;
  auto id = yaml::string_at(origin, root, "id", "income rules");
  if (!id) return tl::unexpected(id.error());
  set.id = *id;
  auto title = yaml::string_at(origin, root, "title", "income rules");
  if (!title) return tl::unexpected(title.error());
  set.title = *title;
  if (const YAML::Node basis = (root)["legal_basis"]) {
    if (!basis.IsSequence()) return yaml::data_error(origin, basis, "legal_basis must be a list");
    for (const auto& b : basis) set.legal_basis.push_back(b.Scalar());
  }
  std::set<std::string> seen;
  for (const char* section : {"counted", "excluded"}) {
    const YAML::Node list = (root)[section];
    if (!list || !list.IsSequence()) return yaml::data_error(origin, root, std::string("'") + section + "' list is required");
    for (const auto& item : list) {
      KOMEK_CHECK(yaml::expect_map(origin, item, std::string("an entry of ") + section, {"type", "cites", "note"}));
      IncomeRule rule;
      auto type = yaml::string_at(origin, item, "type", section);
      if (!type) return tl::unexpected(type.error());
      if (vocabulary.income_type(*type) == nullptr)
        return yaml::data_error(origin, item, "unknown income type '" + *type + "'");
      if (!seen.insert(*type).second) return yaml::data_error(origin, item, "income type '" + *type + "' is classified twice");
      auto cites = yaml::string_at(origin, item, "cites", "income type " + *type);
      if (!cites) return tl::unexpected(cites.error());
      rule.type = *type;
      rule.counted = std::string_view(section) == "counted";
      rule.cites = *cites;
      if (item["note"]) rule.note = item["note"].Scalar();
      set.rules.push_back(std::move(rule));
    }
  }
  for (const auto& t : vocabulary.income_types())
    if (!seen.count(t.id))
      return yaml::data_error(origin, root, "income type '" + t.id + "' of the vocabulary is neither counted nor excluded");
  return set;
}

Result<IncomeRuleSets> load_income_rules(const std::filesystem::path& dir, const Vocabulary& vocabulary) {
  IncomeRuleSets sets;
  KOMEK_TRY(files, yaml::yaml_files_in(dir.string()));
  for (const std::filesystem::path file : files) {
    KOMEK_TRY(text, yaml::read_file(file.string(), 1024 * 1024));
    KOMEK_TRY(set, parse_income_rules(text, file.string(), vocabulary));
    const std::string id = set.id;
    if (!sets.emplace(id, std::move(set)).second)
      return invalid("data.invalid", {{"file", file.string()}, {"line", "1"}, {"what", "income rules '" + id + "' are defined twice"}});
  }
  // Resolve variants over complete bases (one level: a variant of a variant is refused).
  for (auto& [id, set] : sets) {
    if (set.extends.empty()) continue;
    auto base = sets.find(set.extends);
    if (base == sets.end() || !base->second.extends.empty())
      return invalid("data.invalid", {{"file", dir.string()}, {"line", "1"},
                                      {"what", "income rules '" + id + "' extend '" + set.extends + "', which is not a complete set"}});
    std::vector<IncomeRule> merged = base->second.rules;
    for (auto& rule : merged)
      if (const IncomeRule* over = set.find(rule.type)) rule = *over;
    set.legal_basis = base->second.legal_basis;
    set.rules = std::move(merged);
  }
  return sets;
}

bool IncomeSummary::per_capita_at_least(Money threshold, bool or_equal) const {
  // counted_total / (members × months) compared with threshold, exactly.
  const Int128 lhs = counted_total.tiyn();
  const Int128 rhs = static_cast<Int128>(threshold.tiyn()) * members * months;
  return or_equal ? lhs >= rhs : lhs > rhs;
}

Result<IncomeSummary> summarize_income(const Family& family, const IncomeRuleSet& rules, Period period) {
  IncomeSummary s{period, 0, 0, Money{}, Money{}, {}, {}, Money{}};
  s.members = static_cast<int>(family.members.size());
  s.months = Month::of(period.to()) - Month::of(period.from()) + 1;
  const Month first = Month::of(period.from());
  const Month last = Month::of(period.to());
  Int128 counted = 0;
  Int128 excluded = 0;
  for (std::size_t m = 0; m < family.members.size(); ++m) {
    const auto& member = family.members[m];
    for (std::size_t i = 0; i < member.incomes.size(); ++i) {
      const Income& income = member.incomes[i];
      if (income.month < first || last < income.month) continue;
      const IncomeRule* rule = rules.find(income.type);
      if (rule == nullptr) {
        Error e(ErrorCode::kInvalidInput, "income.unclassified", {{"type", income.type}, {"rules", rules.id}});
        e.field = "members[" + std::to_string(m) + "].incomes[" + std::to_string(i) + "].type";
        return tl::unexpected(e);
      }
      IncomeLine line{static_cast<int>(m), income.type, income.month, income.amount, rule->cites};
      if (rule->counted) {
        counted += income.amount.tiyn();
        s.counted.push_back(std::move(line));
      } else {
        excluded += income.amount.tiyn();
        s.excluded.push_back(std::move(line));
      }
    }
  }
  constexpr Int128 kMax = std::numeric_limits<std::int64_t>::max();
  if (counted > kMax || excluded > kMax) return invalid("money.overflow");
  s.counted_total = Money::from_tiyn(static_cast<std::int64_t>(counted));
  s.excluded_total = Money::from_tiyn(static_cast<std::int64_t>(excluded));
  const Int128 divisor = static_cast<Int128>(s.members) * s.months;
  s.per_capita_monthly = Money::from_tiyn(static_cast<std::int64_t>(divide_rounded(counted, divisor, Rounding::kHalfUp)));
  return s;
}

}  // namespace komek::rules
