// After the decision, through the services on a real store: a grant makes its assignments and
// their schedule in the decision's transaction; terminations, registry events, holiday lists
// and complaints each change the store in one transaction, and bad input changes nothing.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cases/assignment_service.hpp"
#include "cases/complaint_service.hpp"
#include "core/messages.hpp"
#include "store/case_store.hpp"
#include "support/store_harness.hpp"
#include "support/outcomes.hpp"

namespace komek::cases {
namespace {

using json = nlohmann::json;

Date d(const char* s) { return Date::parse(s).value(); }

// Form 7 as a test gives it: two veterans' families in Atyrau and one with no category.
struct Form7 : RecipientSource {
  int calls = 0;
  Result<std::vector<RegistryFamily>> recipients(const Kato&, Date, std::string& taken_at, std::vector<std::string>&) override {
    ++calls;
    taken_at = "2024-02-14T09:00";
    auto family = [](const char* iin, const char* status) {
      RegistryFamily f;
      f.family_json = std::string(R"({"territory": "231010000", "application_date": "2024-02-15", "members": [{"iin": ")") + iin +
                      R"(", "birth_date": "1966-04-01", "relation": "applicant", "statuses": [)" + status + "]}]}";
      f.iins = {iin};
      f.names = {std::string("Veteran ") + iin};
      f.destinations = {PaymentDestination{"HSBKKZKX", "KZ186017131000032415"}};
      return f;
    };
    return std::vector<RegistryFamily>{family("660401300313", R"("iraq_peacekeeper")"),
                                       family("660401300412", R"("karabakh_veteran")"), family("660401300511", "")};
  }
};
struct Deaths : RecipientEvents {
  std::map<std::string, Date> died;
  Result<std::vector<RegistryEvent>> events(const std::string& iin, const Kato&, Date) override {
    std::vector<RegistryEvent> out;
    if (auto it = died.find(iin); it != died.end()) out.push_back({"death", it->second});
    return out;
  }
};

class Aftercare : public test::StoreHarness {
 protected:
  Aftercare() : StoreHarness("aftercare", 4) {}
  void SetUp() override {
    StoreHarness::SetUp();
    store_ = store::make_case_store(*db_);
    cases_ = std::make_unique<CaseService>(*store_, *workflow_, clock_, ids_, echo_);
    assignments_ = std::make_unique<AssignmentService>(*store_, *workflow_, clock_, ids_, form7_, deaths_);
    complaints_ = std::make_unique<ComplaintService>(*store_, *workflow_, clock_, ids_);
  }

  void at(const char* t) { clock_.now = LocalDateTime::parse(t).value(); }
  RequestKey key(const std::string& k, const std::string& body = "") { return {k, body.empty() ? k : body}; }
  std::size_t audit_records() { return store_->verify_audit_chain().value(); }

  // Koksu disaster help (one payment of 300,000 ₸), granted on 16 March 2026.
  std::string granted_case() {
    at("2026-03-10T10:00");
    Intake in;
    in.channel = Channel::kAuthorizedBody;
    in.pack_id = "koksu-local";
    in.programmes = {"disaster_help"};
    in.family_json = R"({"territory": "334820000", "application_date": "2026-03-10", "members": [{"iin": "900101300811", "birth_date": "1990-01-01", "relation": "applicant"}], "facts": [{"type": "natural_disaster", "date": "2026-03-05"}]})";
    in.applicant_name = "Applicant";
    in.received_at = clock_.now;
    auto r = cases_->submit(officer_, key("submit"), in);
    EXPECT_TRUE(r.has_value()) << render(r.error(), Lang::kEn);
    const std::string id = json::parse(test::body(*r))["id"];
    auto step = [&](const char* name, const CaseService::Command& cmd) {
      auto s = cases_->apply(officer_, key(name), id, name, cmd);
      EXPECT_TRUE(s.has_value()) << name << ": " << render(s.error(), Lang::kEn);
    };
    EXPECT_TRUE(cases_->accept(officer_, key("accept"), id).has_value());
    EXPECT_TRUE(cases_->query_registry(officer_, key("registry"), id).has_value());
    step("commission", [&](Case& c, Date today, std::vector<Event>& ev) { return workflow_->refer_to_commission(c, "district", today, ev); });
    at("2026-03-13T10:00");
    step("conclusion", [&](Case& c, Date today, std::vector<Event>& ev) { return workflow_->record_conclusion(c, true, "house damaged", today, ev); });
    at("2026-03-16T10:00");
    step("decide", [&](Case& c, Date today, std::vector<Event>& ev) { return workflow_->decide(c, today, "officer1", ev); });
    return id;
  }

