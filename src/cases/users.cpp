#include "cases/users.hpp"

#include <nlohmann/json.hpp>

#include "core/iin.hpp"

namespace komek::cases {

std::string_view role_name(Role r) {
  switch (r) {
    case Role::kOfficer: return "officer";
    case Role::kConsultant: return "consultant";
    case Role::kAkimOfficer: return "akim_officer";
    case Role::kCommissionMember: return "commission_member";
    case Role::kStateCorporationOperator: return "state_corporation_operator";
    case Role::kAuditor: return "auditor";
    case Role::kApplicant: return "applicant";
    case Role::kThirdParty: return "third_party";
  }
  return "officer";
}

std::optional<Role> parse_role(std::string_view s) {
  for (Role r : {Role::kOfficer, Role::kConsultant, Role::kAkimOfficer, Role::kCommissionMember,
                 Role::kStateCorporationOperator, Role::kAuditor, Role::kApplicant, Role::kThirdParty})
    if (role_name(r) == s) return r;
  return std::nullopt;
}

bool acts_for_itself(Role r) { return r == Role::kApplicant || r == Role::kThirdParty; }

Result<Scope> check_account(const User& user, bool wide_scope_granted) {
  if (acts_for_itself(user.role)) {
    // Fail closed: an applicant without an IIN would match every "own records" filter that
    // treats an empty IIN as "any" (issue 13 finding 2).
    if (user.iin.empty()) {
      Error e(ErrorCode::kInvalidInput, "user.iin_required", {{"role", std::string(role_name(user.role))}});
      e.field = "iin";
      return tl::unexpected(e);
    }
    if (auto iin = Iin::parse(user.iin); !iin) {
      Error e = iin.error();
      e.field = "iin";
      return tl::unexpected(e);
    }
    if (!user.territory.empty()) {
      Error e(ErrorCode::kInvalidInput, "user.territory_not_for_role", {{"role", std::string(role_name(user.role))}});
      e.field = "territory";
      return tl::unexpected(e);
    }
    return Scope::national();
  }
  auto scope = Scope::parse(user.territory);
  if (!scope) {
    Error e = scope.error();
    e.field = "territory";
    return tl::unexpected(e);
  }
  if (scope->wide() && !wide_scope_granted) {
    Error e(ErrorCode::kInvalidInput, "user.wide_scope_not_granted", {{"territory", scope->stored()}});
    e.field = "territory";
    return tl::unexpected(e);
  }
  return *scope;
}

AuditEntry account_audit(const User& user, const std::string& actor, const std::string& action,
                         const std::string& reason) {
  nlohmann::json after{{"login", user.login},
                       {"role", std::string(role_name(user.role))},
                       {"territory", user.territory},
                       {"full_name", user.full_name},
                       {"subject", user.iin.empty() ? std::string() : subject_of(user.iin)},
                       {"disabled", user.disabled},
                       {"reason", reason}};
  return AuditEntry{"", actor, action, "user", user.login, "", after.dump()};
}

}  // namespace komek::cases
