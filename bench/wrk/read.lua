-- Reads one case again and again (GET /api/v1/cases/{id}).
local token = os.getenv("KOMEK_TOKEN")
local path = "/api/v1/cases/" .. os.getenv("KOMEK_CASE")
function request()
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end
