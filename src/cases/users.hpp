// Users, roles and sessions (SPEC §1): each user has a role and a territory; sessions are
// random tokens stored only as digests. The port is implemented by store/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace komek::cases {

// The roles of SPEC §1. When adding one, also update role_name() and the route policies.
enum class Role {
  kOfficer,                  // authorized body officer (уәкілетті орган маманы)
  kConsultant,               // employment centre consultant
  kAkimOfficer,              // akim's office of a settlement, village or rural district
  kCommissionMember,         // district or special commission
  kStateCorporationOperator, // State Corporation one window
  kAuditor,                  // reads everything in the territory, changes nothing
  kApplicant,                // a citizen, for their own family
  kThirdParty,               // asks, with consent, whether a family receives TSA
};
std::string_view role_name(Role r);
std::optional<Role> parse_role(std::string_view s);

struct User {
  std::string login;
  std::string password_hash;  // argon2id, libsodium's encoded form
  Role role = Role::kOfficer;
  std::string territory;      // KATO prefix: "3348" = Koksu district; "" = the whole country
  std::string full_name;
  std::string iin;            // applicants and third parties: their own
  bool disabled = false;
  int failed_logins = 0;
  std::string locked_until;   // UTC ISO instant; empty when not throttled
};

struct Session {
  std::string token_hash;
  std::string login;
  std::string created_at;     // UTC ISO instants
  std::string last_seen_at;
  std::string expires_at;
  bool revoked = false;
};

class UserStore {
 public:
  virtual ~UserStore() = default;
  virtual Result<std::optional<User>> find_user(std::string_view login) = 0;
  virtual Result<void> put_user(const User& user) = 0;        // insert or replace
  virtual Result<std::size_t> count_users() = 0;
  virtual Result<void> record_login_failure(std::string_view login, int failed, std::string_view locked_until) = 0;
  virtual Result<void> create_session(const Session& session, int failed_logins_reset) = 0;
  virtual Result<std::optional<Session>> find_session(std::string_view token_hash) = 0;
  virtual Result<void> touch_session(std::string_view token_hash, std::string_view at) = 0;
  virtual Result<void> revoke_session(std::string_view token_hash) = 0;
};

}  // namespace komek::cases
