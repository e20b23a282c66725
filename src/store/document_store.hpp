// The document store: the copies of documents on a case (migration V007) with their bytes, on
// SQLite (BLOB) or PostgreSQL (BYTEA). Its transactions share the audit chain, outbox,
// idempotency keys and access log with every other module (store/journal_sql.hpp).
#pragma once

#include <memory>

#include "cases/document_service.hpp"
#include "store/database.hpp"

namespace komek::store {

std::unique_ptr<cases::DocumentStore> make_document_store(Database& db);

}  // namespace komek::store
