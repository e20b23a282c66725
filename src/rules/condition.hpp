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
  };
  Op op = Op::kAll;
  std::vector<Condition> children;
  std::vector<std::string> ids;
  int min = -1;         // -1: no bound
  int max = -1;
  int months = -1;      // for facts: only within this many months before the date
  bool include_applications = false;  // for existing: pending applications count too
};

Scope scope_of(const Condition& c);

// Parses and checks a condition; `expected` is the scope it is used in. Unknown words of
// the vocabulary are refused with the line.
Result<Condition> parse_condition(const YAML::Node& node, Scope expected, const Vocabulary& vocabulary,
                                  std::string_view origin);

struct ConditionContext {
  const Family& family;
  Date date;
  std::string_view programme_id;  // for {existing: same}
};

// Evaluates a member condition for one member, or a family condition (member = -1).
bool holds(const Condition& c, const ConditionContext& ctx, int member);

// A short English rendering for traces and `packs check` ("status disability_group_1 and age 0-17").
std::string describe(const Condition& c);

}  // namespace komek::rules
