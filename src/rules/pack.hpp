// Rule packs: the law of one territory and period as data (docs/rule-packs.md).
//
// A pack is a YAML file with a `pack:` header, its dictionaries (grounds of need, refusal
// and termination grounds, deadline classes, overrides of the national procedure's periods,
// configurable values) and a top-level
// `programmes:` list. A maslikhat that changes an amount, a category or the threshold
// edits the YAML only.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/lang.hpp"
#include "core/money.hpp"
#include "core/ratio.hpp"
#include "core/territory.hpp"
#include "rules/condition.hpp"
#include "rules/income.hpp"
#include "rules/parameters.hpp"
#include "rules/period.hpp"
#include "rules/titles.hpp"
#include "rules/vocabulary.hpp"

namespace komek::rules {

class Procedure;

enum class ProgrammeKind { kTsa, kLocal };
enum class Per { kFamily, kPerson };
enum class FrequencyKind { kMonthly, kQuarterly, kOneTime, kHoliday };
enum class AssignmentUntil { kQuarterEnd, kYearEnd, kMonths, kSinglePayment };
enum class Commission { kNone, kSpecial, kDistrict };
enum class StopRule { kNextMonth, kSameDay };

std::string_view programme_kind_name(ProgrammeKind k);
std::string_view frequency_name(FrequencyKind f);
std::string_view commission_name(Commission c);

// A ground of need (SPEC §3) as the pack defines it.
struct Ground {
  std::string id;
  Titles titles;
  std::string cites;
  std::optional<Condition> when;  // family scope; absent for the income ground
  bool income = false;            // the ground is the income test of the programme
  // Assistance on this ground is given where the event happened, whatever the family's
  // registration (001 §6: disaster and fire help where the damaged property stands).
  bool at_event_location = false;
};

struct RefusalGround {
  std::string id;
  Titles titles;
  std::string cites;
  std::optional<Condition> when;  // family scope
  bool income_test = false;       // applies when the programme's income test fails
  int ban_months = 0;             // a new application is refused for this long
  std::string ban_from;           // "fact_date" or "application_date"
};

struct TerminationGround {
  std::string id;
  Titles titles;
  std::string cites;
  StopRule stops = StopRule::kNextMonth;
  std::vector<std::string> not_for_grounds;  // programmes on these grounds are not stopped
};

// A value the pack sets itself: an amount or reference sum the maslikhat (or the district)
// fixes, or one the source documents do not give (configurable: true, with a note).
struct PackValue {
  std::string id;
  ParamValue value;
  bool configurable = false;
  std::string note;
};

struct AmountRule {
  enum class Kind { kFixed, kAek, kEtk, kPercentOf, kValue, kFormula };
  Kind kind = Kind::kFixed;
  Money fixed;
  Ratio factor;           // АЕК / ЕТК multiple, or the percent
  std::string reference;  // value or parameter id, or formula name
  Rounding rounding = Rounding::kHalfUp;
  bool to_whole_tenge = false;
  std::string cites;
};

struct IncomeTest {
  enum class Threshold { kPovertyLine, kEtkMultiple, kValue };
  Threshold threshold = Threshold::kPovertyLine;
  Ratio factor;              // ЕТК multiple
  std::string reference;     // value id
  bool strictly_below = true;  // TSA: below the line; Koksu: not above the threshold
  std::string subsistence;   // "budget" or "regional" ЕТК for multiples
  std::string refusal;       // refusal ground id when the test fails
  std::string cites;
};

struct Frequency {
  FrequencyKind kind = FrequencyKind::kOneTime;
  int month = 0;             // holiday: the date of the payment each year
  int day = 0;
  std::string occasion;      // holiday or memorable day id
  Titles occasion_titles;
};

struct Programme {
  std::string id;
  ProgrammeKind kind = ProgrammeKind::kLocal;
  Titles titles;
  std::vector<std::string> legal_basis;
  std::string cites;
  Per per = Per::kFamily;
  std::vector<std::string> grounds;           // any of these grounds must hold
  std::optional<Condition> who;               // member scope for per person, family otherwise
  std::optional<IncomeTest> income_test;
  std::string requires_programme;             // only together with this programme
  AmountRule amount;
  Frequency frequency;
  AssignmentUntil until = AssignmentUntil::kSinglePayment;
  int assignment_months = 0;
  bool without_application = false;           // paid from registry lists (001 §10)
  Commission commission = Commission::kNone;
  std::vector<std::string> deadline_classes;  // the first is the default
  std::vector<std::string> refusal_grounds;
  std::vector<std::string> termination_grounds;
  std::vector<std::string> combines_with;     // programmes that may overlap it on purpose
  std::optional<Date> effective_from;
  std::optional<Date> effective_to;
  int line = 0;                               // where it stands in the file
};

struct Pack {
  std::string id;
  std::string file;
  Titles titles;
  std::optional<Kato> territory;   // absent: national
  Date effective_from;
  std::optional<Date> effective_to;
  std::vector<std::string> legal_basis;
  std::string income_rules_id;     // the income classification the pack uses
  Rounding rounding = Rounding::kHalfUp;
  std::map<std::string, std::string, std::less<>> settings;

