#include "store/pg_native.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <memory>

namespace komek::store::pg {
namespace {

PGconn* connection_of(soci::session& sql) {
  return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_;
}

using PgResult = std::unique_ptr<PGresult, void (*)(PGresult*)>;

bool succeeded(const PgResult& r) {
  const auto status = PQresultStatus(r.get());
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

}  // namespace

bool is_postgresql(soci::session& sql) {
  return sql.get_backend_name() == "postgresql";
}

void exec_script(soci::session& sql, const std::string& script) {
  PGconn* conn = connection_of(sql);
  const PgResult result(PQexec(conn, script.c_str()), PQclear);
  if (succeeded(result)) return;
  const std::string what = PQerrorMessage(conn);
  PQclear(PQexec(conn, "ROLLBACK"));
  throw soci::soci_error("postgresql: " + what);
}

Rows exec_params(soci::session& sql, std::string_view query, const std::vector<Param>& params,
                 bool binary_result) {
  PGconn* conn = connection_of(sql);
  const std::string text(query);                  // libpq wants terminated strings:
  std::vector<std::string> texts(params.size());  // the query and every text parameter
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size());
  std::vector<int> formats(params.size());
  for (std::size_t k = 0; k < params.size(); ++k) {
    if (params[k].bytes) {
      values[k] = params[k].value.data();
      lengths[k] = static_cast<int>(params[k].value.size());
      formats[k] = 1;
      continue;
    }
    texts[k] = std::string(params[k].value);
    values[k] = texts[k].c_str();
    formats[k] = 0;
  }
  const PgResult result(PQexecParams(conn, text.c_str(), static_cast<int>(params.size()), nullptr,
                                     values.data(), lengths.data(), formats.data(), binary_result ? 1 : 0),
                        PQclear);
  if (!succeeded(result)) throw soci::soci_error(std::string("postgresql: ") + PQerrorMessage(conn));
  Rows rows;
  for (int r = 0; r < PQntuples(result.get()); ++r) {
    std::vector<std::string> row;
    for (int c = 0; c < PQnfields(result.get()); ++c)
      row.emplace_back(PQgetvalue(result.get(), r, c),
                       static_cast<std::size_t>(PQgetlength(result.get(), r, c)));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace komek::store::pg
