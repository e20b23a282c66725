// Assignments and their payment schedule written straight into the store's tables (assignments
// and assignment_months), the way the assignment service keeps them, for tests of payments
// that need no case behind them. A test fixture: production code never writes the schedule
// this way.
//
//   test::ScheduleFixture a;
//   a.id = "a1"; a.territory = "334830100"; …; a.months = {{Month::make(2025, 4).value(), 2'000'000}};
//   ASSERT_TRUE(test::put_schedule_fixture(*db, {a}));
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "store/case_store.hpp"
#include "store/database.hpp"

namespace komek::test {

struct ScheduleFixture {
  std::string id;
  std::string programme = "local";
  std::string recipient_iin;
  std::string territory;              // KATO
  std::string frequency = "monthly";  // monthly | quarterly | one_time | holiday
  Date period_from;
  Date period_to;
  std::string organisation = "KAZPOST";
  std::string account;
  int version = 1;
  std::vector<std::pair<Month, std::int64_t>> months;  // the schedule: month → tiyn
};

inline constexpr std::string_view kDeleteFixtureMonths =
    "DELETE FROM assignment_months WHERE assignment_id = :id";
inline constexpr std::string_view kDeleteFixtureAssignment = "DELETE FROM assignments WHERE id = :id";
inline constexpr std::string_view kInsertFixtureAssignment = R"sql(
  INSERT INTO assignments (id, pack_id, programme, recipient_iin, territory, frequency, period_from, period_to, status,
                           payment_organisation, account, version, data, created_at, updated_at)
  VALUES (:id, 'fixture', :p, :i, :t, :f, :fr, :to, 'active', :o, :a, :v, '{}', :c, :u)
)sql";
inline constexpr std::string_view kInsertFixtureMonth = R"sql(
  INSERT INTO assignment_months (assignment_id, month, amount) VALUES (:id, :m, :a)
)sql";

// Inserts or replaces the assignments (their schedule replaced too), in one transaction.
inline Result<void> put_schedule_fixture(store::Database& db, const std::vector<ScheduleFixture>& rows) {
  return db.write([&](soci::session& sql) -> Result<void> {
    const std::string now = store::now_utc();
    std::string id, programme, iin, territory, frequency, from, to, organisation, account, month;
    int version = 0;
    long long amount = 0;
    soci::statement del_months = (sql.prepare << kDeleteFixtureMonths, soci::use(id));
    soci::statement del = (sql.prepare << kDeleteFixtureAssignment, soci::use(id));
    soci::statement ins =
        (sql.prepare << kInsertFixtureAssignment, soci::use(id), soci::use(programme), soci::use(iin),
         soci::use(territory), soci::use(frequency), soci::use(from), soci::use(to), soci::use(organisation),
         soci::use(account), soci::use(version), soci::use(now), soci::use(now));
    soci::statement ins_month =
        (sql.prepare << kInsertFixtureMonth, soci::use(id), soci::use(month), soci::use(amount));
    for (const auto& r : rows) {
      id = r.id;
      programme = r.programme;
      iin = r.recipient_iin;
      territory = r.territory;
      frequency = r.frequency;
      from = r.period_from.iso();
      to = r.period_to.iso();
      organisation = r.organisation;
      account = r.account;
      version = r.version;
      del_months.execute(true);
      del.execute(true);
      ins.execute(true);
      for (const auto& [m, a] : r.months) {
        month = m.iso();
        amount = a;
        ins_month.execute(true);
      }
    }
    return {};
  });
}

}  // namespace komek::test
