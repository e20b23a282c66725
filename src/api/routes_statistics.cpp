// The statistics bureau's regional figures (issue 16 item 1; docs/regional-statistics.md):
// the list (entered and shipped), one figure from the form, a CSV import, and which figures
// the territory's open cases will need that are not entered — the warning the dashboard and
// the case page show before a case waits for them. Staff read; the authorized body's
// officers write (Komek has no administrator role yet: when one is added, it joins
// kWriters). Figures are public statistics, not personal data: reading them logs nothing;
// the warning names cases by id only, and with ?case= it is a logged read of that case.
#include <string>

#include <nlohmann/json.hpp>

#include "api/router.hpp"
#include "api/routes.hpp"
#include "statistics/service.hpp"

namespace komek::api {
namespace {

using cases::Role;

const std::vector<Role> kWriters = {Role::kOfficer};
// The CSV text in a JSON body: the file's limit and room for the JSON escaping around it.
constexpr std::size_t kImportBodyBytesMax = 2 * statistics::kImportBytesMax + 4096;

// The region's name in the reader's language beside its code.
std::string region_name(int region, Lang lang) {
  const RegionInfo* info = find_region(region);
  return info == nullptr ? std::string() : std::string(info->name(lang));
}

json row_json(const statistics::FigureRow& r, Lang lang) {
  json j = statistics::figure_json(r.figure);
  j["region_name"] = region_name(r.figure.region, lang);
  j["origin"] = r.shipped ? "shipped" : "entered";
  j["replaced"] = r.replaced;
  // Shipped figures carry their source's date in the source text (rules/parameters).
  if (r.shipped) {
    j["published_on"] = nullptr;
    j["entered_at"] = nullptr;
  }
  return j;
}

Result<std::optional<int>> region_param(const HttpRequest& req) {
  const std::string text = req.param("region");
  if (text.empty()) return std::optional<int>();
  const bool two_digits = text.size() == 2 && text[0] >= '0' && text[0] <= '9' && text[1] >= '0' && text[1] <= '9';
  if (!two_digits || find_region(std::stoi(text)) == nullptr) {
    Error e(ErrorCode::kInvalidInput, "statistics.region", {{"value", text.substr(0, 8)}});
    e.field = "region";
    return tl::unexpected(e);
  }
  return std::optional<int>(std::stoi(text));
}

}  // namespace

RouteModule statistics_routes(statistics::StatisticsService& stats, cases::CaseService& cases) {
  return [&stats, &cases](Router& r) {
    r.add("GET", "/api/v1/statistics/figures",
          "The statistics bureau's regional figures (subsistence minimum, median income, poverty line), entered and "
          "shipped, each with its source and publication day (?region=33)",
          reads(roles::kStaff, "staff"), {}, [&stats](Context& ctx) -> Result<HttpResponse> {
            KOMEK_TRY(region, region_param(ctx.request));
            KOMEK_TRY(rows, stats.list(region));
            json list = json::array();
            for (const auto& row : rows) list.push_back(row_json(row, ctx.lang));
            return json_response(200, json{{"figures", list}}.dump());
          });
    r.add("POST", "/api/v1/statistics/figures",
          "Enter or correct one regional figure: series, region (two KATO digits), period (YYYY-Qn, or YYYY-MM for the "
          "subsistence minimum), value in tenge, source, published_on (audited)",
          writes(kWriters, "officers, for their own region"),
          {"series", "region", "period", "value", "source", "published_on"}, [&stats](Context& ctx) -> Result<HttpResponse> {
            KOMEK_TRY(body, Body::parse(ctx.request.body));
            statistics::FigureInput in;
            KOMEK_ASSIGN(in.series, body.string("series", true, 40));
            KOMEK_ASSIGN(in.region, body.string("region", true, 8));
            KOMEK_ASSIGN(in.period, body.string("period", true, 16));
            KOMEK_ASSIGN(in.value, body.string("value", true, 32));
            KOMEK_ASSIGN(in.source, body.string("source", true, 4 * statistics::kSourceCharsMax));
            KOMEK_ASSIGN(in.published_on, body.string("published_on", true, 16));
            KOMEK_CHECK(body.no_other_fields());
            return from(stats.enter(ctx.actor, request_key(ctx), in), [&ctx](const rules::RegionalFigure& f) {
              json j = statistics::figure_json(f);
              j["region_name"] = region_name(f.region, ctx.lang);
              return j.dump();
            });
          });
    r.add("POST", "/api/v1/statistics/import",
          "Import regional figures from CSV text (columns series,region,period,value,source,published_on): every line "
          "checked, all written or none, an error naming the line and column",
          with_body_max(writes(kWriters, "officers, for their own region"), kImportBodyBytesMax), {"csv"},
          [&stats](Context& ctx) -> Result<HttpResponse> {
            KOMEK_TRY(body, Body::parse(ctx.request.body, kImportBodyBytesMax));
            KOMEK_TRY(csv, body.string("csv", true, statistics::kImportBytesMax));
            KOMEK_CHECK(body.no_other_fields());
            return from(stats.import_csv(ctx.actor, request_key(ctx), csv), [](const statistics::ImportSummary& s) {
              json figures = json::array();
              for (const auto& f : s.figures) figures.push_back(statistics::figure_json(f));
              return json{{"entered", s.entered}, {"corrected", s.corrected}, {"unchanged", s.unchanged},
                          {"figures", figures}}
                  .dump();
            });
          });
    r.add("GET", "/api/v1/statistics/wanted",
          "The regional figures the territory's open cases will need that are not entered: per region and quarter, the "
          "series missing and the cases waiting (?case=ID: that case only)",
          reads(roles::kStaff, "staff of the territory"), {}, [&cases](Context& ctx) -> Result<HttpResponse> {
            const std::string case_id = ctx.request.param("case");
            KOMEK_TRY(report, cases.figures_wanted(ctx.actor, case_id.substr(0, kPathParameterBytesMax)));
            json wanted = json::array();
            for (const auto& w : report.wanted)
              wanted.push_back({{"region", w.region},
                                {"region_name", region_name(w.region, ctx.lang)},
                                {"quarter", w.quarter.iso()},
                                {"series", w.series},
                                {"cases", w.cases},
                                {"case_ids", w.case_ids}});
            return json_response(200, json{{"complete", report.complete}, {"wanted", wanted}}.dump());
          });
  };
}

}  // namespace komek::api
