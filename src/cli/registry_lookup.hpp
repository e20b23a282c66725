// The case service's registry port over the registry gateway: queries every member with an
// IIN, freezes the answers, and gives the family as the registries see it, keeping what the
// applicant declared where the registries have no data (SPEC §4).
#pragma once

#include <memory>

#include "cases/assignment_service.hpp"
#include "cases/registry_prefill.hpp"
#include "cases/service.hpp"
#include "rules/library.hpp"

namespace komek::cli {

// Every registry port the services use, over one registry gateway.
class RegistryGateway : public cases::RegistryLookup,
                        public cases::RecipientSource,
                        public cases::RecipientEvents,
                        public cases::RegistryPrefill {};

Result<std::unique_ptr<RegistryGateway>> make_registry_lookup(std::uint64_t seed, const std::string& district,
                                                               int families, const rules::Library& rules);

// The first `count` families of the synthetic registry as family files (for the demo).
Result<std::vector<std::string>> synthetic_family_files(std::uint64_t seed, const std::string& district, int families,
                                                        int count, Date on, const rules::Library& rules);

}  // namespace komek::cli
