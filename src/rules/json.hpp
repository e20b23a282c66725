// JSON forms of evaluations, forecasts and pack findings, shared by the CLI and the API.
// Every amount is an integer number of tiyn ("…_tiyn"); texts are in the asked language.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "core/lang.hpp"
#include "rules/evaluate.hpp"
#include "rules/forecast.hpp"

namespace komek::rules {

nlohmann::json to_json(const Evaluation& evaluation, Lang lang, bool with_trace);
nlohmann::json to_json(const Forecast& forecast, Lang lang);
nlohmann::json to_json(const std::vector<PackFinding>& findings);

}  // namespace komek::rules
