#include "rules/pack.hpp"

#include <set>

#include "core/yaml_util.hpp"
#include "rules/period_yaml.hpp"
#include "rules/procedure.hpp"

namespace komek::rules {
namespace {

using yaml::data_error;

class Loader {
 public:
  Loader(std::string_view origin, const PackEnvironment& env) : origin_(origin), env_(env) {}

  Result<Pack> load(const YAML::Node& root) {
    KOMEK_CHECK(yaml::expect_map(origin_, root, "a rule pack",
                                 {"pack", "values", "grounds", "refusal_grounds", "termination_grounds",
                                  "deadline_classes", "periods", "programmes"}));
    Pack pack;
    pack.file = std::string(origin_);
    if (!root["pack"]) return data_error(origin_, root, "a rule pack needs its 'pack:' header");
    KOMEK_CHECK(header(root["pack"], pack));
    KOMEK_CHECK(values(root["values"], pack));
    KOMEK_CHECK(grounds(root["grounds"], pack));
    KOMEK_CHECK(refusal_grounds(root["refusal_grounds"], pack));
    KOMEK_CHECK(termination_grounds(root["termination_grounds"], pack));
    KOMEK_CHECK(deadline_classes(root["deadline_classes"], pack));
    KOMEK_CHECK(periods(root["periods"], pack));
    const YAML::Node programmes = root["programmes"];
    if (!programmes || !programmes.IsSequence() || programmes.size() == 0)
      return data_error(origin_, root, "a rule pack needs a non-empty top-level 'programmes:' list");
    std::set<std::string> ids;
    for (const auto& node : programmes) {
      KOMEK_TRY(programme, this->programme(node, pack));
      if (!ids.insert(programme.id).second) return data_error(origin_, node, "programme '" + programme.id + "' is defined twice");
      pack.programmes.push_back(std::move(programme));
    }
    // Cross-references that need the whole list.
    for (std::size_t i = 0; i < pack.programmes.size(); ++i) {
      const Programme& p = pack.programmes[i];
      const YAML::Node node = programmes[i];
      if (!p.requires_programme.empty()) {
        bool earlier = false;
        for (std::size_t j = 0; j < i; ++j) earlier = earlier || pack.programmes[j].id == p.requires_programme;
        if (!earlier)
          return data_error(origin_, node["requires"], "requires must name a programme listed earlier in this pack, not '" + p.requires_programme + "'");
      }
      if (p.requires_programme == p.id) return data_error(origin_, node["requires"], "a programme cannot require itself");
      for (const auto& other : p.combines_with)
        if (pack.programme(other) == nullptr)
          return data_error(origin_, node["combines_with"], "programme '" + other + "' is not in this pack");
    }
    return pack;
  }

 private:
  Result<Titles> titles(const YAML::Node& owner, const std::string& what) { return parse_titles(origin_, owner, what); }

  Result<std::vector<std::string>> string_list(const YAML::Node& node, const std::string& what) {
    std::vector<std::string> out;
    if (!node) return out;
    if (node.IsScalar()) {
      out.push_back(node.Scalar());
      return out;
    }
    if (!node.IsSequence()) return data_error(origin_, node, what + " must be a list");
    for (const auto& item : node) {
      KOMEK_TRY(text, yaml::scalar_of(origin_, item, what));
      out.push_back(text);
    }
    return out;
  }

  Result<void> effective(const YAML::Node& node, Date& from, std::optional<Date>& to, bool required) {
    if (!node) {
      if (required) return data_error(origin_, node, "'effective: {from: …}' is required");
      return {};
    }
    KOMEK_CHECK(yaml::expect_map(origin_, node, "effective", {"from", "to"}));
    if (!node["from"]) return data_error(origin_, node, "effective needs 'from'");
    KOMEK_TRY(f, yaml::date_of(origin_, node["from"], "effective.from"));
    from = f;
    if (node["to"] && !node["to"].IsNull()) {
      KOMEK_TRY(t, yaml::date_of(origin_, node["to"], "effective.to"));
      if (t < f) return data_error(origin_, node["to"], "effective.to is before effective.from");
      to = t;
    }
    return {};
  }

