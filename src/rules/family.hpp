// A family as the rules see it: its members with their statuses, incomes and property, the
// facts of the case, and the assistance it already has. Read from JSON (docs/family-format.md).
//
//   {"territory": "151010000", "application_date": "2026-02-10",
//    "members": [{"iin": "900101300811", "birth_date": "1990-01-01", "relation": "applicant",
//                 "statuses": [], "incomes": [{"type": "wages", "month": "2025-10", "amount": "60000.00"}]}]}
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/iin.hpp"
#include "core/money.hpp"
#include "core/territory.hpp"
#include "rules/vocabulary.hpp"

namespace komek::rules {

enum class Relation { kApplicant, kSpouse, kChild, kParent, kOther };
std::string_view relation_name(Relation r);

struct StatusEntry {
  std::string id;
  std::optional<Date> from;  // when the status began, if known
  std::optional<Date> to;    // when it ended or ends, if known
  [[nodiscard]] bool holds_on(Date d) const {
    return (!from || *from <= d) && (!to || d <= *to);
  }
};

struct Income {
  std::string type;  // an income type of the vocabulary
  Month month;       // the month it was received
  Money amount;
};

struct Property {
  std::string type;  // a property type of the vocabulary
  std::string note;
};

struct Member {
  std::optional<Iin> iin;
  std::string name;
  Date birth_date;
  std::optional<Sex> sex;  // given, or decoded from the IIN
  Relation relation = Relation::kOther;
  std::vector<StatusEntry> statuses;
  std::vector<Income> incomes;
  std::vector<Property> properties;

  [[nodiscard]] bool has_status(std::string_view id, Date on) const {
    for (const auto& s : statuses)
      if (s.id == id && s.holds_on(on)) return true;
    return false;
  }
};

// Something that happened in the case and bears on a refusal or a ground: a refusal of
// employment measures, a broken social contract, a natural disaster, a death, …
struct Fact {
  std::string type;  // a fact of the vocabulary
  Date date;
  int member = -1;   // index into members, or -1 for the family
  std::optional<Kato> territory;  // where it happened, when not where the family lives
};

// Assistance the family already has or has applied for (registry query 16, 004 §7).
struct ExistingAssistance {
  std::string programme;  // programme id
  Date from;
  std::optional<Date> to;
  bool application_only = false;  // an application filed, not yet decided
};

struct Family {
  Kato territory;
  Date application_date;
  std::string channel;  // where the application was filed (authorized_body, akim, …); may be empty
  std::vector<Member> members;
  std::vector<Fact> facts;
  std::vector<ExistingAssistance> existing;

  [[nodiscard]] const Fact* find_fact(std::string_view type) const {
    for (const auto& f : facts)
      if (f.type == type) return &f;
    return nullptr;
  }
};

// Limits on what a family file may hold: a family is not a population.
inline constexpr std::size_t kMembersMax = 64;
inline constexpr std::size_t kIncomesPerMemberMax = 1000;
inline constexpr std::size_t kFamilyJsonBytesMax = 4 * 1024 * 1024;

// Reads and validates a family. Errors name the JSON path (members[1].incomes[0].amount) and,
// for syntax errors, the line.
Result<Family> read_family_json(std::string_view text, const Vocabulary& vocabulary,
                                std::string_view origin);

}  // namespace komek::rules
