// `komek packs check`: what loading a pack cannot refuse by itself — programmes that
// overlap, and programmes that would leave a case undecided on some date of the pack's
// period — and the values, deadline classes and procedural periods that are configurable
// rather than given by the law. (Loading already refuses an unknown or malformed period.)
#include <algorithm>
#include <set>

#include "rules/pack.hpp"
#include "rules/procedure.hpp"

namespace komek::rules {
namespace {

// Two programmes pay the same people for the same thing when they have the same unit, the
// same grounds, the same category and the same kind of payment on the same day.
std::string signature(const Programme& p) {
  std::string s = std::string(p.per == Per::kPerson ? "person" : "family") + "|";
  std::set<std::string> grounds(p.grounds.begin(), p.grounds.end());
  for (const auto& g : grounds) s += g + ",";
  s += "|" + (p.who ? describe(*p.who) : std::string("everyone"));
  s += "|" + std::string(frequency_name(p.frequency.kind));
  if (p.frequency.kind == FrequencyKind::kHoliday)
    s += "@" + std::to_string(p.frequency.month) + "-" + std::to_string(p.frequency.day);
  s += "|" + p.requires_programme;
  return s;
}

// Dates on which to check that every value a programme needs is known: the start of the
// pack's period and each quarter after it, up to its end or to the end of the known АЕК
// series (an open-ended pack is checked as far as the law's numbers are known).
std::vector<Date> probe_dates(const Pack& pack, const ParameterSet& parameters) {
  Date last = pack.effective_to.value_or(pack.effective_from);
  if (!pack.effective_to) {
    auto it = parameters.series().find("aek");
    if (it != parameters.series().end() && !it->second.entries.empty())
      last = Date::from_ymd(it->second.entries.back().from.year(), 12, 31);
  }
  std::vector<Date> dates = {pack.effective_from};
  for (Date d = Quarter::of(pack.effective_from).next().first_day(); d <= last; d = Quarter::of(d).next().first_day())
    dates.push_back(d);
  return dates;
}

}  // namespace

std::vector<PackFinding> check_pack(const Pack& pack, const PackEnvironment& env) {
  std::vector<PackFinding> findings;
  // Overlaps.
  for (std::size_t i = 0; i < pack.programmes.size(); ++i) {
    for (std::size_t j = i + 1; j < pack.programmes.size(); ++j) {
      const Programme& a = pack.programmes[i];
      const Programme& b = pack.programmes[j];
      if (signature(a) != signature(b)) continue;
      auto declared = [](const Programme& x, const Programme& y) {
        return std::find(x.combines_with.begin(), x.combines_with.end(), y.id) != x.combines_with.end();
      };
      if (declared(a, b) || declared(b, a)) continue;
      findings.push_back({"error", b.id, b.line,
                          "overlaps programme '" + a.id + "' (line " + std::to_string(a.line) +
                              "): same recipients, grounds and kind of payment; merge them or declare combines_with"});
    }
  }
  // Cases left undecided.
  const auto dates = probe_dates(pack, env.parameters);
  for (const Programme& p : pack.programmes) {
    std::set<std::string> reported;
    auto need = [&](const std::string& id, Date d, bool regional) {
      if (regional) return;  // regional statistics are checked per family, they are published per quarter
      if (pack.value(id) != nullptr) return;
      if (env.parameters.value(id, d)) return;
      if (reported.insert(id).second)
        findings.push_back({"error", p.id, p.line,
                            "leaves cases undecided: '" + id + "' is not known on " + d.iso() +
                                " (add it to rules/parameters or to the pack's values)"});
    };
    for (Date d : dates) {
      if ((p.effective_from && d < *p.effective_from) || (p.effective_to && *p.effective_to < d)) continue;
      switch (p.amount.kind) {
        case AmountRule::Kind::kAek: need("aek", d, false); break;
        case AmountRule::Kind::kEtk: need("etk", d, false); break;
        case AmountRule::Kind::kPercentOf:
        case AmountRule::Kind::kValue: need(p.amount.reference, d, false); break;
        default: break;
      }
      if (p.income_test) {
        if (p.income_test->threshold == IncomeTest::Threshold::kEtkMultiple && p.income_test->subsistence == "budget")
          need("etk", d, false);
        if (p.income_test->threshold == IncomeTest::Threshold::kValue) need(p.income_test->reference, d, false);
        if (p.income_test->threshold == IncomeTest::Threshold::kPovertyLine && !env.parameters.poverty_line_rule(d) &&
            reported.insert("poverty_line_rule").second)
          findings.push_back({"error", p.id, p.line, "leaves cases undecided: no poverty-line rule in force on " + d.iso()});
      }
    }
    if (p.grounds.empty() && !p.who && !p.income_test)
      findings.push_back({"warning", p.id, p.line, "has no ground, category or income test: every family qualifies"});
    if (p.per == Per::kPerson && !p.who)
      findings.push_back({"warning", p.id, p.line, "pays every member of the family: no 'who' condition"});
    if (p.refusal_grounds.empty() && !p.without_application)
      findings.push_back({"warning", p.id, p.line, "lists no refusal grounds"});
  }
  for (const PackValue& v : pack.values)
    if (v.configurable)
      findings.push_back({"warning", "", 0, "value '" + v.id + "' = " + v.value.display() + " is configurable, not from the law: " + v.note});
  for (const DeadlineClass& d : pack.deadline_classes)
    if (d.configurable)
      findings.push_back({"warning", "", 0, "deadline class '" + d.id + "': which cases it covers is configurable, not given by the source documents"});
  // The procedural periods the pack's cases are counted with, national or the pack's own,
  // that the source documents do not give.
  if (env.procedure != nullptr)
    for (std::size_t i = 0; i < kPeriodIdCount; ++i) {
      const ProceduralPeriod& period = env.procedure->period(static_cast<PeriodId>(i), &pack);
      if (period.configurable)
        findings.push_back({"warning", "", 0, "period '" + period.id + "' = " + period.describe(Lang::kEn) +
                                                  " (" + period.origin + ") is configurable, not from the law: " + period.note});
    }
  return findings;
}

}  // namespace komek::rules
