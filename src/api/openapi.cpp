// The OpenAPI 3 document of the routes actually served: each route with who may call it, its
// path parameters, the Idempotency-Key its commands take and the fields its body may carry
// (RELIABILITY S1, S7).
#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "api/openapi.hpp"
#include "api/router.hpp"

namespace komek::api {

std::string openapi_document(const std::vector<RouteInfo>& routes, const std::string& version) {
  json paths = json::object();
  for (const auto& r : routes) {
    json op = {{"summary", r.summary},
               {"description", "Who may call it: " + r.policy.description},
               {"security", r.policy.public_route ? json::array() : json::array({{{"session", json::array()}}})},
               {"responses",
                {{"200", {{"description", "OK"}}},
                 {"400", {{"description", "Invalid input: {code, message, field}"}}},
                 {"401", {{"description", "Not signed in"}}},
                 {"403", {{"description", "Not allowed"}}},
                 {"404", {{"description", "Not found (or not visible to the caller)"}}},
                 {"409", {{"description", "Not allowed in the case's current state"}}},
                 {"422", {{"description", "Idempotency key reused with another body, or a legal value unknown"}}}}}};
    // Whether the answer carries other people's personal data; such reads are logged (S3).
    op["x-personal-data"] = r.policy.personal_data;
    json parameters = json::array();
    for (const auto& part : split_path(r.pattern))
      if (part.front() == '{')
        parameters.push_back({{"name", part.substr(1, part.size() - 2)}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    if (r.policy.mutates)
      parameters.push_back({{"name", "Idempotency-Key"}, {"in", "header"}, {"required", true}, {"schema", {{"type", "string"}, {"maxLength", 200}}}});
    if (!parameters.empty()) op["parameters"] = parameters;
    if (r.method == "POST") {
      json props = json::object();
      for (const auto& f : r.body_fields) props[f] = json::object();
      json schema = {{"type", "object"}, {"additionalProperties", false}, {"properties", props}};
      json content = json::object();
      content["application/json"] = {{"schema", schema}};
      op["requestBody"] = {{"content", content}};
    }
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    paths[r.pattern][method] = op;
  }
  return json{{"openapi", "3.0.3"},
              {"info", {{"title", "Komek API"}, {"version", version}}},
              {"paths", paths},
              {"components", {{"securitySchemes", {{"session", {{"type", "http"}, {"scheme", "bearer"}}}}}}}}
      .dump(2);
}

}  // namespace komek::api
