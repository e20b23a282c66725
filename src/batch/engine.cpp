#include "batch/engine.hpp"

#include <algorithm>
#include <limits>
#include <thread>

#include "core/invariant.hpp"
#include "rules/messages.hpp"

namespace komek::batch {
namespace {

using Op = rules::Condition::Op;
using Node = CompiledProgramme::Node;

constexpr std::int32_t kNoNode = -1;

bool in_bounds(int min, int max, int value) { return (min < 0 || value >= min) && (max < 0 || value <= max); }

// Birth days where age_on(birth, on) >= k: exactly those <= cut(k). age_on falls as the
// birth date rises, so the boundary is found by bisection with age_on itself — no second
// idea of what a full year is.
class AgeCuts {
 public:
  explicit AgeCuts(Date on) : on_(on) {}
  std::int32_t cut(int k) const {
    std::int32_t lo = Date::from_ymd(Date::kYearMin, 1, 1).days_since_epoch();
    std::int32_t hi = Date::from_ymd(Date::kYearMax, 12, 31).days_since_epoch();
    if (age_on(Date::from_days(lo), on_) < k) return lo - 1;  // nobody in range is that old
    if (age_on(Date::from_days(hi), on_) >= k) return hi;
    while (hi - lo > 1) {  // invariant: age(lo) >= k, age(hi) < k
      const std::int32_t mid = lo + (hi - lo) / 2;
      if (age_on(Date::from_days(mid), on_) >= k) lo = mid;
      else hi = mid;
    }
    return lo;
  }

 private:
  Date on_;
};

// Builds a programme's condition trees into its node array.
class ConditionCompiler {
 public:
  ConditionCompiler(CompiledProgramme& out, const Dictionary& dictionary, const rules::ParameterSet& parameters)
      : out_(out), dictionary_(dictionary), parameters_(parameters), cuts_(out.test_date) {}

  std::int32_t build(const rules::Condition& c) {
    Node n;
    n.op = c.op;
    n.min = c.min;
    n.max = c.max;
    std::vector<std::uint32_t> kids;
    switch (c.op) {
      case Op::kAll:
      case Op::kAny:
      case Op::kNot:
      case Op::kAnyMember:
      case Op::kAllMembers:
      case Op::kCountMembers:
        for (const auto& child : c.children) kids.push_back(static_cast<std::uint32_t>(build(child)));
        break;
      case Op::kStatus:
        for (const auto& id : c.ids)
          if (auto bit = dictionary_.status_bit(id)) n.status_mask |= std::uint64_t{1} << *bit;
        break;
      case Op::kAge:
        if (c.min >= 0) n.birth_upto = cuts_.cut(c.min);
        if (c.max >= 0) n.birth_after = cuts_.cut(c.max + 1);
        break;
      case Op::kRelation:
        for (const auto& id : c.ids)
          for (int r = 0; r <= static_cast<int>(rules::Relation::kOther); ++r)
            if (rules::relation_name(static_cast<rules::Relation>(r)) == id) n.relation_mask |= static_cast<std::uint8_t>(1u << r);
        break;
      case Op::kSex:
        n.sex = c.ids[0] == sex_name(Sex::kFemale) ? kSexFemale : kSexMale;
        break;
      case Op::kAbleBodied: {
        // rules::is_able_bodied: 16 or older, none of the excluding statuses, below the
        // pension age of the person's sex (men's when unknown; the population knows sex).
        n.birth_upto = cuts_.cut(16);
        for (const char* s : {"disability_group_1", "disability_group_2", "illness_long_term_incapacity", "pension_age"})
          if (auto bit = dictionary_.status_bit(s)) n.able_excluded |= std::uint64_t{1} << *bit;
        for (int sex = 0; sex < 2; ++sex) {
          auto pension_age = parameters_.value(sex == kSexFemale ? "pension_age_women" : "pension_age_men", out_.test_date);
          if (!pension_age) continue;  // unknown: no upper bound, as is_able_bodied
          // The first age that is not below the pension age; able-bodied below it.
          int first_not_below = -1;
          for (int a = 16; a <= 400; ++a)
            if (!(Ratio::whole(a) < pension_age->number)) {
              first_not_below = a;
              break;
            }
          if (first_not_below >= 0) n.able_after[sex] = cuts_.cut(first_not_below);
        }
        break;
      }
      // What the population does not hold is answered as evaluate() answers an empty list.
      case Op::kFact:
        n.constant = true;
        n.value = false;  // no facts
        break;
      case Op::kExisting:
        n.constant = true;
        n.value = false;  // no assistance held or applied for
        break;
      case Op::kOwns:
        n.constant = true;
        n.value = in_bounds(c.min, c.max, 0);  // no property
        break;
      case Op::kMembers:
        break;
    }
    n.first_child = static_cast<std::uint32_t>(out_.children.size());
    n.child_count = static_cast<std::uint32_t>(kids.size());
    out_.children.insert(out_.children.end(), kids.begin(), kids.end());
    out_.nodes.push_back(n);
    return static_cast<std::int32_t>(out_.nodes.size() - 1);
  }

