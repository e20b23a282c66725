// The frozen copy of a registry snapshot as JSON: what is stored with an application and
// shown to a caseworker. Every answer keeps its provenance (query number and name, system,
// answer time); amounts are integer tiyn ("…_tiyn"), dates ISO. The output is canonical —
// the same snapshot always gives the same bytes — so that copies can be compared and hashed.
//
//   std::string frozen = snapshot_json(query_all(registry, members, today)).dump();
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "registry/snapshot.hpp"

namespace komek::registry {

nlohmann::json snapshot_json(const RegistrySnapshot& snapshot);

}  // namespace komek::registry
