// Conditions in rule packs: who is a recipient, when a ground of need holds, when a refusal
// ground applies. A small tree read from YAML:
//
//   who: {all: [{status: disability_group_1}, {age: {max: 17}}]}
//   when: {fact: {type: refused_employment_measures, within_months: 6}}
//   who: {any_member: {age: {min: 1, max: 6}}}
//
// Leaves about one person (status, age, relation, sex) are "member" conditions; leaves about
// the family (fact, members, owns, existing, any_member …) are "family" conditions. The loader
// checks that each is used where it makes sense, so evaluation never meets a misplaced leaf.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"
#include "rules/family.hpp"

namespace YAML {
class Node;
}

namespace komek::rules {

enum class Scope { kMember, kFamily };

struct Condition {
  // When adding an operator, also update parse_condition(), scope_of(), holds() and describe().
  enum class Op {
    kAll, kAny, kNot,              // combinators (either scope)
    kStatus,                       // member has any of `ids` on the date
    kAge,                          // member's full years on the date in [min, max]
    kRelation,                     // member's relation is one of `ids`
    kSex,                          // member's sex is ids[0]
    kFact,                         // family has a fact of type ids[0] (within `months` before the date)
    kMembers,                      // number of family members in [min, max]
    kOwns,                         // family owns at least `min` properties of type ids[0]
    kExisting,                     // family has assistance of programme ids[0] ("same": this one)
    kAnyMember, kAllMembers,       // some / every member satisfies children[0]
    kCountMembers,                 // members satisfying children[0] number in [min, max]
    kAbleBodied,                   // member is able-bodied (004 §2.11), with the pension ages
  };
  Op op = Op::kAll;
  std::vector<Condition> children;
  std::vector<std::string> ids;
  int min = -1;         // -1: no bound
  int max = -1;
  int months = -1;      // for facts: only within this many months before the application
  bool since_application = false;     // for facts: only dated on or after the application
  bool include_applications = false;  // for existing: pending applications count too
  // For facts about one member (children[0] when present): that member must satisfy it,
  // e.g. the member who refused employment measures must be able-bodied.
};

Scope scope_of(const Condition& c);

// Parses and checks a condition; `expected` is the scope it is used in. Unknown words of
// the vocabulary are refused with the line.
Result<Condition> parse_condition(const YAML::Node& node, Scope expected, const Vocabulary& vocabulary,
                                  std::string_view origin);

class ParameterSet;

struct ConditionContext {
  const Family& family;
  Date date;                      // statuses and ages are taken on this day
  std::string_view programme_id;  // for {existing: same}
  Date application_date;          // fact windows count back from the application
  Date decided_on;                // facts up to the decision count (a commission's conclusion)
  const ParameterSet* parameters = nullptr;  // for able_bodied (pension ages)
};

// Able-bodied (еңбекке қабілетті, 004 §2.11): from 16 to the pension age, except persons
// with disability group 1 or 2 and those with an illness giving over two months of
// incapacity. The pension age comes from the parameters by sex (men's when sex is unknown).
bool is_able_bodied(const Member& m, Date on, const ParameterSet* parameters);

// Evaluates a member condition for one member, or a family condition (member = -1).
bool holds(const Condition& c, const ConditionContext& ctx, int member);

// A short English rendering for traces and `packs check` ("status disability_group_1 and age 0-17").
std::string describe(const Condition& c);

}  // namespace komek::rules
