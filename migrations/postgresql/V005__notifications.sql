-- Notifications (001 §19; 004 App 12; docs/notifications.md): what the outbox becomes once
-- delivered. The SQLite migration's twin (BIGINT identities here); instants as ISO 8601 text in
-- UTC with milliseconds, fixed width, so that text order is time order; local days as ISO dates.

-- The dispatcher's mark on each outbox message of its topics (notice.*, sms, cabinet):
-- status pending → dispatched (deliveries made, an SMS still to send) → delivered, or failed
-- with the reason; attempts counts the SMS attempts.
ALTER TABLE outbox ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN dispatched_at TEXT;
CREATE INDEX outbox_status ON outbox (status, id);

-- Notices in applicants' portal cabinets (жеке кабинет). One per outbox message.
CREATE TABLE cabinet_notices (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  outbox_id       BIGINT NOT NULL UNIQUE REFERENCES outbox (id),
  iin             TEXT NOT NULL,              -- whose cabinet
  kind            TEXT NOT NULL,              -- decision | hearing | written_query | refusal_to_accept | a module's kind
  case_id         TEXT NOT NULL DEFAULT '',
  ref             TEXT NOT NULL DEFAULT '',   -- the sending module's reference
  form            TEXT NOT NULL DEFAULT '',   -- 5 / 6 for decisions
  title_kk        TEXT NOT NULL,
  title_ru        TEXT NOT NULL,
  title_en        TEXT NOT NULL,
  body_kk         TEXT NOT NULL,
  body_ru         TEXT NOT NULL,
  body_en         TEXT NOT NULL,
  due_on          TEXT,                       -- the last local day it may appear (004 App 12: decision + 1 working day)
  due_cites       TEXT NOT NULL DEFAULT '',
  delivered_at    TEXT NOT NULL,              -- the instant it became available
  delivered_on    TEXT NOT NULL,              -- that instant's local day (Asia/Almaty)
  created_at      TEXT NOT NULL               -- when the outbox message was written
);
CREATE INDEX cabinet_notices_iin ON cabinet_notices (iin, id);
CREATE INDEX cabinet_notices_case ON cabinet_notices (case_id);
CREATE INDEX cabinet_notices_ref ON cabinet_notices (ref);

-- SMS deliveries, one per outbox message; the idempotency key goes to the gateway with
-- every attempt so that a message accepted but unanswered is not sent twice.
CREATE TABLE sms_deliveries (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  outbox_id       BIGINT NOT NULL UNIQUE REFERENCES outbox (id),
  idempotency_key TEXT NOT NULL UNIQUE,
  case_id         TEXT NOT NULL DEFAULT '',
  ref             TEXT NOT NULL DEFAULT '',
  phone           TEXT NOT NULL,              -- +7XXXXXXXXXX
  text            TEXT NOT NULL,
  status          TEXT NOT NULL,              -- pending | sent | failed
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  next_attempt_at TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  sent_at         TEXT,
  gateway_id      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sms_deliveries_due ON sms_deliveries (status, next_attempt_at);
CREATE INDEX sms_deliveries_case ON sms_deliveries (case_id);
CREATE INDEX sms_deliveries_ref ON sms_deliveries (ref);
