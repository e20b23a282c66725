// Cases with decisions for the notify tests, built directly (the workflow is tested elsewhere).
#pragma once

#include <memory>

#include "cases/case.hpp"
#include "rules/library.hpp"

namespace komek::notify::test {

inline rules::Library& library() {
  static std::unique_ptr<rules::Library> lib = rules::Library::load(KOMEK_RULES_DIR).value();
  return *lib;
}

inline const rules::Pack* koksu() { return library().pack("koksu-local").value(); }

// The procedural periods in force under a pack (nullptr: the national procedure).
inline rules::PeriodsInForce periods_under(const rules::Pack* pack) {
  return {library().calendar(), library().procedure(), pack};
}

// A Koksu disaster case granted 300 000 ₸ on Friday 6 March 2026 (form 5).
inline cases::Case granted_case(const std::string& id = "case-granted") {
  cases::Case c;
  c.id = id;
  c.number = "3348-2026-000001";
  c.channel = cases::Channel::kPortal;
  c.pack_id = "koksu-local";
  c.programmes = {"disaster_help"};
  c.territory = Kato::parse("334820000").value();
  c.applicant_iin = "900101300811";
  c.applicant_name = "Әсел Құрманғазықызы";
  c.phone = "8 701 123-45-67";
  c.family_json = "{}";
  c.received_at = "2026-03-02T10:00";
  c.registered_on = Date::from_ymd(2026, 3, 2);
  c.officer = "officer1";
  c.state = cases::CaseState::kGranted;
  cases::Decision d;
  d.granted = true;
  d.on = Date::from_ymd(2026, 3, 6);
  d.officer = "officer1";
  d.form = "5";
  cases::ProgrammeDecision p;
  p.programme = "disaster_help";
  p.granted = true;
  p.amount_per_payment = Money::from_tiyn(30'000'000);
  p.payments = 1;
  p.amount_per_period = Money::from_tiyn(30'000'000);
  p.period_from = Date::from_ymd(2026, 3, 1);
  p.period_to = Date::from_ymd(2026, 3, 31);
  p.cites = {"001 §6.1"};
  d.programmes.push_back(p);
  c.decision = d;
  c.version = 1;
  return c;
}

// The same case refused for refusing the inspection (001 §20.2), form 6.
inline cases::Case refused_case(const std::string& id = "case-refused") {
  cases::Case c = granted_case(id);
  c.number = "3348-2026-000002";
  c.state = cases::CaseState::kRefused;
  c.decision->granted = false;
  c.decision->form = "6";
  auto& p = c.decision->programmes[0];
  p.granted = false;
  p.amount_per_payment = Money();
  p.amount_per_period = Money();
  p.payments = 0;
  p.period_from.reset();
  p.period_to.reset();
  p.refusals = {"refused_inspection"};
  p.cites = {"001 §20.2"};
  return c;
}

}  // namespace komek::notify::test
