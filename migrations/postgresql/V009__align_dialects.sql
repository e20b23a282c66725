-- One idiom for each thing (issue 14), as the schema comparison holds it
-- (tests/unit/store/schema_test.cpp; docs/architecture-store.md, "Migrations"). The SQLite
-- schema is unchanged by it (migrations/sqlite/V009__align_dialects.sql says why).

-- 1. Keys the database makes are identities GENERATED ALWAYS, as those of audit_log, outbox,
-- pd_access_log, cabinet_notices and sms_deliveries are; budget_amendments and payment_results
-- had BIGSERIAL, a sequence behind a column default that any insert may bypass. Komek never
-- writes these ids itself. Each identity goes on after the rows already there.
ALTER TABLE budget_amendments ALTER COLUMN id DROP DEFAULT;
DROP SEQUENCE budget_amendments_id_seq;
ALTER TABLE budget_amendments ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
SELECT setval(pg_get_serial_sequence('budget_amendments', 'id'), COALESCE(MAX(id), 0) + 1, false)
  FROM budget_amendments;

ALTER TABLE payment_results ALTER COLUMN id DROP DEFAULT;
DROP SEQUENCE payment_results_id_seq;
ALTER TABLE payment_results ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
SELECT setval(pg_get_serial_sequence('payment_results', 'id'), COALESCE(MAX(id), 0) + 1, false)
  FROM payment_results;

-- 2. Every append-only table refuses UPDATE and DELETE through the one trigger function of
-- V001, komek_append_only(); ledger_transfers had a function of its own (V003) saying the same.
-- Its trigger is named as the others are, <table>_append_only.
DROP TRIGGER ledger_transfers_no_change ON ledger_transfers;
DROP FUNCTION ledger_transfers_append_only();
CREATE TRIGGER ledger_transfers_append_only BEFORE UPDATE OR DELETE ON ledger_transfers
  FOR EACH ROW EXECUTE FUNCTION komek_append_only();