  test::SettableClock clock_{"2026-03-10T10:00"};
  test::CountingIds ids_{"id"};
  test::EchoRegistry echo_{{}, "t", ""};
  Form7 form7_;
  Deaths deaths_;
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<CaseService> cases_;
  std::unique_ptr<AssignmentService> assignments_;
  std::unique_ptr<ComplaintService> complaints_;
  Actor officer_{"officer1", "officer", "3348", "", "test"};
  Actor atyrau_{"officer2", "officer", "2310", "", "test"};
};

TEST_P(Aftercare, AGrantMakesItsAssignmentInTheDecisionsTransaction) {
  const std::string id = granted_case();
  AssignmentFilter f;
  f.case_id = id;
  auto list = store_->list_assignments(f).value();
  ASSERT_EQ(list.size(), 1u);
  const Assignment& a = list[0];
  EXPECT_EQ(a.programme, "disaster_help");
  EXPECT_EQ(a.frequency, PaymentFrequency::kOneTime);
  EXPECT_EQ(a.amount.tiyn(), 30000000);
  EXPECT_EQ(a.recipient_iin, "900101300811");
  EXPECT_EQ(a.payment_organisation, "KAZPOST");  // no bank account in the registry answer
  ASSERT_EQ(schedule(a).size(), 1u);
  EXPECT_EQ(schedule(a)[0].month.iso(), "2026-03");
  // Another territory's officer does not see it.
  Actor other{"o3", "officer", "2310", "", "test"};
  EXPECT_EQ(assignments_->read(other, a.id, "t").error().code, ErrorCode::kNotFound);
  // The applicant sees their own.
  Actor applicant{"app", "applicant", "", "900101300811", "test"};
  EXPECT_EQ(assignments_->list(applicant, {}, "t").value().size(), 1u);
}

TEST_P(Aftercare, TerminationsChangeTheScheduleOnceAndBadOnesChangeNothing) {
  const std::string id = granted_case();
  AssignmentFilter f;
  f.case_id = id;
  const std::string aid = store_->list_assignments(f).value()[0].id;
  const std::size_t before = audit_records();
  at("2026-03-20T10:00");
  // Dated before the assignment: a 400 naming the field, nothing written.
  auto early = assignments_->terminate(officer_, key("t1"), aid, TerminationRequest{"death", d("2026-03-01"), "officer"});
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().message_key, "assignment.event_before_assignment");
  EXPECT_EQ(early.error().field, "event_on");
  auto unknown = assignments_->terminate(officer_, key("t2"), aid, TerminationRequest{"bankruptcy", d("2026-03-18"), "officer"});
  EXPECT_EQ(unknown.error().field, "ground");
  // 001 §22.3: placement in an institution does not stop disaster help.
  auto institution = assignments_->terminate(officer_, key("t3"), aid, TerminationRequest{"institution", d("2026-03-18"), "officer"});
  EXPECT_EQ(institution.error().message_key, "assignment.ground_does_not_stop");
  EXPECT_EQ(audit_records(), before);
  EXPECT_EQ(store_->list_assignments(f).value()[0].status, AssignmentStatus::kActive);

  // Unreliable information found on the 18th: paid in March already at its start? The one
  // payment falls on the decision day (16 March), so it stays due.
  auto ok = assignments_->terminate(officer_, key("t4"), aid, TerminationRequest{"unreliable_information", d("2026-03-18"), "officer"});
  ASSERT_TRUE(ok.has_value()) << render(ok.error(), Lang::kEn);
  EXPECT_EQ(audit_records(), before + 1);
  // The same key again: the same answer, nothing new.
  auto replay = assignments_->terminate(officer_, key("t4"), aid, TerminationRequest{"unreliable_information", d("2026-03-18"), "officer"});
  EXPECT_EQ(test::body(*replay), test::body(*ok));
  EXPECT_EQ(audit_records(), before + 1);
  // Twice: a conflict.
  auto twice = assignments_->terminate(officer_, key("t5"), aid, TerminationRequest{"death", d("2026-03-19"), "officer"});
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
}

TEST_P(Aftercare, ARegistryDeathTerminatesFromTheNextMonth) {
  const std::string id = granted_case();
  AssignmentFilter f;
  f.case_id = id;
  Assignment a = store_->list_assignments(f).value()[0];
  // Make it a monthly assignment to see the months (as a TSA would be).
  auto made = store_->transact([&](CaseTransaction& tx) -> Result<void> {
    a.frequency = PaymentFrequency::kMonthly;
    a.period_to = d("2026-06-30");
    return tx.update_assignment(a);
  });
  ASSERT_TRUE(made.has_value());
  deaths_.died["900101300811"] = d("2026-04-12");
  at("2026-05-20T10:00");
  auto r = assignments_->apply_registry_events(officer_, key("sweep"));
  ASSERT_TRUE(r.has_value()) << render(r.error(), Lang::kEn);
  const json body = json::parse(test::body(*r));
  ASSERT_EQ(body["events"].size(), 1u);
  EXPECT_EQ(body["events"][0]["payment_stops"], "2026-05-01");
  const Assignment after = store_->list_assignments(f).value()[0];
  EXPECT_EQ(after.termination->source, "registry");
  ASSERT_EQ(schedule(after).size(), 2u);  // March and April; May was paid and is now owed back
  EXPECT_EQ(schedule(after).back().month.iso(), "2026-04");
  // Swept again: nothing more.
  auto again = assignments_->apply_registry_events(officer_, key("sweep2"));
  EXPECT_EQ(json::parse(test::body(*again))["events"].size(), 0u);
}

