#include "store/user_store.hpp"

#include <soci/soci.h>

#include "store/case_store.hpp"
#include "store/journal_sql.hpp"

namespace komek::store {
namespace {

using cases::Session;
using cases::User;

class SqliteUserStore final : public cases::UserStore {
 public:
  explicit SqliteUserStore(Database& db) : db_(db) {}

  Result<std::optional<User>> find_user(std::string_view login) override {
    std::optional<User> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      User u;
      std::string role;
      soci::indicator iin_ind = soci::i_null;
      int disabled = 0;
      const std::string key(login);
      sql << "SELECT login, password_hash, role, territory, full_name, iin, disabled FROM users WHERE login = :l",
          soci::use(key), soci::into(u.login), soci::into(u.password_hash), soci::into(role), soci::into(u.territory),
          soci::into(u.full_name), soci::into(u.iin, iin_ind), soci::into(disabled);
      if (!sql.got_data()) return {};
      auto parsed = cases::parse_role(role);
      if (!parsed) return fail(ErrorCode::kInternal, "store.corrupt", {{"what", "role " + role}});
      u.role = *parsed;
      if (iin_ind != soci::i_ok) u.iin.clear();
      u.disabled = disabled != 0;
      out = std::move(u);
      return {};
    }));
    return out;
  }

  Result<void> put_user(const User& u, const work::AuditEntry& audit) override {
    return db_.write([&](soci::session& sql) -> Result<void> {
      const std::string role(cases::role_name(u.role));
      const int disabled = u.disabled ? 1 : 0;
      soci::indicator iin_ind = u.iin.empty() ? soci::i_null : soci::i_ok;
      const std::string created = now_utc();
      // What the account was, to know whether its sessions must end.
      std::string old_hash, old_role, old_territory, old_iin;
      int old_disabled = 0;
      soci::indicator old_iin_ind = soci::i_null;
      sql << "SELECT password_hash, role, territory, iin, disabled FROM users WHERE login = :l", soci::use(u.login),
          soci::into(old_hash), soci::into(old_role), soci::into(old_territory), soci::into(old_iin, old_iin_ind),
          soci::into(old_disabled);
      const bool existed = sql.got_data();
      if (old_iin_ind != soci::i_ok) old_iin.clear();
      const bool security_changed = existed && (old_hash != u.password_hash || old_role != role ||
                                                old_territory != u.territory || old_iin != u.iin ||
                                                old_disabled != disabled);
      sql << "INSERT INTO users (login, password_hash, role, territory, full_name, iin, disabled, failed_logins, created_at) "
             "VALUES (:l, :h, :r, :t, :n, :i, :d, 0, :c) "
             "ON CONFLICT (login) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role, "
             "territory = excluded.territory, full_name = excluded.full_name, iin = excluded.iin, disabled = excluded.disabled",
          soci::use(u.login), soci::use(u.password_hash), soci::use(role), soci::use(u.territory), soci::use(u.full_name),
          soci::use(u.iin, iin_ind), soci::use(disabled), soci::use(created);
      if (security_changed || u.disabled) sql << "UPDATE sessions SET revoked = 1 WHERE login = :l", soci::use(u.login);
      return journal::audit(sql, audit);
    });
  }

  Result<std::size_t> count_users() override {
    long long n = 0;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      sql << "SELECT COUNT(*) FROM users", soci::into(n);
      return {};
    }));
    return static_cast<std::size_t>(n);
  }

  Result<void> claim_sign_in_attempt(const std::vector<cases::AttemptClaim>& claims, std::string_view now) override {
    const std::string at(now);
    return db_.write([&](soci::session& sql) -> Result<void> {
      for (const auto& claim : claims) {
        sql << "INSERT INTO sign_in_attempts (attempt_key, attempts, throttled_until) VALUES (:k, 0, NULL) "
               "ON CONFLICT (attempt_key) DO NOTHING",
            soci::use(claim.key);
        // The throttle step is chosen in the statement from the row as it is when the row
        // lock is held, so two claims can never both see "under the limit". Each placeholder
        // appears once (bound in order): attempt numbers limit+0 … limit+4 take their step's
        // instant, later ones the last (capped) one.
        const auto& u = claim.throttled_until_by_step;
        const int limit = claim.attempts_before_throttle;
        const int a0 = limit, a1 = limit + 1, a2 = limit + 2, a3 = limit + 3, a4 = limit + 4, a5 = limit + 5;
        int attempts = 0;
        sql << "UPDATE sign_in_attempts SET attempts = attempts + 1, throttled_until = CASE "
               "WHEN attempts + 1 = :a0 THEN :u0 WHEN attempts + 1 = :a1 THEN :u1 WHEN attempts + 1 = :a2 THEN :u2 "
               "WHEN attempts + 1 = :a3 THEN :u3 WHEN attempts + 1 = :a4 THEN :u4 WHEN attempts + 1 >= :a5 THEN :u5 "
               "ELSE NULL END "
               "WHERE attempt_key = :k AND (throttled_until IS NULL OR throttled_until <= :now) RETURNING attempts",
            soci::use(a0), soci::use(u[0]), soci::use(a1), soci::use(u[1]), soci::use(a2), soci::use(u[2]),
            soci::use(a3), soci::use(u[3]), soci::use(a4), soci::use(u[4]), soci::use(a5), soci::use(u[5]),
            soci::use(claim.key), soci::use(at), soci::into(attempts);
        if (sql.got_data()) continue;
        std::string until;
        sql << "SELECT throttled_until FROM sign_in_attempts WHERE attempt_key = :k", soci::use(claim.key),
            soci::into(until);
        // The error rolls the whole claim back: a refused attempt counts on no key.
        return fail(ErrorCode::kTooManyRequests, "auth.throttled", {{"until", until}});
      }
      return {};
    });
  }

  Result<void> create_session(const Session& s, const std::vector<std::string>& cleared_keys) override {
    return db_.write([&](soci::session& sql) -> Result<void> {
      sql << "INSERT INTO sessions (token_hash, login, created_at, last_seen_at, expires_at, revoked) "
             "VALUES (:h, :l, :c, :s, :e, 0)",
          soci::use(s.token_hash), soci::use(s.login), soci::use(s.created_at), soci::use(s.last_seen_at),
          soci::use(s.expires_at);
      for (const auto& key : cleared_keys) sql << "DELETE FROM sign_in_attempts WHERE attempt_key = :k", soci::use(key);
      return {};
    });
  }

  Result<std::optional<Session>> find_session(std::string_view token_hash) override {
    std::optional<Session> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      Session s;
      int revoked = 0;
      const std::string h(token_hash);
      sql << "SELECT token_hash, login, created_at, last_seen_at, expires_at, revoked FROM sessions WHERE token_hash = :h",
          soci::use(h), soci::into(s.token_hash), soci::into(s.login), soci::into(s.created_at), soci::into(s.last_seen_at),
          soci::into(s.expires_at), soci::into(revoked);
      if (!sql.got_data()) return {};
      s.revoked = revoked != 0;
      out = std::move(s);
      return {};
    }));
    return out;
  }

  Result<void> touch_session(std::string_view token_hash, std::string_view at) override {
    return db_.write([&](soci::session& sql) -> Result<void> {
      const std::string h(token_hash);
      const std::string a(at);
      sql << "UPDATE sessions SET last_seen_at = :a WHERE token_hash = :h", soci::use(a), soci::use(h);
      return {};
    });
  }

  Result<void> revoke_session(std::string_view token_hash) override {
    return db_.write([&](soci::session& sql) -> Result<void> {
      const std::string h(token_hash);
      sql << "UPDATE sessions SET revoked = 1 WHERE token_hash = :h", soci::use(h);
      return {};
    });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<cases::UserStore> make_user_store(Database& db) { return std::make_unique<SqliteUserStore>(db); }

}  // namespace komek::store
