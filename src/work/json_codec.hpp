// A Codec (work/outcome.hpp) from a module's JSON reader and writer of a value: the document
// is the JSON text; a document that does not read back is an error value, never an exception.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "work/outcome.hpp"

namespace komek::work {

template <typename T>
Codec<T> json_codec(std::function<nlohmann::json(const T&)> write, std::function<Result<T>(const nlohmann::json&)> read) {
  return Codec<T>{[write](const T& v) { return write(v).dump(); },
                  [read](std::string_view text) -> Result<T> {
                    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
                    // A kept outcome that no longer reads (a record written before an upgrade
                    // changed the value's form) is refused as a conflict: the request was
                    // done; the client reads the resource instead of replaying it.
                    if (j.is_discarded()) return fail(ErrorCode::kConflict, "http.idempotency_record_unreadable");
                    auto v = read(j);
                    if (!v) return fail(ErrorCode::kConflict, "http.idempotency_record_unreadable");
                    return v;
                  }};
}

}  // namespace komek::work
