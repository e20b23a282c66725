// The case as JSON: how it is stored (store/) and the base of what the API shows.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "cases/case.hpp"
#include "core/result.hpp"

namespace komek::cases {

nlohmann::json to_json(const Case& c);
Result<Case> case_from_json(const nlohmann::json& j);

}  // namespace komek::cases
