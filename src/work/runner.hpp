// The one idempotent runner every module's commands go through (RELIABILITY R3): inside the
// command's transaction, the outcome stored for (principal, key) is returned again; the same
// key with another body is a 422; otherwise the command runs and its outcome is stored with
// the key, committed or rolled back together with the command.
#pragma once

#include <functional>
#include <string>

#include "core/result.hpp"
#include "work/journal.hpp"
#include "work/request.hpp"

namespace komek::work {

struct Response {
  int status = 200;
  std::string body;   // JSON
};

Result<Response> idempotent(Journal& tx, const std::string& principal, const RequestKey& request,
                            const std::function<Result<Response>()>& work);

}  // namespace komek::work
