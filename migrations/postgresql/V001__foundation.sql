-- The case service's tables, PostgreSQL form (the same tables as migrations/sqlite/V001).
-- Types: TEXT and INTEGER/BIGINT only; times as ISO 8601 text in UTC; money as integer tiyn.

CREATE TABLE cases (
  id              TEXT PRIMARY KEY,
  number          TEXT UNIQUE,                -- registration number; NULL until registered
  state           TEXT NOT NULL,
  pack_id         TEXT NOT NULL,
  territory       TEXT NOT NULL,              -- KATO, 9 digits
  applicant_iin   TEXT NOT NULL,
  officer         TEXT NOT NULL,
  registered_on   TEXT,
  decision_due    TEXT,
  version         INTEGER NOT NULL,
  data            TEXT NOT NULL,              -- the whole case as JSON (cases/case_json.cpp)
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX cases_territory ON cases (territory);
CREATE INDEX cases_applicant ON cases (applicant_iin);
CREATE INDEX cases_officer_due ON cases (officer, decision_due);

-- Gapless registration numbers per district and year.
CREATE TABLE case_numbers (
  district        TEXT NOT NULL,
  year            INTEGER NOT NULL,
  last            INTEGER NOT NULL,
  PRIMARY KEY (district, year)
);

-- Every state change, hash-chained to the one before (RELIABILITY S3): hash =
-- SHA-256(prev_hash | at | actor | action | entity | entity_id | before | after).
CREATE TABLE audit_log (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at              TEXT NOT NULL,
  actor           TEXT NOT NULL,
  action          TEXT NOT NULL,
  entity          TEXT NOT NULL,
  entity_id       TEXT NOT NULL,
  before_json     TEXT NOT NULL,
  after_json      TEXT NOT NULL,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL
);
-- Append-only: the trigger at the end of this file.

-- Messages written in the same transaction as the change that causes them; delivered later.
CREATE TABLE outbox (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at      TEXT NOT NULL,
  topic           TEXT NOT NULL,
  payload         TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'pending',
  attempts        INTEGER NOT NULL DEFAULT 0,
  delivered_at    TEXT
);

-- Idempotency keys per principal (RELIABILITY R3): the first response is replayed.
CREATE TABLE idempotency_keys (
  principal       TEXT NOT NULL,
  key             TEXT NOT NULL,
  request_hash    TEXT NOT NULL,
  status          INTEGER NOT NULL,
  body            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (principal, key)
);

-- Reads of personal data (RELIABILITY S3): who read whose record, when, through what.
CREATE TABLE pd_access_log (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at              TEXT NOT NULL,
  actor           TEXT NOT NULL,
  subject         TEXT NOT NULL,              -- SHA-256 of the IIN, never the IIN
  record          TEXT NOT NULL,
  route           TEXT NOT NULL,
  client          TEXT NOT NULL,
  denied          INTEGER NOT NULL
);
CREATE INDEX pd_access_subject ON pd_access_log (subject);
-- Append-only: the trigger at the end of this file.

CREATE TABLE users (
  login           TEXT PRIMARY KEY,
  password_hash   TEXT NOT NULL,              -- argon2id (libsodium crypto_pwhash_str)
  role            TEXT NOT NULL,
  territory       TEXT NOT NULL,              -- KATO prefix the user works in
  full_name       TEXT NOT NULL,
  iin             TEXT,                       -- applicants: their own IIN
  disabled        INTEGER NOT NULL DEFAULT 0,
  failed_logins   INTEGER NOT NULL DEFAULT 0,
  locked_until    TEXT,
  created_at      TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash      TEXT PRIMARY KEY,           -- SHA-256 of the token; the token is never stored
  login           TEXT NOT NULL REFERENCES users (login),
  created_at      TEXT NOT NULL,
  last_seen_at    TEXT NOT NULL,
  expires_at      TEXT NOT NULL,
  revoked         INTEGER NOT NULL DEFAULT 0
);

-- Append-only logs (PostgreSQL form of the SQLite triggers): the one function every
-- append-only table's trigger calls (ledger_transfers' too since V009).
CREATE FUNCTION komek_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION komek_append_only();
CREATE TRIGGER pd_access_append_only BEFORE UPDATE OR DELETE ON pd_access_log
  FOR EACH ROW EXECUTE FUNCTION komek_append_only();
