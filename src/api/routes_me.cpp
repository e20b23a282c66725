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
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "api/router.hpp"
#include "work/actor.hpp"
#include "work/journal.hpp"
#include "work/request.hpp"
#include "work/runner.hpp"
#include "cases/messages.hpp"
#include "cases/registry_prefill.hpp"
#include "cases/store.hpp"
#include "cases/users.hpp"

namespace komek::api {
namespace {

// Rows shown, newest first. Not a legal figure: a page size [configurable here].
constexpr std::size_t kAccessLogRows = 500;

}  // namespace

RouteModule me_routes(cases::CaseStore& store, cases::UserStore& users, cases::RegistryPrefill& prefill,
                      work::Clock& clock) {
  return [&store, &users, &prefill, &clock](Router& router) {
    cases::ensure_cases_messages();

    router.add(
        "GET", "/api/v1/me/access-log",
        "Who read my personal data: the access-log rows about the caller (actor, their role, what, route, when), "
        "newest first; this read is logged too (RELIABILITY S3)",
        reads({cases::Role::kApplicant}, "applicants: rows about their own IIN only"), {},
        [&store, &users](Context& ctx) -> Result<HttpResponse> {
          if (ctx.actor.iin.empty()) return json_response(200, json{{"entries", json::array()}}.dump());
          const std::string subject = work::subject_of(ctx.actor.iin);
          KOMEK_CHECK(store.transact([&](cases::CaseTransaction& tx) {
            return tx.log_access(work::AccessRecord{"", ctx.actor.login, subject, "access-log",
                                                     "GET /api/v1/me/access-log", ctx.actor.client, false});
          }));
          KOMEK_TRY(rows, store.access_log_of(subject, kAccessLogRows));
          // The reader's role and name, so the person sees "an officer, А. Серікова", not a login.
          std::map<std::string, std::optional<cases::User>> readers;
          json list = json::array();
          for (const auto& r : rows) {
            auto [it, fresh] = readers.try_emplace(r.actor);
            if (fresh) {
              KOMEK_TRY(u, users.find_user(r.actor));
              it->second = std::move(u);
            }
            const auto& who = it->second;
            list.push_back({{"at", r.at},
                            {"actor", r.actor},
                            {"actor_role", who ? json(std::string(cases::role_name(who->role))) : json(nullptr)},
                            {"actor_name", who && !who->full_name.empty() ? json(who->full_name) : json(nullptr)},
                            {"record", r.record},
                            {"route", r.route},
                            {"denied", r.denied}});
          }
          return json_response(200, json{{"entries", list}, {"limit", kAccessLogRows}}.dump());
        });

    router.add(
        "GET", "/api/v1/me/registry-prefill",
        "The caller's family as the state information systems show it today (SPEC §4, 004 §7): the family "
        "format POST /api/v1/cases takes, members' names, the documents to bring where the systems have no data "
        "(001 §11) and the 004 §7-1 checks; each member's read is logged under that member (RELIABILITY S3)",
        reads({cases::Role::kApplicant}, "applicants: their own family, found by the IIN of their account"), {},
        [&store, &prefill, &clock](Context& ctx) -> Result<HttpResponse> {
          // The registries are asked by IIN: an account without one has no family to find.
          if (ctx.actor.iin.empty()) return fail(ErrorCode::kUnknownValue, "case.prefill_without_iin");
          KOMEK_TRY(applicant, Iin::parse(ctx.actor.iin));
          const Date today = clock.now_local().date;
          KOMEK_TRY(answer, prefill.prefill(applicant, today));
          KOMEK_CHECK(store.transact([&](cases::CaseTransaction& tx) -> Result<void> {
            for (const auto& iin : answer.iins)
              if (auto ok = tx.log_access(work::AccessRecord{"", ctx.actor.login, work::subject_of(iin), "registry-prefill",
                                                              "GET /api/v1/me/registry-prefill", ctx.actor.client, false});
                  !ok)
                return ok;
            return {};
          }));
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