  std::vector<Ground> grounds;
  std::vector<RefusalGround> refusal_grounds;
  std::vector<TerminationGround> termination_grounds;
  // Decision periods (counted_from: registration, documents_received, package_registration);
  // `configurable` when the source documents do not say which cases a class covers.
  std::vector<DeadlineClass> deadline_classes;
  // Periods of the national procedure (rules/procedure/kz.yaml) that the pack's own act sets
  // differently, each citing that act's clause.
  std::vector<ProceduralPeriod> periods;
  std::vector<PackValue> values;
  std::vector<Programme> programmes;

  [[nodiscard]] const Programme* programme(std::string_view id) const;
  [[nodiscard]] const Ground* ground(std::string_view id) const;
  [[nodiscard]] const RefusalGround* refusal_ground(std::string_view id) const;
  [[nodiscard]] const TerminationGround* termination_ground(std::string_view id) const;
  [[nodiscard]] const DeadlineClass* deadline_class(std::string_view id) const;
  // The pack's own value of a procedural period, when its act differs from the national one;
  // nullptr otherwise. Callers ask Procedure::period(), which falls back to the national one.
  [[nodiscard]] const ProceduralPeriod* period_override(PeriodId id) const;
  [[nodiscard]] const PackValue* value(std::string_view id) const;
  [[nodiscard]] bool covers(Kato place) const { return !territory || territory->contains(place); }
  [[nodiscard]] bool in_force(Date d) const {
    return effective_from <= d && (!effective_to || d <= *effective_to);
  }
};

// What the loader needs to check a pack against.
struct PackEnvironment {
  const Vocabulary& vocabulary;
  const ParameterSet& parameters;
  const IncomeRuleSets& income_rules;
  // The national procedure, when loaded: a pack's period override takes the national titles
  // it does not repeat, and `packs check` lists the configurable periods.
  const Procedure* procedure = nullptr;
};

inline constexpr std::size_t kPackBytesMax = 4 * 1024 * 1024;

Result<Pack> load_pack(const std::filesystem::path& file, const PackEnvironment& env);
Result<Pack> parse_pack(std::string_view yaml_text, std::string_view origin, const PackEnvironment& env);

// --set NAME=VALUE for an evaluation with a pack: NAME is a parameter series or one of the
// pack's own values (what-if runs, tests).
Result<void> set_override(ParameterSet& parameters, const Pack& pack, std::string_view assignment);

// Findings of `komek packs check` beyond what loading refuses: overlapping programmes, and
// programmes that leave a case undecided (a parameter or value unknown on some date of the
// pack's period, a threshold without a value).
struct PackFinding {
  std::string severity;  // "error" or "warning"
  std::string programme;
  int line = 0;
  std::string message;
};
std::vector<PackFinding> check_pack(const Pack& pack, const PackEnvironment& env);

}  // namespace komek::rules