TEST_P(Aftercare, AHolidayListIsMadeOnce) {
  at("2024-02-12T10:00");
  auto r = assignments_->make_holiday_list(atyrau_, key("h1"), "atyrau-007", d("2024-02-15"));
  ASSERT_TRUE(r.has_value()) << render(r.error(), Lang::kEn);
  EXPECT_EQ(test::status(*r), 201);
  const json list = json::parse(test::body(*r));
  EXPECT_EQ(r->effect, work::Effect::kCreated);  // made now, not found existing
  ASSERT_EQ(list["entries"].size(), 2u);  // the peacekeeper and the Karabakh veteran
  EXPECT_EQ(list["total_tiyn"], 30000000);
  AssignmentFilter f;
  f.list_id = list["id"].get<std::string>();
  auto made = store_->list_assignments(f).value();
  ASSERT_EQ(made.size(), 2u);
  EXPECT_EQ(made[0].frequency, PaymentFrequency::kHoliday);
  EXPECT_EQ(made[0].payment_organisation, "HSBKKZKX");
  // Run again with another key: the same list, no registry query, no new assignments.
  auto again = assignments_->make_holiday_list(atyrau_, key("h2"), "atyrau-007", d("2024-02-15"));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->effect, work::Effect::kDone);  // the list made before

  EXPECT_EQ(json::parse(test::body(*again))["id"], list["id"]);
  EXPECT_EQ(form7_.calls, 1);
  EXPECT_EQ(store_->list_assignments(AssignmentFilter{}).value().size(), 2u);
  // A date the pack pays nothing on, a pack not local, another district's officer.
  EXPECT_EQ(assignments_->make_holiday_list(atyrau_, key("h3"), "atyrau-007", d("2024-02-16")).error().field, "date");
  EXPECT_EQ(assignments_->make_holiday_list(atyrau_, key("h4"), "kz-tsa", d("2024-02-15")).error().field, "pack");
  EXPECT_EQ(assignments_->make_holiday_list(officer_, key("h5"), "atyrau-007", d("2024-02-15")).error().code, ErrorCode::kForbidden);
}

TEST_P(Aftercare, AGrantedComplaintSetsTheDecisionAsideAndStopsItsPayments) {
  const std::string id = granted_case();
  at("2026-03-20T10:00");
  ComplaintFiling f;
  f.against = "decision";
  f.channel = "by_hand";
  f.text = "The amount should be for two households";
  auto filed = complaints_->file(officer_, key("k1"), id, f);
  ASSERT_TRUE(filed.has_value()) << render(filed.error(), Lang::kEn);
  EXPECT_EQ(test::status(*filed), 201);
  const std::string kid = json::parse(test::body(*filed))["id"];
  // A second complaint while this one is open.
  EXPECT_EQ(complaints_->file(officer_, key("k2"), id, f).error().message_key, "complaint.already_open");
  at("2026-03-23T10:00");
  auto answered = complaints_->answer(officer_, key("k3"), kid, ComplaintOutcome::kGranted, "the second household counts");
  ASSERT_TRUE(answered.has_value()) << render(answered.error(), Lang::kEn);
  const json k = json::parse(test::body(*answered));
  EXPECT_EQ(k["state"], "granted");
  EXPECT_EQ(k["decision_set_aside"], true);
  const Case c = store_->get(id).value().value();
  EXPECT_EQ(c.state, CaseState::kReadyForDecision);
  EXPECT_EQ(c.earlier_decisions.size(), 1u);
  AssignmentFilter af;
  af.case_id = id;
  EXPECT_EQ(store_->list_assignments(af).value()[0].status, AssignmentStatus::kTerminated);
  // Answering twice is a conflict.
  EXPECT_EQ(complaints_->answer(officer_, key("k4"), kid, ComplaintOutcome::kRejected, "x").error().code, ErrorCode::kConflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, Aftercare, ::testing::ValuesIn(test::backends()), test::backend_name);

}  // namespace
}  // namespace komek::cases
