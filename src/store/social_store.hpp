// The special social services store (social/store.hpp) on SQLite or PostgreSQL: persons,
// assessments, plans and service records, each change in one transaction with the shared
// journal (store/journal_sql.hpp). Tables: migrations/*/V004__social_services.sql.
#pragma once

#include <memory>

#include "social/store.hpp"
#include "store/database.hpp"

namespace komek::store {

std::unique_ptr<social::SocialStore> make_social_store(Database& db);

}  // namespace komek::store
