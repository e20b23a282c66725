// The statistics bureau's regional figures entered by an administrator (issue 16 item 1;
// docs/regional-statistics.md): their store port, and the use cases — enter one figure,
// import a CSV file of them (all lines or none), list them beside the shipped ones — each
// change one transaction with its audit record. The service also gives the case service the
// parameters of a region with the entered figures laid over the shipped ones
// (cases::RegionalParameters): an entered figure replaces a shipped one of the same series,
// region and period.
//
//   StatisticsService stats(store, library, clock);
//   auto done = stats.enter(officer, key, FigureInput{"subsistence_minimum", "33", "2026-Q3", "61000", "БНС …", "2026-10-15"});
//   auto params = stats.for_region(33);   // the rules now see 61 000 ₸ for region 33, 2026-Q3
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/service.hpp"
#include "rules/library.hpp"
#include "statistics/figures.hpp"
#include "work/actor.hpp"
#include "work/journal.hpp"
#include "work/outcome.hpp"
#include "work/request.hpp"

namespace komek::statistics {

class StatisticsTransaction : public work::Journal {
 public:
  virtual Result<std::optional<rules::RegionalFigure>> find_figure(std::string_view series, int region,
                                                                   std::string_view period) = 0;
  // Inserts the figure, or replaces the one of its series, region and period; sets
  // entered_at to the store's now (UTC).
  virtual Result<void> put_figure(rules::RegionalFigure& figure) = 0;
};

class StatisticsStore {
 public:
  virtual ~StatisticsStore() = default;
  // One transaction: committed when `work` returns a value, rolled back otherwise.
  virtual Result<void> transact(const std::function<Result<void>(StatisticsTransaction&)>& work) = 0;
  // The entered figures of a region (all regions: nullopt), by series, region and period.
  virtual Result<std::vector<rules::RegionalFigure>> list_figures(std::optional<int> region) = 0;
};

// What an import did: figures new, changed, and given again unchanged.
struct ImportSummary {
  std::size_t entered = 0;
  std::size_t corrected = 0;
  std::size_t unchanged = 0;
  std::vector<rules::RegionalFigure> figures;
};

// A figure as the list shows it: entered in the database or shipped with the rules
// (rules/parameters/regional.yaml), and whether an entered one replaces a shipped one.
struct FigureRow {
  rules::RegionalFigure figure;
  bool shipped = false;
  bool replaced = false;  // shipped, and an entered figure of the same key is used instead
};

class StatisticsService final : public cases::RegionalParameters {
 public:
  StatisticsService(StatisticsStore& store, const rules::Library& library, work::Clock& clock)
      : store_(store), library_(library), clock_(clock) {}

  // One figure from the form: created, corrected (another value, source or date: the audit
  // record keeps the one before) or, given again unchanged, done with nothing written.
  // Errors: check_figure's; "statistics.outside_territory" (kForbidden) when the actor's
  // scope is not inside the figure's region (a district officer enters the figures of their
  // own region; a national account any).
  Result<work::Done<rules::RegionalFigure>> enter(const work::Actor& actor, const work::RequestKey& request,
                                                  const FigureInput& input);
  // A CSV file of figures (figures.hpp read_figures_csv): every line checked first, then all
  // written in one transaction, each change with its audit record; any error writes nothing.
  Result<work::Done<ImportSummary>> import_csv(const work::Actor& actor, const work::RequestKey& request,
                                               std::string_view csv);
  // The entered and the shipped figures of a region (all: nullopt), by series, region, period.
  Result<std::vector<FigureRow>> list(std::optional<int> region);

  // cases::RegionalParameters: the library's parameters with the region's entered figures.
  Result<rules::ParameterSet> for_region(int region) override;

 private:
  Result<void> may_enter(const work::Actor& actor, int region) const;
  // Writes one checked figure in `tx` with its audit record; what it did.
  enum class Change { kEntered, kCorrected, kUnchanged };
  Result<Change> put(StatisticsTransaction& tx, const work::Actor& actor, rules::RegionalFigure figure);

  StatisticsStore& store_;
  const rules::Library& library_;
  work::Clock& clock_;
};

}  // namespace komek::statistics
