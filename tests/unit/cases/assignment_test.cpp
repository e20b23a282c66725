// Assignments and their schedule after changes, suspensions and terminations (001 §22), and
// the complaint procedure's deadlines and outcomes (004 §45): the pure domain.
#include "cases/assignment.hpp"

#include <gtest/gtest.h>

#include "cases/complaint.hpp"
#include "cases/workflow.hpp"
#include "core/messages.hpp"
#include "rules/evaluate.hpp"
#include "rules/library.hpp"

namespace komek::cases {
namespace {

rules::Library& library() {
  static std::unique_ptr<rules::Library> lib = rules::Library::load(KOMEK_RULES_DIR).value();
  return *lib;
}

// The national procedure's periods on the shipped calendar.
rules::PeriodsInForce periods() { return {library().calendar(), library().procedure()}; }

Date d(const char* s) { return Date::parse(s).value(); }
Month m(const char* s) { return Month::parse(s).value(); }
Money tenge(std::int64_t t) { return Money::from_tenge(t).value(); }

// Monthly TSA for the second quarter of 2026, 20,000 ₸ a month, assigned on 1 April.
Assignment monthly() {
  Assignment a;
  a.id = "a1";
  a.pack_id = "kz-tsa";
  a.programme = "tsa";
  a.recipient_iin = "900101300811";
  a.territory = Kato::parse("151010000").value();
  a.frequency = PaymentFrequency::kMonthly;
  a.period_from = d("2026-04-01");
  a.period_to = d("2026-06-30");
  a.amount = tenge(20000);
  a.payments = 3;
  a.assigned_on = d("2026-04-01");
  return a;
}

// The date payment stops as the rules give it for the pack's ground.
TerminationEvent event(const Assignment& a, const char* ground, const char* on, const char* source = "officer") {
  const rules::Pack& pack = library().packs().at(a.pack_id);
  auto rule = rules::termination_for(pack, *pack.programme(a.programme), ground, d(on)).value();
  TerminationEvent e;
  e.ground = ground;
  e.event_on = d(on);
  e.source = source;
  e.stops = *rule.payment_stops;
  e.cites = rule.cites;
  e.officer = "officer1";
  return e;
}

std::vector<std::string> months(const Assignment& a) {
  std::vector<std::string> out;
  for (const auto& p : schedule(a)) out.push_back(p.month.iso() + "=" + std::to_string(p.amount.tiyn() / 100));
  return out;
}

TEST(Assignment, MonthlyScheduleCoversThePeriod) {
  const Assignment a = monthly();
  EXPECT_EQ(months(a), (std::vector<std::string>{"2026-04=20000", "2026-05=20000", "2026-06=20000"}));
  EXPECT_EQ(total_due(a), tenge(60000));
  EXPECT_EQ(amount_due(a, m("2026-07")), Money());
  EXPECT_EQ(status_on(a, d("2026-07-01")), AssignmentStatus::kEnded);
  EXPECT_EQ(status_on(a, d("2026-06-30")), AssignmentStatus::kActive);
}

TEST(Assignment, DeathStopsPaymentFromTheNextMonth) {
  Assignment a = monthly();
  // 001 §22: died on 10 May — May stays paid, June is not.
  ASSERT_TRUE(terminate(a, event(a, "death", "2026-05-10"), d("2026-05-12")).has_value());
  EXPECT_EQ(a.termination->payment_stops, d("2026-06-01"));
  EXPECT_EQ(months(a), (std::vector<std::string>{"2026-04=20000", "2026-05=20000"}));
  EXPECT_EQ(a.status, AssignmentStatus::kTerminated);
}

TEST(Assignment, UnreliableInformationStopsPaymentFromTheDay) {
  Assignment a = monthly();
  // Found on 1 May: from that day nothing more is paid, May included.
  ASSERT_TRUE(terminate(a, event(a, "unreliable_information", "2026-05-01"), d("2026-05-04")).has_value());
  EXPECT_EQ(a.termination->payment_stops, d("2026-05-01"));
  EXPECT_EQ(months(a), (std::vector<std::string>{"2026-04=20000"}));
  // Found mid-May: May was paid at its start, June is not.
  Assignment b = monthly();
  ASSERT_TRUE(terminate(b, event(b, "unreliable_information", "2026-05-15"), d("2026-05-15")).has_value());
  EXPECT_EQ(months(b), (std::vector<std::string>{"2026-04=20000", "2026-05=20000"}));
}

TEST(Assignment, ARecipientsLateReportIsRecordedAsLate) {
  Assignment a = monthly();
  TerminationEvent e = event(a, "moved_out", "2026-04-20", "recipient_report");
  e.report_due = library().calendar().add_working_days(d("2026-04-20"), 10).value();
  e.reported_on = d("2026-05-20");
  ASSERT_TRUE(terminate(a, e, d("2026-05-20")).has_value());
  EXPECT_TRUE(a.termination->reported_late);
  // Moving out on 20 April stops payment from May: what May paid is now owed back.
  EXPECT_EQ(months(a), (std::vector<std::string>{"2026-04=20000"}));
}

TEST(Assignment, BadTerminationsChangeNothing) {
  Assignment a = monthly();
  const Assignment before = a;
  auto early = terminate(a, event(a, "death", "2026-03-20"), d("2026-05-01"));
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().message_key, "assignment.event_before_assignment");
  EXPECT_EQ(early.error().field, "event_on");
  auto future = terminate(a, event(a, "death", "2026-06-20"), d("2026-05-01"));
  EXPECT_EQ(future.error().message_key, "assignment.event_in_future");
  TerminationEvent bad_source = event(a, "death", "2026-04-20");
  bad_source.source = "rumour";
  EXPECT_EQ(terminate(a, bad_source, d("2026-05-01")).error().field, "source");
  EXPECT_FALSE(a.termination.has_value());
  EXPECT_EQ(months(a), months(before));
  ASSERT_TRUE(terminate(a, event(a, "death", "2026-04-20"), d("2026-05-01")).has_value());
  auto twice = terminate(a, event(a, "death", "2026-04-25"), d("2026-05-01"));
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(a.termination->event_on, d("2026-04-20"));
}

TEST(Assignment, AmountChangesApplyFromTheirMonth) {
  Assignment a = monthly();
  ASSERT_TRUE(change_amount(a, AmountChange{m("2026-05"), tenge(25000), d("2026-04-25"), "a child was born", "004 §40", "o"}).has_value());
  EXPECT_EQ(months(a), (std::vector<std::string>{"2026-04=20000", "2026-05=25000", "2026-06=25000"}));
  EXPECT_EQ(change_amount(a, AmountChange{m("2026-08"), tenge(1), d("2026-04-25"), "x", "", "o"}).error().field, "from");
  EXPECT_EQ(change_amount(a, AmountChange{m("2026-05"), Money::from_tiyn(-1), d("2026-04-25"), "x", "", "o"}).error().field, "amount");
  EXPECT_EQ(change_amount(a, AmountChange{m("2026-05"), tenge(1), d("2026-04-25"), "", "", "o"}).error().field, "reason");
  EXPECT_EQ(a.changes.size(), 1u);
}

TEST(Assignment, SuspendedMonthsArePaidOnlyWhenLiftedWithRepayment) {
  Assignment a = monthly();
  ASSERT_TRUE(suspend(a, Suspension{d("2026-04-15"), std::nullopt, "checking a reported death", false, "o"}).has_value());
  EXPECT_EQ(a.status, AssignmentStatus::kSuspended);
  EXPECT_EQ(months(a), (std::vector<std::string>{"2026-04=20000"}));
  EXPECT_EQ(suspend(a, Suspension{d("2026-04-16"), std::nullopt, "again", false, "o"}).error().code, ErrorCode::kConflict);
  EXPECT_EQ(resume(a, d("2026-04-01"), true, "o").error().field, "on");
  ASSERT_TRUE(resume(a, d("2026-06-10"), true, "o").has_value());
  EXPECT_EQ(months(a), (std::vector<std::string>{"2026-04=20000", "2026-05=20000", "2026-06=20000"}));

  Assignment b = monthly();
  ASSERT_TRUE(suspend(b, Suspension{d("2026-04-15"), std::nullopt, "check", false, "o"}).has_value());
  ASSERT_TRUE(resume(b, d("2026-06-01"), false, "o").has_value());
  EXPECT_EQ(months(b), (std::vector<std::string>{"2026-04=20000", "2026-06=20000"}));
}

TEST(Assignment, QuarterlyOneTimeAndHolidaySchedules) {
  Assignment q = monthly();
  q.frequency = PaymentFrequency::kQuarterly;
  q.period_to = d("2026-12-31");
  EXPECT_EQ(months(q), (std::vector<std::string>{"2026-04=20000", "2026-07=20000", "2026-10=20000"}));
  Assignment once = monthly();
  once.frequency = PaymentFrequency::kOneTime;
  once.period_from = once.period_to = d("2026-04-10");
  EXPECT_EQ(months(once), (std::vector<std::string>{"2026-04=20000"}));
  Assignment h = monthly();
  h.frequency = PaymentFrequency::kHoliday;
  h.period_from = h.period_to = d("2026-05-09");
  h.payment_date = d("2026-05-09");
  EXPECT_EQ(months(h), (std::vector<std::string>{"2026-05=20000"}));
}

TEST(Assignment, PlacementInAnInstitutionDoesNotStopDisasterHelp) {
  const rules::Pack& pack = library().packs().at("koksu-local");
  auto rule = rules::termination_for(pack, *pack.programme("disaster_help"), "institution", d("2026-04-10"));
  ASSERT_TRUE(rule.has_value()) << render(rule.error(), Lang::kEn);
  EXPECT_FALSE(rule->terminates);
}

// ---- complaints ------------------------------------------------------------------------

Case decided_case(bool granted, Date on) {
  Case c;
  c.id = "case-1";
  c.number = "3348-2026-000001";
  c.state = granted ? CaseState::kGranted : CaseState::kRefused;
  Decision dec;
  dec.granted = granted;
  dec.on = on;
  dec.form = granted ? "5" : "6";
  c.decision = dec;
  return c;
}

ComplaintFiling filing(const char* against = "decision") {
  ComplaintFiling f;
  f.against = against;
  f.channel = "in_writing";
  f.text = "The income of my late husband was counted";
  f.complainant_iin = "900101300811";
  return f;
}

TEST(Complaint, DeadlinesAreCountedInWorkingDays) {
  const Case c = decided_case(false, d("2026-03-16"));
  // Filed Friday 20 March 2026, before Nauryz (21-25 March are days off).
  auto k = register_complaint(c, {}, filing(), "k1", d("2026-03-20"), periods());
  ASSERT_TRUE(k.has_value()) << render(k.error(), Lang::kEn);
  EXPECT_EQ(k->forward_due, library().calendar().add_working_days(d("2026-03-20"), 3).value());
  EXPECT_EQ(k->answer_due, library().calendar().add_working_days(d("2026-03-20"), 5).value());
  EXPECT_GT(k->answer_due, d("2026-03-27"));  // the holidays are not counted
}

TEST(Complaint, AFullGrantEndsItAndSetsTheDecisionAside) {
  const Case c = decided_case(false, d("2026-03-16"));
  Complaint k = register_complaint(c, {}, filing(), "k1", d("2026-04-01"), periods()).value();
  ASSERT_TRUE(answer_complaint(k, ComplaintAnswer{d("2026-04-02"), ComplaintOutcome::kGranted, "income recounted", "o"}).has_value());
  EXPECT_EQ(k.state, ComplaintState::kGranted);
  EXPECT_TRUE(sets_decision_aside(k));
  EXPECT_EQ(forward_complaint(k, "quality authority", d("2026-04-03"), periods()).error().code, ErrorCode::kConflict);
}

TEST(Complaint, ARejectionIsForwardedAndReviewedIn15WorkingDays) {
  const Case c = decided_case(false, d("2026-03-16"));
  Complaint k = register_complaint(c, {}, filing(), "k1", d("2026-04-01"), periods()).value();
  EXPECT_EQ(answer_complaint(k, ComplaintAnswer{d("2026-04-02"), ComplaintOutcome::kRejected, "", "o"}).error().field, "reasons");
  ASSERT_TRUE(answer_complaint(k, ComplaintAnswer{d("2026-04-02"), ComplaintOutcome::kRejected, "the income counts (002 §3)", "o"}).has_value());
  EXPECT_FALSE(sets_decision_aside(k));
  ASSERT_TRUE(forward_complaint(k, "Committee for quality of social services", d("2026-04-03"), periods()).has_value());
  EXPECT_EQ(k.review_due, library().calendar().add_working_days(d("2026-04-03"), 15).value());
  ASSERT_TRUE(review_complaint(k, ComplaintAnswer{d("2026-04-20"), ComplaintOutcome::kGranted, "recount", "qa"}).has_value());
  EXPECT_EQ(k.state, ComplaintState::kUpheld);
  EXPECT_TRUE(sets_decision_aside(k));
  // Reviewed: the case is closed to further complaints (only the court remains).
  auto again = register_complaint(c, {k}, filing(), "k2", d("2026-04-21"), periods());
  EXPECT_EQ(again.error().message_key, "complaint.case_closed_reviewed");
}

TEST(Complaint, BadFilingsAreRefused) {
  const Case c = decided_case(true, d("2026-01-10"));
  auto late = register_complaint(c, {}, filing(), "k", d("2026-05-01"), periods());
  EXPECT_EQ(late.error().message_key, "complaint.case_closed");
  EXPECT_EQ(register_complaint(c, {}, filing("rumours"), "k", d("2026-02-01"), periods()).error().field, "against");
  ComplaintFiling empty = filing();
  empty.text.clear();
  EXPECT_EQ(register_complaint(c, {}, empty, "k", d("2026-02-01"), periods()).error().field, "text");
  Case open;
  open.id = "c2";
  open.state = CaseState::kRegistered;
  EXPECT_EQ(register_complaint(open, {}, filing(), "k", d("2026-02-01"), periods()).error().message_key,
            "complaint.no_decision");
  // Against an employee's inaction on an open case: accepted.
  EXPECT_TRUE(register_complaint(open, {}, filing("inaction"), "k", d("2026-02-01"), periods()).has_value());
}

TEST(Complaint, TheWorkflowReturnsASetAsideCaseForANewDecision) {
  const Workflow w(library().calendar(), library());
  Case c = decided_case(false, d("2026-03-16"));
  std::vector<Event> ev;
  ASSERT_TRUE(w.set_aside_decision(c, "k1", d("2026-04-02"), ev).has_value());
  EXPECT_EQ(c.state, CaseState::kReadyForDecision);
  EXPECT_FALSE(c.decision.has_value());
  ASSERT_EQ(c.earlier_decisions.size(), 1u);
  EXPECT_EQ(c.deadline("decision")->due, library().calendar().add_working_days(d("2026-04-02"), 5).value());
  EXPECT_EQ(ev.back().action, "case.decision_set_aside");
  // An open case has no decision to set aside.
  EXPECT_EQ(w.set_aside_decision(c, "k1", d("2026-04-02"), ev).error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace komek::cases
