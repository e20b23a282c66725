#include "rules/family.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

namespace komek::rules {
namespace {

using json = nlohmann::json;

tl::unexpected<Error> field_error(std::string field, std::string what) {
  Error e(ErrorCode::kInvalidInput, "family.invalid", {{"what", std::move(what)}});
  e.field = std::move(field);
  return tl::unexpected(e);
}

tl::unexpected<Error> nested(const Error& inner, const std::string& field) {
  Error e = inner;
  e.field = field;
  return tl::unexpected(e);
}

Result<void> only_keys(const json& object, const std::string& path, std::initializer_list<std::string_view> allowed) {
  if (!object.is_object()) return field_error(path, "must be an object");
  for (const auto& [key, _] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      return field_error(path.empty() ? key : path + "." + key, "unknown field '" + key + "'");
  }
  return {};
}

Result<std::string> string_field(const json& object, const std::string& path, const char* key, bool required) {
  const std::string at = path.empty() ? key : path + "." + key;
  if (!object.contains(key)) {
    if (required) return field_error(at, std::string("is required"));
    return std::string();
  }
  const json& v = object.at(key);
  if (!v.is_string()) return field_error(at, "must be a string");
  const auto& s = v.get_ref<const std::string&>();
  if (s.size() > 256) return field_error(at, "is longer than 256 characters");
  return s;
}

Result<Date> date_field(const json& object, const std::string& path, const char* key, bool required,
                        bool* present = nullptr) {
  KOMEK_TRY(text, string_field(object, path, key, required));
  if (present != nullptr) *present = !text.empty();
  if (text.empty()) return Date{};
  auto d = Date::parse(text);
  if (!d) return nested(d.error(), path.empty() ? key : path + "." + key);
  return *d;
}

const json& array_field(const json& object, const char* key) {
  static const json kEmpty = json::array();
  return object.contains(key) ? object.at(key) : kEmpty;
}

Result<Relation> parse_relation(std::string_view s) {
  if (s == "applicant") return Relation::kApplicant;
  if (s == "spouse") return Relation::kSpouse;
  if (s == "child") return Relation::kChild;
  if (s == "parent") return Relation::kParent;
  if (s == "other") return Relation::kOther;
  return invalid("family.relation", {{"value", std::string(s.substr(0, 40))}});
}

Result<Member> read_member(const json& m, const std::string& at, const Vocabulary& vocabulary) {
  KOMEK_CHECK(only_keys(m, at, {"iin", "name", "birth_date", "sex", "relation", "statuses", "incomes", "properties"}));
  Member member;
  KOMEK_TRY(iin_text, string_field(m, at, "iin", false));
  if (!iin_text.empty()) {
    auto iin = Iin::parse(iin_text);
    if (!iin) return nested(iin.error(), at + ".iin");
    member.iin = *iin;
  }
  auto name = string_field(m, at, "name", false);
  if (!name) return tl::unexpected(name.error());
  member.name = *name;
  KOMEK_TRY(birth, date_field(m, at, "birth_date", true));
  member.birth_date = birth;
  auto sex = string_field(m, at, "sex", false);
  if (!sex) return tl::unexpected(sex.error());
  if (*sex == "male") member.sex = Sex::kMale;
  else if (*sex == "female") member.sex = Sex::kFemale;
  else if (!sex->empty()) return field_error(at + ".sex", "must be \"male\" or \"female\"");
  else if (member.iin) member.sex = member.iin->sex_hint();
  KOMEK_TRY(relation_text, string_field(m, at, "relation", true));
  auto relation = parse_relation(relation_text);
  if (!relation) return nested(relation.error(), at + ".relation");
  member.relation = *relation;

  const json& statuses = array_field(m, "statuses");
  if (!statuses.is_array()) return field_error(at + ".statuses", "must be a list");
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    const std::string sat = at + ".statuses[" + std::to_string(i) + "]";
    const json& s = statuses[i];
    StatusEntry entry;
    if (s.is_string()) {
      entry.id = s.get<std::string>();
    } else {
      KOMEK_CHECK(only_keys(s, sat, {"status", "from", "to"}));
      auto id = string_field(s, sat, "status", true);
      if (!id) return tl::unexpected(id.error());
      entry.id = *id;
      bool has_from = false;
      bool has_to = false;
      auto from = date_field(s, sat, "from", false, &has_from);
      if (!from) return tl::unexpected(from.error());
      auto to = date_field(s, sat, "to", false, &has_to);
      if (!to) return tl::unexpected(to.error());
      if (has_from) entry.from = *from;
      if (has_to) entry.to = *to;
      if (has_from && has_to && *to < *from) return field_error(sat + ".to", "is before 'from'");
    }
    if (vocabulary.status(entry.id) == nullptr)
      return field_error(sat, "unknown status '" + entry.id.substr(0, 60) + "' (see docs/vocabulary.md)");
    member.statuses.push_back(std::move(entry));
  }

