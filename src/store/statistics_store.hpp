// The statistics store: the regional figures an administrator entered (migration V012,
// statistics/service.hpp), on SQLite or PostgreSQL. Its transactions share the audit chain,
// outbox and idempotency keys with every other module (store/journal_sql.hpp).
#pragma once

#include <memory>

#include "statistics/service.hpp"
#include "store/database.hpp"

namespace komek::store {

std::unique_ptr<statistics::StatisticsStore> make_statistics_store(Database& db);

}  // namespace komek::store