  Result<void> header(const YAML::Node& h, Pack& pack) {
    KOMEK_CHECK(yaml::expect_map(origin_, h, "the pack header",
                                 {"id", "titles", "territory", "effective", "legal_basis", "income_rules",
                                  "rounding", "settings"}));
    KOMEK_TRY(id, yaml::string_at(origin_, h, "id", "the pack header"));
    pack.id = id;
    KOMEK_TRY(t, titles(h, "the pack"));
    pack.titles = t;
    KOMEK_TRY(territory, yaml::string_at(origin_, h, "territory", "the pack header"));
    if (territory != "national") {
      auto kato = Kato::parse(territory);
      if (!kato) return data_error(origin_, h["territory"], "territory must be 'national' or a 9-digit KATO code");
      pack.territory = *kato;
    }
    KOMEK_CHECK(effective(h["effective"], pack.effective_from, pack.effective_to, true));
    KOMEK_TRY(basis, string_list(h["legal_basis"], "legal_basis"));
    if (basis.empty()) return data_error(origin_, h, "the pack cites no legal basis");
    pack.legal_basis = basis;
    if (h["income_rules"]) {
      KOMEK_TRY(income, yaml::scalar_of(origin_, h["income_rules"], "income_rules"));
      if (env_.income_rules.find(income) == env_.income_rules.end())
        return data_error(origin_, h["income_rules"], "income rules '" + income + "' are not defined under rules/income/");
      pack.income_rules_id = income;
    }
    if (h["rounding"]) {
      auto r = parse_rounding(h["rounding"].Scalar());
      if (!r) return data_error(origin_, h["rounding"], "rounding must be half_up, half_even, down or up");
      pack.rounding = *r;
    }
    if (const YAML::Node s = h["settings"]) {
      if (!s.IsMap()) return data_error(origin_, s, "settings must be a mapping");
      for (const auto& kv : s) pack.settings[kv.first.Scalar()] = kv.second.Scalar();
    }
    return {};
  }

  Result<void> values(const YAML::Node& list, Pack& pack) {
    if (!list) return {};
    if (!list.IsSequence()) return data_error(origin_, list, "'values' must be a list");
    for (const auto& item : list) {
      KOMEK_CHECK(yaml::expect_map(origin_, item, "a value", {"id", "unit", "value", "configurable", "note", "cites"}));
      PackValue v;
      KOMEK_TRY(id, yaml::string_at(origin_, item, "id", "a value"));
      v.id = id;
      if (pack.value(id) != nullptr) return data_error(origin_, item, "value '" + id + "' is defined twice");
      KOMEK_TRY(unit, yaml::string_at(origin_, item, "unit", "value " + id));
      if (unit != "tenge" && unit != "number") return data_error(origin_, item["unit"], "unit must be 'tenge' or 'number'");
      KOMEK_TRY(text, yaml::string_at(origin_, item, "value", "value " + id));
      auto parsed = parse_param_value(unit == "tenge" ? ParamUnit::kTenge : ParamUnit::kNumber, text);
      if (!parsed) return data_error(origin_, item["value"], "'" + text + "' is not a valid " + unit + " value");
      v.value = *parsed;
      if (item["configurable"]) {
        KOMEK_TRY(c, yaml::bool_of(origin_, item["configurable"], "configurable"));
        v.configurable = c;
      }
      if (item["note"]) v.note = item["note"].Scalar();
      if (item["cites"]) v.value.source = item["cites"].Scalar();
      if (v.configurable) {
        // A value the law does not give must say so, and where it should come from.
        if (v.note.empty()) return data_error(origin_, item, "configurable value '" + id + "' needs a note saying why and who sets it");
        v.value.verified = false;
        if (v.value.source.empty()) v.value.source = "configurable: " + v.note;
      } else if (v.value.source.empty()) {
        return data_error(origin_, item, "value '" + id + "' cites no source (or mark it configurable with a note)");
      }
      pack.values.push_back(std::move(v));
    }
    return {};
  }

