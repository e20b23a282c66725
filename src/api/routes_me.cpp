// The applicant's own views that are not a case (issue 8 item 1): "who read my data" — the
// personal-data access log rows whose subject is the digest of the caller's IIN (RELIABILITY
// S3; the Law on personal data gives the subject the right to know who processed their data).
// Reading the log is itself a read of personal data, so it is logged first, in its own
// transaction, and therefore shows in the answer.
//
// And the pre-filled application (issue 8 item 2; SPEC §4, 004 §7): the family the state
// information systems show for the caller today, in the family format POST /api/v1/cases takes,
// with what they lack (the documents to bring, 001 §11) and the portal checks of 004 §7-1.
// Every member's data read is logged under that member, so that a spouse sees in their own
// log that the applicant's pre-fill read it.
#include <string>

#include <nlohmann/json.hpp>

#include "api/router.hpp"
#include "api/routes.hpp"
#include "cases/me_service.hpp"
#include "cases/users.hpp"

namespace komek::api {

RouteModule me_routes(cases::MeService& me) {
  return [&me](Router& router) {

    router.add(
        "GET", "/api/v1/me/access-log",
        "Who read my personal data: the access-log rows about the caller (actor, their role, what, route, when), "
        "newest first; this read is logged too (RELIABILITY S3)",
        reads({cases::Role::kApplicant}, "applicants: rows about their own IIN only"), {},
        [&me](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(entries, me.access_log(ctx.actor));
          json list = json::array();
          for (const auto& e : entries) {
            const auto& r = e.record;
            const auto& who = e.reader;
            list.push_back({{"at", r.at},
                            {"actor", r.actor},
                            {"actor_role", who ? json(std::string(cases::role_name(who->role))) : json(nullptr)},
                            {"actor_name", who && !who->full_name.empty() ? json(who->full_name) : json(nullptr)},
                            {"record", r.record},
                            {"route", r.route},
                            {"denied", r.denied}});
          }
          return json_response(200, json{{"entries", list}, {"limit", cases::kAccessLogRowsMax}}.dump());
        });

    router.add(
        "GET", "/api/v1/me/registry-prefill",
        "The caller's family as the state information systems show it today (SPEC §4, 004 §7): the family "
        "format POST /api/v1/cases takes, members' names, the documents to bring where the systems have no data "
        "(001 §11) and the 004 §7-1 checks; each member's read is logged under that member (RELIABILITY S3)",
        reads_personal({cases::Role::kApplicant}, "applicants: their own family, found by the IIN of their account"), {},
        [&me](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(answer, me.prefill(ctx.actor));
          return json_response(200, json{{"taken_at", answer.taken_at},
                                         {"family", json::parse(answer.family_json)},
                                         {"names", answer.names},
                                         {"no_data", answer.no_data},
                                         {"family_has_tsa", answer.facts.family_has_tsa},
                                         {"members_in_one_settlement", answer.facts.members_in_one_settlement}}
                                        .dump());
        });
  };
}

}  // namespace komek::api
