#include "rules/evaluate.hpp"

#include <algorithm>

#include "rules/messages.hpp"
#include "rules/procedure.hpp"

namespace komek::rules {
namespace {

TraceParam text(std::string name, std::string value) { return {std::move(name), std::move(value), false}; }
TraceParam money(std::string name, Money m) { return {std::move(name), m.decimal(), true}; }
TraceParam number(std::string name, long long n) { return {std::move(name), std::to_string(n), false}; }

// Evaluates one pack for one family; each programme in turn.
class Evaluator {
 public:
  explicit Evaluator(const EvaluationInput& in)
      : in_(in), family_(in.family), pack_(in.pack), app_date_(in.family.application_date) {}

  Result<Evaluation> run() {
    Evaluation ev;
    ev.pack = &pack_;
    ev.date = in_.date;
    ev.application_date = app_date_;
    ev.reference_quarter = Quarter::of(app_date_).previous();
    // A family living elsewhere may still be helped here on a ground given where the event
    // happened (001 §6); then only such grounds can qualify it.
    family_inside_ = pack_.covers(family_.territory);
    if (!family_inside_ && !event_inside_pack())
      return fail(ErrorCode::kInvalidInput, "rules.territory_outside_pack",
                  {{"territory", family_.territory.code()}, {"pack", pack_.id}});
    if (!pack_.in_force(app_date_))
      return fail(ErrorCode::kInvalidInput, "rules.pack_not_in_force", {{"pack", pack_.id}, {"date", app_date_.iso()}});
    if (in_.date < app_date_)
      return fail(ErrorCode::kInvalidInput, "rules.date_before_application",
                  {{"date", in_.date.iso()}, {"application_date", app_date_.iso()}});

    if (!pack_.income_rules_id.empty()) {
      const auto it = in_.income_rules.find(pack_.income_rules_id);
      if (it == in_.income_rules.end())
        return fail(ErrorCode::kInternal, "rules.income_rules_missing", {{"rules", pack_.income_rules_id}});
      KOMEK_TRY(summary, summarize_income(family_, it->second, Period::of(ev.reference_quarter)));
      income_ = std::move(summary);
      trace_income(ev.trace, it->second, ev.reference_quarter);
      ev.income = income_;
    }
    for (const Programme& p : pack_.programmes) {
      ProgrammeOutcome outcome = programme(p, ev);
      ev.programmes.push_back(std::move(outcome));
    }
    return ev;
  }

 private:
  void step(Trace& trace, std::string rule, std::string cites, std::string key, std::vector<TraceParam> params,
            bool passed = true) {
    if (!in_.with_trace) return;
    trace.push_back(TraceStep{std::move(rule), std::move(cites), std::move(key), std::move(params), passed});
  }

  std::string member_label(int index) const {
    const Member& m = family_.members[static_cast<std::size_t>(index)];
    return std::string(relation_name(m.relation)) + " #" + std::to_string(index + 1);
  }

  void trace_income(Trace& trace, const IncomeRuleSet& rules, Quarter reference) {
    const IncomeSummary& s = *income_;
    step(trace, "income.reference_period", "Social Code art. 127 p. 2; FACTS §2", "trace.reference_period",
         {text("quarter", reference.iso()), text("from", s.period.from().iso()), text("to", s.period.to().iso()),
          text("rules", rules.title)});
    for (const auto& line : s.excluded)
      step(trace, "income.excluded", line.cites, "trace.income_excluded",
           {text("member", member_label(line.member)), text("type", line.type), text("month", line.month.iso()),
            money("amount", line.amount)});
    for (const auto& line : s.counted)
      step(trace, "income.counted", line.cites, "trace.income_counted",
           {text("member", member_label(line.member)), text("type", line.type), text("month", line.month.iso()),
            money("amount", line.amount)});
    step(trace, "income.per_capita", "Social Code art. 127 p. 2; 004 §2.12", "trace.income_total",
         {money("total", s.counted_total), number("members", s.members), number("months", s.months),
          money("per_capita", s.per_capita_monthly)});
  }

