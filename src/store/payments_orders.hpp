// Payment orders and payment files in SQL (tables payment_orders and payment_files, migration
// V003), for the payments store's transaction and reads (store/payments_store.cpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "payments/payments.hpp"

namespace soci {
class session;
}

namespace komek::store::payments_sql {

// Stores the orders and then their files, each file with the SHA-256 of its order lines
// (filled in `files`).
Result<void> insert_orders(soci::session& sql, const std::vector<payments::PaymentOrder>& orders,
                           std::vector<payments::PaymentFile>& files);
Result<std::optional<payments::PaymentOrder>> find_order(soci::session& sql, const std::string& id);
Result<void> update_order(soci::session& sql, const payments::PaymentOrder& o);
// Pending orders of the territory whose last day for an answer is before `on`.
Result<std::vector<payments::PaymentOrder>> orders_timed_out(soci::session& sql, Date on,
                                                             const std::string& prefix);
// The orders the filter asks for, newest first.
Result<std::vector<payments::PaymentOrder>> list_orders(soci::session& sql, const payments::OrderFilter& f);

// The bank-fee transfer of a payment file (0 when the file had no fees).
Result<std::int64_t> file_fee_transfer(soci::session& sql, const std::string& file_id);
Result<std::vector<payments::PaymentFile>> list_files(soci::session& sql, const std::string& prefix,
                                                      std::size_t limit);
Result<std::optional<payments::PaymentFile>> find_file(soci::session& sql, const std::string& id);

}  // namespace komek::store::payments_sql