  Result<void> grounds(const YAML::Node& list, Pack& pack) {
    if (!list) return {};
    if (!list.IsSequence()) return data_error(origin_, list, "'grounds' must be a list");
    for (const auto& item : list) {
      KOMEK_CHECK(yaml::expect_map(origin_, item, "a ground", {"id", "titles", "cites", "when", "income", "at_event_location"}));
      Ground g;
      KOMEK_TRY(id, yaml::string_at(origin_, item, "id", "a ground"));
      g.id = id;
      if (pack.ground(id) != nullptr) return data_error(origin_, item, "ground '" + id + "' is defined twice");
      KOMEK_TRY(t, titles(item, "ground " + id));
      g.titles = t;
      KOMEK_TRY(cites, yaml::string_at(origin_, item, "cites", "ground " + id));
      g.cites = cites;
      if (item["income"]) {
        KOMEK_TRY(b, yaml::bool_of(origin_, item["income"], "income"));
        g.income = b;
      }
      if (item["when"]) {
        KOMEK_TRY(c, parse_condition(item["when"], Scope::kFamily, env_.vocabulary, origin_));
        g.when = std::move(c);
      }
      if (g.income == g.when.has_value())
        return data_error(origin_, item, "ground '" + id + "' needs exactly one of 'when' (a condition) or 'income: true'");
      if (item["at_event_location"]) {
        KOMEK_TRY(b, yaml::bool_of(origin_, item["at_event_location"], "at_event_location"));
        if (b && !(g.when && g.when->op == Condition::Op::kFact))
          return data_error(origin_, item["at_event_location"], "at_event_location needs a 'when: {fact: …}' ground");
        g.at_event_location = b;
      }
      pack.grounds.push_back(std::move(g));
    }
    return {};
  }

  Result<void> refusal_grounds(const YAML::Node& list, Pack& pack) {
    if (!list) return {};
    if (!list.IsSequence()) return data_error(origin_, list, "'refusal_grounds' must be a list");
    for (const auto& item : list) {
      KOMEK_CHECK(yaml::expect_map(origin_, item, "a refusal ground",
                                   {"id", "titles", "cites", "when", "income_test", "ban_months", "ban_from"}));
      RefusalGround r;
      KOMEK_TRY(id, yaml::string_at(origin_, item, "id", "a refusal ground"));
      r.id = id;
      if (pack.refusal_ground(id) != nullptr) return data_error(origin_, item, "refusal ground '" + id + "' is defined twice");
      KOMEK_TRY(t, titles(item, "refusal ground " + id));
      r.titles = t;
      KOMEK_TRY(cites, yaml::string_at(origin_, item, "cites", "refusal ground " + id));
      r.cites = cites;
      if (item["income_test"]) {
        KOMEK_TRY(b, yaml::bool_of(origin_, item["income_test"], "income_test"));
        r.income_test = b;
      }
      if (item["when"]) {
        KOMEK_TRY(c, parse_condition(item["when"], Scope::kFamily, env_.vocabulary, origin_));
        r.when = std::move(c);
      }
      if (r.income_test == r.when.has_value())
        return data_error(origin_, item, "refusal ground '" + id + "' needs exactly one of 'when' or 'income_test: true'");
      if (item["ban_months"]) {
        KOMEK_TRY(n, yaml::int_of(origin_, item["ban_months"], "ban_months"));
        if (n < 0 || n > 120) return data_error(origin_, item["ban_months"], "ban_months must be 0-120");
        r.ban_months = n;
        r.ban_from = "fact_date";
      }
      if (item["ban_from"]) {
        KOMEK_TRY(from, yaml::scalar_of(origin_, item["ban_from"], "ban_from"));
        if (from != "fact_date" && from != "application_date")
          return data_error(origin_, item["ban_from"], "ban_from must be fact_date or application_date");
        r.ban_from = from;
      }
      pack.refusal_grounds.push_back(std::move(r));
    }
    return {};
  }

