#include "store/statistics_store.hpp"

#include <soci/soci.h>

#include "store/case_store.hpp"
#include "store/journal_sql.hpp"
#include "store/rows.hpp"

namespace komek::store {
namespace {

using rules::RegionalFigure;

inline constexpr std::string_view kSelectFigure = R"sql(
  SELECT series, region, period, value_tiyn, source, published_on, demo, entered_by, entered_at FROM regional_figures
  WHERE series = :series AND region = :region AND period = :period
)sql";
// Every region (:any = 1) or one; in the order the page lists them.
inline constexpr std::string_view kSelectFigures = R"sql(
  SELECT series, region, period, value_tiyn, source, published_on, demo, entered_by, entered_at FROM regional_figures
  WHERE (:any = 1 OR region = :region) ORDER BY region, series, quarter, period
)sql";
// One row per series, region and period: a correction replaces it (its audit record keeps
// the value before).
inline constexpr std::string_view kPutFigure = R"sql(
  INSERT INTO regional_figures (series, region, period, quarter, value_tiyn, source, published_on, demo, entered_by, entered_at)
  VALUES (:series, :region, :period, :quarter, :value, :source, :published, :demo, :by, :at)
  ON CONFLICT (series, region, period) DO UPDATE SET
    value_tiyn = excluded.value_tiyn, source = excluded.source, published_on = excluded.published_on,
    demo = excluded.demo, entered_by = excluded.entered_by, entered_at = excluded.entered_at
)sql";

// The row of kSelectFigure / kSelectFigures.
struct FigureRow {
  std::string series;
  int region = 0;
  std::string period;
  long long value_tiyn = 0;
  std::string source;
  std::string published_on;
  int demo = 0;
  std::string entered_by;
  std::string entered_at;
  void exchange(soci::statement& st) {
    st.exchange(soci::into(series));
    st.exchange(soci::into(region));
    st.exchange(soci::into(period));
    st.exchange(soci::into(value_tiyn));
    st.exchange(soci::into(source));
    st.exchange(soci::into(published_on));
    st.exchange(soci::into(demo));
    st.exchange(soci::into(entered_by));
    st.exchange(soci::into(entered_at));
  }
  [[nodiscard]] Result<RegionalFigure> value() const {
    RegionalFigure f;
    f.series = series;
    f.region = region;
    if (auto q = Quarter::parse(period)) {
      f.quarter = *q;
    } else {
      auto m = Month::parse(period);
      if (!m) return fail(ErrorCode::kInternal, "statistics.stored_record_broken");
      f.month = *m;
      f.quarter = Quarter::of(m->first_day());
    }
    f.value = Money::from_tiyn(value_tiyn);
    f.source = source;
    auto published = Date::parse(published_on);
    if (!published) return fail(ErrorCode::kInternal, "statistics.stored_record_broken");
    f.published_on = *published;
    f.demo = demo != 0;
    f.entered_by = entered_by;
    f.entered_at = entered_at;
    return f;
  }
};

class SqlStatisticsTransaction final : public statistics::StatisticsTransaction {
 public:
  explicit SqlStatisticsTransaction(soci::session& sql) : sql_(sql) {}

  Result<std::optional<RegionalFigure>> find_figure(std::string_view series, int region, std::string_view period) override {
    std::string s(series);
    std::string p(period);
    FigureRow row;
    soci::statement st = prepare_rows(sql_, kSelectFigure, row, s, region, p);
    st.execute();
    if (!st.fetch()) return std::optional<RegionalFigure>();
    KOMEK_TRY(f, row.value());
    return std::optional<RegionalFigure>(std::move(f));
  }

  Result<void> put_figure(RegionalFigure& f) override {
    f.entered_at = now_utc();
    const std::string period = f.period();
    const std::string quarter = f.quarter.iso();
    const long long value = f.value.tiyn();
    const std::string published = f.published_on.iso();
    const int demo = f.demo ? 1 : 0;
    sql_ << kPutFigure, soci::use(f.series), soci::use(f.region), soci::use(period), soci::use(quarter), soci::use(value),
        soci::use(f.source), soci::use(published), soci::use(demo), soci::use(f.entered_by), soci::use(f.entered_at);
    return {};
  }

  Result<void> audit(const work::AuditEntry& entry) override { return journal::audit(sql_, entry); }
  Result<void> enqueue(const work::OutboxMessage& message) override { return journal::enqueue(sql_, message); }
  Result<std::optional<work::IdempotencyRecord>> find_idempotency(std::string_view principal, std::string_view key) override {
    return journal::find_idempotency(sql_, principal, key);
  }
  Result<void> put_idempotency(const work::IdempotencyRecord& r) override { return journal::put_idempotency(sql_, r); }
  Result<void> log_access(const work::AccessRecord& r) override { return journal::log_access(sql_, r); }

 private:
  soci::session& sql_;
};

class SqlStatisticsStore final : public statistics::StatisticsStore {
 public:
  explicit SqlStatisticsStore(Database& db) : db_(db) {}

  Result<void> transact(const std::function<Result<void>(statistics::StatisticsTransaction&)>& work) override {
    return db_.write([&](soci::session& sql) {
      SqlStatisticsTransaction tx(sql);
      return work(tx);
    });
  }

  Result<std::vector<RegionalFigure>> list_figures(std::optional<int> region) override {
    std::vector<RegionalFigure> out;
    KOMEK_CHECK(db_.read([&](soci::session& sql) -> Result<void> {
      int any = region ? 0 : 1;
      int which = region.value_or(0);
      FigureRow row;
      soci::statement st = prepare_rows(sql, kSelectFigures, row, any, which);
      st.execute();
      while (st.fetch()) {
        KOMEK_TRY(f, row.value());
        out.push_back(std::move(f));
      }
      return {};
    }));
    return out;
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<statistics::StatisticsStore> make_statistics_store(Database& db) {
  return std::make_unique<SqlStatisticsStore>(db);
}

}  // namespace komek::store
