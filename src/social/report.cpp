#include "social/report.hpp"

#include <nlohmann/json.hpp>


namespace komek::social {
namespace {

using json = nlohmann::json;

bool in_territory(const std::string& territory, const std::string& prefix) { return territory.rfind(prefix, 0) == 0; }

tl::unexpected<Error> bad(std::string field, std::string key, std::vector<std::pair<std::string, std::string>> params = {}) {
  Error e(ErrorCode::kInvalidInput, std::move(key), std::move(params));
  e.field = std::move(field);
  return tl::unexpected(e);
}

}  // namespace

Result<ReportRequest> make_report_request(const std::string& from, const std::string& to, const std::string& territory) {
  ReportRequest r;
  if (from.empty()) return bad("from", "social.required");
  auto f = Date::parse(from);
  if (!f) return tl::unexpected(Error(f.error()).at_field("from"));
  if (to.empty()) return bad("to", "social.required");
  auto t = Date::parse(to);
  if (!t) return tl::unexpected(Error(t.error()).at_field("to"));
  if (*t < *f) return bad("to", "social.period_reversed", {{"from", f->iso()}, {"to", t->iso()}});
  if (*t - *f > kReportDaysMax) return bad("to", "social.period_too_long", {{"max", std::to_string(kReportDaysMax)}});
  // A territory is a KATO prefix: digits only, at most the 9 of a settlement.
  if (territory.size() > 9 || territory.find_first_not_of("0123456789") != std::string::npos)
    return bad("territory", "social.territory_prefix", {{"value", territory.substr(0, 20)}});
  r.from = *f;
  r.to = *t;
  r.territory = territory;
  return r;
}

Report build_report(const Catalogue& catalogue, const ReportRequest& request, const std::vector<Plan>& plans,
                    const std::vector<ServiceRecord>& records) {
  Report out;
  out.request = request;
  std::map<std::string, const Plan*> by_id;
  for (const auto& p : plans)
    if (in_territory(p.territory, request.territory)) by_id[p.id] = &p;

  std::map<std::string, TypeLine> lines;
  for (const auto& t : catalogue.service_types()) lines[t.code].type = t.code;

  for (const auto& [id, p] : by_id) {
    if (p->opened_on >= request.from && p->opened_on <= request.to) ++out.plans_opened;
    if (p->state == PlanState::kClosed && p->closed_on && *p->closed_on >= request.from && *p->closed_on <= request.to)
      ++out.plans_closed_by_reason[p->closing_reason];
    // A plan closed before the period plans nothing in it.
    if (p->state == PlanState::kClosed && p->closed_on && *p->closed_on < request.from) continue;
    for (const auto& s : p->services) {
      const bool overlaps = s.planned_from <= request.to && s.planned_to >= request.from;
      const bool ended_before = s.closed && s.closed_on && *s.closed_on < request.from;
      if (overlaps && !ended_before) lines[s.type].planned += s.quantity;
    }
  }

  std::set<std::string> persons;
  std::map<std::string, std::set<std::string>> by_category, by_form, by_type;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> by_both;
  for (const auto& r : records) {
    const auto plan = by_id.find(r.plan_id);
    if (plan == by_id.end() || r.delivered_on < request.from || r.delivered_on > request.to) continue;
    auto& line = lines[r.type];
    line.type = r.type;
    if (r.refused) {
      ++line.refused;
      continue;
    }
    line.delivered += r.quantity;
    persons.insert(r.person_id);
    by_form[r.form].insert(r.person_id);
    by_type[r.type].insert(r.person_id);
    for (const auto& c : plan->second->categories) {
      by_category[c].insert(r.person_id);
      by_both[{c, r.form}].insert(r.person_id);
    }
  }
  out.persons_total = static_cast<std::int64_t>(persons.size());
  for (const auto& [k, v] : by_category) out.persons_by_category[k] = static_cast<std::int64_t>(v.size());
  for (const auto& [k, v] : by_form) out.persons_by_form[k] = static_cast<std::int64_t>(v.size());
  for (const auto& [k, v] : by_both) out.persons_by_category_and_form[k] = static_cast<std::int64_t>(v.size());
  for (auto& [k, line] : lines) line.persons = by_type.count(k) ? static_cast<std::int64_t>(by_type[k].size()) : 0;
  // The catalogue's order first, then any type no longer in the catalogue (old records).
  for (const auto& t : catalogue.service_types()) {
    out.types.push_back(lines[t.code]);
    lines.erase(t.code);
  }
  for (const auto& [k, line] : lines) out.types.push_back(line);
  return out;
}

namespace {

json named(const Catalogue& catalogue, const CatalogueEntry* entry, const std::string& code, Lang lang) {
  (void)catalogue;
  if (entry == nullptr) return json{{"code", code}, {"name", code}};
  return json{{"code", code}, {"name", entry->name(lang)}, {"clause", entry->clause}};
}

}  // namespace

std::string report_json(const Catalogue& catalogue, const Report& report, Lang lang) {
  json categories = json::array();
  for (const auto& c : catalogue.categories()) {
    json row = named(catalogue, &c, c.code, lang);
    const auto it = report.persons_by_category.find(c.code);
    row["persons"] = it == report.persons_by_category.end() ? 0 : it->second;
    json forms = json::object();
    for (const auto& f : catalogue.forms()) {
      const auto both = report.persons_by_category_and_form.find({c.code, f.code});
      forms[f.code] = both == report.persons_by_category_and_form.end() ? 0 : both->second;
    }
    row["by_form"] = forms;
    categories.push_back(row);
  }
  json forms = json::array();
  for (const auto& f : catalogue.forms()) {
    json row = named(catalogue, &f, f.code, lang);
    const auto it = report.persons_by_form.find(f.code);
    row["persons"] = it == report.persons_by_form.end() ? 0 : it->second;
    forms.push_back(row);
  }
  json types = json::array();
  for (const auto& line : report.types) {
    json row = named(catalogue, catalogue.find_type(line.type), line.type, lang);
    row["planned"] = line.planned;
    row["delivered"] = line.delivered;
    row["refused"] = line.refused;
    row["persons"] = line.persons;
    types.push_back(row);
  }
  json closed = json::object();
  for (const auto& [reason, n] : report.plans_closed_by_reason) closed[reason] = n;
  return json{{"period", {{"from", report.request.from.iso()}, {"to", report.request.to.iso()}}},
              {"territory", report.request.territory},
              {"clause", "003 §14"},
              {"persons_served", report.persons_total},
              {"by_category", categories},
              {"by_form", forms},
              {"services_by_type", types},
              {"plans", {{"opened", report.plans_opened}, {"closed_by_reason", closed}}}}
      .dump(2);
}

}  // namespace komek::social