  Result<void> termination_grounds(const YAML::Node& list, Pack& pack) {
    if (!list) return {};
    if (!list.IsSequence()) return data_error(origin_, list, "'termination_grounds' must be a list");
    for (const auto& item : list) {
      KOMEK_CHECK(yaml::expect_map(origin_, item, "a termination ground", {"id", "titles", "cites", "stops", "not_for_grounds"}));
      TerminationGround t;
      KOMEK_TRY(id, yaml::string_at(origin_, item, "id", "a termination ground"));
      t.id = id;
      if (pack.termination_ground(id) != nullptr) return data_error(origin_, item, "termination ground '" + id + "' is defined twice");
      if (env_.vocabulary.fact(id) == nullptr)
        return data_error(origin_, item, "termination ground '" + id + "' must be a fact of the vocabulary (the event reported)");
      KOMEK_TRY(ti, titles(item, "termination ground " + id));
      t.titles = ti;
      KOMEK_TRY(cites, yaml::string_at(origin_, item, "cites", "termination ground " + id));
      t.cites = cites;
      KOMEK_TRY(stops, yaml::string_at(origin_, item, "stops", "termination ground " + id));
      if (stops == "next_month") t.stops = StopRule::kNextMonth;
      else if (stops == "same_day") t.stops = StopRule::kSameDay;
      else return data_error(origin_, item["stops"], "stops must be next_month or same_day");
      KOMEK_TRY(not_for, string_list(item["not_for_grounds"], "not_for_grounds"));
      for (const auto& g : not_for)
        if (pack.ground(g) == nullptr) return data_error(origin_, item["not_for_grounds"], "ground '" + g + "' is not defined in this pack");
      t.not_for_grounds = not_for;
      pack.termination_grounds.push_back(std::move(t));
    }
    return {};
  }

  Result<void> deadline_classes(const YAML::Node& list, Pack& pack) {
    if (!list) return {};
    if (!list.IsSequence()) return data_error(origin_, list, "'deadline_classes' must be a list");
    for (const auto& item : list) {
      KOMEK_TRY(d, parse_period(origin_, item, PeriodPlace::kDecision));
      if (pack.deadline_class(d.id) != nullptr) return data_error(origin_, item, "deadline class '" + d.id + "' is defined twice");
      pack.deadline_classes.push_back(std::move(d));
    }
    return {};
  }

  // Periods of the national procedure the pack's act sets differently. An override names a
  // period Komek knows and may take per pack, gives its length and the clause of the pack's
  // act; the titles, when left out, are the national ones.
  Result<void> periods(const YAML::Node& list, Pack& pack) {
    if (!list) return {};
    if (!list.IsSequence()) return data_error(origin_, list, "'periods' must be a list");
    for (const auto& item : list) {
      KOMEK_TRY(p, parse_period(origin_, item, PeriodPlace::kPackOverride));
      const PeriodId id = *parse_period_id(p.id);
      if (pack.period_override(id) != nullptr) return data_error(origin_, item, "period '" + p.id + "' is overridden twice");
      if (p.titles.en.empty() && env_.procedure != nullptr) p.titles = env_.procedure->period(id).titles;
      pack.periods.push_back(std::move(p));
    }
    return {};
  }

  // A programme's decision period for a channel is the class naming it (Procedure::
  // decision_period): two classes of one programme naming the same channel would be ambiguous.
  Result<void> one_class_per_channel(const YAML::Node& node, const std::vector<std::string>& classes, const Pack& pack) {
    std::set<std::string> channels;
    for (const auto& id : classes)
      for (const auto& channel : pack.deadline_class(id)->channels)
        if (!channels.insert(channel).second)
          return data_error(origin_, node, "two deadline classes name the channel '" + channel + "'");
    return {};
  }

  // A reference to a money or number value: a value of the pack or a parameter series.
  Result<void> check_reference(const YAML::Node& node, const std::string& ref, const Pack& pack) {
    if (pack.value(ref) != nullptr || env_.parameters.has(ref)) return {};
    return data_error(origin_, node, "'" + ref + "' is neither a value of this pack nor a parameter");
  }

