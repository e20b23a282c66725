// Users, roles and sessions (SPEC §1): each user has a role and a territory; sessions are
// random tokens stored only as digests. The port is implemented by store/.
#pragma once

#include <optional>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "cases/kernel.hpp"
#include "core/result.hpp"
#include "core/territory.hpp"

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
  // Staff: the Scope's stored form — a KATO prefix ("3348" = Koksu district), a region's
  // ("33"), or "national"; never empty. Applicants and third parties: empty.
  std::string territory;
  std::string full_name;
  std::string iin;            // applicants and third parties: their own
  bool disabled = false;
};

// Whether a role acts for itself (its own records, found by its IIN) rather than for a territory.
bool acts_for_itself(Role r);

// Checks an account before it is saved or used (issue 13 findings 2 and 3): an applicant or a
// third party carries a valid IIN of their own; staff carry a valid Scope, and a region-wide
// or national one only when `wide_scope_granted` (an administrator's explicit grant, audited
// by the caller). The Scope of a staff account is returned (national() for self-acting roles,
// whose lists are bounded by their IIN instead).
Result<Scope> check_account(const User& user, bool wide_scope_granted);

// The audit record of an account's change: what it now is (never its password hash or its
// IIN, only the IIN's digest), who changed it and why.
AuditEntry account_audit(const User& user, const std::string& actor, const std::string& action,
                         const std::string& reason);

struct Session {
  std::string token_hash;
  std::string login;
  std::string created_at;     // UTC ISO instants
  std::string last_seen_at;
  std::string expires_at;
  bool revoked = false;
};

// One counter of sign-in attempts (issue 13 finding 5): a key (a digest, never a readable
// login or address), the attempts it allows before it is throttled, and the instant the
// throttle ends at each further step (UTC ISO; the wait grows with each step and is capped,
// so nobody is locked out for good).
struct AttemptClaim {
  std::string key;
  int attempts_before_throttle = 5;
  // Step 0 is the attempt that reaches the limit; steps past the last keep the last wait.
  std::array<std::string, 6> throttled_until_by_step;
};

class UserStore {
 public:
  virtual ~UserStore() = default;
  virtual Result<std::optional<User>> find_user(std::string_view login) = 0;
  // Inserts or replaces an account with its audit record, in one transaction. A change of the
  // password, role, territory, IIN or a disabling ends the account's sessions (issue 13
  // finding 7): whoever held them must sign in again under the account as it now is.
  virtual Result<void> put_user(const User& user, const AuditEntry& audit) = 0;
  virtual Result<std::size_t> count_users() = 0;
  // Claims one attempt on every key at once, atomically (one transaction; a concurrent claim
  // waits or sees this one): refused with auth.throttled {seconds} and nothing counted when a
  // key is throttled at `now`. So N parallel attempts get at most the allowed number of real
  // password checks, whoever sends them.
  virtual Result<void> claim_sign_in_attempt(const std::vector<AttemptClaim>& claims, std::string_view now) = 0;
  // A session begins; the attempt counters of `cleared_keys` start again.
  virtual Result<void> create_session(const Session& session, const std::vector<std::string>& cleared_keys) = 0;
  virtual Result<std::optional<Session>> find_session(std::string_view token_hash) = 0;
  virtual Result<void> touch_session(std::string_view token_hash, std::string_view at) = 0;
  virtual Result<void> revoke_session(std::string_view token_hash) = 0;
};

}  // namespace komek::cases
