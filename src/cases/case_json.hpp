// The case as JSON: how it is stored (store/) and the base of what the API shows.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "cases/case.hpp"
#include "core/result.hpp"
#include "work/outcome.hpp"

namespace komek::cases {

nlohmann::json to_json(const Case& c);
Result<Case> case_from_json(const nlohmann::json& j);
// The case's canonical document: what its audit records carry and how a command's case is
// kept with its idempotency key (work/outcome.hpp).
std::string case_document(const Case& c);
work::Codec<Case> case_codec();

}  // namespace komek::cases