  Result<AmountRule> amount(const YAML::Node& node, const Pack& pack) {
    if (!node) return data_error(origin_, node, "a programme needs an 'amount'");
    KOMEK_CHECK(yaml::expect_map(origin_, node, "amount",
                                 {"fixed", "aek", "etk", "percent", "of", "value", "formula", "rounding", "round_to", "cites"}));
    AmountRule a;
    a.rounding = pack.rounding;
    int kinds = 0;
    if (node["fixed"]) {
      ++kinds;
      a.kind = AmountRule::Kind::kFixed;
      auto m = Money::parse(node["fixed"].Scalar());
      if (!m || m->is_negative()) return data_error(origin_, node["fixed"], "fixed must be a non-negative amount in tenge, e.g. \"30000\"");
      a.fixed = *m;
    }
    for (auto [key, kind] : {std::pair{"aek", AmountRule::Kind::kAek}, std::pair{"etk", AmountRule::Kind::kEtk}}) {
      if (!node[key]) continue;
      ++kinds;
      a.kind = kind;
      auto r = Ratio::parse(node[key].Scalar());
      if (!r || r->numerator() <= 0) return data_error(origin_, node[key], std::string(key) + " must be a positive multiple, e.g. \"1.5\"");
      a.factor = *r;
    }
    if (node["percent"]) {
      ++kinds;
      a.kind = AmountRule::Kind::kPercentOf;
      auto r = Ratio::parse(node["percent"].Scalar());
      if (!r || r->numerator() <= 0) return data_error(origin_, node["percent"], "percent must be a positive number");
      a.factor = r->percent_to_share();
      if (!node["of"]) return data_error(origin_, node, "percent needs 'of': the value it is a percent of");
      a.reference = node["of"].Scalar();
      KOMEK_CHECK(check_reference(node["of"], a.reference, pack));
    } else if (node["of"]) {
      return data_error(origin_, node["of"], "'of' goes with 'percent'");
    }
    if (node["value"]) {
      ++kinds;
      a.kind = AmountRule::Kind::kValue;
      a.reference = node["value"].Scalar();
      KOMEK_CHECK(check_reference(node["value"], a.reference, pack));
    }
    if (node["formula"]) {
      ++kinds;
      a.kind = AmountRule::Kind::kFormula;
      a.reference = node["formula"].Scalar();
      if (a.reference != "tsa_benefit")
        return data_error(origin_, node["formula"], "unknown formula '" + a.reference + "' (known: tsa_benefit)");
    }
    if (kinds != 1)
      return data_error(origin_, node, "amount needs exactly one of fixed, aek, etk, percent, value or formula");
    if (node["rounding"]) {
      auto r = parse_rounding(node["rounding"].Scalar());
      if (!r) return data_error(origin_, node["rounding"], "rounding must be half_up, half_even, down or up");
      a.rounding = *r;
    }
    if (node["round_to"]) {
      const std::string to = node["round_to"].Scalar();
      if (to != "tenge" && to != "tiyn") return data_error(origin_, node["round_to"], "round_to must be tenge or tiyn");
      a.to_whole_tenge = to == "tenge";
    }
    if (node["cites"]) a.cites = node["cites"].Scalar();
    return a;
  }

  Result<IncomeTest> income_test(const YAML::Node& node, const Pack& pack) {
    KOMEK_CHECK(yaml::expect_map(origin_, node, "income_test", {"threshold", "compare", "refusal", "cites"}));
    IncomeTest t;
    const YAML::Node th = node["threshold"];
    if (!th) return data_error(origin_, node, "income_test needs a threshold");
    if (th.IsScalar() && th.Scalar() == "poverty_line") {
      t.threshold = IncomeTest::Threshold::kPovertyLine;
    } else if (th.IsMap() && th["etk"]) {
      KOMEK_CHECK(yaml::expect_map(origin_, th, "threshold", {"etk", "subsistence"}));
      t.threshold = IncomeTest::Threshold::kEtkMultiple;
      auto r = Ratio::parse(th["etk"].Scalar());
      if (!r || r->numerator() <= 0) return data_error(origin_, th["etk"], "etk must be a positive multiple");
      t.factor = *r;
      t.subsistence = th["subsistence"] ? th["subsistence"].Scalar() : "budget";
      if (t.subsistence != "budget" && t.subsistence != "regional")
        return data_error(origin_, th["subsistence"], "subsistence must be budget (the budget-law ЕТК) or regional (the statistical minimum)");
    } else if (th.IsMap() && th["value"]) {
      KOMEK_CHECK(yaml::expect_map(origin_, th, "threshold", {"value"}));
      t.threshold = IncomeTest::Threshold::kValue;
      t.reference = th["value"].Scalar();
      KOMEK_CHECK(check_reference(th["value"], t.reference, pack));
    } else {
      return data_error(origin_, th, "threshold must be poverty_line, {etk: K} or {value: ID}");
    }
    KOMEK_TRY(compare, yaml::string_at(origin_, node, "compare", "income_test"));
    if (compare == "below") t.strictly_below = true;
    else if (compare == "not_above") t.strictly_below = false;
    else return data_error(origin_, node["compare"], "compare must be below or not_above");
    KOMEK_TRY(refusal, yaml::string_at(origin_, node, "refusal", "income_test"));
    const RefusalGround* r = pack.refusal_ground(refusal);
    if (r == nullptr || !r->income_test)
      return data_error(origin_, node["refusal"], "refusal '" + refusal + "' must be a refusal ground with income_test: true");
    t.refusal = refusal;
    KOMEK_TRY(cites, yaml::string_at(origin_, node, "cites", "income_test"));
    t.cites = cites;
    return t;
  }

