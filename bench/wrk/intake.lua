-- Submits applications and registers them: each thread alternates a POST /api/v1/cases with
-- a POST /api/v1/cases/{id}/accept for a case it submitted. Every request has its own
-- Idempotency-Key. The token comes from the environment (KOMEK_TOKEN).
local token = os.getenv("KOMEK_TOKEN")
local counter = 0
local pending = {}
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

local family = '{"territory": "334820000", "application_date": "2026-03-02", "members": [{"iin": "900101300811", "birth_date": "1990-01-01", "relation": "applicant"}], "facts": [{"type": "natural_disaster", "date": "2026-02-20"}]}'

function request()
  counter = counter + 1
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. tostring(tid) .. "-" .. tostring(counter) .. "-" .. tostring(os.time())
  }
  local id = table.remove(pending)
  if id then
    return wrk.format("POST", "/api/v1/cases/" .. id .. "/accept", headers, "{}")
  end
  local body = '{"channel": "authorized_body", "pack": "koksu-local", "programmes": ["disaster_help"], "family": ' .. family .. '}'
  return wrk.format("POST", "/api/v1/cases", headers, body)
end

function response(status, headers, body)
  if status == 201 then
    local id = string.match(body, '"id":"([0-9a-f]+)"')
    if id then table.insert(pending, id) end
  elseif status ~= 200 then
    io.stderr:write("unexpected status " .. status .. ": " .. string.sub(body, 1, 200) .. "\n")
  end
end
