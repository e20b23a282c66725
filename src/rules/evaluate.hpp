// Evaluation of one family against one rule pack on a date: per programme, eligible or not,
// the amounts in tiyn per payment and per period, the assignment period, the TSA type, the
// refusal reasons — and a trace of every step with the rule, its inputs, the parameter
// values used and the clause it cites, so that the caseworker and the applicant see the
// same reason (DESIGN.md "Every outcome explains itself").
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar.hpp"
#include "rules/family.hpp"
#include "rules/income.hpp"
#include "rules/pack.hpp"
#include "rules/parameters.hpp"

namespace komek::rules {

// A named input or result of a step. Money is kept as a decimal tenge string ("37060.00")
// and shown in the reader's local format.
struct TraceParam {
  std::string name;
  std::string value;
  bool money = false;
};

// One step of reasoning. `message_key` names a kk/ru/en template in the rules catalogue;
// `params` fills it and is also the step's inputs and result, by name.
struct TraceStep {
  std::string rule;         // e.g. "tsa.poverty_line", "programme.who"
  std::string cites;        // e.g. "FACTS §2 poverty line", "001 §20.3"
  std::string message_key;
  std::vector<TraceParam> params;
  bool passed = true;       // whether the step's test held (true for plain computations)
};
using Trace = std::vector<TraceStep>;

enum class TsaType { kUnconditional, kConditional };
std::string_view tsa_type_name(TsaType t);

struct RefusalReason {
  std::string id;
  std::string cites;
  Titles titles;
  std::optional<Date> ban_until;  // a new application is refused until this date (exclusive)
};

struct ProgrammeOutcome {
  const Programme* programme = nullptr;
  bool decided = true;          // false when a value needed is unknown: see `error`
  std::optional<Error> error;
  bool eligible = false;
  bool in_force = true;         // the programme applies on the date at all
  std::vector<int> recipients;  // member indices (per person), or all members (per family)
  Money amount_per_recipient;   // one payment to one recipient
  Money amount_per_payment;     // one payment, all recipients together
  int payments = 0;             // payments in the assignment period
  Money amount_per_period;
  std::optional<Period> period;         // the assignment period
  std::optional<Date> payment_date;     // holiday payments: the day they are paid
  std::optional<TsaType> tsa_type;
  std::optional<Date> decision_due;     // by the first deadline class, when a calendar is given
  std::vector<RefusalReason> refusals;
  Trace trace;
};

struct Evaluation {
  const Pack* pack = nullptr;
  Date date;
  Date application_date;
  Quarter reference_quarter;
  std::optional<IncomeSummary> income;
  std::vector<ProgrammeOutcome> programmes;
  Trace trace;  // steps common to all programmes (income, family)
};

struct EvaluationInput {
  const Pack& pack;
  const ParameterSet& parameters;
  const IncomeRuleSets& income_rules;
  const Family& family;
  Date date;                                   // the day of the decision
  const WorkingCalendar* calendar = nullptr;   // for decision deadlines; optional
  bool with_trace = true;
};

// Errors (whole-family): the family's territory outside the pack, a pack out of force on the
// date, an income type the pack's income rules do not classify. Unknown legal values are not
// errors here: they leave the programme undecided with the error attached.
Result<Evaluation> evaluate(const EvaluationInput& input);

// The regional figures of the statistics bureau a decision on `programmes` of `pack` for an
// application of `application_date` in `region` will need and that `parameters` lack, named
// so that they can be entered before a case waits for them (issue 16): the TSA poverty line
// needs the region's published line for the application quarter, or else the figures of the
// poverty-line rule in force (FACTS §2: the subsistence minimum and, from 2025, the median
// income of the quarter before); a threshold of a multiple of the regional subsistence
// minimum needs that of the quarter before. The same lookups evaluate() makes, so that what
// is reported missing here is what would leave the programme undecided there.
struct MissingFigures {
  int region = 0;
  Quarter quarter;                   // the quarter the missing figures describe
  std::vector<std::string> series;   // e.g. {"subsistence_minimum", "median_income"}, in that order
};
std::optional<MissingFigures> missing_regional_figures(const Pack& pack, const std::vector<std::string>& programmes,
                                                       int region, Date application_date,
                                                       const ParameterSet& parameters);

// The date payment stops for a termination event (001 §22): next month for death, moving
// out, placement in an institution; the day itself for unreliable information or a ground
// that ceased. Nothing (no termination) when the ground does not apply to the programme,
// e.g. placement in an institution for disaster or fire assistance (001 §22.3).
struct Termination {
  bool terminates = false;
  std::optional<Date> payment_stops;  // the first day not paid
  std::string cites;
  std::string reason;                 // message key explaining the outcome
};
Result<Termination> termination_for(const Pack& pack, const Programme& programme, std::string_view event, Date event_date);

}  // namespace komek::rules
