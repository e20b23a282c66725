-- Sign-in attempts, counted and throttled before any password is checked (issue 13 finding 5;
-- RELIABILITY S5). A key is a digest: of a login, or of a login and a client address
-- together; no login or address is stored readable here. A key exists whether or not its
-- login does, so an unknown login is throttled exactly as a known one (no enumeration).
-- users.failed_logins and users.locked_until are no longer read or written.
CREATE TABLE sign_in_attempts (
  attempt_key      TEXT PRIMARY KEY,
  attempts         INTEGER NOT NULL,       -- attempts claimed since the last success
  throttled_until  TEXT                    -- UTC ISO instant; NULL while under the limit
);
