#include "cases/users.hpp"

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

}  // namespace komek::cases
