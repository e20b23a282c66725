-- The head of the audit chain, kept apart from it (issue 13 finding 11): how many records the
-- chain has and the hash of the last, updated in the same transaction as every record. Rows
-- cut from the end of audit_log (the chain itself still links) no longer match the head, and
-- the start-up verifier says so. Writing the head first also takes its row lock, so that two
-- writers (two processes on one PostgreSQL) can never both chain onto the same record.
CREATE TABLE audit_head (
  chain    TEXT PRIMARY KEY CHECK (chain = 'audit'),   -- one row: the audit chain's
  records  INTEGER NOT NULL,
  hash     TEXT NOT NULL
);
INSERT INTO audit_head (chain, records, hash)
  SELECT 'audit', COUNT(*),
         COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                  '0000000000000000000000000000000000000000000000000000000000000000')
  FROM audit_log;
