-- Special social services (seed 003): the persons served, their needs assessments
-- (003 §11), individual plans with their planned services, and the records of services
-- delivered or refused (003 §14). Portable SQL: TEXT and INTEGER only, dates as ISO text.
-- Each table keeps the columns the queries filter on beside the whole record as JSON
-- (src/social/json.cpp), as the cases table does.

CREATE TABLE social_persons (
  id              TEXT PRIMARY KEY,
  iin             TEXT NOT NULL UNIQUE,
  territory       TEXT NOT NULL,              -- KATO, 9 digits: as last assessed
  full_name       TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX social_persons_territory ON social_persons (territory);

CREATE TABLE social_assessments (
  id              TEXT PRIMARY KEY,
  person_id       TEXT NOT NULL REFERENCES social_persons (id),
  territory       TEXT NOT NULL,
  assessed_on     TEXT NOT NULL,
  needs_services  INTEGER NOT NULL,
  data            TEXT NOT NULL,
  created_at      TEXT NOT NULL
);
CREATE INDEX social_assessments_person ON social_assessments (person_id, assessed_on);

CREATE TABLE social_plans (
  id              TEXT PRIMARY KEY,
  person_id       TEXT NOT NULL REFERENCES social_persons (id),
  assessment_id   TEXT NOT NULL REFERENCES social_assessments (id),
  territory       TEXT NOT NULL,
  state           TEXT NOT NULL,              -- open, closed
  opened_on       TEXT NOT NULL,
  closed_on       TEXT,
  version         INTEGER NOT NULL,
  data            TEXT NOT NULL,              -- the plan with its planned services
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX social_plans_person ON social_plans (person_id, opened_on);
CREATE INDEX social_plans_territory ON social_plans (territory, opened_on);

-- Accounting records (003 §14): appended, never changed.
CREATE TABLE social_service_records (
  id              TEXT PRIMARY KEY,
  plan_id         TEXT NOT NULL REFERENCES social_plans (id),
  person_id       TEXT NOT NULL REFERENCES social_persons (id),
  service_type    TEXT NOT NULL,
  delivered_on    TEXT NOT NULL,
  quantity        INTEGER NOT NULL,
  refused         INTEGER NOT NULL,
  data            TEXT NOT NULL,
  created_at      TEXT NOT NULL
);
CREATE INDEX social_records_plan ON social_service_records (plan_id, delivered_on);
CREATE INDEX social_records_person ON social_service_records (person_id, delivered_on);
CREATE INDEX social_records_date ON social_service_records (delivered_on);
CREATE TRIGGER social_records_no_update BEFORE UPDATE ON social_service_records
  BEGIN SELECT RAISE(ABORT, 'social_service_records is append-only'); END;
CREATE TRIGGER social_records_no_delete BEFORE DELETE ON social_service_records
  BEGIN SELECT RAISE(ABORT, 'social_service_records is append-only'); END;
