// The consent store: third-party status requests and proactive offers (migrations V006),
// with the reads of cases and assignments the answers rest on, on SQLite or PostgreSQL. Its
// transactions share the audit chain, outbox and idempotency keys with every other module
// (store/journal_sql.hpp).
#pragma once

#include <memory>

#include "cases/consent_service.hpp"
#include "store/database.hpp"

namespace komek::store {

std::unique_ptr<cases::ConsentStore> make_consent_store(Database& db);

}  // namespace komek::store
