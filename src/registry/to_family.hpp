// From what the information systems said to what the rules evaluate: a registry snapshot
// becomes a rules::Family in the words of rules/vocabulary.yaml — statuses from disability,
// legal status, study, detention and the categories of benefits; incomes by month with the
// vocabulary's income types; dwellings, land and vehicles; the TSA the family already has;
// deaths as facts. Relations are read from the civil registry answers relative to the first
// member, the applicant.
//
//   RegistrySnapshot s = query_all(registry, members, application_date);
//   Result<rules::Family> family = to_family(s, library.vocabulary());
//   rules::evaluate({pack, parameters, income_rules, *family, application_date, &calendar});
//
// family_json() writes the family in the format of docs/family-format.md, so that the
// `komek evaluate --family` reader accepts it and a caseworker can read what was derived.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>

#include "core/territory.hpp"
#include "registry/records.hpp"
#include "registry/snapshot.hpp"
#include "rules/family.hpp"
#include "rules/vocabulary.hpp"

namespace komek::registry {

// The vocabulary words for registry data (rules/vocabulary.yaml). Each is checked against the
// loaded vocabulary by to_family(), so that a word renamed there is an error, not a silent gap.
[[nodiscard]] std::string_view status_word(DisabilityGroup group);
[[nodiscard]] std::string_view status_word(SpecialCategory category);  // empty for kNone
[[nodiscard]] std::string_view income_type_word(IncomeKind kind);

// The programme id under which query 16's TSA is recorded in rules::Family::existing.
inline constexpr std::string_view kTsaProgramme = "tsa";

// Errors: "registry.empty_family", "registry.too_many_members" (rules::kMembersMax),
// "registry.no_territory" (the applicant has no permanent registration on the snapshot's date
// and no `declared_territory` is given), "registry.birth_date_unknown" (a member without
// identity data whose IIN encodes no date), "registry.unknown_word" (the vocabulary lacks a word
// above), "money.overflow".
Result<rules::Family> to_family(const RegistrySnapshot& snapshot, const rules::Vocabulary& vocabulary,
                                std::optional<Kato> declared_territory = std::nullopt);

// The family as a family file (docs/family-format.md): amounts as decimal tenge strings,
// dates ISO, statuses with their dates.
nlohmann::json family_json(const rules::Family& family);

}  // namespace komek::registry