 private:
  CompiledProgramme& out_;
  const Dictionary& dictionary_;
  const rules::ParameterSet& parameters_;
  AgeCuts cuts_;
};

std::size_t count_nodes(const rules::Condition& c) {
  std::size_t n = 1;
  for (const auto& child : c.children) n += count_nodes(child);
  return n;
}

// --- the pack's values, resolved as rules::evaluate resolves them ---

Result<rules::ParamValue> money_reference(const rules::Pack& pack, const rules::ParameterSet& parameters,
                                          std::string_view id, Date on) {
  Result<rules::ParamValue> v = [&]() -> Result<rules::ParamValue> {
    if (const rules::ParamValue* o = parameters.override_of(id)) return *o;
    if (const rules::PackValue* pv = pack.value(id)) return pv->value;
    return parameters.value(id, on);
  }();
  if (!v) return v;
  if (v->unit != rules::ParamUnit::kTenge) return fail(ErrorCode::kInternal, "param.wrong_kind", {{"name", std::string(id)}});
  return v;
}

Result<Money> poverty_line(const rules::Pack& pack, const rules::ParameterSet& parameters, int region, Date app) {
  const Quarter q = Quarter::of(app);
  if (auto published = parameters.regional("poverty_line", region, q)) return published->money;
  KOMEK_TRY(rule, parameters.poverty_line_rule(app));
  const Quarter ref = q.previous();
  Money line;
  if (rule.subsistence_share) {
    KOMEK_TRY(pm, parameters.regional("subsistence_minimum", region, ref));
    KOMEK_TRY(part, rule.subsistence_share->of(pm.money, pack.rounding));
    line = std::max(line, part);
  }
  if (rule.median_share) {
    KOMEK_TRY(median, parameters.regional("median_income", region, ref));
    KOMEK_TRY(part, rule.median_share->of(median.money, pack.rounding));
    line = std::max(line, part);
  }
  return line;
}

Result<Money> income_threshold(const rules::Pack& pack, const rules::ParameterSet& parameters,
                               const rules::IncomeTest& test, int region, Date app) {
  switch (test.threshold) {
    case rules::IncomeTest::Threshold::kPovertyLine:
      return poverty_line(pack, parameters, region, app);
    case rules::IncomeTest::Threshold::kEtkMultiple: {
      Money base;
      if (test.subsistence == "regional") {
        KOMEK_TRY(pm, parameters.regional("subsistence_minimum", region, Quarter::of(app).previous()));
        base = pm.money;
      } else {
        KOMEK_TRY(etk, parameters.value("etk", app));
        base = etk.money;
      }
      return test.factor.of(base, pack.rounding);
    }
    case rules::IncomeTest::Threshold::kValue: {
      KOMEK_TRY(v, money_reference(pack, parameters, test.reference, app));
      return v.money;
    }
  }
  return fail(ErrorCode::kInternal, "rules.internal");
}

// A per-recipient amount that is the same for every family (every kind but the formula).
Result<Money> constant_amount(const rules::Pack& pack, const rules::ParameterSet& parameters, const rules::AmountRule& a,
                              Date on) {
  Money result;
  switch (a.kind) {
    case rules::AmountRule::Kind::kFixed:
      result = a.fixed;
      break;
    case rules::AmountRule::Kind::kAek:
    case rules::AmountRule::Kind::kEtk: {
      KOMEK_TRY(base, parameters.value(a.kind == rules::AmountRule::Kind::kAek ? "aek" : "etk", on));
      KOMEK_TRY(r, a.factor.of(base.money, a.rounding));
      result = r;
      break;
    }
    case rules::AmountRule::Kind::kPercentOf: {
      KOMEK_TRY(base, money_reference(pack, parameters, a.reference, on));
      KOMEK_TRY(r, a.factor.of(base.money, a.rounding));
      result = r;
      break;
    }
    case rules::AmountRule::Kind::kValue: {
      KOMEK_TRY(v, money_reference(pack, parameters, a.reference, on));
      result = v.money;
      break;
    }
    case rules::AmountRule::Kind::kFormula:
      return fail(ErrorCode::kInternal, "rules.internal");
  }
  if (a.to_whole_tenge) result = result.round_to_tenge(a.rounding);
  return result;
}

// The date amounts are taken at: a holiday's day (this year's, or next year's once past).
Date amount_date(const rules::Programme& p, Date date, Date app) {
  if (p.frequency.kind != rules::FrequencyKind::kHoliday) return app;
  int year = date.year();
  auto on = Date::make(year, p.frequency.month, std::min(p.frequency.day, days_in_month(year, p.frequency.month)));
  if (on && *on < app) {
    ++year;
    on = Date::make(year, p.frequency.month, std::min(p.frequency.day, days_in_month(year, p.frequency.month)));
  }
  return *on;
}

// The assignment period and its payments, as the evaluator's schedule().
void schedule(const rules::Programme& p, CompiledProgramme& out, Date date, Date app) {
  const Date start = app.first_of_month();
  switch (p.frequency.kind) {
    case rules::FrequencyKind::kHoliday:
      out.payment_date = out.on;
      out.period = Period::make(out.on, out.on).value();
      out.payments = 1;
      break;
    case rules::FrequencyKind::kOneTime:
      out.period = Period::make(date, date).value();
      out.payments = 1;
      break;
    case rules::FrequencyKind::kMonthly:
    case rules::FrequencyKind::kQuarterly: {
      Date end = start;
      switch (p.until) {
        case rules::AssignmentUntil::kQuarterEnd: end = Quarter::of(app).last_day(); break;
        case rules::AssignmentUntil::kYearEnd: end = Date::from_ymd(app.year(), 12, 31); break;
        case rules::AssignmentUntil::kMonths: end = start.plus_months(p.assignment_months - 1).last_of_month(); break;
        case rules::AssignmentUntil::kSinglePayment: end = start.last_of_month(); break;
      }
      out.period = Period::make(start, end).value();
      const int months = Month::of(end) - Month::of(start) + 1;
      out.payments = p.frequency.kind == rules::FrequencyKind::kMonthly ? months : (months + 2) / 3;
      break;
    }
  }
}

void compile_programme(const rules::Pack& pack, const rules::Programme& p, std::size_t index, CompiledPack& cp,
                       const rules::ParameterSet& parameters, const Dictionary& dictionary,
                       const CompileOptions& options) {
  CompiledProgramme out;
  out.programme = &p;
  const Date app = cp.date;
  out.on = amount_date(p, cp.date, app);
  out.test_date = p.frequency.kind == rules::FrequencyKind::kHoliday ? out.on : app;
  out.in_force = !((p.effective_from && out.test_date < *p.effective_from) ||
                   (p.effective_to && *p.effective_to < out.test_date) || !pack.in_force(out.test_date));
  out.refusal_ids.push_back(p.income_test ? p.income_test->refusal : "");
  for (const auto& r : p.refusal_grounds) out.refusal_ids.push_back(r);

  // What the kernels cannot take is evaluated per family, never answered differently.
  std::size_t nodes = p.who ? count_nodes(*p.who) : 0;
  for (const auto& gid : p.grounds)
    if (const rules::Ground* g = pack.ground(gid); g != nullptr && g->when) nodes += count_nodes(*g->when);
  for (const auto& rid : p.refusal_grounds)
    if (const rules::RefusalGround* r = pack.refusal_ground(rid); r != nullptr && r->when) nodes += count_nodes(*r->when);
  if (std::find(options.interpret.begin(), options.interpret.end(), p.id) != options.interpret.end())
    out.interpreted_reason = "asked (CompileOptions::interpret)";
  else if (out.refusal_ids.size() > kRefusalSlotsMax)
    out.interpreted_reason = "more than " + std::to_string(kRefusalSlotsMax - 1) + " refusal grounds";
  else if (nodes > kConditionNodesMax)
    out.interpreted_reason = "conditions of more than " + std::to_string(kConditionNodesMax) + " nodes";
  out.interpreted = !out.interpreted_reason.empty();
  if (out.interpreted) ++cp.interpreted;

  schedule(p, out, cp.date, app);
  if (!out.in_force || out.interpreted) {
    cp.programmes.push_back(std::move(out));
    return;
  }

  ConditionCompiler conditions(out, dictionary, parameters);
  out.has_grounds = !p.grounds.empty();
  for (const auto& gid : p.grounds) {
    const rules::Ground& g = *pack.ground(gid);
    if (g.income) out.income_ground = true;
    else out.grounds.push_back(conditions.build(*g.when));
  }
  if (p.who) out.who = conditions.build(*p.who);
  if (!p.requires_programme.empty()) {
    out.requires_index = -1;  // a programme not evaluated before this one is never granted
    for (std::size_t j = 0; j < index; ++j)
      if (pack.programmes[j].id == p.requires_programme) out.requires_index = static_cast<int>(j);
  }
  out.refusal_when.push_back(kNoNode);
  for (const auto& rid : p.refusal_grounds) {
    const rules::RefusalGround& r = *pack.refusal_ground(rid);
    std::int32_t when = r.when ? conditions.build(*r.when) : kNoNode;
    // A ground on what the population does not hold (a fact) is false for every family: not
    // tested per family at all (family_holds would answer the constant).
    if (when >= 0 && out.nodes[static_cast<std::size_t>(when)].constant && !out.nodes[static_cast<std::size_t>(when)].value)
      when = kNoNode;
    out.refusal_when.push_back(when);
  }
  for (std::size_t s = 1; s < out.refusal_when.size(); ++s)
    if (out.refusal_when[s] >= 0) out.refusal_last = s + 1;
  if (p.income_test) {
    out.income_test = true;
    out.or_equal = p.income_test->strictly_below;
    if (!cp.income) {
      out.no_income_rules = Error(ErrorCode::kInvalidInput, "rules.no_income_rules", {{"pack", pack.id}});
    } else {
      for (std::size_t region = 0; region < kRegionSlots; ++region) {
        auto t = income_threshold(pack, parameters, *p.income_test, static_cast<int>(region), app);
        if (t) out.threshold[region] = *t;
        else out.threshold_error[region] = t.error();
      }
    }
  }
  out.to_whole_tenge = p.amount.to_whole_tenge;
  if (p.amount.kind == rules::AmountRule::Kind::kFormula) {
    out.formula = true;
    out.formula_rounding = p.amount.rounding;
  } else {
    auto a = constant_amount(pack, parameters, p.amount, out.on);
    if (a) out.amount = *a;
    else out.amount_error = a.error();
  }
  // The largest amount one family can reach, against 64-bit tiyn.
  const auto magnitude = [](Money m) { return m.tiyn() < 0 ? -(m.tiyn() + 1) : m.tiyn(); };
  std::int64_t largest = 0;
  if (out.formula) {
    for (const auto& t : out.threshold)
      if (t) largest = std::max(largest, magnitude(*t));
    // tiyn ≤ line × members (+ rounding) when the counted income is not negative (checked per family).
    out.fail_fast = !__builtin_mul_overflow(largest, std::int64_t{kFamilySizeMax}, &largest) &&
                    !__builtin_add_overflow(largest, std::int64_t{200}, &largest) &&
                    !__builtin_mul_overflow(largest, std::int64_t{std::max(out.payments, 1)}, &largest);
  } else {
    largest = out.amount ? magnitude(*out.amount) : 0;
    out.fail_fast = !__builtin_mul_overflow(largest, std::int64_t{kFamilySizeMax}, &largest) &&
                    !__builtin_mul_overflow(largest, std::int64_t{std::max(out.payments, 1)}, &largest);
  }
  cp.programmes.push_back(std::move(out));
}

// --- the kernels ---

bool member_holds(const CompiledProgramme& cp, std::int32_t index, const Columns& c, std::uint32_t p) {
  const Node& n = cp.nodes[static_cast<std::size_t>(index)];
  switch (n.op) {
    case Op::kAll:
      for (std::uint32_t k = 0; k < n.child_count; ++k)
        if (!member_holds(cp, static_cast<std::int32_t>(cp.children[n.first_child + k]), c, p)) return false;
      return true;
    case Op::kAny:
      for (std::uint32_t k = 0; k < n.child_count; ++k)
        if (member_holds(cp, static_cast<std::int32_t>(cp.children[n.first_child + k]), c, p)) return true;
      return false;
    case Op::kNot:
      return !member_holds(cp, static_cast<std::int32_t>(cp.children[n.first_child]), c, p);
    case Op::kStatus:
      return (c.person_statuses[p] & n.status_mask) != 0;
    case Op::kAge: {
      const std::int32_t b = c.person_birth_days[p];
      return n.birth_after < b && b <= n.birth_upto;
    }
    case Op::kRelation:
      return ((n.relation_mask >> c.person_relation[p]) & 1u) != 0;
    case Op::kSex:
      return c.person_sex[p] == n.sex;
    case Op::kAbleBodied: {
      const std::int32_t b = c.person_birth_days[p];
      return b <= n.birth_upto && (c.person_statuses[p] & n.able_excluded) == 0 && b > n.able_after[c.person_sex[p] & 1u];
    }
    default:
      return n.constant && n.value;
  }
}

bool family_holds(const CompiledProgramme& cp, std::int32_t index, const Columns& c, std::uint32_t first,
                  std::uint16_t size) {
  const Node& n = cp.nodes[static_cast<std::size_t>(index)];
  if (n.constant) return n.value;
  switch (n.op) {
    case Op::kAll:
      for (std::uint32_t k = 0; k < n.child_count; ++k)
        if (!family_holds(cp, static_cast<std::int32_t>(cp.children[n.first_child + k]), c, first, size)) return false;
      return true;
    case Op::kAny:
      for (std::uint32_t k = 0; k < n.child_count; ++k)
        if (family_holds(cp, static_cast<std::int32_t>(cp.children[n.first_child + k]), c, first, size)) return true;
      return false;
    case Op::kNot:
      return !family_holds(cp, static_cast<std::int32_t>(cp.children[n.first_child]), c, first, size);
    case Op::kMembers:
      return in_bounds(n.min, n.max, size);
    case Op::kAnyMember: {
      const auto child = static_cast<std::int32_t>(cp.children[n.first_child]);
      for (std::uint32_t p = first; p < first + size; ++p)
        if (member_holds(cp, child, c, p)) return true;
      return false;
    }
    case Op::kAllMembers: {
      const auto child = static_cast<std::int32_t>(cp.children[n.first_child]);
      for (std::uint32_t p = first; p < first + size; ++p)
        if (!member_holds(cp, child, c, p)) return false;
      return true;
    }
    case Op::kCountMembers: {
      const auto child = static_cast<std::int32_t>(cp.children[n.first_child]);
      int count = 0;
      for (std::uint32_t p = first; p < first + size; ++p)
        if (member_holds(cp, child, c, p)) ++count;
      return in_bounds(n.min, n.max, count);
    }
    default:
      return false;  // member leaves never stand at family level (the pack loader refuses them)
  }
}

struct WorkerState {
  std::vector<ProgrammeResult> results;
  std::vector<ProgrammeTotals> totals;
  std::array<std::uint64_t, kRegionSlots> families_by_region{};
  std::array<std::uint64_t, kRegionSlots> persons_by_region{};
  std::uint64_t evaluated = 0, persons = 0, outside = 0, errors = 0, interpreted = 0;
  std::optional<Error> first_error;
  std::size_t first_error_family = 0;
  bool overflow = false;
  Error family_error;
  std::vector<Error> interpreted_errors;  // per programme, for the sink call
  // The family's evaluation when the pack has interpreted programmes. Kept here, not on the
  // kernel's stack: an empty optional<Evaluation> there was zeroed for every family.
  std::optional<rules::Evaluation> evaluation;
  // RunOptions::income_cache's columns, when given (each worker touches its own families only).
  std::int64_t* cached_counted = nullptr;
  std::uint8_t* cached_state = nullptr;
  bool family_overflow = false;  // RunOptions::family_amount beyond 64 bits
};

bool add(std::int64_t& total, std::int64_t value) { return !__builtin_add_overflow(total, value, &total); }

// divide_rounded for a positive dividend: 64-bit arithmetic when it fits (a 128-bit division
// is a library call), the same rounding rules either way.
Int128 divide_positive(Int128 n, std::int64_t d, Rounding mode) {
  if (n > std::numeric_limits<std::int64_t>::max()) return divide_rounded(n, d, mode);
  const auto a = static_cast<std::uint64_t>(n);
  const auto ud = static_cast<std::uint64_t>(d);
  std::uint64_t q = a / ud;
  const std::uint64_t r = a % ud;
  if (r != 0) {
    switch (mode) {
      case Rounding::kDown: break;
      case Rounding::kUp: ++q; break;
      case Rounding::kHalfUp:
        if (2 * r >= ud) ++q;
        break;
      case Rounding::kHalfEven:
        if (2 * r > ud || (2 * r == ud && q % 2 == 1)) ++q;
        break;
    }
  }
  return static_cast<Int128>(q);
}

// The first member leaf inline: `who` of most programmes is one status list or one age band.
inline bool member_test(const CompiledProgramme& cp, std::int32_t index, const Columns& c, std::uint32_t p) {
  const Node& n = cp.nodes[static_cast<std::size_t>(index)];
  if (n.op == Op::kStatus) return (c.person_statuses[p] & n.status_mask) != 0;
  if (n.op == Op::kAge) {
    const std::int32_t b = c.person_birth_days[p];
    return n.birth_after < b && b <= n.birth_upto;
  }
  return member_holds(cp, index, c, p);
}

// rules::summarize_income's error for the family: the first unclassified record of the
// reference quarter (member order, then record order), or an overflow. Off the hot path.
Error income_error(const CompiledPack& pack, const Population& population, std::uint32_t first, std::uint16_t size) {
  const Columns& c = population.columns();
  for (std::uint32_t p = first; p < first + size; ++p)
    for (std::uint32_t i = c.person_income_begin[p]; i < c.person_income_begin[p + 1]; ++i) {
      const std::uint16_t month = c.income_month[i];
      if (month < pack.month_first || month > pack.month_last || pack.income_class[c.income_type[i]] != 0) continue;
      Error e(ErrorCode::kInvalidInput, "income.unclassified",
              {{"type", population.dictionary().income_types[c.income_type[i]]}, {"rules", pack.income_rules_id}});
      e.field = "members[" + std::to_string(p - first) + "].incomes[" + std::to_string(i - c.person_income_begin[p]) + "].type";
      return e;
    }
  return Error(ErrorCode::kInvalidInput, "money.overflow");
}

// One family through every programme of the pack. Returns false when the family is an error.
// kLean: only eligible programmes need their amounts and recipients (and every programme its
// eligibility and decidedness), so a programme stops at its first failed test when nothing
// after it can make it undecided (CompiledProgramme::fail_fast).
// rules::summarize_income over the reference quarter of one family (its records are
// contiguous): the counted total, or false when the family is an error (an unclassified type
// in the period, a total beyond 64 bits). Income records are not negative in any population
// that passed check_population or the builder's add_family, so both totals are summed in
// unsigned 64 bits, and a total that passed 2^63 - 1 leaves its top bit in a sticky flag (one
// record adds at most 2^63 - 1, so a sum cannot wrap before the flag is set). A negative
// record (a population built record by record) takes the 128-bit sum instead: the same
// answer, by another road.
bool family_income(const CompiledPack& pack, const Columns& c, std::uint32_t begin, std::uint32_t end, Int128& counted) {
  std::uint64_t sum = 0, excluded = 0, high = 0, sign = 0;
  std::uint8_t unclassified = 0;
  const std::uint16_t first = pack.month_first;
  const std::uint16_t span = static_cast<std::uint16_t>(pack.month_last - pack.month_first);
  const std::uint8_t* cls = pack.income_class.data();
  for (std::uint32_t i = begin; i < end; ++i) {
    const std::uint8_t k = cls[c.income_type[i]];
    const std::uint64_t in = static_cast<std::uint16_t>(c.income_month[i] - first) <= span ? ~std::uint64_t{0} : 0;
    const auto bits = static_cast<std::uint64_t>(c.income_amount_tiyn[i]) & in;
    sign |= bits;
    sum += bits & (std::uint64_t{0} - static_cast<std::uint64_t>(k == 1));
    excluded += bits & (std::uint64_t{0} - static_cast<std::uint64_t>(k == 2));
    high |= sum | excluded;
    unclassified |= static_cast<std::uint8_t>(k == 0) & static_cast<std::uint8_t>(in & 1u);
  }
  if ((sign >> 63) == 0) {
    counted = static_cast<Int128>(sum);
    return unclassified == 0 && (high >> 63) == 0;
  }
  Int128 wide = 0, wide_excluded = 0;
  for (std::uint32_t i = begin; i < end; ++i) {
    if (static_cast<std::uint16_t>(c.income_month[i] - first) > span) continue;
    const std::uint8_t k = cls[c.income_type[i]];
    if (k == 0) unclassified = 1;
    else if (k == 1) wide += c.income_amount_tiyn[i];
    else wide_excluded += c.income_amount_tiyn[i];
  }
  counted = wide;
  constexpr Int128 kMax = std::numeric_limits<std::int64_t>::max();
  return unclassified == 0 && wide <= kMax && wide_excluded <= kMax;
}

template <bool kLean>
bool evaluate_family(const CompiledPack& pack, const Population& population, std::size_t f, std::uint32_t first,
                     std::uint16_t size, int region, WorkerState& w) {
  const Columns& c = population.columns();
  Int128 counted = 0;
  if (pack.income) {
    std::uint8_t state = w.cached_state != nullptr ? w.cached_state[f] : 0;
    if (state == 1) {
      counted = w.cached_counted[f];
    } else {
      const bool ok = state == 0 && family_income(pack, c, c.person_income_begin[first],
                                                  c.person_income_begin[first + size], counted);
      if (w.cached_state != nullptr && state == 0) {
        // A total outside 64 bits (negative records only) is not kept: computed again next time.
        constexpr Int128 kMin = std::numeric_limits<std::int64_t>::min();
        if (!ok) w.cached_state[f] = 2;
        else if (counted >= kMin) {
          w.cached_counted[f] = static_cast<std::int64_t>(counted);
          w.cached_state[f] = 1;
        }
      }
      if (!ok) {
        w.family_error = income_error(pack, population, first, size);
        return false;
      }
    }
  }

  const std::optional<rules::Evaluation>& interpreted = w.evaluation;
  if (pack.interpreted > 0) {
    const rules::Family family = to_family(population, f, pack.date);
    const rules::EvaluationInput input{*pack.pack, *pack.parameters, *pack.income_rules, family, pack.date, nullptr, false};
    auto ev = rules::evaluate(input);
    if (!ev) {
      w.family_error = ev.error();
      return false;
    }
    w.evaluation = std::move(*ev);
    ++w.interpreted;
  }

  const std::uint64_t everyone = size >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << size) - 1;
  const auto slot = static_cast<std::size_t>(region);
  for (std::size_t j = 0; j < pack.programmes.size(); ++j) {
    const CompiledProgramme& cp = pack.programmes[j];
    ProgrammeResult& r = w.results[j];
    r = ProgrammeResult{};
    if (!cp.in_force) {
      r.in_force = false;
      continue;
    }
    if (cp.interpreted) {
      const rules::ProgrammeOutcome& o = interpreted->programmes[j];
      r.in_force = o.in_force;
      r.decided = o.decided;
      r.eligible = o.eligible;
      for (int m : o.recipients) r.recipients |= std::uint64_t{1} << m;
      r.recipient_count = static_cast<std::uint16_t>(o.recipients.size());
      r.per_recipient = o.amount_per_recipient.tiyn();
      r.per_payment = o.amount_per_payment.tiyn();
      r.per_period = o.amount_per_period.tiyn();
      r.payments = o.payments;
      for (std::size_t k = 0; k < o.refusals.size(); ++k) {
        const std::string& id = o.refusals[k].id;
        // The income test's refusal comes first; the listed grounds follow in order.
        std::size_t s = k == 0 && cp.programme->income_test && cp.refusal_ids[0] == id ? 0 : kRefusalSlotsMax;
        for (std::size_t x = 1; s == kRefusalSlotsMax && x < cp.refusal_ids.size(); ++x)
          if (cp.refusal_ids[x] == id) s = x;
        if (s < kRefusalSlotsMax) r.refusals |= std::uint64_t{1} << s;
      }
      if (o.error) {
        w.interpreted_errors[j] = *o.error;
        r.error = &w.interpreted_errors[j];
      }
      continue;
    }

    // Lean: a failed test ends the programme for this family; only decidedness is left to say.
    const auto stop = [&] {
      r.eligible = false;
      if (cp.income_test && cp.no_income_rules) {
        r.decided = false;
        r.error = &*cp.no_income_rules;
      } else if (cp.income_test && !cp.threshold[slot]) {
        r.decided = false;
        r.error = &*cp.threshold_error[slot];
      } else if (cp.amount_error) {
        r.decided = false;
        r.error = &*cp.amount_error;
      }
    };
    const bool lean = kLean && cp.fail_fast && (!cp.formula || counted >= 0);
    bool ok = true;
    if (cp.requires_index != -2) {
      ok = cp.requires_index >= 0 && w.results[static_cast<std::size_t>(cp.requires_index)].eligible;
      if (lean && !ok) {
        stop();
        continue;
      }
    }
    if (cp.has_grounds) {
      bool any = false;
      for (std::int32_t g : cp.grounds) any = family_holds(cp, g, c, first, size) || any;
      if (!any && !cp.income_ground) ok = false;
      if (lean && !ok) {
        stop();
        continue;
      }
    }
    if (cp.programme->per == rules::Per::kPerson) {
      std::uint64_t mask = 0;
      std::uint16_t count = 0;
      for (std::uint32_t i = 0; i < size; ++i)
        if (cp.who < 0 || member_test(cp, cp.who, c, first + i)) {
          mask |= std::uint64_t{1} << i;
          ++count;
        }
      r.recipients = mask;
      r.recipient_count = count;
      ok = ok && mask != 0;
    } else {
      const bool h = cp.who < 0 || family_holds(cp, cp.who, c, first, size);
      r.recipients = everyone;
      r.recipient_count = size;
      ok = ok && h;
    }
    if (lean && !ok) {
      stop();
      continue;
    }
    Money line;
    if (cp.income_test) {
      if (cp.no_income_rules) {
        r.decided = false;
        r.error = &*cp.no_income_rules;
        continue;
      }
      const auto& threshold = cp.threshold[slot];
      if (!threshold) {
        r.decided = false;
        r.error = &*cp.threshold_error[slot];
        continue;
      }
      line = *threshold;
      // IncomeSummary::per_capita_at_least: total against threshold × members × months, exactly.
      const Int128 rhs = static_cast<Int128>(line.tiyn()) * size * pack.months;
      const bool above = cp.or_equal ? counted >= rhs : counted > rhs;
      if (above) {
        ok = false;
        r.refusals |= 1;
        if (lean) {
          stop();
          continue;
        }
      }
    }
    for (std::size_t s = 1; s < cp.refusal_last; ++s) {
      const std::int32_t when = cp.refusal_when[s];
      if (when >= 0 && family_holds(cp, when, c, first, size)) {
        ok = false;
        r.refusals |= std::uint64_t{1} << s;
      }
    }
    if (lean && !ok) {
      stop();
      continue;
    }

    std::int64_t per_recipient = 0;
    if (cp.formula) {
      // tsa_benefit: (3·N·line − total) / 3 rounded once (the evaluator's amount()).
      const Int128 numerator = static_cast<Int128>(line.tiyn()) * size * pack.months - counted;
      const Int128 tiyn = numerator <= 0 ? 0 : divide_positive(numerator, pack.months, cp.formula_rounding);
      if (tiyn > std::numeric_limits<std::int64_t>::max()) {
        r.decided = false;
        r.error = &pack.overflow;
        continue;
      }
      per_recipient = static_cast<std::int64_t>(tiyn);
      if (cp.to_whole_tenge) per_recipient = Money::from_tiyn(per_recipient).round_to_tenge(cp.formula_rounding).tiyn();
    } else if (cp.amount) {
      per_recipient = cp.amount->tiyn();
    } else {
      r.decided = false;
      r.error = &*cp.amount_error;
      continue;
    }
    r.per_recipient = per_recipient;
    const std::int64_t recipients = cp.programme->per == rules::Per::kPerson ? r.recipient_count : 1;
    if (__builtin_mul_overflow(per_recipient, recipients, &r.per_payment)) {
      r.per_payment = 0;
      r.decided = false;
      r.error = &pack.overflow;
      continue;
    }
    r.payments = cp.payments;
    if (__builtin_mul_overflow(r.per_payment, static_cast<std::int64_t>(cp.payments), &r.per_period)) {
      r.per_period = 0;
      r.decided = false;
      r.error = &pack.overflow;
      continue;
    }
    if (ok && r.per_payment <= 0) ok = false;
    r.eligible = ok;
  }
  return true;
}

// One family the per-family way (every detail for a sink), its totals added.
void one_family(const CompiledPack& pack, const Population& population, std::size_t f, unsigned worker, bool lean,
                WorkerState& w, const RunOptions& options) {
  const Columns& c = population.columns();
  const std::uint32_t territory = c.family_territory[f];
  FamilyView view;
  view.family = f;
  view.territory = territory;
  view.region = static_cast<int>(territory / 10'000'000u);
  view.first_person = c.family_first_person[f];
  view.size = c.family_size[f];
  if (!pack.covers(territory)) {
    ++w.outside;
    if (options.sink != nullptr) {
      view.status = FamilyStatus::kOutside;
      options.sink->family(worker, view);
    }
    return;
  }
  const bool evaluated = lean ? evaluate_family<true>(pack, population, f, view.first_person, view.size, view.region, w)
                              : evaluate_family<false>(pack, population, f, view.first_person, view.size, view.region, w);
  if (!evaluated) {
    ++w.errors;
    if (!w.first_error) {
      w.first_error = w.family_error;
      w.first_error_family = f;
    }
    if (options.sink != nullptr) {
      view.status = FamilyStatus::kError;
      view.error = &w.family_error;
      options.sink->family(worker, view);
    }
    return;
  }
  const auto region = static_cast<std::size_t>(view.region);
  ++w.evaluated;
  w.persons += view.size;
  ++w.families_by_region[region];
  w.persons_by_region[region] += view.size;
  for (std::size_t j = 0; j < pack.programmes.size(); ++j) {
    const ProgrammeResult& r = w.results[j];
    Cell& cell = w.totals[j].regions[region];
    if (!r.decided) ++cell.undecided;
    if (!r.eligible) continue;
    ++cell.families;
    cell.persons += r.recipient_count;
    if (!add(cell.per_payment, r.per_payment) || !add(cell.per_period, r.per_period)) w.overflow = true;
  }
  if (options.family_amount != nullptr) {
    std::int64_t& amount = options.family_amount[f];
    for (std::size_t j = 0; j < pack.programmes.size(); ++j) {
      const ProgrammeResult& r = w.results[j];
      if (!r.eligible) continue;
      options.family_eligible[f] = 1;
      if (!add(amount, r.per_period)) w.family_overflow = true;
    }
  }
  if (options.sink != nullptr) {
    view.programmes = w.results;
    options.sink->family(worker, view);
  }
}

constexpr std::size_t kBlock = 4096;  // families per block: the block's arrays stay in L1/L2

// A block of families, programme by programme, for runs that need eligibility and amounts
// only (no sink). Each test of a programme is applied to the whole block in turn — the
// income comparison over contiguous arrays with no branch, the conditions only for families
// still in the running — instead of walking every programme for one family at a time. It
// relies on what makes the per-family lean path exact (CompiledProgramme::fail_fast; a
// counted income that is not negative): a programme's result is then "eligible" exactly when
// every test passes and the payment is positive, whichever test is looked at first, and
// "undecided" exactly when its region has no threshold or it has no amount (no family can
// overflow). Other families (an error, a negative income) go the per-family way, in order.
struct Block {
  std::vector<std::uint32_t> family, first;
  std::vector<std::uint16_t> size;
  std::vector<std::uint8_t> region, ok;
  std::vector<std::int64_t> counted;
  std::vector<std::uint32_t> live;  // block positions still in the running for one programme
  // Running sums over the block's income records (block_income_sums), from record_base.
  std::uint32_t record_base = 0;
  std::vector<std::uint64_t> counted_sum;
  std::vector<std::uint32_t> unclassified_sum;
  // per programme × kBlock
  std::vector<std::uint8_t> eligible, undecided;
  std::vector<std::uint16_t> recipients;
  std::vector<std::int64_t> per_payment, per_period;
};

// Running sums of the counted amounts and of the unclassified records of the reference
// quarter over the records of families [b, e). False when they would not be exact (see run_block).
bool block_income_sums(const CompiledPack& pack, const Columns& c, std::size_t b, std::size_t e, Block& k) {
  const std::uint32_t from = c.person_income_begin[c.family_first_person[b]];
  const std::uint32_t to = c.person_income_begin[c.family_first_person[e - 1] + c.family_size[e - 1]];
  const std::size_t count = to - from;
  if (k.counted_sum.size() < count + 1) {
    k.counted_sum.resize(count + 1);
    k.unclassified_sum.resize(count + 1);
  }
  k.record_base = from;
  const std::uint16_t first = pack.month_first;
  const std::uint16_t span = static_cast<std::uint16_t>(pack.month_last - pack.month_first);
  const std::uint8_t* cls = pack.income_class.data();
  std::uint64_t counted = 0, all = 0, high = 0;
  std::uint32_t unclassified = 0;
  k.counted_sum[0] = 0;
  k.unclassified_sum[0] = 0;
  for (std::size_t x = 0; x < count; ++x) {
    const std::size_t i = from + x;
    const std::uint8_t kind = cls[c.income_type[i]];
    const std::uint64_t in = static_cast<std::uint16_t>(c.income_month[i] - first) <= span ? ~std::uint64_t{0} : 0;
    const auto bits = static_cast<std::uint64_t>(c.income_amount_tiyn[i]) & in;
    high |= bits;  // a negative in-range record
    all += bits;
    high |= all;   // the block's in-range records past 2^63 - 1 (sticky: no wrap before it is seen)
    counted += bits & (std::uint64_t{0} - static_cast<std::uint64_t>(kind == 1));
    unclassified += static_cast<std::uint32_t>(kind == 0) & static_cast<std::uint32_t>(in & 1u);
    k.counted_sum[x + 1] = counted;
    k.unclassified_sum[x + 1] = unclassified;
  }
  return (high >> 63) == 0;
}

bool block_kernels_apply(const CompiledPack& pack, const RunOptions& options) {
  if (options.sink != nullptr || pack.interpreted > 0) return false;
  for (const CompiledProgramme& cp : pack.programmes)
    if (cp.in_force && !cp.fail_fast) return false;
  return true;
}

// Per programme and region: every family there is undecided (no threshold, no amount).
std::vector<std::array<std::uint8_t, kRegionSlots>> undecided_regions(const CompiledPack& pack) {
  std::vector<std::array<std::uint8_t, kRegionSlots>> out(pack.programmes.size());
  for (std::size_t j = 0; j < pack.programmes.size(); ++j) {
    const CompiledProgramme& cp = pack.programmes[j];
    for (std::size_t r = 0; r < kRegionSlots; ++r)
      out[j][r] = cp.in_force && ((cp.income_test && (cp.no_income_rules || !cp.threshold[r])) ||
                                  (!cp.formula && !cp.amount));
  }
  return out;
}

void run_block(const CompiledPack& pack, const Population& population, std::size_t b, std::size_t e, unsigned worker,
               WorkerState& w, const RunOptions& options, Block& k,
               const std::vector<std::array<std::uint8_t, kRegionSlots>>& undecided) {
  const Columns& c = population.columns();
  // A national pack reads every family's income: summed for the whole block at once, as
  // running sums over the block's records (a family's total is the difference of two), with
  // no branch per record or family. Exact when no in-range record is negative and the block's
  // in-range records sum below 2^63 — then no family's counted or excluded total can pass
  // 2^63 - 1 either; otherwise (or with the totals cached) family by family.
  bool block_income = false;
  if (pack.income && pack.cover_divisor == 0) {
    bool cached = w.cached_state != nullptr;
    for (std::size_t f = b; cached && f < e; ++f) cached = w.cached_state[f] == 1;
    block_income = !cached && block_income_sums(pack, c, b, e, k);
  }
  // Gather the families evaluated here; the rest are counted (outside) or go one by one.
  std::size_t n = 0;
  for (std::size_t f = b; f < e; ++f) {
    const std::uint32_t territory = c.family_territory[f];
    if (!pack.covers(territory)) {
      ++w.outside;
      continue;
    }
    const std::uint32_t first = c.family_first_person[f];
    const std::uint16_t size = c.family_size[f];
    Int128 counted = 0;
    if (block_income) {
      const std::size_t from = c.person_income_begin[first] - k.record_base;
      const std::size_t to = c.person_income_begin[first + size] - k.record_base;
      counted = static_cast<Int128>(k.counted_sum[to] - k.counted_sum[from]);
      if (k.unclassified_sum[to] != k.unclassified_sum[from]) {  // the per-family path names the error
        one_family(pack, population, f, worker, true, w, options);
        continue;
      }
      if (w.cached_state != nullptr) {
        w.cached_counted[f] = static_cast<std::int64_t>(counted);
        w.cached_state[f] = 1;
      }
    } else if (pack.income) {
      const std::uint8_t state = w.cached_state != nullptr ? w.cached_state[f] : 0;
      bool ok = state == 1;
      if (ok) counted = w.cached_counted[f];
      else if (state == 0) {
        ok = family_income(pack, c, c.person_income_begin[first], c.person_income_begin[first + size], counted);
        if (w.cached_state != nullptr && ok && counted >= 0) {
          w.cached_counted[f] = static_cast<std::int64_t>(counted);
          w.cached_state[f] = 1;
        }
      }
      if (!ok || counted < 0) {  // an error or a negative total: the per-family path says it all
        one_family(pack, population, f, worker, true, w, options);
        continue;
      }
    }
    k.family[n] = static_cast<std::uint32_t>(f);
    k.first[n] = first;
    k.size[n] = size;
    k.region[n] = static_cast<std::uint8_t>(territory / 10'000'000u);
    k.counted[n] = static_cast<std::int64_t>(counted);
    ++n;
  }
  if (n == 0) return;

  std::uint8_t* ok = k.ok.data();
  for (std::size_t j = 0; j < pack.programmes.size(); ++j) {
    const CompiledProgramme& cp = pack.programmes[j];
    std::uint8_t* eligible = k.eligible.data() + j * kBlock;
    std::uint8_t* und = k.undecided.data() + j * kBlock;
    std::uint16_t* recipients = k.recipients.data() + j * kBlock;
    std::int64_t* per_payment = k.per_payment.data() + j * kBlock;
    std::int64_t* per_period = k.per_period.data() + j * kBlock;
    if (!cp.in_force) {
      std::fill_n(eligible, n, 0);
      std::fill_n(und, n, 0);
      continue;
    }
    const auto& region_undecided = undecided[j];
    for (std::size_t i = 0; i < n; ++i) {
      und[i] = region_undecided[k.region[i]];
      ok[i] = static_cast<std::uint8_t>(!und[i]);
    }
    if (cp.requires_index == -1) std::fill_n(ok, n, 0);
    else if (cp.requires_index >= 0) {
      const std::uint8_t* required = k.eligible.data() + static_cast<std::size_t>(cp.requires_index) * kBlock;
      for (std::size_t i = 0; i < n; ++i) ok[i] &= required[i];
    }
    if (cp.income_test) {
      // The income test first: it is the cheapest, and fails the most families.
      std::int64_t line[kRegionSlots];
      for (std::size_t r = 0; r < kRegionSlots; ++r) line[r] = cp.threshold[r] ? cp.threshold[r]->tiyn() : 0;
      for (std::size_t i = 0; i < n; ++i) {
        // IncomeSummary::per_capita_at_least, as the per-family path (undecided regions are out already).
        const Int128 rhs = static_cast<Int128>(line[k.region[i]]) * k.size[i] * pack.months;
        const bool above = cp.or_equal ? k.counted[i] >= rhs : k.counted[i] > rhs;
        ok[i] &= static_cast<std::uint8_t>(!above);
      }
    }
    // The families still in the running, as a list (kept without a branch): the tests below
    // touch only them, and most families fail the first tests.
    std::uint32_t* live = k.live.data();
    std::size_t m = 0;
    for (std::size_t i = 0; i < n; ++i) {
      live[m] = static_cast<std::uint32_t>(i);
      m += ok[i];
    }
    const auto keep = [&](auto&& passes) {
      std::size_t kept = 0;
      for (std::size_t x = 0; x < m; ++x) {
        const std::uint32_t i = live[x];
        live[kept] = i;
        kept += static_cast<std::size_t>(passes(i));
      }
      m = kept;
    };
    if (cp.has_grounds && !cp.income_ground)
      keep([&](std::uint32_t i) {
        bool any = false;
        for (std::int32_t g : cp.grounds) any = any || family_holds(cp, g, c, k.first[i], k.size[i]);
        return any;
      });
    const bool per_person = cp.programme->per == rules::Per::kPerson;
    if (per_person)
      keep([&](std::uint32_t i) {
        std::uint16_t count = 0;
        for (std::uint32_t p = k.first[i]; p < k.first[i] + k.size[i]; ++p)
          count = static_cast<std::uint16_t>(count + (cp.who < 0 || member_test(cp, cp.who, c, p)));
        recipients[i] = count;
        return count != 0;
      });
    else
      keep([&](std::uint32_t i) {
        recipients[i] = k.size[i];
        return cp.who < 0 || family_holds(cp, cp.who, c, k.first[i], k.size[i]);
      });
    for (std::size_t s = 1; s < cp.refusal_last; ++s) {
      const std::int32_t when = cp.refusal_when[s];
      if (when >= 0) keep([&](std::uint32_t i) { return !family_holds(cp, when, c, k.first[i], k.size[i]); });
    }
    std::fill_n(eligible, n, 0);
    for (std::size_t x = 0; x < m; ++x) {
      const std::uint32_t i = live[x];
      std::int64_t per_recipient = 0;
      if (cp.formula) {
        // The line of the income test (none: 0, as the per-family path's default Money).
        const std::int64_t line = cp.income_test ? cp.threshold[k.region[i]]->tiyn() : 0;
        const Int128 numerator = static_cast<Int128>(line) * k.size[i] * pack.months - k.counted[i];
        const Int128 tiyn = numerator <= 0 ? 0 : divide_positive(numerator, pack.months, cp.formula_rounding);
        if (tiyn > std::numeric_limits<std::int64_t>::max()) {  // fail_fast rules it out; as evaluate() if not
          und[i] = 1;
          continue;
        }
        per_recipient = static_cast<std::int64_t>(tiyn);
        if (cp.to_whole_tenge) per_recipient = Money::from_tiyn(per_recipient).round_to_tenge(cp.formula_rounding).tiyn();
      } else {
        per_recipient = cp.amount->tiyn();
      }
      const std::int64_t count = per_person ? recipients[i] : 1;
      if (__builtin_mul_overflow(per_recipient, count, &per_payment[i]) ||
          __builtin_mul_overflow(per_payment[i], static_cast<std::int64_t>(cp.payments), &per_period[i])) {
        und[i] = 1;
        continue;
      }
      eligible[i] = per_payment[i] > 0;
    }
  }

  // Totals, family by family (integer sums: the order cannot change them).
  const std::size_t programmes = pack.programmes.size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t region = k.region[i];
    ++w.evaluated;
    w.persons += k.size[i];
    ++w.families_by_region[region];
    w.persons_by_region[region] += k.size[i];
    std::int64_t amount = 0;
    bool any = false, family_ok = true;
    for (std::size_t j = 0; j < programmes; ++j) {
      Cell& cell = w.totals[j].regions[region];
      cell.undecided += k.undecided[j * kBlock + i];
      if (!k.eligible[j * kBlock + i]) continue;
      any = true;
      ++cell.families;
      cell.persons += k.recipients[j * kBlock + i];
      const std::int64_t period = k.per_period[j * kBlock + i];
      if (!add(cell.per_payment, k.per_payment[j * kBlock + i]) || !add(cell.per_period, period)) w.overflow = true;
      family_ok = add(amount, period) && family_ok;
    }
    if (options.family_amount != nullptr && any) {
      const std::uint32_t f = k.family[i];
      options.family_eligible[f] = 1;
      if (!family_ok || !add(options.family_amount[f], amount)) w.family_overflow = true;
    }
  }
}

