// The payments store (payments/payments.hpp) on SQLite or PostgreSQL: budgets, demands,
// orders, files, results, recoveries and the ledger, each command in one transaction with
// the shared journal (audit chain, outbox, idempotency). Reads the assignments' schedule
// (assignments + assignment_months) and never writes it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "payments/payments.hpp"
#include "store/database.hpp"

namespace komek::store {

std::unique_ptr<payments::PaymentsStore> make_payments_store(Database& db);

// Test and benchmark fixture only: writes assignment rows and their schedule directly, the
// way the assignment service keeps them, for tests of payments that need no case behind
// them. Production code never calls it.
struct ScheduleFixture {
  std::string id;
  std::string programme = "local";
  std::string recipient_iin;
  std::string territory;                 // KATO
  std::string frequency = "monthly";     // monthly | quarterly | one_time | holiday
  Date period_from;
  Date period_to;
  std::string organisation = "KAZPOST";
  std::string account;
  int version = 1;
  std::vector<std::pair<Month, std::int64_t>> months;   // the schedule: month → tiyn
};
// Inserts or replaces the assignments (their schedule replaced too), in one transaction.
Result<void> put_schedule_fixture(Database& db, const std::vector<ScheduleFixture>& rows);

}  // namespace komek::store
