// What a typed outcome looks like over HTTP: the one place an Effect becomes a status code
// (created 201, done 200) and a domain value becomes a response body. The bodies are the
// records' own documents (the same JSON their audit records carry), so that an idempotent
// replay, which decodes the kept document, answers byte for byte the same (RELIABILITY R3).
//
//   return from(service.accept(ctx.actor, request_key(ctx), id));   // 200 + the case
//   return from(svc.set_budget(…), budget_set_body);                // a route's own view
#pragma once

#include <string>

#include "api/http.hpp"
#include "cases/assignment_service.hpp"
#include "cases/case.hpp"
#include "cases/complaint.hpp"
#include "cases/consent.hpp"
#include "cases/documents.hpp"
#include "cases/holiday_list.hpp"
#include "cases/offer_service.hpp"
#include "core/result.hpp"
#include "payments/payments.hpp"
#include "social/model.hpp"
#include "work/outcome.hpp"

namespace komek::api {

HttpResponse json_response(int status, const std::string& body);

[[nodiscard]] int status_of(work::Effect effect);

std::string body_of(const cases::Case& c);
std::string body_of(const cases::CaseDocument& d);
std::string body_of(const cases::Complaint& k);
std::string body_of(const cases::Assignment& a);
std::string body_of(const cases::RegistrySweep& s);
std::string body_of(const cases::Offer& o);
std::string body_of(const cases::OfferRunSummary& s);
std::string body_of(const social::Assessed& a);
std::string body_of(const social::Plan& p);
std::string body_of(const social::PlannedService& s);
std::string body_of(const social::ServiceRecord& r);
std::string body_of(const payments::RunSummary& s);
std::string body_of(const payments::ImportSummary& s);

// Views a route chooses itself.
std::string budget_set_body(const payments::BudgetChange& c);
std::string budget_amended_body(const payments::BudgetChange& c);
// A holiday list with "existing": true when it was made before this request.
std::string holiday_list_body(const cases::HolidayList& l, work::Effect effect);

template <typename T>
Result<HttpResponse> from(Result<work::Done<T>> r) {
  if (!r) return tl::unexpected(r.error());
  return json_response(status_of(r->effect), body_of(r->value));
}

template <typename T, typename View>
Result<HttpResponse> from(Result<work::Done<T>> r, View&& view) {
  if (!r) return tl::unexpected(r.error());
  return json_response(status_of(r->effect), view(r->value));
}

}  // namespace komek::api
