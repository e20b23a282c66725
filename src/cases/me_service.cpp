#include "cases/me_service.hpp"

#include <map>

#include "core/iin.hpp"

namespace komek::cases {

Result<std::vector<AccessLogEntry>> MeService::access_log(const Actor& actor) {
  std::vector<AccessLogEntry> out;
  if (actor.iin.empty()) return out;
  const std::string subject = subject_of(actor.iin);
  KOMEK_CHECK(cases_.transact([&](CaseTransaction& tx) {
    return tx.log_access(AccessRecord{"", actor.login, subject, "access-log", "GET /api/v1/me/access-log", actor.client, false});
  }));
  KOMEK_TRY(rows, cases_.access_log_of(subject, kAccessLogRowsMax));
  std::map<std::string, std::optional<User>> readers;
  for (auto& r : rows) {
    auto [it, fresh] = readers.try_emplace(r.actor);
    if (fresh) KOMEK_ASSIGN(it->second, users_.find_user(r.actor));
    out.push_back(AccessLogEntry{std::move(r), it->second});
  }
  return out;
}

Result<PrefillAnswer> MeService::prefill(const Actor& actor) {
  // The registries are asked by IIN: an account without one has no family to find.
  if (actor.iin.empty()) return fail(ErrorCode::kUnknownValue, "case.prefill_without_iin");
  KOMEK_TRY(applicant, Iin::parse(actor.iin));
  const Date today = clock_.now_local().date;
  KOMEK_TRY(answer, prefill_.prefill(applicant, today));
  KOMEK_CHECK(cases_.transact([&](CaseTransaction& tx) -> Result<void> {
    for (const auto& iin : answer.iins)
      KOMEK_CHECK(tx.log_access(AccessRecord{"", actor.login, subject_of(iin), "registry-prefill",
                                             "GET /api/v1/me/registry-prefill", actor.client, false}));
    return {};
  }));
  return std::move(answer);
}

}  // namespace komek::cases
