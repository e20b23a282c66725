// What comes back after the orders, in SQL: the results of payment organisations as received
// (payment_results) and overpayments to recover (payment_recoveries), migration V003. For the
// payments store's transaction (store/payments_store.cpp).
#pragma once

#include <string>
#include <vector>

#include "payments/payments.hpp"

namespace soci {
class session;
}

namespace komek::store::payments_sql {

// ---- recoveries ----
Result<void> insert_recovery(soci::session& sql, const payments::Recovery& r);
// The assignment's recoveries for the month with something still to recover, oldest id first.
Result<std::vector<payments::Recovery>> open_recoveries(soci::session& sql, const std::string& assignment_id,
                                                        Month month);
Result<void> update_recovery(soci::session& sql, const payments::Recovery& r);

// ---- results ----
// Whether a result of this kind was already applied to the order.
Result<bool> result_applied(soci::session& sql, const std::string& order_id, payments::ResultKind result);
// Logs a result line as received, with what became of it (`outcome`).
Result<void> log_result(soci::session& sql, const payments::ResultLine& l, const std::string& file,
                        const std::string& outcome, Date on);

}  // namespace komek::store::payments_sql
