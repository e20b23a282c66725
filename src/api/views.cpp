#include "api/views.hpp"

#include <nlohmann/json.hpp>

#include "cases/assignment_json.hpp"
#include "cases/case_json.hpp"
#include "social/json.hpp"

namespace komek::api {

using json = nlohmann::json;

int status_of(work::Effect effect) { return effect == work::Effect::kCreated ? 201 : 200; }

std::string body_of(const cases::Case& c) { return cases::to_json(c).dump(); }
std::string body_of(const cases::CaseDocument& d) { return cases::to_json(d).dump(); }
std::string body_of(const cases::Complaint& k) { return cases::to_json(k).dump(); }
std::string body_of(const cases::Assignment& a) { return cases::to_json(a).dump(); }
std::string body_of(const cases::RegistrySweep& s) { return cases::to_json(s).dump(); }
std::string body_of(const cases::Offer& o) { return cases::offer_view(o); }
std::string body_of(const cases::OfferRunSummary& s) { return cases::run_summary_json(s); }
std::string body_of(const social::Assessed& a) { return social::to_json(a).dump(); }
std::string body_of(const social::Plan& p) { return social::to_json(p).dump(); }
std::string body_of(const social::PlannedService& s) { return social::to_json(s).dump(); }
std::string body_of(const social::ServiceRecord& r) { return social::to_json(r).dump(); }
std::string body_of(const payments::RunSummary& s) { return payments::to_json_text(s); }
std::string body_of(const payments::ImportSummary& s) { return payments::to_json_text(s); }

std::string budget_set_body(const payments::BudgetChange& c) {
  return json{{"budget", {{"programme", c.line.programme}, {"territory", c.line.territory}, {"year", c.line.year}}},
              {"allocation_tiyn", c.allocation.tiyn()}}
      .dump();
}

std::string budget_amended_body(const payments::BudgetChange& c) { return payments::to_json_text(c); }

std::string holiday_list_body(const cases::HolidayList& l, work::Effect effect) {
  json body = cases::to_json(l);
  body["existing"] = effect != work::Effect::kCreated;
  return body.dump();
}

}  // namespace komek::api