void work(const CompiledPack& pack, const Population& population, std::size_t begin, std::size_t end, unsigned worker,
          WorkerState& w, const RunOptions& options) {
  w.results.assign(pack.programmes.size(), ProgrammeResult{});
  w.totals.assign(pack.programmes.size(), ProgrammeTotals{});
  w.interpreted_errors.assign(pack.programmes.size(), Error());
  const bool lean = options.sink == nullptr || options.detail == Detail::kEligible;
  const bool blocks = block_kernels_apply(pack, options);
  Block k;
  std::vector<std::array<std::uint8_t, kRegionSlots>> undecided;
  if (blocks) {
    const std::size_t programmes = pack.programmes.size();
    k.family.resize(kBlock);
    k.first.resize(kBlock);
    k.size.resize(kBlock);
    k.region.resize(kBlock);
    k.ok.resize(kBlock);
    k.live.resize(kBlock);
    k.counted.resize(kBlock);
    k.eligible.resize(programmes * kBlock);
    k.undecided.resize(programmes * kBlock);
    k.recipients.resize(programmes * kBlock);
    k.per_payment.resize(programmes * kBlock);
    k.per_period.resize(programmes * kBlock);
    undecided = undecided_regions(pack);
  }
  for (std::size_t b = begin; b < end; b += kBlock) {
    const std::size_t e = std::min(end, b + kBlock);
    if (blocks) run_block(pack, population, b, e, worker, w, options, k, undecided);
    else
      for (std::size_t f = b; f < e; ++f) one_family(pack, population, f, worker, lean, w, options);
    if (options.progress != nullptr) options.progress->fetch_add(e - b, std::memory_order_relaxed);
  }
}

}  // namespace

