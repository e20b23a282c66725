// The use cases after a grant: reading assignments, changing amounts, suspending and
// resuming, terminating under 001 §22 on an officer's finding, a recipient's report (due
// within the event_report period of the event, SPEC §10) or an event found in the registry, and the
// holiday lists made without applications (001 §10, §25). Each command is one transaction
// with its audit record, outbox message and idempotency record, like the case commands.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "cases/assignment.hpp"
#include "cases/holiday_list.hpp"
#include "cases/service.hpp"
#include "cases/store.hpp"

namespace komek::cases {

// An event the registry reports about a recipient (death: query 1; a permanent registration
// outside the district: query 6).
struct RegistryEvent {
  std::string ground;   // "death" | "moved_out"
  Date on;
};

class RecipientEvents {
 public:
  virtual ~RecipientEvents() = default;
  // Events about a person on or before `on`, for assistance paid in `district`.
  virtual Result<std::vector<RegistryEvent>> events(const std::string& iin, const Kato& district, Date on) = 0;
};

// What a registry sweep did (apply_registry_events): each event found and whether it ended
// the assignment (a ground the programme does not stop on is reported with its reason).
struct SweepEvent {
  std::string assignment;
  std::string ground;
  Date event_on;
  bool terminated = false;
  std::string reason;                 // a message key, when not terminated
  std::optional<Date> payment_stops;  // when terminated
};
struct RegistrySweep {
  std::size_t checked = 0;
  std::vector<SweepEvent> events;
};
nlohmann::json to_json(const RegistrySweep& s);
Result<RegistrySweep> registry_sweep_from_json(const nlohmann::json& j);
work::Codec<RegistrySweep> registry_sweep_codec();

struct TerminationRequest {
  std::string ground;
  Date event_on;
  std::string source = "officer";     // "officer" | "recipient_report"
};

class AssignmentService {
 public:
  AssignmentService(CaseStore& store, const Workflow& workflow, Clock& clock, IdSource& ids, RecipientSource& recipients,
                    RecipientEvents& events)
      : store_(store), workflow_(workflow), clock_(clock), ids_(ids), recipients_(recipients), events_(events) {}

  Result<Assignment> read(const Actor& actor, const std::string& id, const std::string& route);
  Result<std::vector<Assignment>> list(const Actor& actor, AssignmentFilter filter, const std::string& route);

  Result<Done<Assignment>> change_amount(const Actor& actor, const RequestKey& request, const std::string& id, Month from,
                                 Money amount, const std::string& reason, const std::string& cites);
  Result<Done<Assignment>> suspend(const Actor& actor, const RequestKey& request, const std::string& id, Date from,
                           const std::string& reason);
  Result<Done<Assignment>> resume(const Actor& actor, const RequestKey& request, const std::string& id, Date on, bool repay);
  // An officer's termination, or a recipient's report of an event (applicants report on
  // their own assignments; the report's lateness is recorded).
  Result<Done<Assignment>> terminate(const Actor& actor, const RequestKey& request, const std::string& id,
                             const TerminationRequest& termination);
  // Asks the registry about every active assignment of the actor's territory and terminates
  // those with a death or a move out of the district; the answer lists what it did.
  Result<Done<RegistrySweep>> apply_registry_events(const Actor& actor, const RequestKey& request);
  // The holiday list of a pack for a date (001 §10, §25): made once (Effect::kCreated); the
  // same list again after that (Effect::kDone).
  Result<Done<HolidayList>> make_holiday_list(const Actor& actor, const RequestKey& request, const std::string& pack_id, Date date);
  Result<HolidayList> read_holiday_list(const Actor& actor, const std::string& id);
  // The holiday lists of the actor's territory (a narrower prefix inside it if asked), newest
  // holiday first; read by the same staff as one list. An unknown pack is refused (field "pack").
  Result<std::vector<HolidayListSummary>> list_holiday_lists(const Actor& actor, HolidayListFilter filter);

 private:
  using Change = std::function<Result<void>(Assignment&, Date today)>;
  Result<Done<Assignment>> change(const Actor& actor, const RequestKey& request, const std::string& id, const std::string& action,
                          const Change& change);
  Result<void> terminate_in(const Actor& actor, Assignment& a, const TerminationRequest& t, Date today,
                            const std::string& source);

  Result<HolidayList> build_holiday_list(const Actor& actor, const rules::Pack& pack,
                                         const std::vector<const rules::Programme*>& paid, Date date, Date today,
                                         std::vector<Assignment>& made);

  CaseStore& store_;
  const Workflow& workflow_;
  Clock& clock_;
  IdSource& ids_;
  RecipientSource& recipients_;
  RecipientEvents& events_;
};

}  // namespace komek::cases
