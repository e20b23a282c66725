// Notifications in SQL (notify/delivery.hpp's NotificationStore): the outbox as the dispatcher
// reads it, cabinet notices and SMS deliveries (migration V005). Each outcome is one
// transaction with its audit record in the shared chain (store/journal_sql.hpp).
#pragma once

#include <memory>

#include "notify/delivery.hpp"
#include "store/database.hpp"

namespace komek::store {

std::unique_ptr<notify::NotificationStore> make_notification_store(Database& db);

}  // namespace komek::store
