// Users and sessions on SQLite.
#pragma once

#include <memory>

#include "cases/users.hpp"
#include "store/database.hpp"

namespace komek::store {

std::unique_ptr<cases::UserStore> make_user_store(Database& db);

}  // namespace komek::store
