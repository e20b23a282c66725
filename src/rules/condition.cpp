#include "rules/condition.hpp"

#include "core/yaml_util.hpp"
#include "rules/parameters.hpp"

namespace komek::rules {
namespace {

using Op = Condition::Op;

Result<std::vector<std::string>> id_list(std::string_view origin, const YAML::Node& node, std::string_view what) {
  std::vector<std::string> ids;
  if (node.IsScalar()) {
    ids.push_back(node.Scalar());
  } else if (node.IsSequence() && node.size() > 0) {
    for (const auto& item : node) {
      if (!item.IsScalar()) return yaml::data_error(origin, item, std::string(what) + " must list words");
      ids.push_back(item.Scalar());
    }
  } else {
    return yaml::data_error(origin, node, std::string(what) + " must be a word or a non-empty list of words");
  }
  return ids;
}

Result<void> bounds(std::string_view origin, const YAML::Node& node, std::string_view what, Condition& c,
                    std::vector<std::string_view> extra_keys = {}) {
  std::vector<std::string_view> keys = {"min", "max"};
  keys.insert(keys.end(), extra_keys.begin(), extra_keys.end());
  if (auto ok = yaml::expect_map(origin, node, what, keys); !ok) return ok;
  if (node["min"]) {
    KOMEK_TRY(v, yaml::int_of(origin, node["min"], std::string(what) + ".min"));
    if (v < 0) return yaml::data_error(origin, node["min"], std::string(what) + ".min must not be negative");
    c.min = v;
  }
  if (node["max"]) {
    KOMEK_TRY(v, yaml::int_of(origin, node["max"], std::string(what) + ".max"));
    if (v < 0) return yaml::data_error(origin, node["max"], std::string(what) + ".max must not be negative");
    c.max = v;
  }
  if (c.min < 0 && c.max < 0 && extra_keys.empty())
    return yaml::data_error(origin, node, std::string(what) + " needs min or max");
  if (c.min >= 0 && c.max >= 0 && c.max < c.min)
    return yaml::data_error(origin, node, std::string(what) + ": max is below min");
  return {};
}

bool in_bounds(const Condition& c, int value) {
  return (c.min < 0 || value >= c.min) && (c.max < 0 || value <= c.max);
}

}  // namespace

Scope scope_of(const Condition& c) {
  switch (c.op) {
    case Op::kStatus: case Op::kAge: case Op::kRelation: case Op::kSex: case Op::kAbleBodied:
      return Scope::kMember;
    case Op::kAll: case Op::kAny: case Op::kNot:
      for (const auto& child : c.children)
        if (scope_of(child) == Scope::kMember) return Scope::kMember;
      return Scope::kFamily;
    default:
      return Scope::kFamily;
  }
}

Result<Condition> parse_condition(const YAML::Node& node, Scope expected, const Vocabulary& vocabulary,
                                  std::string_view origin) {
  if (!node.IsMap() || node.size() != 1)
    return yaml::data_error(origin, node, "a condition is a mapping with exactly one key, e.g. {status: disability_group_1}");
  const std::string key = node.begin()->first.Scalar();
  const YAML::Node arg = node.begin()->second;
  Condition c;

  auto children_of = [&](const YAML::Node& list, Scope scope) -> Result<void> {
    if (!list.IsSequence() || list.size() == 0)
      return yaml::data_error(origin, list, "'" + key + "' needs a non-empty list of conditions");
    for (const auto& item : list) {
      KOMEK_TRY(child, parse_condition(item, scope, vocabulary, origin));
      c.children.push_back(std::move(child));
    }
    return {};
  };

  if (key == "all" || key == "any") {
    c.op = key == "all" ? Op::kAll : Op::kAny;
    KOMEK_CHECK(children_of(arg, expected));
  } else if (key == "not") {
    c.op = Op::kNot;
    auto child = parse_condition(arg, expected, vocabulary, origin);
    if (!child) return child;
    c.children.push_back(std::move(*child));
  } else if (key == "status") {
    c.op = Op::kStatus;
    auto ids = id_list(origin, arg, "status");
    if (!ids) return tl::unexpected(ids.error());
    for (const auto& id : *ids)
      if (vocabulary.status(id) == nullptr) return yaml::data_error(origin, arg, "unknown status '" + id + "'");
    c.ids = *ids;
  } else if (key == "age") {
    c.op = Op::kAge;
    KOMEK_CHECK(bounds(origin, arg, "age", c));
  } else if (key == "relation") {
    c.op = Op::kRelation;
    auto ids = id_list(origin, arg, "relation");
    if (!ids) return tl::unexpected(ids.error());
    for (const auto& id : *ids)
      if (vocabulary.relation(id) == nullptr) return yaml::data_error(origin, arg, "unknown relation '" + id + "'");
    c.ids = *ids;
  } else if (key == "sex") {
    c.op = Op::kSex;
    if (!arg.IsScalar() || (arg.Scalar() != "male" && arg.Scalar() != "female"))
      return yaml::data_error(origin, arg, "sex must be male or female");
    c.ids = {arg.Scalar()};
  } else if (key == "fact") {
    c.op = Op::kFact;
    if (arg.IsScalar()) {
      c.ids = {arg.Scalar()};
    } else {
      KOMEK_CHECK(yaml::expect_map(origin, arg, "fact", {"type", "within_months", "since_application", "member"}));
      if (arg["since_application"]) {
        KOMEK_TRY(b, yaml::bool_of(origin, arg["since_application"], "since_application"));
        c.since_application = b;
      }
      if (arg["member"]) {
        auto child = parse_condition(arg["member"], Scope::kMember, vocabulary, origin);
        if (!child) return child;
        c.children.push_back(std::move(*child));
      }
      KOMEK_TRY(type, yaml::string_at(origin, arg, "type", "fact"));
      c.ids = {type};
      if (arg["within_months"]) {
        auto months = yaml::int_of(origin, arg["within_months"], "within_months");
        if (!months) return tl::unexpected(months.error());
        if (*months <= 0) return yaml::data_error(origin, arg["within_months"], "within_months must be positive");
        c.months = *months;
      }
    }
    if (vocabulary.fact(c.ids[0]) == nullptr) return yaml::data_error(origin, arg, "unknown fact '" + c.ids[0] + "'");
  } else if (key == "able_bodied") {
    c.op = Op::kAbleBodied;
    if (!arg.IsScalar() || arg.Scalar() != "true") return yaml::data_error(origin, arg, "able_bodied takes true (use not: for the opposite)");
  } else if (key == "members") {
    c.op = Op::kMembers;
    KOMEK_CHECK(bounds(origin, arg, "members", c));
  } else if (key == "owns") {
    c.op = Op::kOwns;
    c.min = 1;
    if (arg.IsScalar()) {
      c.ids = {arg.Scalar()};
    } else {
      KOMEK_CHECK(bounds(origin, arg, "owns", c, {"type"}));
      KOMEK_TRY(type, yaml::string_at(origin, arg, "type", "owns"));
      c.ids = {type};
    }
    if (vocabulary.property_type(c.ids[0]) == nullptr)
      return yaml::data_error(origin, arg, "unknown property type '" + c.ids[0] + "'");
  } else if (key == "existing") {
    c.op = Op::kExisting;
    if (arg.IsScalar()) {
      c.ids = {arg.Scalar()};
    } else {
      KOMEK_CHECK(yaml::expect_map(origin, arg, "existing", {"programme", "include_applications"}));
      KOMEK_TRY(programme, yaml::string_at(origin, arg, "programme", "existing"));
      c.ids = {programme};
      if (arg["include_applications"]) {
        KOMEK_TRY(b, yaml::bool_of(origin, arg["include_applications"], "include_applications"));
        c.include_applications = b;
      }
    }
  } else if (key == "any_member" || key == "all_members") {
    c.op = key == "any_member" ? Op::kAnyMember : Op::kAllMembers;
    auto child = parse_condition(arg, Scope::kMember, vocabulary, origin);
    if (!child) return child;
    c.children.push_back(std::move(*child));
  } else if (key == "count_members") {
    c.op = Op::kCountMembers;
    KOMEK_CHECK(bounds(origin, arg, "count_members", c, {"where"}));
    if (!arg["where"]) return yaml::data_error(origin, arg, "count_members needs 'where'");
    auto child = parse_condition(arg["where"], Scope::kMember, vocabulary, origin);
    if (!child) return child;
    c.children.push_back(std::move(*child));
  } else {
    return yaml::data_error(origin, node, "unknown condition '" + key + "'");
  }
  // A fact's member condition is about the fact's member, not the context's.
  if (expected == Scope::kFamily && scope_of(c) == Scope::kMember && c.op != Op::kFact)
    return yaml::data_error(origin, node, "'" + key + "' is about one person; at family level wrap it in any_member, all_members or count_members");
  return c;
}

bool holds(const Condition& c, const ConditionContext& ctx, int member) {
  const Member* m = member >= 0 ? &ctx.family.members[static_cast<std::size_t>(member)] : nullptr;
  switch (c.op) {
    case Op::kAll:
      for (const auto& child : c.children)
        if (!holds(child, ctx, member)) return false;
      return true;
    case Op::kAny:
      for (const auto& child : c.children)
        if (holds(child, ctx, member)) return true;
      return false;
    case Op::kNot:
      return !holds(c.children[0], ctx, member);
    case Op::kStatus:
      for (const auto& id : c.ids)
        if (m->has_status(id, ctx.date)) return true;
      return false;
    case Op::kAge:
      return in_bounds(c, age_on(m->birth_date, ctx.date));
    case Op::kRelation:
      for (const auto& id : c.ids)
        if (relation_name(m->relation) == id) return true;
      return false;
    case Op::kSex:
      return m->sex && sex_name(*m->sex) == c.ids[0];
    case Op::kFact:
      // Facts up to the decision count (a commission concludes after registration); a window
      // of months counts back from the application (004 App 12: "within the 6 months before
      // applying").
      for (const auto& f : ctx.family.facts) {
        if (f.type != c.ids[0] || ctx.decided_on < f.date) continue;
        if (c.since_application && f.date < ctx.application_date) continue;
        if (c.months >= 0 && !(ctx.application_date < f.date.plus_months(c.months))) continue;
        if (!c.children.empty()) {
          const ConditionContext on_fact{ctx.family, f.date, ctx.programme_id, ctx.application_date, ctx.decided_on, ctx.parameters};
          if (f.member < 0 || !holds(c.children[0], on_fact, f.member)) continue;
        }
        return true;
      }
      return false;
    case Op::kAbleBodied:
      return is_able_bodied(*m, ctx.date, ctx.parameters);
    case Op::kMembers:
      return in_bounds(c, static_cast<int>(ctx.family.members.size()));
    case Op::kOwns: {
      int count = 0;
      for (const auto& mem : ctx.family.members)
        for (const auto& p : mem.properties)
          if (p.type == c.ids[0]) ++count;
      return in_bounds(c, count);
    }
    case Op::kExisting: {
      const std::string_view programme = c.ids[0] == "same" ? ctx.programme_id : std::string_view(c.ids[0]);
      for (const auto& e : ctx.family.existing) {
        if (e.programme != programme) continue;
        if (e.application_only && !c.include_applications) continue;
        if (e.from <= ctx.date && (!e.to || ctx.date <= *e.to)) return true;
        if (e.application_only) return true;  // a pending application has no end yet
      }
      return false;
    }
    case Op::kAnyMember:
      for (std::size_t i = 0; i < ctx.family.members.size(); ++i)
        if (holds(c.children[0], ctx, static_cast<int>(i))) return true;
      return false;
    case Op::kAllMembers:
      for (std::size_t i = 0; i < ctx.family.members.size(); ++i)
        if (!holds(c.children[0], ctx, static_cast<int>(i))) return false;
      return true;
    case Op::kCountMembers: {
      int count = 0;
      for (std::size_t i = 0; i < ctx.family.members.size(); ++i)
        if (holds(c.children[0], ctx, static_cast<int>(i))) ++count;
      return in_bounds(c, count);
    }
  }
  return false;
}

bool is_able_bodied(const Member& m, Date on, const ParameterSet* parameters) {
  const int age = age_on(m.birth_date, on);
  if (age < 16) return false;
  for (const char* s : {"disability_group_1", "disability_group_2", "illness_long_term_incapacity", "pension_age"})
    if (m.has_status(s, on)) return false;
  if (parameters == nullptr) return true;
  auto pension_age = parameters->value(m.sex == Sex::kFemale ? "pension_age_women" : "pension_age_men", on);
  // An unknown pension age leaves the person of working age; the trace says which age was used.
  return !pension_age || Ratio::whole(age) < pension_age->number;
}

std::string describe(const Condition& c) {
  auto join = [](const std::vector<std::string>& ids, const char* sep) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : sep) + id;
    return out;
  };
  auto range = [](const Condition& x) {
    if (x.min >= 0 && x.max >= 0) return std::to_string(x.min) + "-" + std::to_string(x.max);
    if (x.min >= 0) return std::to_string(x.min) + " or more";
    return "at most " + std::to_string(x.max);
  };
  switch (c.op) {
    case Op::kAll:
    case Op::kAny: {
      std::string out;
      for (const auto& child : c.children) out += (out.empty() ? "" : (c.op == Op::kAll ? " and " : " or ")) + describe(child);
      return c.children.size() > 1 ? "(" + out + ")" : out;
    }
    case Op::kNot: return "not " + describe(c.children[0]);
    case Op::kStatus: return "status " + join(c.ids, "|");
    case Op::kAge: return "age " + range(c);
    case Op::kRelation: return "relation " + join(c.ids, "|");
    case Op::kSex: return "sex " + c.ids[0];
    case Op::kFact:
      return "fact " + c.ids[0] + (c.months > 0 ? " within " + std::to_string(c.months) + " months" : "") +
             (c.since_application ? " since the application" : "") +
             (c.children.empty() ? "" : " by a member with " + describe(c.children[0]));
    case Op::kAbleBodied: return "able-bodied";
    case Op::kMembers: return "family of " + range(c);
    case Op::kOwns: return "owns " + range(c) + " " + c.ids[0];
    case Op::kExisting: return "already has " + c.ids[0] + (c.include_applications ? " (or applied)" : "");
    case Op::kAnyMember: return "some member: " + describe(c.children[0]);
    case Op::kAllMembers: return "every member: " + describe(c.children[0]);
    case Op::kCountMembers: return range(c) + " members with " + describe(c.children[0]);
  }
  return "?";
}

}  // namespace komek::rules
