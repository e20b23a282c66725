// Reading procedural periods from YAML: shared by the national procedure's loader
// (procedure.cpp) and the rule-pack loader (pack.cpp). Internal to the rules' data loaders.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "rules/period.hpp"

namespace komek::rules {

// How the code counts a period, which the data must agree with: a period counted in days
// cannot be given in hours, nor the reverse.
enum class PeriodMeasure {
  kDays,        // working_days, calendar_days or months, from an event's day
  kInstant,     // hours or minutes, from an event's local time
  kDayOfMonth,  // a day of a month (day_of_month)
};

// What the code does with a period: the event it counts it from, how it measures it, and
// whether a pack may override it (the payment cycle and the status service are one for every
// programme, so only the national procedure sets them).
struct PeriodSpec {
  PeriodId id;
  std::string_view name;
  std::string_view counted_from;
  PeriodMeasure measure;
  bool per_pack;
};
const PeriodSpec& period_spec(PeriodId id);

// Where a period mapping stands decides what it must give.
enum class PeriodPlace {
  kNational,      // rules/procedure/kz.yaml: every key, titles required
  kPackOverride,  // a pack's `periods:`: the length and the clause; titles and event inherited
  kDecision,      // a pack's `deadline_classes:`: working days, titles, channels
};

// Titles in kk, ru and en under `owner`'s `titles:` key; `what` names the owner in errors.
Result<Titles> parse_titles(std::string_view origin, const YAML::Node& owner, const std::string& what);

// One period mapping. Errors name the file and line: an unknown period id, a national-only
// period overridden by a pack, a length missing, given twice, out of range or in a unit the
// code does not count that period in, an event other than the one the code counts from, a
// missing clause, a configurable period without a note.
Result<ProceduralPeriod> parse_period(std::string_view origin, const YAML::Node& node, PeriodPlace place);

}  // namespace komek::rules
