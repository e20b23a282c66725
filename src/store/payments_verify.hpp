// The ledger verification (`komek ledger verify`, R5) in SQL: every invariant of the ledger
// recomputed from storage in one snapshot — the transfers against the accounts' kept balances,
// the budget lines against their allocations, the orders against the ledger, each order's state
// against its pending transfer, and what was paid per assignment against its schedule.
#pragma once

#include "payments/payments.hpp"

namespace soci {
class session;
}

namespace komek::store::payments_sql {

Result<payments::LedgerReport> verify_ledger(soci::session& sql);

}  // namespace komek::store::payments_sql