  // Money value of a reference (a pack value or a national parameter on a date).
  Result<ParamValue> reference(std::string_view id, Date on) const {
    // A --set override applies to pack values too (what-if runs).
    if (const ParamValue* o = in_.parameters.override_of(id)) return *o;
    if (const PackValue* v = pack_.value(id)) return v->value;
    return in_.parameters.value(id, on);
  }

  Result<ParamValue> money_reference(std::string_view id, Date on) const {
    auto v = reference(id, on);
    if (!v) return v;
    if (v->unit != ParamUnit::kTenge)
      return fail(ErrorCode::kInternal, "param.wrong_kind", {{"name", std::string(id)}});
    return v;
  }

  int region() const { return family_.territory.region_number(); }

  // The poverty line in force for the application quarter in the family's region (FACTS §2).
  Result<Money> poverty_line(Trace& trace) {
    const Quarter q = Quarter::of(app_date_);
    if (auto published = in_.parameters.regional("poverty_line", region(), q)) {
      std::vector<TraceParam> params = {number("region", region()), text("quarter", q.iso()),
                                        money("line", published->money), text("source", published->source)};
      if (published->demo) params.push_back(text("demo", "true"));
      step(trace, "tsa.poverty_line", "FACTS §2 poverty line", "trace.poverty_line_published", std::move(params));
      return published->money;
    }
    KOMEK_TRY(rule, in_.parameters.poverty_line_rule(app_date_));
    const Quarter ref = q.previous();
    Money line;
    std::vector<TraceParam> params = {number("region", region()), text("quarter", q.iso()), text("reference", ref.iso())};
    // The figures' own sources go with the rule's, so that the explanation names them (and a
    // demonstration figure says that it is one).
    std::string figure_sources;
    bool demo = false;
    if (rule.subsistence_share) {
      KOMEK_TRY(pm, in_.parameters.regional("subsistence_minimum", region(), ref));
      KOMEK_TRY(part, rule.subsistence_share->of(pm.money, pack_.rounding));
      line = std::max(line, part);
      params.push_back(text("subsistence_share", rule.subsistence_share->times_hundred().decimal()));
      params.push_back(money("subsistence", pm.money));
      params.push_back(money("subsistence_part", part));
      figure_sources += "; subsistence minimum " + ref.iso() + ": " + pm.source;
      demo = demo || pm.demo;
    }
    if (rule.median_share) {
      KOMEK_TRY(median, in_.parameters.regional("median_income", region(), ref));
      KOMEK_TRY(part, rule.median_share->of(median.money, pack_.rounding));
      line = std::max(line, part);
      params.push_back(text("median_share", rule.median_share->times_hundred().decimal()));
      params.push_back(money("median", median.money));
      params.push_back(money("median_part", part));
      figure_sources += "; median income " + ref.iso() + ": " + median.source;
      demo = demo || median.demo;
    }
    params.push_back(money("line", line));
    params.push_back(text("source", rule.source + figure_sources));
    if (demo) params.push_back(text("demo", "true"));
    step(trace, "tsa.poverty_line", "FACTS §2 poverty line; " + rule.source,
         rule.median_share && rule.subsistence_share ? "trace.poverty_line_max" : "trace.poverty_line_share",
         std::move(params));
    return line;
  }

  Result<Money> income_threshold(const IncomeTest& test, Trace& trace) {
    switch (test.threshold) {
      case IncomeTest::Threshold::kPovertyLine:
        return poverty_line(trace);
      case IncomeTest::Threshold::kEtkMultiple: {
        Money base;
        std::string source;
        bool demo = false;
        if (test.subsistence == "regional") {
          KOMEK_TRY(pm, in_.parameters.regional("subsistence_minimum", region(), Quarter::of(app_date_).previous()));
          base = pm.money;
          source = pm.source;
          demo = pm.demo;
        } else {
          KOMEK_TRY(etk, in_.parameters.value("etk", app_date_));
          base = etk.money;
          source = etk.source;
        }
        KOMEK_TRY(threshold, test.factor.of(base, pack_.rounding));
        std::vector<TraceParam> params = {text("factor", test.factor.decimal()), money("etk", base),
                                          text("subsistence", test.subsistence), money("threshold", threshold),
                                          text("source", source)};
        if (demo) params.push_back(text("demo", "true"));
        step(trace, "income.threshold", test.cites, "trace.threshold_etk", std::move(params));
        return threshold;
      }
      case IncomeTest::Threshold::kValue: {
        KOMEK_TRY(v, money_reference(test.reference, app_date_));
        step(trace, "income.threshold", test.cites, "trace.threshold_value",
             {text("value", test.reference), money("threshold", v.money), text("source", v.source)});
        return v.money;
      }
    }
    return fail(ErrorCode::kInternal, "rules.internal");
  }

