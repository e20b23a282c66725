// The accounting report of special social services (003 §14: the social worker keeps
// accounting and reporting records) for a period and a territory:
//   - persons served, by group (category) and by form of delivery: a person is served in the
//     period when at least one service was delivered to them (not refused) on a day of it;
//     a person of two groups is counted in each, and once in the totals;
//   - services by type: quantity planned (planned services whose window overlaps the period
//     and that were not ended before it, counted whole), quantity delivered and the number
//     of refusals recorded in the period;
//   - plans opened in the period, and closed in it by reason.
// Pure: the plans and records in scope are given; the store selects them.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/lang.hpp"
#include "social/catalogue.hpp"
#include "social/model.hpp"

namespace komek::social {

struct ReportRequest {
  Date from;
  Date to;
  std::string territory;   // KATO prefix ("" = the whole country)
};

struct TypeLine {
  std::string type;
  std::int64_t planned = 0;
  std::int64_t delivered = 0;
  std::int64_t refused = 0;      // records of refusal
  std::int64_t persons = 0;      // distinct persons the type was delivered to
};

struct Report {
  ReportRequest request;
  std::int64_t persons_total = 0;
  std::map<std::string, std::int64_t> persons_by_category;
  std::map<std::string, std::int64_t> persons_by_form;
  std::map<std::pair<std::string, std::string>, std::int64_t> persons_by_category_and_form;
  std::vector<TypeLine> types;   // in the catalogue's order, every type present
  std::int64_t plans_opened = 0;
  std::map<std::string, std::int64_t> plans_closed_by_reason;
};

// Validates the period (to >= from, at most kReportDaysMax days).
inline constexpr int kReportDaysMax = 3 * 366;
Result<ReportRequest> make_report_request(const std::string& from, const std::string& to, const std::string& territory);

Report build_report(const Catalogue& catalogue, const ReportRequest& request, const std::vector<Plan>& plans,
                    const std::vector<ServiceRecord>& records);

// The report as JSON (codes with names in `lang` and clauses); as a table for CSV, see
// reports/social_report.hpp.
std::string report_json(const Catalogue& catalogue, const Report& report, Lang lang);

}  // namespace komek::social
