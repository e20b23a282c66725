-- payments: budgets, demands, payment orders and files, results, recoveries and the
-- double-entry ledger (issue 6; SPEC §9; docs/payments.md). Unique keys, not checks in code,
-- are what make a repeated or concurrent command unable to pay twice.

-- Budget lines: programme × district × year; allocation includes every amendment.
CREATE TABLE budgets (
  programme       TEXT NOT NULL,
  territory       TEXT NOT NULL,
  year            INTEGER NOT NULL,
  allocation      BIGINT NOT NULL,
  amendments      INTEGER NOT NULL,
  updated_at      TEXT NOT NULL,
  PRIMARY KEY (programme, territory, year)
);
CREATE TABLE budget_amendments (
  id              BIGSERIAL PRIMARY KEY,        -- an identity since V009, as every generated key
  programme       TEXT NOT NULL,
  territory       TEXT NOT NULL,
  year            INTEGER NOT NULL,
  amount          BIGINT NOT NULL,              -- signed, tiyn
  reason          TEXT NOT NULL,
  decided_on      TEXT NOT NULL,
  actor           TEXT NOT NULL,
  created_at      TEXT NOT NULL
);

-- Ledger accounts: one per kind and budget line; balances are kept with every transfer and
-- recomputed from the transfers by `komek ledger verify` (R5).
CREATE TABLE ledger_accounts (
  id              BIGINT PRIMARY KEY,
  kind            TEXT NOT NULL,
  programme       TEXT NOT NULL,
  territory       TEXT NOT NULL,
  year            INTEGER NOT NULL,
  debits_posted   BIGINT NOT NULL,
  credits_posted  BIGINT NOT NULL,
  debits_pending  BIGINT NOT NULL,
  credits_pending BIGINT NOT NULL,
  UNIQUE (kind, programme, territory, year)
);

-- Transfers: append-only (the trigger below; since V009 it calls komek_append_only() of V001,
-- and this function is gone); a pending transfer is resolved by exactly one later transfer
-- (unique pending_id).
CREATE TABLE ledger_transfers (
  id              BIGINT PRIMARY KEY,
  debit_account   BIGINT NOT NULL REFERENCES ledger_accounts (id),
  credit_account  BIGINT NOT NULL REFERENCES ledger_accounts (id),
  amount          BIGINT NOT NULL CHECK (amount > 0),
  kind            INTEGER NOT NULL,             -- 0 posted, 1 pending, 2 post, 3 void, 4 expire
  pending_id      BIGINT,
  pending_amount  BIGINT NOT NULL,
  reverses        BIGINT,
  code            TEXT NOT NULL,
  on_date         TEXT NOT NULL,
  timeout         TEXT,
  assignment_id   TEXT,
  order_id        TEXT,
  month           TEXT,
  CHECK (debit_account <> credit_account)
);
CREATE UNIQUE INDEX ledger_transfers_resolution ON ledger_transfers (pending_id) WHERE pending_id IS NOT NULL;
CREATE FUNCTION ledger_transfers_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ledger_transfers is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_transfers_no_change BEFORE UPDATE OR DELETE ON ledger_transfers
  FOR EACH ROW EXECUTE FUNCTION ledger_transfers_append_only();

-- Demands for budget funds (001 §27): one periodic demand per line and payment month, one
-- daily demand per line and day.
CREATE TABLE payment_demands (
  id              TEXT PRIMARY KEY,
  programme       TEXT NOT NULL,
  territory       TEXT NOT NULL,
  year            INTEGER NOT NULL,
  kind            TEXT NOT NULL,                -- periodic | daily
  payment_month   TEXT NOT NULL,
  key_date        TEXT NOT NULL,
  formed_on       TEXT NOT NULL,
  application_on  TEXT NOT NULL,
  application_due TEXT NOT NULL,
  transfer_due    TEXT NOT NULL,
  transfer_on     TEXT,
  orders_due      TEXT,
  amount          BIGINT NOT NULL,
  fees            BIGINT NOT NULL,
  lines           INTEGER NOT NULL,
  status          TEXT NOT NULL,                -- applied | transferred | refused
  refusal         TEXT NOT NULL,
  UNIQUE (programme, territory, year, kind, payment_month, key_date)
);
CREATE INDEX payment_demands_status ON payment_demands (status);

