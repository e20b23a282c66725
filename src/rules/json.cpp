#include "rules/json.hpp"

#include <nlohmann/json.hpp>

#include "core/messages.hpp"
#include "rules/messages.hpp"

namespace komek::rules {
namespace {

using json = nlohmann::json;

json trace_json(const Trace& trace, Lang lang) {
  json steps = json::array();
  for (const auto& s : trace) {
    json params = json::object();
    for (const auto& p : s.params) params[p.name] = p.value;
    steps.push_back({{"rule", s.rule},
                     {"cites", s.cites},
                     {"passed", s.passed},
                     {"values", params},
                     {"text", render_step(s, lang)}});
  }
  return steps;
}

json optional_date(const std::optional<Date>& d) { return d ? json(d->iso()) : json(nullptr); }

}  // namespace

json to_json(const Evaluation& ev, Lang lang, bool with_trace) {
  json out;
  out["pack"] = ev.pack->id;
  out["date"] = ev.date.iso();
  out["application_date"] = ev.application_date.iso();
  out["reference_quarter"] = ev.reference_quarter.iso();
  if (ev.income) {
    out["income"] = {{"period", {{"from", ev.income->period.from().iso()}, {"to", ev.income->period.to().iso()}}},
                     {"counted_tiyn", ev.income->counted_total.tiyn()},
                     {"excluded_tiyn", ev.income->excluded_total.tiyn()},
                     {"members", ev.income->members},
                     {"per_capita_monthly_tiyn", ev.income->per_capita_monthly.tiyn()}};
  } else {
    out["income"] = nullptr;
  }
  json programmes = json::array();
  for (const auto& o : ev.programmes) {
    const Programme& p = *o.programme;
    json refusals = json::array();
    for (const auto& r : o.refusals)
      refusals.push_back({{"id", r.id}, {"cites", r.cites}, {"title", r.titles.in(lang)}, {"ban_until", optional_date(r.ban_until)}});
    json item = {
        {"id", p.id},
        {"kind", std::string(programme_kind_name(p.kind))},
        {"title", p.titles.in(lang)},
        {"cites", p.cites},
        {"in_force", o.in_force},
        {"decided", o.decided},
        {"eligible", o.eligible},
        {"frequency", std::string(frequency_name(p.frequency.kind))},
        {"recipients", o.recipients},
        {"amount_per_recipient_tiyn", o.amount_per_recipient.tiyn()},
        {"amount_per_payment_tiyn", o.amount_per_payment.tiyn()},
        {"payments", o.payments},
        {"amount_per_period_tiyn", o.amount_per_period.tiyn()},
        {"period", o.period ? json{{"from", o.period->from().iso()}, {"to", o.period->to().iso()}} : json(nullptr)},
        {"payment_date", optional_date(o.payment_date)},
        {"tsa_type", o.tsa_type ? json(std::string(tsa_type_name(*o.tsa_type))) : json(nullptr)},
        {"decision_due", optional_date(o.decision_due)},
        {"refusal_reasons", refusals},
    };
    if (o.error) {
      json params = json::object();
      for (const auto& [k, v] : o.error->params) params[k] = v;
      item["error"] = {{"key", o.error->message_key}, {"message", render(*o.error, lang)}, {"params", params}};
    } else {
      item["error"] = nullptr;
    }
    if (with_trace) item["trace"] = trace_json(o.trace, lang);
    programmes.push_back(std::move(item));
  }
  out["programmes"] = std::move(programmes);
  if (with_trace) out["trace"] = trace_json(ev.trace, lang);
  return out;
}

json to_json(const Forecast& f, Lang lang) {
  json lines = json::array();
  for (const auto& l : f.lines) {
    lines.push_back({{"line_id", l.programme->id},
                     {"title", l.programme->titles.in(lang)},
                     {"persons", l.persons},
                     {"payments", l.payments},
                     {"first_payment_tiyn", l.first_payment.tiyn()},
                     {"per_person_year_tiyn", l.per_person_year.tiyn()},
                     {"total_tiyn", l.total.tiyn()},
                     {"total_thousand", thousands(l.total)},
                     {"seed_budget_tiyn", l.seed_budget ? json(l.seed_budget->tiyn()) : json(nullptr)},
                     {"difference_tiyn", l.difference ? json(l.difference->tiyn()) : json(nullptr)},
                     {"sources", l.sources}});
  }
  return {{"year", f.year},
          {"lines", lines},
          {"total_tiyn", f.total.tiyn()},
          {"total_thousand", thousands(f.total)},
          {"seed_total_tiyn", f.seed_total ? json(f.seed_total->tiyn()) : json(nullptr)},
          {"allocation_tiyn", f.allocation ? json(f.allocation->tiyn()) : json(nullptr)},
          {"balance_tiyn", f.balance ? json(f.balance->tiyn()) : json(nullptr)},
          {"balance_thousand", f.balance ? json(thousands(*f.balance)) : json(nullptr)}};
}

json to_json(const std::vector<PackFinding>& findings) {
  json out = json::array();
  for (const auto& f : findings)
    out.push_back({{"severity", f.severity}, {"programme", f.programme}, {"line", f.line}, {"message", f.message}});
  return out;
}

}  // namespace komek::rules
