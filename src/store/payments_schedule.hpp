// The assignments' schedule as the payments read it (tables assignments and
// assignment_months, kept by the assignment service and never written here), and what the
// payments last saw of each assignment (payment_seen, migration V003). For the payments
// store's transaction (store/payments_store.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "payments/payments.hpp"
#include "store/sqlite_native.hpp"

namespace soci {
class session;
}

namespace komek::store::payments_sql {

// One per transaction: changed_due() remembers which assignments it found changed, so that
// mark_seen() in the same run writes only those (nothing else writes in between: one
// transaction, one writer).
class Schedule {
 public:
  using DueSink = payments::PaymentsTransaction::DueSink;
  using LineSkip = payments::PaymentsTransaction::LineSkip;

  explicit Schedule(soci::session& sql);

  // The monthly and quarterly lines of `month` in the territory.
  Result<void> periodic_due(Month month, const std::string& prefix, const LineSkip& skip,
                            const DueSink& sink);
  // The one-time and holiday lines of months [from, to].
  Result<void> one_time_due(Month from, Month to, const std::string& prefix, const DueSink& sink);
  // Every month [from, to] of the assignments changed since the payments last saw them — the
  // schedule's rows and the months paid that are no longer in it (due 0) — but for the
  // monthly and quarterly lines of `periodic_months`.
  Result<void> changed_due(Month from, Month to, const std::vector<Month>& periodic_months,
                           const std::string& prefix, const DueSink& sink);
  // Records the version of every changed assignment as seen, except `deferred`.
  Result<void> mark_seen(const std::string& prefix, const std::vector<std::string>& deferred);

 private:
  Result<void> periodic_due_native(Month month, const std::string& prefix, const LineSkip& skip,
                                   const DueSink& sink);
  const std::vector<std::string>& changed_ids(const std::string& prefix);
  Result<void> changed_due_each(Month from, Month to, const std::string& skip_months,
                                const std::vector<std::string>& ids, const DueSink& sink);

  soci::session& sql_;
  // The session's SQLite connection, or nullptr on PostgreSQL.
  sqlite::Connection* native_ = nullptr;
  std::optional<std::vector<std::string>> changed_;
  std::string changed_prefix_;
  long long assignments_in_prefix_ = 0;
};

}  // namespace komek::store::payments_sql