CREATE TABLE payment_files (
  id              TEXT PRIMARY KEY,
  organisation    TEXT NOT NULL,
  demand_id       TEXT NOT NULL REFERENCES payment_demands (id),
  territory       TEXT NOT NULL,
  payment_on      TEXT NOT NULL,
  count           INTEGER NOT NULL,
  total           BIGINT NOT NULL,
  fees            BIGINT NOT NULL,              -- bank fees of its orders (001 §32)
  -- The ledger's record of the file as a whole: state_corporation -> recipient_payable of the
  -- total, and state_corporation -> bank_fees of its fees (NULL when none); each order then
  -- holds its own pending transfer (payment_orders.transfer_id).
  transfer_id     BIGINT NOT NULL,
  fee_transfer_id BIGINT,
  -- SHA-256 of the file's order lines (docs/payments.md, "What the audit holds"): the audit
  -- record of the run quotes it, so a changed order row no longer matches the audit chain.
  sha256          TEXT NOT NULL
);

-- Payment orders (001 §29). At most one pending order per assignment and month, and one
-- order per demand, assignment and month: a repeated run cannot order twice. Keyed by the
-- order's pending transfer (payable -> paid, one per order), so rows are appended in key
-- order; the month-first keys keep a month's new orders together at the end of each index.
CREATE TABLE payment_orders (
  transfer_id     BIGINT PRIMARY KEY,
  id              TEXT NOT NULL UNIQUE,         -- demand_id/assignment_id/month
  demand_id       TEXT NOT NULL,                -- its file is demand_id/organisation
  assignment_id   TEXT NOT NULL,
  month           TEXT NOT NULL,
  amount          BIGINT NOT NULL CHECK (amount > 0),
  fee             BIGINT NOT NULL,
  organisation    TEXT NOT NULL,
  account         TEXT NOT NULL,
  recipient_iin   TEXT NOT NULL,
  programme       TEXT NOT NULL,
  territory       TEXT NOT NULL,
  year            INTEGER NOT NULL,
  ordered_on      TEXT NOT NULL,
  payment_on      TEXT NOT NULL,
  timeout         TEXT NOT NULL,
  status          TEXT NOT NULL,                -- pending | posted | voided | expired | returned
  settled_on      TEXT,
  note            TEXT NOT NULL
);
CREATE UNIQUE INDEX payment_orders_month ON payment_orders (month, assignment_id, demand_id);
CREATE UNIQUE INDEX payment_orders_one_pending ON payment_orders (month, assignment_id) WHERE status = 'pending';
CREATE INDEX payment_orders_pending_timeout ON payment_orders (timeout) WHERE status = 'pending';
-- No index on recipient_iin: a person's orders are found through their assignments
-- (docs/payments.md, "Storage").

-- Results from payment organisations as received, each with what became of it.
CREATE TABLE payment_results (
  id              BIGSERIAL PRIMARY KEY,        -- an identity since V009, as every generated key
  file            TEXT NOT NULL,
  line            INTEGER NOT NULL,
  order_id        TEXT NOT NULL,
  result          TEXT NOT NULL,
  result_on       TEXT NOT NULL,
  reason          TEXT NOT NULL,
  outcome         TEXT NOT NULL,                -- applied | duplicate | out_of_order | unknown_order
  received_on     TEXT NOT NULL,
  created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX payment_results_applied ON payment_results (order_id, result) WHERE outcome = 'applied';

-- Overpayments to recover (001 §31 once they come back).
CREATE TABLE payment_recoveries (
  id              TEXT PRIMARY KEY,
  assignment_id   TEXT NOT NULL,
  month           TEXT NOT NULL,
  programme       TEXT NOT NULL,
  territory       TEXT NOT NULL,
  year            INTEGER NOT NULL,
  amount          BIGINT NOT NULL CHECK (amount > 0),
  recovered       BIGINT NOT NULL,
  detected_on     TEXT NOT NULL,
  recovered_on    TEXT,
  due_by          TEXT
);
CREATE INDEX payment_recoveries_assignment ON payment_recoveries (assignment_id, month);

-- The version of each assignment the payments last reconciled (changes after it are looked
-- at by the next run).
CREATE TABLE payment_seen (
  assignment_id   TEXT PRIMARY KEY,
  version         INTEGER NOT NULL
);

-- The schedule as the payments read it: a month's lines in assignment order straight from
-- an index (no table lookups), and each assignment's payee in one seek.
CREATE INDEX payments_schedule_month ON assignment_months (month, assignment_id, amount);
CREATE INDEX payments_assignment_frequency ON assignments (frequency, territory);
CREATE INDEX payments_assignment_payee ON assignments (id, frequency, territory, programme, payment_organisation,
  account, recipient_iin, version);
