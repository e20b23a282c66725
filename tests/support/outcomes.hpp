// Typed outcomes (work/outcome.hpp) as tests read them: the status the API would answer with
// and the value's document, so that a service-level test can say "created, and its id is…"
// without the HTTP layer.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "cases/assignment_json.hpp"
#include "cases/assignment_service.hpp"
#include "cases/case_json.hpp"
#include "cases/consent.hpp"
#include "cases/documents.hpp"
#include "cases/offer_service.hpp"
#include "payments/payments.hpp"
#include "social/json.hpp"
#include "work/outcome.hpp"

namespace komek::test {

// As api/views.cpp maps it: a new record 201, anything else 200.
template <typename T>
int status(const work::Done<T>& d) {
  return d.effect == work::Effect::kCreated ? 201 : 200;
}

inline std::string document(const cases::Case& c) { return cases::case_document(c); }
inline std::string document(const cases::Assignment& a) { return cases::to_json(a).dump(); }
inline std::string document(const cases::Complaint& k) { return cases::to_json(k).dump(); }
inline std::string document(const cases::HolidayList& l) { return cases::to_json(l).dump(); }
inline std::string document(const cases::RegistrySweep& s) { return cases::to_json(s).dump(); }
inline std::string document(const cases::CaseDocument& d) { return cases::to_json(d).dump(); }
inline std::string document(const cases::StatusRequest& r) { return cases::status_request_json(r); }
inline std::string document(const cases::Offer& o) { return cases::offer_view(o); }
inline std::string document(const social::Assessed& a) { return social::to_json(a).dump(); }
inline std::string document(const social::Plan& p) { return social::to_json(p).dump(); }
inline std::string document(const social::PlannedService& s) { return social::to_json(s).dump(); }
inline std::string document(const social::ServiceRecord& r) { return social::to_json(r).dump(); }
inline std::string document(const payments::RunSummary& s) { return payments::to_json_text(s); }
inline std::string document(const payments::ImportSummary& s) { return payments::to_json_text(s); }
inline std::string document(const payments::BudgetChange& c) { return payments::to_json_text(c); }

template <typename T>
std::string body(const work::Done<T>& d) {
  return document(d.value);
}

}  // namespace komek::test
