// Assignments, complaints and holiday lists as JSON: how they are stored (store/) and what
// the API shows. An assignment's JSON carries its schedule as it stands.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "cases/assignment.hpp"
#include "cases/complaint.hpp"
#include "cases/holiday_list.hpp"
#include "core/result.hpp"
#include "work/outcome.hpp"

namespace komek::cases {

nlohmann::json to_json(const Assignment& a);
Result<Assignment> assignment_from_json(const nlohmann::json& j);
nlohmann::json to_json(const Complaint& k);
Result<Complaint> complaint_from_json(const nlohmann::json& j);
nlohmann::json to_json(const HolidayList& l);
Result<HolidayList> holiday_list_from_json(const nlohmann::json& j);

// How a command's value is kept with its idempotency key (work/outcome.hpp).
work::Codec<Assignment> assignment_codec();
work::Codec<Complaint> complaint_codec();
work::Codec<HolidayList> holiday_list_codec();

}  // namespace komek::cases