  Result<Frequency> frequency(const YAML::Node& node) {
    Frequency f;
    if (!node) return data_error(origin_, node, "a programme needs a 'frequency'");
    if (node.IsScalar()) {
      const std::string s = node.Scalar();
      if (s == "monthly") f.kind = FrequencyKind::kMonthly;
      else if (s == "quarterly") f.kind = FrequencyKind::kQuarterly;
      else if (s == "one_time") f.kind = FrequencyKind::kOneTime;
      else return data_error(origin_, node, "frequency must be monthly, quarterly, one_time or {holiday: …}");
      return f;
    }
    KOMEK_CHECK(yaml::expect_map(origin_, node, "frequency", {"holiday"}));
    const YAML::Node h = node["holiday"];
    KOMEK_CHECK(yaml::expect_map(origin_, h, "frequency.holiday", {"date", "occasion", "titles"}));
    f.kind = FrequencyKind::kHoliday;
    KOMEK_TRY(date, yaml::string_at(origin_, h, "date", "frequency.holiday"));
    auto d = Date::parse("2024-" + date);  // a leap year accepts 29 Feb
    if (!d) return data_error(origin_, h["date"], "holiday date must be \"MM-DD\"");
    f.month = d->month();
    f.day = d->day();
    KOMEK_TRY(occasion, yaml::string_at(origin_, h, "occasion", "frequency.holiday"));
    f.occasion = occasion;
    KOMEK_TRY(t, titles(h, "occasion " + occasion));
    f.occasion_titles = t;
    return f;
  }

