// The OpenAPI 3 document of a route table (api/openapi.cpp).
#pragma once

#include <string>
#include <vector>

#include "api/app.hpp"

namespace komek::api {

std::string openapi_document(const std::vector<RouteInfo>& routes, const std::string& version);

}  // namespace komek::api
