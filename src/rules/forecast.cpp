#include "rules/forecast.hpp"

#include <set>

namespace komek::rules {
namespace {

tl::unexpected<Error> row_error(std::string_view origin, int line, std::string what) {
  return invalid("counts.invalid", {{"file", std::string(origin)}, {"line", std::to_string(line)}, {"what", std::move(what)}});
}

std::vector<std::string> split_csv_line(std::string_view line) {
  std::vector<std::string> fields;
  std::string current;
  for (char c : line) {
    if (c == ',') {
      fields.push_back(current);
      current.clear();
    } else if (c != '\r') {
      current += c;
    }
  }
  fields.push_back(current);
  return fields;
}

}  // namespace

Result<std::vector<CountsRow>> read_counts_csv(std::string_view text, std::string_view origin) {
  std::vector<CountsRow> rows;
  std::set<std::string> seen;
  bool header_seen = false;
  std::vector<std::string> columns;
  int line_number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') {
      if (end == text.size()) break;
      continue;
    }
    auto fields = split_csv_line(line);
    if (!header_seen) {
      columns = fields;
      if (columns.size() < 2 || columns[0] != "line_id" || columns[1] != "persons")
        return row_error(origin, line_number, "the header must start with line_id,persons");
      for (std::size_t i = 2; i < columns.size(); ++i)
        if (columns[i] != "seed_amount_tenge" && columns[i] != "payments_per_year" && columns[i] != "seed_budget_thousand")
          return row_error(origin, line_number, "unknown column '" + columns[i] + "'");
      header_seen = true;
      if (end == text.size()) break;
      continue;
    }
    if (fields.size() != columns.size())
      return row_error(origin, line_number, "expected " + std::to_string(columns.size()) + " fields, found " + std::to_string(fields.size()));
    CountsRow row;
    row.line = line_number;
    row.line_id = fields[0];
    if (row.line_id.empty()) return row_error(origin, line_number, "line_id is empty");
    if (!seen.insert(row.line_id).second) return row_error(origin, line_number, "line '" + row.line_id + "' is given twice");
    try {
      std::size_t used = 0;
      const long long persons = std::stoll(fields[1], &used);
      if (used != fields[1].size() || persons < 0 || persons > 100'000'000) throw std::invalid_argument("range");
      row.persons = persons;
    } catch (const std::exception&) {
      return row_error(origin, line_number, "persons '" + fields[1].substr(0, 40) + "' must be a whole number 0-100000000");
    }
    for (std::size_t i = 2; i < columns.size(); ++i) {
      const std::string& f = fields[i];
      if (f.empty()) continue;
      if (columns[i] == "payments_per_year") {
        if (f.size() > 3 || f.find_first_not_of("0123456789") != std::string::npos)
          return row_error(origin, line_number, "payments_per_year '" + f.substr(0, 40) + "' must be a whole number");
        row.seed_payments = std::stoi(f);
        continue;
      }
      auto m = Money::parse(f);
      if (!m || m->is_negative()) return row_error(origin, line_number, columns[i] + " '" + f.substr(0, 40) + "' is not an amount");
      if (columns[i] == "seed_amount_tenge") {
        row.seed_amount = *m;
      } else {
        auto tenge = m->times(1000);
        if (!tenge) return row_error(origin, line_number, "seed_budget_thousand is too large");
        row.seed_budget = *tenge;
      }
    }
    rows.push_back(std::move(row));
    if (end == text.size()) break;
  }
  if (!header_seen) return row_error(origin, line_number, "no header line (line_id,persons,…)");
  return rows;
}