  Result<Programme> programme(const YAML::Node& node, const Pack& pack) {
    KOMEK_CHECK(yaml::expect_map(origin_, node, "a programme",
                                 {"id", "kind", "titles", "legal_basis", "cites", "per", "grounds", "who", "income_test",
                                  "requires", "amount", "frequency", "assignment", "application", "commission",
                                  "decision_deadline", "refusal_grounds", "termination_grounds", "combines_with",
                                  "effective"}));
    Programme p;
    p.line = yaml::line_of(node);
    KOMEK_TRY(id, yaml::string_at(origin_, node, "id", "a programme"));
    p.id = id;
    const std::string what = "programme " + id;
    KOMEK_TRY(kind, yaml::string_at(origin_, node, "kind", what));
    if (kind == "tsa") p.kind = ProgrammeKind::kTsa;
    else if (kind == "local") p.kind = ProgrammeKind::kLocal;
    else return data_error(origin_, node["kind"], "kind must be tsa or local");
    KOMEK_TRY(t, titles(node, what));
    p.titles = t;
    KOMEK_TRY(basis, string_list(node["legal_basis"], "legal_basis"));
    p.legal_basis = basis;
    KOMEK_TRY(cites, yaml::string_at(origin_, node, "cites", what));
    p.cites = cites;
    KOMEK_TRY(per, yaml::string_at(origin_, node, "per", what));
    if (per == "family") p.per = Per::kFamily;
    else if (per == "person") p.per = Per::kPerson;
    else return data_error(origin_, node["per"], "per must be family or person");
    KOMEK_TRY(grounds, string_list(node["grounds"], "grounds"));
    for (const auto& g : grounds)
      if (pack.ground(g) == nullptr) return data_error(origin_, node["grounds"], "ground '" + g + "' is not defined in this pack");
    p.grounds = grounds;
    if (node["who"]) {
      KOMEK_TRY(c, parse_condition(node["who"], p.per == Per::kPerson ? Scope::kMember : Scope::kFamily,
                                   env_.vocabulary, origin_));
      p.who = std::move(c);
    }
    if (node["income_test"]) {
      KOMEK_TRY(test, income_test(node["income_test"], pack));
      p.income_test = test;
    }
    for (const auto& g : p.grounds) {
      if (pack.ground(g)->income && !p.income_test)
        return data_error(origin_, node, "ground '" + g + "' is the income ground: the programme needs an income_test");
    }
    if (node["requires"]) {
      KOMEK_TRY(r, yaml::scalar_of(origin_, node["requires"], "requires"));
      p.requires_programme = r;
    }
    KOMEK_TRY(a, amount(node["amount"], pack));
    p.amount = a;
    if (p.amount.kind == AmountRule::Kind::kFormula && !p.income_test)
      return data_error(origin_, node["amount"], "formula tsa_benefit needs the programme's income_test (poverty line)");
    KOMEK_TRY(f, frequency(node["frequency"]));
    p.frequency = f;
    if (const YAML::Node as = node["assignment"]) {
      KOMEK_CHECK(yaml::expect_map(origin_, as, "assignment", {"until", "months"}));
      if (as["until"]) {
        const std::string until = as["until"].Scalar();
        if (until == "quarter_end") p.until = AssignmentUntil::kQuarterEnd;
        else if (until == "year_end") p.until = AssignmentUntil::kYearEnd;
        else if (until == "single_payment") p.until = AssignmentUntil::kSinglePayment;
        else return data_error(origin_, as["until"], "until must be quarter_end, year_end or single_payment");
      } else if (as["months"]) {
        KOMEK_TRY(m, yaml::int_of(origin_, as["months"], "assignment.months"));
        if (m <= 0 || m > 120) return data_error(origin_, as["months"], "assignment.months must be 1-120");
        p.until = AssignmentUntil::kMonths;
        p.assignment_months = m;
      } else {
        return data_error(origin_, as, "assignment needs 'until' or 'months'");
      }
    } else if (p.frequency.kind == FrequencyKind::kMonthly || p.frequency.kind == FrequencyKind::kQuarterly) {
      return data_error(origin_, node, "a " + std::string(frequency_name(p.frequency.kind)) + " programme needs 'assignment' (how long it is assigned)");
    }
    if ((p.frequency.kind == FrequencyKind::kOneTime || p.frequency.kind == FrequencyKind::kHoliday) &&
        p.until != AssignmentUntil::kSinglePayment)
      return data_error(origin_, node["assignment"], "a one-time or holiday payment is a single payment");
    if (node["application"]) {
      const std::string a2 = node["application"].Scalar();
      if (a2 == "none") p.without_application = true;
      else if (a2 != "required") return data_error(origin_, node["application"], "application must be required or none");
    }
    if (node["commission"]) {
      const std::string c = node["commission"].Scalar();
      if (c == "special") p.commission = Commission::kSpecial;
      else if (c == "district") p.commission = Commission::kDistrict;
      else if (c != "none") return data_error(origin_, node["commission"], "commission must be special, district or none");
    }
    KOMEK_TRY(deadlines, string_list(node["decision_deadline"], "decision_deadline"));
    for (const auto& d : deadlines)
      if (pack.deadline_class(d) == nullptr)
        return data_error(origin_, node["decision_deadline"], "deadline class '" + d + "' is not defined in this pack");
    if (deadlines.empty() && !p.without_application)
      return data_error(origin_, node, "a programme with applications needs a decision_deadline class");
    KOMEK_CHECK(one_class_per_channel(node["decision_deadline"], deadlines, pack));
    p.deadline_classes = deadlines;
    KOMEK_TRY(refusals, string_list(node["refusal_grounds"], "refusal_grounds"));
    for (const auto& r : refusals)
      if (pack.refusal_ground(r) == nullptr)
        return data_error(origin_, node["refusal_grounds"], "refusal ground '" + r + "' is not defined in this pack");
    if (p.income_test &&
        std::find(refusals.begin(), refusals.end(), p.income_test->refusal) == refusals.end())
      return data_error(origin_, node["refusal_grounds"], "the income test's refusal '" + p.income_test->refusal + "' must be listed in refusal_grounds");
    p.refusal_grounds = refusals;
    KOMEK_TRY(terminations, string_list(node["termination_grounds"], "termination_grounds"));
    for (const auto& t2 : terminations)
      if (pack.termination_ground(t2) == nullptr)
        return data_error(origin_, node["termination_grounds"], "termination ground '" + t2 + "' is not defined in this pack");
    p.termination_grounds = terminations;
    KOMEK_TRY(combines, string_list(node["combines_with"], "combines_with"));
    p.combines_with = combines;
    if (node["effective"]) {
      Date from;
      std::optional<Date> to;
      KOMEK_CHECK(effective(node["effective"], from, to, false));
      p.effective_from = from;
      p.effective_to = to;
    }
    return p;
  }