struct IncomeCacheAccess {
  static void prepare(IncomeCache& cache, const CompiledPack& pack, const Population& population) {
    const void* identity = population.columns().family_territory.data();
    const std::size_t families = population.family_count();
    const auto& storage = population.storage();
    const bool same_storage = !cache.storage_.expired() && cache.storage_.lock() == storage;
    if (same_storage && cache.population_ == identity && cache.families_ == families && cache.classes_ == pack.income_class &&
        cache.month_first_ == pack.month_first && cache.month_last_ == pack.month_last && cache.state_.size() == families)
      return;
    cache.storage_ = storage;
    cache.population_ = identity;
    cache.families_ = families;
    cache.classes_ = pack.income_class;
    cache.month_first_ = pack.month_first;
    cache.month_last_ = pack.month_last;
    cache.counted_.assign(families, 0);
    cache.state_.assign(families, 0);
  }
  static std::int64_t* counted(IncomeCache& cache) { return cache.counted_.data(); }
  static std::uint8_t* state(IncomeCache& cache) { return cache.state_.data(); }
  static std::size_t cached(const IncomeCache& cache) {
    return static_cast<std::size_t>(std::count_if(cache.state_.begin(), cache.state_.end(), [](std::uint8_t s) { return s != 0; }));
  }
};

