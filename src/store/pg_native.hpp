// libpq, on the SOCI session's own connection and in its transaction, for what SOCI 4.0 cannot
// do on PostgreSQL: binary columns (SOCI's blob is a large object, not BYTEA) and scripts of
// several statements (the migrations). Everything that speaks to libpq directly goes through
// this file; a failure throws soci::soci_error, as a failure inside SOCI does.
//
//   pg::Rows rows = pg::exec_params(sql, kSelectDocumentContent, {{id}}, pg::kBinaryResult);
//
// Internal to store/: brings in neither <libpq-fe.h> nor SOCI.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace soci {
class session;
}

namespace komek::store::pg {

// Whether the session is on PostgreSQL.
bool is_postgresql(soci::session& sql);

// Runs a script of several statements in one round trip; on failure rolls the session's
// transaction back and throws.
void exec_script(soci::session& sql, const std::string& script);

// A parameter of exec_params(): text, or bytes sent as a binary BYTEA value.
struct Param {
  std::string_view value;
  bool bytes = false;
};
using Rows = std::vector<std::vector<std::string>>;

// Every column comes back in PostgreSQL's binary form: raw bytes for BYTEA. Only for
// statements whose columns are all binary-safe to read as bytes (the content alone).
inline constexpr bool kBinaryResult = true;

// Runs one statement with parameters $1, $2, … and returns its rows, every value as bytes
// (text columns in their text form unless `binary_result`).
Rows exec_params(soci::session& sql, std::string_view query, const std::vector<Param>& params,
                 bool binary_result = false);

}  // namespace komek::store::pg
