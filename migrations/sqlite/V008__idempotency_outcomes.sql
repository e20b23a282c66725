-- A request's outcome is kept as what the command did (effect: 0 done, 1 created) and the
-- document of its value (the module's codec), no longer as an HTTP status and body: the
-- services below api/ return typed outcomes and only api/ speaks HTTP (issue 14). Rows kept
-- before this migration stored 201 for "created".
ALTER TABLE idempotency_keys RENAME COLUMN status TO effect;
ALTER TABLE idempotency_keys RENAME COLUMN body TO document;
UPDATE idempotency_keys SET effect = CASE WHEN effect = 201 THEN 1 ELSE 0 END;