std::size_t IncomeCache::families_cached() const { return IncomeCacheAccess::cached(*this); }

Cell ProgrammeTotals::total() const {
  Cell t;
  for (const Cell& c : regions) {
    t.families += c.families;
    t.persons += c.persons;
    t.per_payment += c.per_payment;
    t.per_period += c.per_period;
    t.undecided += c.undecided;
  }
  return t;
}

bool operator==(const RunTotals& a, const RunTotals& b) {
  const auto same_error = [](const std::optional<Error>& x, const std::optional<Error>& y) {
    if (!x || !y) return !x && !y;
    return x->code == y->code && x->message_key == y->message_key && x->field == y->field && x->params == y->params;
  };
  return a.programmes == b.programmes && a.families_by_region == b.families_by_region &&
         a.persons_by_region == b.persons_by_region && a.families_evaluated == b.families_evaluated &&
         a.persons_evaluated == b.persons_evaluated && a.families_outside == b.families_outside &&
         a.families_error == b.families_error && a.families_interpreted == b.families_interpreted &&
         same_error(a.first_error, b.first_error) && a.first_error_family == b.first_error_family && a.threads == b.threads;
}

std::pair<std::size_t, std::size_t> partition(std::size_t families, unsigned workers, unsigned worker) {
  const auto share = [&](unsigned k) {
    return static_cast<std::size_t>(static_cast<Int128>(families) * k / workers);
  };
  return {share(worker), share(worker + 1)};
}

