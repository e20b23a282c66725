// The payments store (payments/payments.hpp) on SQLite or PostgreSQL: budgets, demands,
// orders, files, results, recoveries and the ledger, each command in one transaction with
// the shared journal (audit chain, outbox, idempotency). Reads the assignments' schedule
// (assignments + assignment_months) and never writes it.
//
//   auto store = store::make_payments_store(db);
//   payments::PaymentService service(*store, calendar);
#pragma once

#include <memory>

#include "payments/payments.hpp"
#include "store/database.hpp"

namespace komek::store {

std::unique_ptr<payments::PaymentsStore> make_payments_store(Database& db);

}  // namespace komek::store