  // The date a payment is made or computed at: holidays on their day, others at application.
  Date amount_date(const Programme& p) const {
    if (p.frequency.kind != FrequencyKind::kHoliday) return app_date_;
    int year = in_.date.year();
    auto on = Date::make(year, p.frequency.month, std::min(p.frequency.day, days_in_month(year, p.frequency.month)));
    if (on && *on < app_date_) {
      ++year;
      on = Date::make(year, p.frequency.month, std::min(p.frequency.day, days_in_month(year, p.frequency.month)));
    }
    return *on;
  }

  Result<Money> amount(const Programme& p, Date on, Trace& trace, std::optional<Money> line) {
    const AmountRule& a = p.amount;
    const std::string cites = a.cites.empty() ? p.cites : a.cites;
    Money result;
    switch (a.kind) {
      case AmountRule::Kind::kFixed:
        result = a.fixed;
        step(trace, "amount.fixed", cites, "trace.amount_fixed", {money("amount", result)});
        break;
      case AmountRule::Kind::kAek:
      case AmountRule::Kind::kEtk: {
        const char* id = a.kind == AmountRule::Kind::kAek ? "aek" : "etk";
        KOMEK_TRY(base, in_.parameters.value(id, on));
        KOMEK_TRY(r, a.factor.of(base.money, a.rounding));
        result = r;
        step(trace, std::string("amount.") + id, cites, a.kind == AmountRule::Kind::kAek ? "trace.amount_aek" : "trace.amount_etk",
             {text("factor", a.factor.decimal()), money("base", base.money), text("date", on.iso()),
              text("source", base.source), money("amount", result)});
        break;
      }
      case AmountRule::Kind::kPercentOf: {
        KOMEK_TRY(base, money_reference(a.reference, on));
        KOMEK_TRY(r, a.factor.of(base.money, a.rounding));
        result = r;
        step(trace, "amount.percent", cites, "trace.amount_percent",
             {text("percent", a.factor.times_hundred().decimal()), text("of", a.reference), money("base", base.money),
              text("source", base.source), money("amount", result)});
        break;
      }
      case AmountRule::Kind::kValue: {
        KOMEK_TRY(v, money_reference(a.reference, on));
        result = v.money;
        step(trace, "amount.value", cites, "trace.amount_value",
             {text("value", a.reference), money("amount", result), text("source", v.source)});
        break;
      }
      case AmountRule::Kind::kFormula: {
        // tsa_benefit: (poverty line − per-capita income) × members, computed as
        // (3·N·line − total) / 3 so that it is rounded once (FACTS §2 amount).
        const IncomeSummary& s = *income_;
        const Int128 n = s.members;
        const Int128 numerator = static_cast<Int128>(line->tiyn()) * n * s.months - s.counted_total.tiyn();
        const Int128 tiyn = numerator <= 0 ? 0 : divide_rounded(numerator, s.months, a.rounding);
        if (tiyn > std::numeric_limits<std::int64_t>::max()) return invalid("money.overflow");
        result = Money::from_tiyn(static_cast<std::int64_t>(tiyn));
        step(trace, "tsa.amount", "FACTS §2 amount; Social Code art. 127", "trace.tsa_benefit",
             {money("line", *line), money("per_capita", s.per_capita_monthly), number("members", s.members),
              money("amount", result)});
        break;
      }
    }
    if (a.to_whole_tenge) {
      const Money rounded = result.round_to_tenge(a.rounding);
      if (rounded != result)
        step(trace, "amount.round", cites, "trace.amount_rounded",
             {money("before", result), money("after", rounded), text("rounding", std::string(rounding_name(a.rounding)))});
      result = rounded;
    }
    return result;
  }