unsigned effective_threads(unsigned asked, std::size_t families) {
  unsigned n = asked != 0 ? asked : std::max(1u, std::thread::hardware_concurrency());
  n = std::min(n, kThreadsMax);
  if (families < n) n = static_cast<unsigned>(std::max<std::size_t>(1, families));
  return n;
}

Result<CompiledPack> compile(const rules::Pack& pack, const rules::ParameterSet& parameters,
                             const rules::IncomeRuleSets& income_rules, const Population& population, Date date,
                             const CompileOptions& options) {
  // The whole-family errors of evaluate() that are the same for every family.
  if (!pack.in_force(date))
    return fail(ErrorCode::kInvalidInput, "rules.pack_not_in_force", {{"pack", pack.id}, {"date", date.iso()}});
  CompiledPack cp;
  cp.pack = &pack;
  cp.date = date;
  cp.parameters = &parameters;
  cp.income_rules = &income_rules;
  if (pack.territory) {
    const std::uint32_t v = pack.territory->value();
    switch (pack.territory->level()) {
      case TerritoryLevel::kRegion: cp.cover_divisor = 10'000'000; break;
      case TerritoryLevel::kDistrict: cp.cover_divisor = 100'000; break;
      case TerritoryLevel::kRuralDistrict: cp.cover_divisor = 1'000; break;
      case TerritoryLevel::kSettlement: cp.cover_divisor = 1; break;
    }
    cp.cover_value = v / cp.cover_divisor;
    cp.cover_from = cp.cover_value * cp.cover_divisor;
    cp.cover_count = cp.cover_divisor;
  }
  if (!pack.income_rules_id.empty()) {
    const auto it = income_rules.find(pack.income_rules_id);
    if (it == income_rules.end())
      return fail(ErrorCode::kInternal, "rules.income_rules_missing", {{"rules", pack.income_rules_id}});
    cp.income = true;
    cp.income_rules_id = pack.income_rules_id;
    for (const auto& word : population.dictionary().income_types) {
      const rules::IncomeRule* rule = it->second.find(word);
      cp.income_class.push_back(rule == nullptr ? 0 : rule->counted ? 1 : 2);
    }
    cp.income_class.resize(kIncomeTypesMax, 0);
    for (std::size_t t = 0; t < kIncomeTypesMax; ++t) {
      cp.counted_mask[t] = cp.income_class[t] == 1 ? ~std::uint64_t{0} : 0;
      cp.excluded_mask[t] = cp.income_class[t] == 2 ? ~std::uint64_t{0} : 0;
    }
    const Quarter reference = Quarter::of(date).previous();
    const Period period = Period::of(reference);
    cp.month_first = month_index(Month::of(period.from()));
    cp.month_last = month_index(Month::of(period.to()));
    cp.months = Month::of(period.to()) - Month::of(period.from()) + 1;
  }
  cp.programmes.reserve(pack.programmes.size());
  for (std::size_t j = 0; j < pack.programmes.size(); ++j)
    compile_programme(pack, pack.programmes[j], j, cp, parameters, population.dictionary(), options);
  return cp;
}

