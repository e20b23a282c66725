// The social-services records as JSON: what the store keeps in its data columns and what the
// API answers. Keeps nlohmann out of the other headers (STACK §3).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/result.hpp"
#include "social/model.hpp"
#include "work/outcome.hpp"

namespace komek::social {

nlohmann::json to_json(const Person& p);
nlohmann::json to_json(const Assessment& a);
nlohmann::json to_json(const PlannedService& s);
nlohmann::json to_json(const Plan& p);
nlohmann::json to_json(const ServiceRecord& r);
nlohmann::json to_json(const PersonFile& f);
// A line of the persons list: the IIN masked, as lists show it.
nlohmann::json to_json(const PersonSummary& s);

// Readers of what to_json wrote; a malformed stored document is an internal error.
Result<Assessment> assessment_from_json(const std::string& text);
Result<Plan> plan_from_json(const std::string& text);
Result<ServiceRecord> record_from_json(const std::string& text);
Result<PlannedService> planned_service_from_json(const std::string& text);
nlohmann::json to_json(const Assessed& a);
Result<Assessed> assessed_from_json(const std::string& text);

// How a command's value is kept with its idempotency key (work/outcome.hpp).
work::Codec<Assessed> assessed_codec();
work::Codec<Plan> plan_codec();
work::Codec<PlannedService> planned_service_codec();
work::Codec<ServiceRecord> record_codec();

}  // namespace komek::social
