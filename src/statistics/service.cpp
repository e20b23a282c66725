#include "statistics/service.hpp"

#include <algorithm>
#include <tuple>

#include "work/json_codec.hpp"
#include "work/runner.hpp"

namespace komek::statistics {
namespace {

using json = nlohmann::json;

work::Codec<rules::RegionalFigure> figure_codec() {
  return work::json_codec<rules::RegionalFigure>(figure_json, figure_from_json);
}

json summary_json(const ImportSummary& s) {
  json figures = json::array();
  for (const auto& f : s.figures) figures.push_back(figure_json(f));
  return {{"entered", s.entered}, {"corrected", s.corrected}, {"unchanged", s.unchanged}, {"figures", figures}};
}

Result<ImportSummary> summary_from_json(const json& j) {
  if (!j.is_object() || !j.contains("figures") || !j["figures"].is_array())
    return fail(ErrorCode::kInternal, "statistics.stored_record_broken");
  ImportSummary s;
  s.entered = j.value("entered", std::size_t{0});
  s.corrected = j.value("corrected", std::size_t{0});
  s.unchanged = j.value("unchanged", std::size_t{0});
  for (const auto& f : j["figures"]) {
    KOMEK_TRY(figure, figure_from_json(f));
    s.figures.push_back(std::move(figure));
  }
  return s;
}

work::Codec<ImportSummary> summary_codec() { return work::json_codec<ImportSummary>(summary_json, summary_from_json); }

bool same_figure(const rules::RegionalFigure& a, const rules::RegionalFigure& b) {
  return a.value == b.value && a.source == b.source && a.published_on == b.published_on && a.demo == b.demo;
}

}  // namespace

Result<void> StatisticsService::may_enter(const work::Actor& actor, int region) const {
  // A figure is the whole region's: a district's officer enters their own region's (the
  // bureau publishes per region, and every district of it uses the same figure); a
  // national account any region's; those who act for themselves none.
  const std::string two = (region < 10 ? "0" : "") + std::to_string(region);
  const bool inside = actor.territory.empty() || actor.territory.substr(0, 2) == two;
  if (actor.is_applicant() || actor.territory == work::kNoTerritory || !inside)
    return fail(ErrorCode::kForbidden, "statistics.outside_territory", {{"region", two}});
  return {};
}

Result<StatisticsService::Change> StatisticsService::put(StatisticsTransaction& tx, const work::Actor& actor,
                                                         rules::RegionalFigure figure) {
  KOMEK_TRY(before, tx.find_figure(figure.series, figure.region, figure.period()));
  if (before && same_figure(*before, figure)) return Change::kUnchanged;
  figure.entered_by = actor.login;
  figure.entered_at.clear();
  KOMEK_CHECK(tx.put_figure(figure));
  KOMEK_CHECK(tx.audit(work::AuditEntry{"", actor.login, before ? "statistics.figure_corrected" : "statistics.figure_entered",
                                        "regional_figure", figure.series + ":" + std::to_string(figure.region) + ":" + figure.period(),
                                        before ? figure_json(*before).dump() : "", figure_json(figure).dump()}));
  return before ? Change::kCorrected : Change::kEntered;
}

Result<work::Done<rules::RegionalFigure>> StatisticsService::enter(const work::Actor& actor, const work::RequestKey& request,
                                                                   const FigureInput& input) {
  const Date today = clock_.now_local().date;
  KOMEK_TRY(figure, check_figure(input, today, library_.money_ceilings()));
  KOMEK_CHECK(may_enter(actor, figure.region));
  return work::run_idempotent<rules::RegionalFigure, StatisticsTransaction>(
      store_, actor, request, figure_codec(),
      [&](StatisticsTransaction& tx) -> Result<work::Done<rules::RegionalFigure>> {
        KOMEK_TRY(change, put(tx, actor, figure));
        KOMEK_TRY(stored, tx.find_figure(figure.series, figure.region, figure.period()));
        if (!stored) return fail(ErrorCode::kInternal, "statistics.stored_record_broken");
        return work::Done<rules::RegionalFigure>{change == Change::kEntered ? work::Effect::kCreated : work::Effect::kDone,
                                                 std::move(*stored)};
      });
}

Result<work::Done<ImportSummary>> StatisticsService::import_csv(const work::Actor& actor, const work::RequestKey& request,
                                                                std::string_view csv) {
  const Date today = clock_.now_local().date;
  KOMEK_TRY(figures, read_figures_csv(csv, today, library_.money_ceilings()));
  for (const auto& f : figures) KOMEK_CHECK(may_enter(actor, f.region));
  return work::run_idempotent<ImportSummary, StatisticsTransaction>(
      store_, actor, request, summary_codec(), [&](StatisticsTransaction& tx) -> Result<work::Done<ImportSummary>> {
        ImportSummary summary;
        for (const auto& f : figures) {
          KOMEK_TRY(change, put(tx, actor, f));
          if (change == Change::kEntered) ++summary.entered;
          if (change == Change::kCorrected) ++summary.corrected;
          if (change == Change::kUnchanged) ++summary.unchanged;
          KOMEK_TRY(stored, tx.find_figure(f.series, f.region, f.period()));
          if (!stored) return fail(ErrorCode::kInternal, "statistics.stored_record_broken");
          summary.figures.push_back(std::move(*stored));
        }
        return work::Done<ImportSummary>{summary.entered > 0 ? work::Effect::kCreated : work::Effect::kDone,
                                         std::move(summary)};
      });
}

Result<std::vector<FigureRow>> StatisticsService::list(std::optional<int> region) {
  KOMEK_TRY(entered, store_.list_figures(region));
  std::vector<FigureRow> rows;
  for (auto& f : entered) rows.push_back(FigureRow{std::move(f), false, false});
  const auto key = [](const rules::RegionalFigure& f) { return std::make_tuple(f.series, f.region, f.period()); };
  for (const char* series : {kSubsistenceMinimum.data(), kMedianIncome.data(), kPovertyLine.data()}) {
    auto it = library_.parameters().series().find(series);
    if (it == library_.parameters().series().end()) continue;
    for (const auto& e : it->second.entries) {
      if (region && e.region != *region) continue;
      FigureRow row;
      row.shipped = true;
      row.figure.series = series;
      row.figure.region = e.region;
      row.figure.quarter = e.quarter;
      row.figure.month = e.month;
      row.figure.value = e.value.money;
      row.figure.source = e.value.source;
      row.figure.demo = e.value.demo;
      row.figure.entered_by = "rules/parameters";
      row.replaced = std::any_of(rows.begin(), rows.end(),
                                 [&](const FigureRow& r) { return !r.shipped && key(r.figure) == key(row.figure); });
      rows.push_back(std::move(row));
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [&](const FigureRow& a, const FigureRow& b) {
    return std::make_tuple(a.figure.region, a.figure.series, a.figure.quarter, a.figure.month) <
           std::make_tuple(b.figure.region, b.figure.series, b.figure.quarter, b.figure.month);
  });
  return rows;
}

Result<rules::ParameterSet> StatisticsService::for_region(int region) {
  KOMEK_TRY(entered, store_.list_figures(region));
  return library_.parameters().with_figures(entered);
}

}  // namespace komek::statistics
