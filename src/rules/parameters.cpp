#include "rules/parameters.hpp"

#include <algorithm>

#include "core/yaml_util.hpp"

namespace komek::rules {

Result<ParamValue> parse_param_value(ParamUnit unit, std::string_view text) {
  ParamValue v;
  v.unit = unit;
  if (unit == ParamUnit::kTenge) {
    KOMEK_TRY(m, Money::parse(text));
    v.money = m;
  } else {
    KOMEK_TRY(r, Ratio::parse(text));
    v.number = r;
  }
  return v;
}

Result<ParameterSet> ParameterSet::load_dir(const std::filesystem::path& dir) {
  ParameterSet set;
  KOMEK_TRY(files, yaml::yaml_files_in(dir.string()));
  for (const std::filesystem::path file : files) {
    KOMEK_TRY(text, yaml::read_file(file.string(), 8 * 1024 * 1024));
    KOMEK_CHECK(set.add_yaml(text, file.string()));
  }
  return set;
}

Result<void> ParameterSet::add_yaml(std::string_view yaml_text, std::string_view origin) {
  KOMEK_TRY(root, yaml::load(yaml_text, origin));
  if (auto ok = yaml::expect_map(origin, root, "a parameter file", {"series", "poverty_line_rules"}); !ok) return ok;
  // Build into copies and commit at the end, so that a bad file changes nothing.
  auto series = series_;
  auto rules = poverty_rules_;

  if (const YAML::Node list = (root)["series"]) {
    if (!list.IsSequence()) return yaml::data_error(origin, list, "'series' must be a list");
    for (const auto& item : list) {
      if (auto ok = yaml::expect_map(origin, item, "a series", {"id", "unit", "regional", "names", "values", "note"}); !ok)
        return ok;
      auto id = yaml::string_at(origin, item, "id", "a series");
      if (!id) return tl::unexpected(id.error());
      KOMEK_TRY(unit_text, yaml::string_at(origin, item, "unit", "series " + *id));
      if (unit_text != "tenge" && unit_text != "number")
        return yaml::data_error(origin, item["unit"], "unit must be 'tenge' or 'number'");
      const ParamUnit unit = unit_text == "tenge" ? ParamUnit::kTenge : ParamUnit::kNumber;
      bool regional = false;
      if (item["regional"]) {
        KOMEK_TRY(r, yaml::bool_of(origin, item["regional"], "regional"));
        regional = r;
      }
      auto [it, inserted] = series.try_emplace(*id);
      Series& s = it->second;
      if (inserted) {
        s.id = *id;
        s.unit = unit;
        s.regional = regional;
      } else if (s.unit != unit || s.regional != regional) {
        return yaml::data_error(origin, item, "series '" + *id + "' is declared again with another unit or kind");
      }
      if (item["names"] && item["names"]["en"]) s.name_en = item["names"]["en"].Scalar();
      const YAML::Node values = item["values"];
      if (!values || !values.IsSequence()) return yaml::data_error(origin, item, "series '" + *id + "' needs a 'values' list");
      for (const auto& v : values) {
        const std::vector<std::string_view> keys =
            regional ? std::vector<std::string_view>{"region", "quarter", "month", "value", "source", "verified", "demo"}
                     : std::vector<std::string_view>{"from", "value", "source", "verified"};
        if (auto ok = yaml::expect_map(origin, v, "a value of '" + *id + "'", keys); !ok) return ok;
        Series::Entry entry;
        KOMEK_TRY(value_text, yaml::string_at(origin, v, "value", "a value of '" + *id + "'"));
        auto value = parse_param_value(unit, value_text);
        if (!value) return yaml::data_error(origin, v["value"], "'" + value_text + "' is not a valid " + unit_text + " value");
        auto source = yaml::string_at(origin, v, "source", "a value of '" + *id + "'");
        if (!source) return tl::unexpected(source.error());
        entry.value = *value;
        entry.value.source = *source;
        if (v["verified"]) {
          auto verified = yaml::bool_of(origin, v["verified"], "verified");
          if (!verified) return tl::unexpected(verified.error());
          entry.value.verified = *verified;
        }
        if (regional) {
          auto region = yaml::int_of(origin, v["region"], "region");
          if (!region) return tl::unexpected(region.error());
          entry.region = *region;
          if (v["month"] && v["quarter"]) return yaml::data_error(origin, v, "a value has a 'quarter' or a 'month', not both");
          if (v["month"]) {
            KOMEK_TRY(month_text, yaml::string_at(origin, v, "month", "a value of '" + *id + "'"));
            auto month = Month::parse(month_text);
            if (!month) return yaml::data_error(origin, v["month"], "'" + month_text + "' is not a month YYYY-MM");
            entry.month = *month;
            entry.quarter = Quarter::of(month->first_day());
          } else {
            KOMEK_TRY(quarter_text, yaml::string_at(origin, v, "quarter", "a value of '" + *id + "'"));
            auto quarter = Quarter::parse(quarter_text);
            if (!quarter) return yaml::data_error(origin, v["quarter"], "'" + quarter_text + "' is not a quarter YYYY-Qn");
            entry.quarter = *quarter;
          }
          if (v["demo"]) {
            KOMEK_TRY(demo, yaml::bool_of(origin, v["demo"], "demo"));
            entry.value.demo = demo;
          }
          for (const auto& e : s.entries)
            if (e.region == entry.region && e.quarter == entry.quarter && e.month == entry.month)
              return yaml::data_error(origin, v, "'" + *id + "' is given twice for region " +
                                                     std::to_string(entry.region) + " " +
                                                     (entry.month ? entry.month->iso() : entry.quarter.iso()));
        } else {
          if (!v["from"]) return yaml::data_error(origin, v, "a value of '" + *id + "' needs 'from'");
          auto from = yaml::date_of(origin, v["from"], "from");
          if (!from) return tl::unexpected(from.error());
          entry.from = *from;
          for (const auto& e : s.entries)
            if (e.from == entry.from)
              return yaml::data_error(origin, v, "'" + *id + "' is given twice from " + entry.from.iso());
        }
        s.entries.push_back(std::move(entry));
      }
      if (!regional)
        std::sort(s.entries.begin(), s.entries.end(),
                  [](const Series::Entry& a, const Series::Entry& b) { return a.from < b.from; });
    }
  }

  if (const YAML::Node list = (root)["poverty_line_rules"]) {
    if (!list.IsSequence()) return yaml::data_error(origin, list, "'poverty_line_rules' must be a list");
    for (const auto& item : list) {
      if (auto ok = yaml::expect_map(origin, item, "a poverty-line rule",
                                     {"from", "subsistence_percent", "median_percent", "source"});
          !ok)
        return ok;
      PovertyLineRule rule;
      auto from = yaml::date_of(origin, item["from"], "from");
      if (!from) return tl::unexpected(from.error());
      rule.from = *from;
      for (auto [key, target] : {std::pair{"subsistence_percent", &rule.subsistence_share},
                                 std::pair{"median_percent", &rule.median_share}}) {
        if (!item[key]) continue;
        auto r = Ratio::parse(item[key].Scalar());
        if (!r) return yaml::data_error(origin, item[key], std::string(key) + " must be a number");
        *target = r->percent_to_share();
      }
      if (!rule.subsistence_share && !rule.median_share)
        return yaml::data_error(origin, item, "a poverty-line rule needs subsistence_percent or median_percent");
      auto source = yaml::string_at(origin, item, "source", "a poverty-line rule");
      if (!source) return tl::unexpected(source.error());
      rule.source = *source;
      rules.push_back(std::move(rule));
    }
    std::sort(rules.begin(), rules.end(), [](const PovertyLineRule& a, const PovertyLineRule& b) { return a.from < b.from; });
  }
  series_ = std::move(series);
  poverty_rules_ = std::move(rules);
  return {};
}

Result<ParamValue> ParameterSet::value(std::string_view id, Date on) const {
  if (auto o = overrides_.find(id); o != overrides_.end()) return o->second;
  auto it = series_.find(id);
  if (it == series_.end()) return fail(ErrorCode::kUnknownValue, "param.unknown_name", {{"name", std::string(id)}});
  if (it->second.regional)
    return fail(ErrorCode::kInternal, "param.wrong_kind", {{"name", std::string(id)}});
  const auto& entries = it->second.entries;
  const Series::Entry* found = nullptr;
  for (const auto& e : entries) {
    if (e.from <= on) found = &e;
    else break;
  }
  if (found == nullptr)
    return fail(ErrorCode::kUnknownValue, "param.unknown", {{"name", std::string(id)}, {"date", on.iso()}});
  return found->value;
}

Result<ParamValue> ParameterSet::regional(std::string_view id, int region, Quarter quarter) const {
  if (auto o = overrides_.find(id); o != overrides_.end()) return o->second;
  auto it = series_.find(id);
  if (it == series_.end()) return fail(ErrorCode::kUnknownValue, "param.unknown_name", {{"name", std::string(id)}});
  std::vector<const Series::Entry*> months;
  for (const auto& e : it->second.entries) {
    if (e.region != region || e.quarter != quarter) continue;
    if (!e.month) return e.value;
    months.push_back(&e);
  }
  if (months.size() == 3 && it->second.unit == ParamUnit::kTenge) {
    // The quarter's figure from its three monthly ones: their mean, rounded half up to a tiyn
    // (no act says how; the bureau's own quarterly figure, once entered, replaces it).
    std::sort(months.begin(), months.end(), [](const auto* a, const auto* b) { return *a->month < *b->month; });
    Int128 sum = 0;
    ParamValue mean;
    mean.unit = ParamUnit::kTenge;
    std::string parts;
    for (const auto* m : months) {
      sum += m->value.money.tiyn();
      mean.verified = mean.verified && m->value.verified;
      mean.demo = mean.demo || m->value.demo;
      parts += (parts.empty() ? "" : "; ") + m->month->iso() + " " + m->value.money.decimal() + " (" + m->value.source + ")";
    }
    mean.money = Money::from_tiyn(static_cast<std::int64_t>(divide_rounded(sum, 3, Rounding::kHalfUp)));
    mean.source = "mean of the monthly figures, rounded half up to a tiyn: " + parts;
    return mean;
  }
  return fail(ErrorCode::kUnknownValue, "param.unknown_regional",
              {{"name", std::string(id)}, {"region", std::to_string(region)}, {"quarter", quarter.iso()}});
}

Result<ParameterSet> ParameterSet::with_figures(const std::vector<RegionalFigure>& figures) const {
  ParameterSet out = *this;
  for (const auto& f : figures) {
    auto it = out.series_.find(f.series);
    if (it == out.series_.end() || !it->second.regional || it->second.unit != ParamUnit::kTenge)
      return fail(ErrorCode::kUnknownValue, "param.unknown_name", {{"name", f.series}});
    Series::Entry entry;
    entry.region = f.region;
    entry.quarter = f.quarter;
    entry.month = f.month;
    entry.value.unit = ParamUnit::kTenge;
    entry.value.money = f.value;
    entry.value.source = f.source + " (published " + f.published_on.iso() + ")";
    entry.value.demo = f.demo;
    auto& entries = it->second.entries;
    auto same = std::find_if(entries.begin(), entries.end(), [&](const Series::Entry& e) {
      return e.region == entry.region && e.quarter == entry.quarter && e.month == entry.month;
    });
    if (same != entries.end()) *same = std::move(entry);
    else entries.push_back(std::move(entry));
  }
  return out;
}

Result<PovertyLineRule> ParameterSet::poverty_line_rule(Date on) const {
  const PovertyLineRule* found = nullptr;
  for (const auto& r : poverty_rules_) {
    if (r.from <= on) found = &r;
    else break;
  }
  if (found == nullptr)
    return fail(ErrorCode::kUnknownValue, "param.unknown", {{"name", "poverty_line_rule"}, {"date", on.iso()}});
  return *found;
}

void ParameterSet::set_override(std::string id, ParamValue value) {
  value.overridden = true;
  if (value.source.empty()) value.source = "--set " + id;
  overrides_[std::move(id)] = std::move(value);
}

Result<void> ParameterSet::set_override(std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return invalid("param.set_format", {{"value", std::string(assignment.substr(0, 60))}});
  const std::string name(assignment.substr(0, eq));
  const std::string_view text = assignment.substr(eq + 1);
  auto it = series_.find(name);
  if (it == series_.end()) return invalid("param.unknown_name", {{"name", name}});
  KOMEK_TRY(value, parse_param_value(it->second.unit, text));
  value.source = "--set " + std::string(assignment.substr(0, 80));
  set_override(name, value);
  return {};
}

}  // namespace komek::rules