  // When the assignment runs and how many payments it makes.
  void schedule(const Programme& p, ProgrammeOutcome& out, Date on) {
    const Date start = app_date_.first_of_month();
    const int month = app_date_.month();
    switch (p.frequency.kind) {
      case FrequencyKind::kHoliday:
        out.payment_date = on;
        out.period = Period::make(on, on).value();
        out.payments = 1;
        break;
      case FrequencyKind::kOneTime:
        out.period = Period::make(in_.date, in_.date).value();
        out.payments = 1;
        break;
      case FrequencyKind::kMonthly:
      case FrequencyKind::kQuarterly: {
        Date end = start;
        switch (p.until) {
          case AssignmentUntil::kQuarterEnd: end = Quarter::of(app_date_).last_day(); break;
          case AssignmentUntil::kYearEnd: end = Date::from_ymd(app_date_.year(), 12, 31); break;
          case AssignmentUntil::kMonths: end = start.plus_months(p.assignment_months - 1).last_of_month(); break;
          case AssignmentUntil::kSinglePayment: end = start.last_of_month(); break;
        }
        out.period = Period::make(start, end).value();
        const int months = Month::of(end) - Month::of(start) + 1;
        out.payments = p.frequency.kind == FrequencyKind::kMonthly ? months : (months + 2) / 3;
        (void)month;
        break;
      }
    }
    step(out.trace, "assignment.period", p.cites, "trace.period",
         {text("from", out.period->from().iso()), text("to", out.period->to().iso()), number("payments", out.payments),
          text("frequency", std::string(frequency_name(p.frequency.kind)))});
  }

  bool able_bodied(int index, Trace& trace) {
    const Member& m = family_.members[static_cast<std::size_t>(index)];
    if (!m.sex && age_on(m.birth_date, app_date_) >= 16)
      step(trace, "tsa.able_bodied", "004 §2.11", "trace.sex_unknown", {text("member", member_label(index))});
    return is_able_bodied(m, app_date_, &in_.parameters);
  }

  TsaType tsa_type(Trace& trace) {
    std::vector<int> able;
    for (std::size_t i = 0; i < family_.members.size(); ++i)
      if (able_bodied(static_cast<int>(i), trace)) able.push_back(static_cast<int>(i));
    static const char* kCareStatuses[] = {"carer_of_child_under_3", "carer_of_disabled_child",
                                          "carer_of_disabled_person", "carer_of_elderly",
                                          "carer_of_person_needing_care"};
    TsaType type = TsaType::kConditional;
    std::string reason = "trace.tsa_conditional";
    if (able.empty()) {
      type = TsaType::kUnconditional;
      reason = family_.members.size() == 1 ? "trace.tsa_unconditional_lone" : "trace.tsa_unconditional_no_able";
    } else if (able.size() == 1) {
      const Member& only = family_.members[static_cast<std::size_t>(able[0])];
      for (const char* s : kCareStatuses) {
        if (only.has_status(s, app_date_)) {
          type = TsaType::kUnconditional;
          reason = "trace.tsa_unconditional_carer";
          break;
        }
      }
    }
    std::string names;
    for (int i : able) names += (names.empty() ? "" : ", ") + member_label(i);
    step(trace, "tsa.type", "FACTS §2 unconditional/conditional; 004 §2.11", reason,
         {number("able_bodied", static_cast<long long>(able.size())), text("members", names.empty() ? "-" : names)});
    return type;
  }

  void refuse(ProgrammeOutcome& out, const RefusalGround& r, std::optional<Date> ban_until) {
    out.refusals.push_back(RefusalReason{r.id, r.cites, r.titles, ban_until});
    std::vector<TraceParam> params = {text("ground", r.titles.en), text("id", r.id)};
    if (ban_until) params.push_back(text("ban_until", ban_until->iso()));
    step(out.trace, "refusal." + r.id, r.cites, ban_until ? "trace.refusal_ban" : "trace.refusal", std::move(params), false);
  }

