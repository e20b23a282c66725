// The SPEC §13 journals over the reports module: registration (form 3), portal (3.1) and the
// electronic TSA journal (004 Appendix 3-1), as JSON or CSV. Every row holds an applicant's
// IIN and name, so each case listed is in the personal-data access log (S3).
#include <nlohmann/json.hpp>

#include "api/router.hpp"
#include "api/routes.hpp"
#include "cases/service.hpp"
#include "reports/csv.hpp"
#include "reports/journals.hpp"

namespace komek::api {

RouteModule report_routes(cases::CaseService& service) {
  return [&service](Router& r) {
    r.add("GET", "/api/v1/journal",
          "Journals: registration (3), portal (3.1), the electronic TSA journal (004 App 3-1); CSV or JSON",
          reads_personal(roles::kStaff, "staff of the territory"), {}, [&service](Context& ctx) -> Result<HttpResponse> {
            const std::string asked = ctx.request.param("kind");
            KOMEK_TRY(kind, reports::parse_journal_kind(asked.empty() ? "registration" : asked));
            cases::CaseFilter f;
            f.limit = 500;
            KOMEK_TRY(list, service.read_all(ctx.actor, f, "GET /api/v1/journal"));
            const reports::Table table =
                reports::journal_table(kind, list, [&service](const cases::Case& c) { return service.workflow().is_tsa(c); });
            const std::string name(reports::journal_kind_name(kind));
            if (ctx.request.param("format") != "csv") {
              json rows = json::array();
              for (const auto& row : table.rows) {
                json j = json::object();
                for (std::size_t i = 0; i < table.columns.size(); ++i) j[table.columns[i]] = row[i];
                rows.push_back(std::move(j));
              }
              return json_response(200, json{{"journal", name}, {"columns", table.columns}, {"rows", rows}}.dump());
            }
            HttpResponse csv = json_response(200, reports::write_csv(table));
            csv.content_type = "text/csv; charset=utf-8";
            csv.headers.emplace_back("Content-Disposition", "attachment; filename=\"journal-" + name + ".csv\"");
            return csv;
          });
  };
}

}  // namespace komek::api
