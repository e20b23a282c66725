// The ledger in SQL (tables ledger_accounts and ledger_transfers, migration V003): accounts
// with their kept balances, and the append-only transfers. For the payments store's
// transaction and reads (store/payments_store.cpp) and the verification.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "payments/ledger.hpp"

namespace soci {
class session;
}

namespace komek::store::payments_sql {

// Every account, in id order.
Result<std::vector<payments::Account>> load_accounts(soci::session& sql);
// The id the next transfer takes: ids are assigned by Komek, in order (the verifier checks it).
Result<std::int64_t> next_transfer_id(soci::session& sql);
Result<std::optional<payments::Transfer>> find_transfer(soci::session& sql, std::int64_t id);
// Whether a later transfer resolves the pending transfer `pending_id`.
Result<bool> pending_resolved(soci::session& sql, std::int64_t pending_id);
// Stores the ledger's changed accounts and appends its new transfers.
Result<void> save_ledger(soci::session& sql, const payments::Ledger& ledger);

}  // namespace komek::store::payments_sql