  std::optional<Date> ban_until(const RefusalGround& r) const {
    if (r.ban_months <= 0) return std::nullopt;
    if (r.ban_from == "application_date") return app_date_.plus_months(r.ban_months);
    // From the latest fact the condition is about.
    std::optional<Date> latest;
    if (r.when && r.when->op == Condition::Op::kFact)
      for (const auto& f : family_.facts)
        if (f.type == r.when->ids[0] && f.date <= app_date_ && (!latest || *latest < f.date)) latest = f.date;
    return latest ? std::optional<Date>(latest->plus_months(r.ban_months)) : std::optional<Date>(app_date_.plus_months(r.ban_months));
  }

  void undecided(ProgrammeOutcome& out, const Error& e) {
    out.decided = false;
    out.eligible = false;
    out.error = e;
    std::vector<TraceParam> params;
    for (const auto& [k, v] : e.params) params.push_back(text(k, v));
    params.push_back(text("key", e.message_key));
    step(out.trace, "programme.undecided", "", "trace.undecided", std::move(params), false);
  }

  ProgrammeOutcome programme(const Programme& p, const Evaluation& ev) {
    ProgrammeOutcome out;
    out.programme = &p;
    Trace& trace = out.trace;
    // Holiday and memorable-day payments are for a day: the categories are tested on that
    // day (a child who turns 18 before it is no longer a child for it), and the day must lie
    // within the programme's and the pack's period.
    const Date on = amount_date(p);
    const Date test_date = p.frequency.kind == FrequencyKind::kHoliday ? on : app_date_;
    const ConditionContext ctx{family_, test_date, p.id, app_date_, std::max(in_.date, app_date_), &in_.parameters};

    if ((p.effective_from && test_date < *p.effective_from) || (p.effective_to && *p.effective_to < test_date) ||
        !pack_.in_force(test_date)) {
      out.in_force = false;
      step(trace, "programme.in_force", p.cites,
           p.frequency.kind == FrequencyKind::kHoliday ? "trace.holiday_outside_period" : "trace.not_in_force",
           {text("date", test_date.iso())}, false);
      return out;
    }
    bool ok = true;
    if (!family_inside_ && std::none_of(p.grounds.begin(), p.grounds.end(), [&](const std::string& g) {
          return pack_.ground(g)->at_event_location;
        })) {
      step(trace, "programme.territory", p.cites, "trace.outside_territory", {text("territory", family_.territory.code())}, false);
      return out;
    }

    // Grounds of need: at least one must hold (SPEC §3). The income ground is decided below.
    bool income_ground = false;
    if (!p.grounds.empty()) {
      bool any = false;
      for (const auto& gid : p.grounds) {
        const Ground& g = *pack_.ground(gid);
        if (g.income) {
          income_ground = true;
          continue;
        }
        const bool h = holds(*g.when, ctx, -1) && (family_inside_ || (g.at_event_location && fact_inside(g)));
        step(trace, "ground." + g.id, g.cites, h ? "trace.ground_holds" : "trace.ground_fails",
             {text("ground", g.titles.en), text("condition", describe(*g.when))}, h);
        any = any || h;
      }
      if (!any && !income_ground) {
        ok = false;
        step(trace, "programme.grounds", p.cites, "trace.no_ground", {}, false);
      }
      if (any) income_ground = false;  // another ground holds: the income test is not what qualifies
    }

    // Who receives it.
    if (p.per == Per::kPerson) {
      for (std::size_t i = 0; i < family_.members.size(); ++i)
        if (!p.who || holds(*p.who, ctx, static_cast<int>(i))) out.recipients.push_back(static_cast<int>(i));
      std::string names;
      for (int i : out.recipients) names += (names.empty() ? "" : ", ") + member_label(i);
      const bool any = !out.recipients.empty();
      step(trace, "programme.who", p.cites, any ? "trace.who_members" : "trace.who_nobody",
           {number("count", static_cast<long long>(out.recipients.size())), text("members", names.empty() ? "-" : names),
            text("condition", p.who ? describe(*p.who) : "every member")},
           any);
      ok = ok && any;
    } else {
      const bool h = !p.who || holds(*p.who, ctx, -1);
      if (p.who)
        step(trace, "programme.who", p.cites, h ? "trace.who_family" : "trace.who_family_fails",
             {text("condition", describe(*p.who))}, h);
      for (std::size_t i = 0; i < family_.members.size(); ++i) out.recipients.push_back(static_cast<int>(i));
      ok = ok && h;
    }

    // Programmes that go only with another (the TSA child supplement with TSA).
    if (!p.requires_programme.empty()) {
      bool granted = false;
      for (const auto& o : ev.programmes)
        if (o.programme->id == p.requires_programme) granted = o.eligible;
      step(trace, "programme.requires", p.cites, granted ? "trace.requires_met" : "trace.requires_unmet",
           {text("programme", p.requires_programme)}, granted);
      ok = ok && granted;
    }

    // The income test.
    std::optional<Money> line;
    if (p.income_test) {
      if (!income_) {
        undecided(out, Error(ErrorCode::kInvalidInput, "rules.no_income_rules", {{"pack", pack_.id}}));
        return out;
      }
      auto threshold = income_threshold(*p.income_test, trace);
      if (!threshold) {
        undecided(out, threshold.error());
        return out;
      }
      line = *threshold;
      const bool above = income_->per_capita_at_least(*threshold, p.income_test->strictly_below);
      step(trace, "income.test", p.income_test->cites, above ? "trace.income_test_fail" : "trace.income_test_pass",
           {money("per_capita", income_->per_capita_monthly), money("threshold", *threshold),
            text("compare", p.income_test->strictly_below ? "below" : "not_above")},
           !above);
      if (above) {
        ok = false;
        refuse(out, *pack_.refusal_ground(p.income_test->refusal), std::nullopt);
      }
    }

    // Refusal grounds from the facts of the case.
    for (const auto& rid : p.refusal_grounds) {
      const RefusalGround& r = *pack_.refusal_ground(rid);
      if (!r.when) continue;
      if (holds(*r.when, ctx, -1)) {
        ok = false;
        refuse(out, r, ban_until(r));
      }
    }
    (void)income_ground;

    // The amount, the period, and the TSA type.
    auto per_recipient = amount(p, on, trace, line);
    if (!per_recipient) {
      undecided(out, per_recipient.error());
      return out;
    }
    out.amount_per_recipient = *per_recipient;
    const auto recipients = p.per == Per::kPerson ? static_cast<std::int64_t>(out.recipients.size()) : 1;
    auto per_payment = per_recipient->times(recipients);
    if (!per_payment) {
      undecided(out, per_payment.error());
      return out;
    }
    out.amount_per_payment = *per_payment;
    schedule(p, out, on);
    auto per_period = per_payment->times(out.payments);
    if (!per_period) {
      undecided(out, per_period.error());
      return out;
    }
    out.amount_per_period = *per_period;
    if (ok && !out.amount_per_payment.is_positive()) {
      ok = false;
      step(trace, "programme.amount", p.cites, "trace.amount_zero", {}, false);
    }
    if (p.kind == ProgrammeKind::kTsa && p.amount.kind == AmountRule::Kind::kFormula) out.tsa_type = tsa_type(trace);

    // The decision deadline (001 §18, 004 App 12), when a calendar is at hand.
    const DeadlineClass* cls = Procedure::decision_period(pack_, p, family_.channel);
    if (in_.calendar != nullptr && cls != nullptr) {
      // Counted from registration: an application that arrives on a day off is registered
      // on the next working day (001 §12; 004 App 12).
      auto working = in_.calendar->is_working(app_date_);
      auto registered = working && *working ? Result<Date>(app_date_) : in_.calendar->next_working_day(app_date_);
      auto due = registered ? cls->due(*registered, *in_.calendar) : registered;
      if (due) {
        out.decision_due = *due;
        step(trace, "deadline." + cls->id, cls->cites, "trace.decision_due",
             {number("days", cls->length), text("from", registered->iso()), text("due", due->iso())});
      }
    }
    out.eligible = ok;
    step(trace, "programme.outcome", p.cites, ok ? "trace.eligible" : "trace.not_eligible",
         {text("programme", p.titles.en), money("per_payment", out.amount_per_payment), number("payments", out.payments),
          money("per_period", out.amount_per_period)},
         ok);
    return out;
  }

