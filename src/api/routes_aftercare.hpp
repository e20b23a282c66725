// The routes after the decision: assignments, terminations, registry events, holiday lists,
// complaints.
#pragma once

#include "api/app.hpp"
#include "cases/assignment_service.hpp"
#include "cases/complaint_service.hpp"

namespace komek::api {

RouteModule aftercare_routes(cases::AssignmentService& assignments, cases::ComplaintService& complaints);

}  // namespace komek::api
