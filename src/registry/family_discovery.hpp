// Who is in an applicant's family, as the state information systems tell it on a date: the
// portal application is pre-filled from the registries where the law allows (SPEC §4, 004 §7;
// 001 §11 — the applicant brings documents only for what the systems lack). Pure: it asks the
// Registry port and decides from the answers; the date is the caller's "today".
//
//   auto members = discover_family(registry, applicant_iin, today);
//   if (!members) …                                  // unknown applicant, or a system did not answer
//   std::vector<Iin> iins; for (auto& m : *members) iins.push_back(m.iin);
//   RegistrySnapshot s = query_all(registry, iins, today);   // snapshot.hpp
//
// The family found: the applicant; the spouse of the latest marriage not followed by a divorce
// (query 12), if alive; the children (query 9) and adopted children (query 11) alive and under
// 18, or aged 18-23 and in full-time study (query 13); the wards under guardianship or
// trusteeship on the date (query 10). Parents and other relatives living with the applicant
// are not in any query about the applicant: the applicant adds them.
#pragma once

#include <vector>

#include "core/date.hpp"
#include "core/iin.hpp"
#include "core/result.hpp"
#include "registry/registry.hpp"
#include "rules/family.hpp"

namespace komek::registry {

// A child counts as a dependant while under this age (the age of majority) …
inline constexpr int kDependantAgeBelow = 18;
// … and up to this age inclusive while in full-time study (004 §7 item 13: "dependants aged
// 18-23").
inline constexpr int kStudentDependantAgeMax = 23;

struct DiscoveredMember {
  Iin iin;
  // In the words of rules/vocabulary.yaml `relations`: a ward under guardianship is "other",
  // as to_family() reads it.
  rules::Relation relation = rules::Relation::kOther;
  friend bool operator==(const DiscoveredMember&, const DiscoveredMember&) = default;
};

// The applicant first, then the spouse, the children (oldest first, then adopted ones), the
// wards; each person once. Errors: "registry.applicant_unknown" (kNotFound: the identity system
// has no data on the applicant), and any error of a query asked ("registry.unavailable").
Result<std::vector<DiscoveredMember>> discover_family(Registry& registry, const Iin& applicant, Date on);

}  // namespace komek::registry
