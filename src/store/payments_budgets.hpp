// Budget lines and demands for budget funds in SQL (tables budgets, budget_amendments and
// payment_demands, migration V003), for the payments store's transaction and reads
// (store/payments_store.cpp).
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

// ---- budgets ----
Result<std::optional<payments::Budget>> find_budget(soci::session& sql, const payments::BudgetLine& line);
Result<void> save_budget(soci::session& sql, const payments::Budget& b, bool is_new);
Result<void> add_amendment(soci::session& sql, const payments::BudgetLine& line, std::int64_t amount,
                           const std::string& reason, Date on, const std::string& actor);
// The budget lines of the territory with what the ledger says each has done with its money.
Result<std::vector<payments::BudgetStatus>> budget_statuses(soci::session& sql, const std::string& prefix);

// ---- demands ----
Result<std::optional<payments::Demand>> find_demand(soci::session& sql, const payments::BudgetLine& line,
                                                    payments::DemandKind kind, Month month, Date key);
// Applied and refused demands of the territory: the ones still waiting for money.
Result<std::vector<payments::Demand>> demands_to_transfer(soci::session& sql, const std::string& prefix);
Result<bool> periodic_month_done(soci::session& sql, Month month, const std::string& prefix);
Result<void> insert_demand(soci::session& sql, const payments::Demand& d);
Result<void> update_demand(soci::session& sql, const payments::Demand& d);
// The territory's demands, newest first.
Result<std::vector<payments::Demand>> list_demands(soci::session& sql, const std::string& prefix,
                                                   std::size_t limit);

}  // namespace komek::store::payments_sql
