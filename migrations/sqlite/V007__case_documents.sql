-- Documents on a case (001 §11; SPEC §4): the copies the applicant brings where the
-- information systems have no data — identity, income, proof of the ground of need, or other
-- — uploaded by the applicant on the portal or by intake staff. The bytes are kept with their
-- size and SHA-256 (cases/documents.cpp) so that what was received can be shown unchanged;
-- the audit record of the upload quotes the digest. uploaded_at is local (Asia/Almaty)
-- "YYYY-MM-DDTHH:MM", the clock the case uses; created_at is a UTC instant like every other
-- table's.

CREATE TABLE case_documents (
  id              TEXT PRIMARY KEY,
  case_id         TEXT NOT NULL REFERENCES cases (id),
  seq             INTEGER NOT NULL,           -- 1, 2, … in the order received on the case
  kind            TEXT NOT NULL,              -- identity | income | proof_of_ground | other
  file_name       TEXT NOT NULL,
  content_type    TEXT NOT NULL,              -- application/pdf | image/jpeg | image/png
  size_bytes      INTEGER NOT NULL,
  sha256          TEXT NOT NULL,              -- hex, of content
  content         BLOB NOT NULL,
  uploaded_by     TEXT NOT NULL,              -- login
  uploaded_at     TEXT NOT NULL,              -- local time
  note            TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL,
  CHECK (size_bytes > 0 AND size_bytes = length(content))
);
CREATE UNIQUE INDEX case_documents_case ON case_documents (case_id, seq);
