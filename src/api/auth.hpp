// Sign-in and sessions: argon2id password hashes (libsodium), random 256-bit session
// tokens stored only as SHA-256 digests, idle and absolute timeouts, throttling of wrong
// passwords without a permanent lock-out (RELIABILITY S4, S5).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "api/sign_in_limits.hpp"
#include "cases/users.hpp"
#include "core/result.hpp"

namespace komek::api {

struct AuthConfig {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 60 * 60};
  // Attempts of one login from one client address before it waits; then each further attempt
  // waits longer: 30 s, 60 s, 120 s … capped at 15 min (S5). Throttled, never locked.
  int attempts_before_throttle = 5;
  // Attempts of one login from all addresses together: a higher bound, so that a real user
  // at their own address is not kept out by someone guessing elsewhere, while guessing
  // spread over many addresses is still slowed down.
  int attempts_per_login_before_throttle = 50;
  std::chrono::seconds throttle_base{30};
  std::chrono::seconds throttle_max{15 * 60};
  SignInLimitsConfig limits;
};

// Wall-clock instants for sessions (UTC); injected so tests control time.
class InstantClock {
 public:
  virtual ~InstantClock() = default;
  virtual std::chrono::sys_seconds now() = 0;
};

std::string iso_utc(std::chrono::sys_seconds t);
std::optional<std::chrono::sys_seconds> parse_iso_utc(const std::string& s);

Result<std::string> hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);
// Refuses passwords under 12 characters or among the most common ones.
Result<void> check_password_policy(const std::string& password);
std::string random_token();        // 32 random bytes, base64url
std::string token_digest(const std::string& token);

struct SignedIn {
  std::string token;
  cases::User user;
};

class Authenticator {
 public:
  Authenticator(cases::UserStore& users, InstantClock& clock, AuthConfig config = {})
      : users_(users), clock_(clock), config_(config), limits_(config.limits) {}

  // Refused before any password is hashed when the address or everyone is over the limits
  // or the login is throttled (kTooManyRequests, {seconds}); an unknown login is counted and
  // throttled as a known one. `client_address` is the caller's (empty: not known).
  Result<SignedIn> sign_in(const std::string& login, const std::string& password,
                           const std::string& client_address = "");
  // The user behind a token, or kUnauthorized (expired, revoked, disabled, unknown).
  Result<cases::User> authenticate(const std::string& token);
  Result<void> sign_out(const std::string& token);

 private:
  cases::UserStore& users_;
  InstantClock& clock_;
  AuthConfig config_;
  SignInLimits limits_;
};

}  // namespace komek::api
