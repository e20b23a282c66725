// The port behind the applicant portal's pre-filled application (issue 8 item 2; SPEC §4,
// 004 §7): the state information systems are asked through the e-gov gateway who the
// applicant's family is and what they know of each member, and the applicant brings documents
// only for what they lack (001 §11). The registry adapter implements it (cli/registry_lookup).
#pragma once

#include <string>
#include <vector>

#include "cases/service.hpp"
#include "core/date.hpp"
#include "core/iin.hpp"
#include "core/result.hpp"

namespace komek::cases {

// The family as the registries see it on a date, ready to be posted as an application.
struct PrefillAnswer {
  std::string family_json;          // docs/family-format.md; application_date = the date asked
  std::vector<std::string> iins;    // of family.members, in their order (for the access log)
  std::vector<std::string> names;   // full names for display, parallel; "" where no identity data
  std::vector<std::string> no_data;  // documents to bring: "<document> (<masked IIN>)"
  std::string taken_at;             // when the systems answered (Asia/Almaty)
  PortalFacts facts;                // the 004 §7-1 checks the registries can tell
};

class RegistryPrefill {
 public:
  virtual ~RegistryPrefill() = default;
  // Errors: "registry.applicant_unknown" (kNotFound), "registry.unavailable" (a system did not
  // answer), "registry.no_territory" (kUnknownValue: no permanent registration on record).
  virtual Result<PrefillAnswer> prefill(const Iin& applicant, Date on) = 0;
};

}  // namespace komek::cases