  std::string_view origin_;
  const PackEnvironment& env_;
};

template <typename T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
  for (const auto& item : items)
    if (item.id == id) return &item;
  return nullptr;
}

}  // namespace

std::string_view programme_kind_name(ProgrammeKind k) { return k == ProgrammeKind::kTsa ? "tsa" : "local"; }

std::string_view frequency_name(FrequencyKind f) {
  switch (f) {
    case FrequencyKind::kMonthly: return "monthly";
    case FrequencyKind::kQuarterly: return "quarterly";
    case FrequencyKind::kOneTime: return "one_time";
    case FrequencyKind::kHoliday: return "holiday";
  }
  return "?";
}

std::string_view commission_name(Commission c) {
  switch (c) {
    case Commission::kNone: return "none";
    case Commission::kSpecial: return "special";
    case Commission::kDistrict: return "district";
  }
  return "none";
}

const Programme* Pack::programme(std::string_view key) const { return find_by_id(programmes, key); }
const Ground* Pack::ground(std::string_view key) const { return find_by_id(grounds, key); }
const RefusalGround* Pack::refusal_ground(std::string_view key) const { return find_by_id(refusal_grounds, key); }
const TerminationGround* Pack::termination_ground(std::string_view key) const { return find_by_id(termination_grounds, key); }
const DeadlineClass* Pack::deadline_class(std::string_view key) const { return find_by_id(deadline_classes, key); }
const ProceduralPeriod* Pack::period_override(PeriodId key) const { return find_by_id(periods, period_id_name(key)); }
const PackValue* Pack::value(std::string_view key) const { return find_by_id(values, key); }

Result<void> set_override(ParameterSet& parameters, const Pack& pack, std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq != std::string_view::npos) {
    const std::string_view name = assignment.substr(0, eq);
    if (const PackValue* v = pack.value(name); v != nullptr && !parameters.has(name)) {
      KOMEK_TRY(value, parse_param_value(v->value.unit, assignment.substr(eq + 1)));
      value.source = "--set " + std::string(assignment.substr(0, 80));
      parameters.set_override(v->id, value);
      return {};
    }
  }
  return parameters.set_override(assignment);
}

Result<Pack> parse_pack(std::string_view yaml_text, std::string_view origin, const PackEnvironment& env) {
  if (yaml_text.size() > kPackBytesMax)
    return invalid("file.too_large", {{"file", std::string(origin)}, {"max", std::to_string(kPackBytesMax)}});
  KOMEK_TRY(root, yaml::load(yaml_text, origin));
  try {
    return Loader(origin, env).load(root);
  } catch (const YAML::Exception& e) {
    return invalid("data.invalid", {{"file", std::string(origin)},
                                    {"line", std::to_string(e.mark.line + 1)},
                                    {"what", e.msg}});
  }
}

Result<Pack> load_pack(const std::filesystem::path& file, const PackEnvironment& env) {
  KOMEK_TRY(text, yaml::read_file(file.string(), kPackBytesMax));
  return parse_pack(text, file.string(), env);
}

}  // namespace komek::rules