std::string thousands(Money m) {
  // tiyn → hundreds of tenge (0.1 thousand), rounded half-up.
  const Int128 tenths = divide_rounded(m.tiyn(), 10'000, Rounding::kHalfUp);
  const Int128 a = tenths < 0 ? -tenths : tenths;
  return std::string(tenths < 0 ? "-" : "") + std::to_string(static_cast<long long>(a / 10)) + "." +
         std::to_string(static_cast<int>(a % 10));
}

Result<Forecast> forecast(const Pack& pack, const ParameterSet& parameters, int year,
                          const std::vector<CountsRow>& counts, std::optional<Money> allocation) {
  if (year < 2000 || year > 2100) return invalid("forecast.year", {{"year", std::to_string(year)}});
  Forecast out;
  out.year = year;
  out.allocation = allocation;
  Money seed_total;
  bool any_seed = false;
  for (const CountsRow& row : counts) {
    const Programme* p = pack.programme(row.line_id);
    if (p == nullptr) {
      Error e(ErrorCode::kInvalidInput, "forecast.unknown_line", {{"line_id", row.line_id}, {"pack", pack.id}, {"line", std::to_string(row.line)}});
      return tl::unexpected(e);
    }
    if (p->amount.kind == AmountRule::Kind::kFormula)
      return invalid("forecast.formula_line", {{"line_id", row.line_id}});
    // The payment dates of the year.
    std::vector<Date> dates;
    switch (p->frequency.kind) {
      case FrequencyKind::kMonthly:
        for (int m = 1; m <= 12; ++m) dates.push_back(Date::from_ymd(year, m, 1));
        break;
      case FrequencyKind::kQuarterly:
        for (int m = 1; m <= 12; m += 3) dates.push_back(Date::from_ymd(year, m, 1));
        break;
      case FrequencyKind::kOneTime:
        dates.push_back(Date::from_ymd(year, 1, 1));
        break;
      case FrequencyKind::kHoliday:
        dates.push_back(Date::from_ymd(year, p->frequency.month, std::min(p->frequency.day, days_in_month(year, p->frequency.month))));
        break;
    }
    ForecastLine line;
    line.programme = p;
    line.persons = row.persons;
    Money per_year;
    std::set<std::string> sources;
    for (std::size_t i = 0; i < dates.size(); ++i) {
      const Date d = dates[i];
      if ((p->effective_from && d < *p->effective_from) || (p->effective_to && *p->effective_to < d)) continue;
      Money amount;
      const AmountRule& a = p->amount;
      auto resolve = [&](std::string_view id) -> Result<ParamValue> {
        if (const ParamValue* o = parameters.override_of(id)) return *o;
        if (parameters.has(id)) return parameters.value(id, d);
        if (const PackValue* v = pack.value(id)) return v->value;
        return fail(ErrorCode::kUnknownValue, "param.unknown_name", {{"name", std::string(id)}});
      };
      switch (a.kind) {
        case AmountRule::Kind::kFixed:
          amount = a.fixed;
          sources.insert(a.cites.empty() ? p->cites : a.cites);
          break;
        case AmountRule::Kind::kAek:
        case AmountRule::Kind::kEtk: {
          KOMEK_TRY(base, parameters.value(a.kind == AmountRule::Kind::kAek ? "aek" : "etk", d));
          KOMEK_TRY(r, a.factor.of(base.money, a.rounding));
          amount = r;
          sources.insert(base.source);
          break;
        }
        case AmountRule::Kind::kPercentOf:
        case AmountRule::Kind::kValue: {
          KOMEK_TRY(v, resolve(a.reference));
          if (a.kind == AmountRule::Kind::kValue) {
            amount = v.money;
          } else {
            KOMEK_TRY(r, a.factor.of(v.money, a.rounding));
            amount = r;
          }
          sources.insert(v.source);
          break;
        }
        case AmountRule::Kind::kFormula:
          break;
      }
      if (a.to_whole_tenge) amount = amount.round_to_tenge(a.rounding);
      if (line.payments == 0) line.first_payment = amount;
      ++line.payments;
      KOMEK_TRY(sum, per_year.plus(amount));
      per_year = sum;
    }
    line.per_person_year = per_year;
    auto total = per_year.times(row.persons);
    if (!total) return tl::unexpected(total.error());
    line.total = *total;
    line.sources.assign(sources.begin(), sources.end());
    if (row.seed_budget) {
      line.seed_budget = row.seed_budget;
      line.difference = row.seed_budget->minus(line.total).value_or(Money{});
      seed_total = seed_total + *row.seed_budget;
      any_seed = true;
    }
    KOMEK_TRY(grand, out.total.plus(line.total));
    out.total = grand;
    out.lines.push_back(std::move(line));
  }
  if (any_seed) out.seed_total = seed_total;
  if (allocation) out.balance = allocation->minus(out.total).value_or(Money{});
  return out;
}

}  // namespace komek::rules