Result<RunTotals> run(const CompiledPack& pack, const Population& population, const RunOptions& options) {
  const std::size_t families = population.family_count();
  const unsigned workers = effective_threads(options.threads, families);
  if (options.sink != nullptr) options.sink->start(workers);
  std::vector<WorkerState> states(workers);
  if (options.income_cache != nullptr && pack.income) {
    IncomeCacheAccess::prepare(*options.income_cache, pack, population);
    for (WorkerState& w : states) {
      w.cached_counted = IncomeCacheAccess::counted(*options.income_cache);
      w.cached_state = IncomeCacheAccess::state(*options.income_cache);
    }
  }
  if (workers == 1) {
    work(pack, population, 0, families, 0, states[0], options);
  } else {
    std::vector<std::thread> threads;
    threads.reserve(workers);
    for (unsigned w = 0; w < workers; ++w) {
      const auto [begin, end] = partition(families, workers, w);
      threads.emplace_back([&, w, begin = begin, end = end] { work(pack, population, begin, end, w, states[w], options); });
    }
    for (auto& t : threads) t.join();
  }
  // Merged in worker order (integer sums: the order cannot change them, and is fixed anyway).
  RunTotals totals;
  totals.threads = workers;
  totals.programmes.assign(pack.programmes.size(), ProgrammeTotals{});
  bool overflow = false;
  for (const WorkerState& w : states) {
    overflow = overflow || w.overflow;
    for (std::size_t j = 0; j < pack.programmes.size(); ++j)
      for (std::size_t r = 0; r < kRegionSlots; ++r) {
        Cell& into = totals.programmes[j].regions[r];
        const Cell& from = w.totals[j].regions[r];
        into.families += from.families;
        into.persons += from.persons;
        into.undecided += from.undecided;
        if (!add(into.per_payment, from.per_payment) || !add(into.per_period, from.per_period)) overflow = true;
      }
    for (std::size_t r = 0; r < kRegionSlots; ++r) {
      totals.families_by_region[r] += w.families_by_region[r];
      totals.persons_by_region[r] += w.persons_by_region[r];
    }
    totals.families_evaluated += w.evaluated;
    totals.persons_evaluated += w.persons;
    totals.families_outside += w.outside;
    totals.families_error += w.errors;
    totals.families_interpreted += w.interpreted;
    if (w.first_error && !totals.first_error) {
      totals.first_error = w.first_error;
      totals.first_error_family = w.first_error_family;
    }
  }
  if (overflow) return invalid("batch.total_overflow", {{"pack", pack.pack->id}});
  for (const WorkerState& w : states)
    if (w.family_overflow) return invalid("batch.total_overflow", {{"pack", "what-if"}});
  return totals;
}

}  // namespace komek::batch