  const json& incomes = array_field(m, "incomes");
  if (!incomes.is_array()) return field_error(at + ".incomes", "must be a list");
  if (incomes.size() > kIncomesPerMemberMax)
    return field_error(at + ".incomes", "has more than " + std::to_string(kIncomesPerMemberMax) + " entries");
  for (std::size_t i = 0; i < incomes.size(); ++i) {
    const std::string iat = at + ".incomes[" + std::to_string(i) + "]";
    const json& inc = incomes[i];
    KOMEK_CHECK(only_keys(inc, iat, {"type", "month", "amount"}));
    Income income;
    auto type = string_field(inc, iat, "type", true);
    if (!type) return tl::unexpected(type.error());
    if (vocabulary.income_type(*type) == nullptr)
      return field_error(iat + ".type", "unknown income type '" + type->substr(0, 60) + "' (see docs/vocabulary.md)");
    income.type = *type;
    KOMEK_TRY(month_text, string_field(inc, iat, "month", true));
    auto month = Month::parse(month_text);
    if (!month) return nested(month.error(), iat + ".month");
    income.month = *month;
    if (inc.contains("amount") && inc.at("amount").is_number())
      return field_error(iat + ".amount", "must be a decimal string in tenge, e.g. \"60000.00\"");
    KOMEK_TRY(amount_text, string_field(inc, iat, "amount", true));
    auto amount = Money::parse(amount_text);
    if (!amount) return nested(amount.error(), iat + ".amount");
    if (amount->is_negative()) return field_error(iat + ".amount", "must not be negative");
    income.amount = *amount;
    member.incomes.push_back(std::move(income));
  }

  const json& properties = array_field(m, "properties");
  if (!properties.is_array()) return field_error(at + ".properties", "must be a list");
  for (std::size_t i = 0; i < properties.size(); ++i) {
    const std::string pat = at + ".properties[" + std::to_string(i) + "]";
    KOMEK_CHECK(only_keys(properties[i], pat, {"type", "note"}));
    Property p;
    auto type = string_field(properties[i], pat, "type", true);
    if (!type) return tl::unexpected(type.error());
    if (vocabulary.property_type(*type) == nullptr)
      return field_error(pat + ".type", "unknown property type '" + type->substr(0, 60) + "'");
    p.type = *type;
    auto note = string_field(properties[i], pat, "note", false);
    if (!note) return tl::unexpected(note.error());
    p.note = *note;
    member.properties.push_back(std::move(p));
  }
  return member;
}

}  // namespace

std::string_view relation_name(Relation r) {
  switch (r) {
    case Relation::kApplicant: return "applicant";
    case Relation::kSpouse: return "spouse";
    case Relation::kChild: return "child";
    case Relation::kParent: return "parent";
    case Relation::kOther: return "other";
  }
  return "other";
}

