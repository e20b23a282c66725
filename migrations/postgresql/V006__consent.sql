-- Third-party status confirmation (004 §19-1, App 14) and proactive offers (FACTS §6),
-- PostgreSQL form (the same tables as migrations/sqlite/V006).
-- Times of the 2-hour window are local (Asia/Almaty) "YYYY-MM-DDTHH:MM", which sort as text;
-- created_at/updated_at are UTC instants like every other table's. The whole record is kept
-- as JSON in `data` (cases/consent.cpp, cases/offers.cpp); the columns are what is searched.

CREATE TABLE status_requests (
  id              TEXT PRIMARY KEY,
  requester_login TEXT NOT NULL,              -- the third party's account
  subject_iin     TEXT NOT NULL,              -- the person asked about
  state           TEXT NOT NULL,              -- pending | consented | refused | expired
  requested_at    TEXT NOT NULL,              -- local time
  expires_at      TEXT NOT NULL,              -- local time: the last minute an answer counts
  version         INTEGER NOT NULL,
  data            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX status_requests_subject ON status_requests (subject_iin);
CREATE INDEX status_requests_requester ON status_requests (requester_login);
CREATE INDEX status_requests_pending ON status_requests (state, expires_at);

CREATE TABLE offers (
  id              TEXT PRIMARY KEY,
  applicant_iin   TEXT NOT NULL,
  pack_id         TEXT NOT NULL,
  territory       TEXT NOT NULL,              -- KATO, 9 digits
  state           TEXT NOT NULL,              -- offered | consented | case_started | declined | expired
  -- "IIN|pack" while the offer is open (offered or consented), NULL once closed: at most one
  -- open offer of a pack per family, whatever runs overlap.
  open_key        TEXT UNIQUE,
  run_date        TEXT NOT NULL,
  expires_at      TEXT NOT NULL,              -- local time
  case_id         TEXT,
  version         INTEGER NOT NULL,
  data            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX offers_applicant ON offers (applicant_iin);
CREATE INDEX offers_territory ON offers (territory);
CREATE INDEX offers_state ON offers (state, expires_at);
