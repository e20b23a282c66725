-- Assignments (тағайындау) made by decisions and by holiday lists, with the payment schedule
-- as it stands after every change, suspension and termination (SPEC §10, 001 §22). The
-- schedule table is the contract with payments: the monthly demand for month M is the rows
-- of assignment_months for M with an amount above zero.

CREATE TABLE assignments (
  id              TEXT PRIMARY KEY,
  case_id         TEXT,                       -- NULL when made without an application (holiday lists)
  list_id         TEXT,                       -- the holiday list that made it, if any
  pack_id         TEXT NOT NULL,
  programme       TEXT NOT NULL,
  recipient_iin   TEXT NOT NULL,
  territory       TEXT NOT NULL,              -- KATO, 9 digits
  frequency       TEXT NOT NULL,              -- one_time | monthly | quarterly | holiday
  period_from     TEXT NOT NULL,              -- ISO date, first day paid for
  period_to       TEXT NOT NULL,              -- ISO date, last day paid for
  payment_stops   TEXT,                       -- ISO date, the first day not paid (termination)
  status          TEXT NOT NULL,              -- active | suspended | terminated | ended
  payment_organisation TEXT NOT NULL,         -- BIC of the bank, or KAZPOST
  account         TEXT NOT NULL,              -- IBAN; empty for cash through the post
  version         INTEGER NOT NULL,
  data            TEXT NOT NULL,              -- the whole assignment as JSON (cases/assignment_json.cpp)
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX assignments_case ON assignments (case_id);
CREATE INDEX assignments_recipient ON assignments (recipient_iin);
CREATE INDEX assignments_territory ON assignments (territory);

-- The schedule: what is due for each payment month (YYYY-MM), in tiyn, after every change.
CREATE TABLE assignment_months (
  assignment_id   TEXT NOT NULL REFERENCES assignments (id),
  month           TEXT NOT NULL,
  amount          BIGINT NOT NULL,
  PRIMARY KEY (assignment_id, month)
);
CREATE INDEX assignment_months_month ON assignment_months (month);

-- Complaints (004 §45) on administrative cases, with the case's territory for scoping.
CREATE TABLE complaints (
  id              TEXT PRIMARY KEY,
  case_id         TEXT NOT NULL REFERENCES cases (id),
  territory       TEXT NOT NULL,
  state           TEXT NOT NULL,
  complainant_iin TEXT NOT NULL,
  version         INTEGER NOT NULL,
  data            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX complaints_case ON complaints (case_id);
CREATE INDEX complaints_territory ON complaints (territory);

-- Holiday and memorable-day lists (001 §10, §25): one per pack, district and date.
CREATE TABLE holiday_lists (
  id              TEXT PRIMARY KEY,
  pack_id         TEXT NOT NULL,
  territory       TEXT NOT NULL,
  holiday         TEXT NOT NULL,              -- ISO date
  data            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  UNIQUE (pack_id, territory, holiday)
);