Result<Family> read_family_json(std::string_view text, const Vocabulary& vocabulary, std::string_view origin) {
  if (text.size() > kFamilyJsonBytesMax)
    return invalid("file.too_large", {{"file", std::string(origin)}, {"max", std::to_string(kFamilyJsonBytesMax)}});
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    const std::size_t upto = std::min<std::size_t>(e.byte, text.size());
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(upto), '\n');
    std::string what = e.what();
    if (auto pos = what.find("syntax error"); pos != std::string::npos) what = what.substr(pos);
    return invalid("data.syntax", {{"file", std::string(origin)}, {"line", std::to_string(line)}, {"what", what}});
  } catch (const json::exception& e) {
    // Other parse failures (a number too large for a double: fuzz case 99e9999999999999).
    return invalid("data.syntax", {{"file", std::string(origin)}, {"line", "1"}, {"what", e.what()}});
  }
  KOMEK_CHECK(only_keys(root, "", {"territory", "application_date", "channel", "members", "facts", "existing"}));

  Family family;
  KOMEK_TRY(territory_text, string_field(root, "", "territory", true));
  auto territory = Kato::parse(territory_text);
  if (!territory) return nested(territory.error(), "territory");
  family.territory = *territory;
  KOMEK_TRY(application, date_field(root, "", "application_date", true));
  family.application_date = application;
  auto channel = string_field(root, "", "channel", false);
  if (!channel) return tl::unexpected(channel.error());
  family.channel = *channel;

  if (!root.contains("members") || !root.at("members").is_array() || root.at("members").empty())
    return field_error("members", "must be a non-empty list");
  const json& members = root.at("members");
  if (members.size() > kMembersMax)
    return field_error("members", "has more than " + std::to_string(kMembersMax) + " members");
  std::set<std::string> iins;
  int applicants = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const std::string at = "members[" + std::to_string(i) + "]";
    KOMEK_TRY(member, read_member(members[i], at, vocabulary));
    if (member.iin && !iins.insert(member.iin->str()).second)
      return field_error(at + ".iin", "the same IIN is given for two members");
    if (member.birth_date > family.application_date)
      return field_error(at + ".birth_date", "is after the application date");
    if (member.relation == Relation::kApplicant) ++applicants;
    family.members.push_back(std::move(member));
  }
  if (applicants != 1) return field_error("members", "exactly one member must have relation \"applicant\"");

  const json& facts = array_field(root, "facts");
  if (!facts.is_array()) return field_error("facts", "must be a list");
  for (std::size_t i = 0; i < facts.size(); ++i) {
    const std::string at = "facts[" + std::to_string(i) + "]";
    KOMEK_CHECK(only_keys(facts[i], at, {"type", "date", "member", "territory"}));
    Fact fact;
    auto type = string_field(facts[i], at, "type", true);
    if (!type) return tl::unexpected(type.error());
    if (vocabulary.fact(*type) == nullptr)
      return field_error(at + ".type", "unknown fact '" + type->substr(0, 60) + "' (see docs/vocabulary.md)");
    fact.type = *type;
    auto date = date_field(facts[i], at, "date", true);
    if (!date) return tl::unexpected(date.error());
    fact.date = *date;
    if (facts[i].contains("member")) {
      const json& m = facts[i].at("member");
      if (!m.is_number_integer() || m.get<long long>() < 0 || m.get<long long>() >= static_cast<long long>(family.members.size()))
        return field_error(at + ".member", "must be the index of a member (0-based)");
      fact.member = static_cast<int>(m.get<long long>());
    }
    KOMEK_TRY(place, string_field(facts[i], at, "territory", false));
    if (!place.empty()) {
      auto kato = Kato::parse(place);
      if (!kato) return nested(kato.error(), at + ".territory");
      fact.territory = *kato;
    }
    family.facts.push_back(std::move(fact));
  }

  const json& existing = array_field(root, "existing");
  if (!existing.is_array()) return field_error("existing", "must be a list");
  for (std::size_t i = 0; i < existing.size(); ++i) {
    const std::string at = "existing[" + std::to_string(i) + "]";
    KOMEK_CHECK(only_keys(existing[i], at, {"programme", "from", "to", "application_only"}));
    ExistingAssistance e;
    auto programme = string_field(existing[i], at, "programme", true);
    if (!programme) return tl::unexpected(programme.error());
    e.programme = *programme;
    auto from = date_field(existing[i], at, "from", true);
    if (!from) return tl::unexpected(from.error());
    e.from = *from;
    bool has_to = false;
    auto to = date_field(existing[i], at, "to", false, &has_to);
    if (!to) return tl::unexpected(to.error());
    if (has_to) e.to = *to;
    if (existing[i].contains("application_only")) {
      if (!existing[i].at("application_only").is_boolean()) return field_error(at + ".application_only", "must be true or false");
      e.application_only = existing[i].at("application_only").get<bool>();
    }
    family.existing.push_back(std::move(e));
  }
  return family;
}

}  // namespace komek::rules
