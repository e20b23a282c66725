#include "api/auth.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <sstream>

#include <date/date.h>

#include "core/date.hpp"
#include <sodium.h>

namespace komek::api {
namespace {

tl::unexpected<Error> unauthorized() { return fail(ErrorCode::kUnauthorized, "http.unauthorized"); }

bool sodium_ready() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

}  // namespace

std::string iso_utc(std::chrono::sys_seconds t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

std::optional<std::chrono::sys_seconds> parse_iso_utc(const std::string& s) {
  // "YYYY-MM-DDTHH:MM:SSZ", as iso_utc() writes it.
  if (s.size() != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return std::nullopt;
  auto day = Date::parse(s.substr(0, 10));
  auto hm = TimeOfDay::parse(s.substr(11, 5));
  if (!day || !hm || !std::isdigit(static_cast<unsigned char>(s[17])) || !std::isdigit(static_cast<unsigned char>(s[18])))
    return std::nullopt;
  const int seconds = (s[17] - '0') * 10 + (s[18] - '0');
  return std::chrono::sys_seconds{std::chrono::seconds{static_cast<std::int64_t>(day->days_since_epoch()) * 86400 +
                                                        hm->minutes() * 60 + seconds}};
}

Result<std::string> hash_password(const std::string& password) {
  if (!sodium_ready()) return fail(ErrorCode::kInternal, "internal.error", {{"correlation_id", "sodium"}});
  char out[crypto_pwhash_STRBYTES];
  // INTERACTIVE limits: about 0.1 s and 64 MiB here (STACK.md §4).
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return fail(ErrorCode::kInternal, "internal.error", {{"correlation_id", "pwhash"}});
  return std::string(out);
}

bool verify_password(const std::string& hash, const std::string& password) {
  if (!sodium_ready() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Result<void> check_password_policy(const std::string& password) {
  // ASVS 6.2: at least 12 characters, long ones accepted, common ones refused.
  static const std::array<std::string_view, 24> kCommon = {
      "123456789012", "password1234", "qwertyuiop12", "111111111111", "000000000000", "123123123123",
      "password123!", "qwerty123456", "iloveyou1234", "admin1234567", "welcome12345", "abc123456789",
      "passw0rd1234", "1q2w3e4r5t6y", "zaq12wsxcde3", "komek1234567", "qazwsxedcrfv", "letmein12345",
      "monkey123456", "dragon123456", "sunshine1234", "princess1234", "football1234", "baseball1234"};
  if (password.size() < 12) return invalid("auth.password_too_short");
  if (password.size() > 1024) return invalid("auth.password_too_long");
  std::string lower;
  for (char c : password) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (std::find(kCommon.begin(), kCommon.end(), lower) != kCommon.end()) return invalid("auth.password_common");
  return {};
}

std::string random_token() {
  sodium_ready();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string token_digest(const std::string& token) {
  sodium_ready();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

namespace {

// A throttle's answer: how many seconds are left.
Error throttled(const Error& claimed, std::chrono::sys_seconds now) {
  long long seconds = 1;
  if (auto until = parse_iso_utc(claimed.param("until"))) seconds = std::max(1LL, static_cast<long long>((*until - now).count()));
  return Error(ErrorCode::kTooManyRequests, "auth.throttled", {{"seconds", std::to_string(seconds)}});
}

}  // namespace

Result<SignedIn> Authenticator::sign_in(const std::string& login, const std::string& password,
                                        const std::string& client_address) {
  const auto now = clock_.now();
  // Cheap refusals first, before the database and before any hashing (finding 5).
  KOMEK_CHECK(limits_.admit(client_address, now));
  // The counters are keyed by digests whether or not the login exists: an unknown login is
  // throttled exactly as a known one, and the table holds no readable login or address.
  auto claim = [&](std::string key, int limit) {
    cases::AttemptClaim c{std::move(key), limit, {}};
    for (std::size_t step = 0; step < c.throttled_until_by_step.size(); ++step)
      c.throttled_until_by_step[step] = iso_utc(now + std::min(config_.throttle_base * (1 << step), config_.throttle_max));
    return c;
  };
  const std::vector<cases::AttemptClaim> claims = {
      claim("pair:" + token_digest(login + "\n" + client_address), config_.attempts_before_throttle),
      claim("login:" + token_digest(login), config_.attempts_per_login_before_throttle)};
  if (auto claimed = users_.claim_sign_in_attempt(claims, iso_utc(now)); !claimed) {
    if (claimed.error().code == ErrorCode::kTooManyRequests) return tl::unexpected(throttled(claimed.error(), now));
    return tl::unexpected(claimed.error());
  }
  KOMEK_TRY(user, users_.find_user(login));
  // argon2id runs in one of a bounded number of slots, so that a flood waits (or is refused)
  // instead of taking every thread that serves requests.
  KOMEK_TRY(slot, limits_.hashing_slot());
  (void)slot;  // held until the check is done
  if (!user || user->disabled || !cases::check_account(*user, true)) {
    // The same answer (and about the same time) for an unknown login as for a wrong password;
    // an account that is not valid (an applicant without an IIN, staff without a territory)
    // signs in as nobody.
    static const std::string dummy = hash_password(random_token()).value_or("");
    (void)verify_password(dummy, password);
    return fail(ErrorCode::kUnauthorized, "auth.bad_credentials");
  }
  if (!verify_password(user->password_hash, password)) return fail(ErrorCode::kUnauthorized, "auth.bad_credentials");
  cases::Session s;
  SignedIn out{random_token(), *user};
  s.token_hash = token_digest(out.token);
  s.login = login;
  s.created_at = iso_utc(now);
  s.last_seen_at = s.created_at;
  s.expires_at = iso_utc(now + config_.absolute_timeout);
  KOMEK_CHECK(users_.create_session(s, {claims[0].key, claims[1].key}));
  return out;
}

Result<cases::User> Authenticator::authenticate(const std::string& token) {
  if (token.empty() || token.size() > 128) return unauthorized();
  const std::string digest = token_digest(token);
  KOMEK_TRY(session, users_.find_session(digest));
  if (!session || (session)->revoked) return unauthorized();
  const auto now = clock_.now();
  const auto expires = parse_iso_utc((session)->expires_at);
  const auto seen = parse_iso_utc((session)->last_seen_at);
  if (!expires || !seen || *expires <= now || *seen + config_.idle_timeout <= now) return unauthorized();
  KOMEK_TRY(user, users_.find_user((session)->login));
  if (!user || (user)->disabled) return unauthorized();
  // Refresh the idle clock at most once a minute: reads stay reads.
  if (*seen + std::chrono::seconds(60) <= now)
    KOMEK_CHECK(users_.touch_session(digest, iso_utc(now)));
  return *user;
}

Result<void> Authenticator::sign_out(const std::string& token) { return users_.revoke_session(token_digest(token)); }

}  // namespace komek::api