  // Whether a fact of an at-event-location ground happened inside the pack's territory.
  bool fact_inside(const Ground& g) const {
    for (const auto& f : family_.facts)
      if (f.type == g.when->ids[0] && pack_.covers(f.territory.value_or(family_.territory))) return true;
    return false;
  }
  bool event_inside_pack() const {
    for (const auto& g : pack_.grounds)
      if (g.at_event_location && fact_inside(g)) return true;
    return false;
  }

  const EvaluationInput& in_;
  const Family& family_;
  const Pack& pack_;
  const Date app_date_;
  std::optional<IncomeSummary> income_;
  bool family_inside_ = true;
};

}  // namespace

std::string_view tsa_type_name(TsaType t) {
  return t == TsaType::kUnconditional ? "unconditional" : "conditional";
}

Result<Evaluation> evaluate(const EvaluationInput& input) { return Evaluator(input).run(); }

std::optional<MissingFigures> missing_regional_figures(const Pack& pack, const std::vector<std::string>& programmes,
                                                       int region, Date application_date,
                                                       const ParameterSet& parameters) {
  const Quarter quarter = Quarter::of(application_date);
  MissingFigures missing{region, quarter.previous(), {}};
  const auto need = [&](const char* series) {
    if (parameters.regional(series, region, missing.quarter)) return;
    if (std::find(missing.series.begin(), missing.series.end(), series) == missing.series.end())
      missing.series.emplace_back(series);
  };
  for (const Programme& p : pack.programmes) {
    if (!p.income_test || std::find(programmes.begin(), programmes.end(), p.id) == programmes.end()) continue;
    const IncomeTest& test = *p.income_test;
    if (test.threshold == IncomeTest::Threshold::kEtkMultiple && test.subsistence == "regional") need("subsistence_minimum");
    if (test.threshold != IncomeTest::Threshold::kPovertyLine) continue;
    if (parameters.regional("poverty_line", region, quarter)) continue;
    auto rule = parameters.poverty_line_rule(application_date);
    if (!rule) continue;  // no rule in force: the data's error, not a figure to enter
    if (rule->subsistence_share) need("subsistence_minimum");
    if (rule->median_share) need("median_income");
  }
  // The order evaluate() asks in, so that the first named is the one it stops at.
  std::stable_sort(missing.series.begin(), missing.series.end(),
                   [](const std::string& a, const std::string& b) { return a == "subsistence_minimum" && b != a; });
  if (missing.series.empty()) return std::nullopt;
  return missing;
}

Result<Termination> termination_for(const Pack& pack, const Programme& programme, std::string_view event,
                                    Date event_date) {
  const TerminationGround* ground = pack.termination_ground(event);
  if (ground == nullptr ||
      std::find(programme.termination_grounds.begin(), programme.termination_grounds.end(), event) ==
          programme.termination_grounds.end())
    return invalid("rules.unknown_event", {{"event", std::string(event.substr(0, 60))}, {"programme", programme.id}});
  Termination t;
  t.cites = ground->cites;
  for (const auto& g : programme.grounds) {
    if (std::find(ground->not_for_grounds.begin(), ground->not_for_grounds.end(), g) != ground->not_for_grounds.end()) {
      t.terminates = false;
      t.reason = "termination.not_for_ground";
      return t;
    }
  }
  t.terminates = true;
  if (ground->stops == StopRule::kNextMonth) {
    t.payment_stops = event_date.last_of_month().plus_days(1);
    t.reason = "termination.next_month";
  } else {
    t.payment_stops = event_date;
    t.reason = "termination.same_day";
  }
  return t;
}

}  // namespace komek::rules
