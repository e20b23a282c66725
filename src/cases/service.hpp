// The case service: the use cases the API calls. Each command is one transaction in which
// the case changes, its audit records and outbox messages are written, and the request's
// idempotency key is stored with the response it got (RELIABILITY R3): the same key with
// the same body returns that response; with another body, a 422.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cases/assignment.hpp"
#include "cases/store.hpp"
#include "cases/workflow.hpp"

namespace komek::cases {

// What the registries say about a case's family (004 §7): the family for the rules, the
// items with no data, when they answered.
struct RegistryAnswer {
  std::string family_json;
  std::vector<std::string> no_data;
  std::string taken_at;
  std::string snapshot_json;  // every answer as given, with its system and time (the frozen copy)
};

// What the portal checks before an application enters the journal (004 §7-1), as far as the
// registries tell: an existing TSA assignment or payment in the family, and whether all
// members are registered in one settlement.
struct PortalFacts {
  bool family_has_tsa = false;
  bool members_in_one_settlement = true;
};

class RegistryLookup {
 public:
  virtual ~RegistryLookup() = default;
  virtual Result<RegistryAnswer> lookup(const Case& c, Date on) = 0;
  virtual Result<PortalFacts> portal_facts(const std::string& family_json, Date on) = 0;
};

// Where a case's applicant is paid: the first bank account the registries gave for them
// (query 7, 001 §31), or the post.
PaymentDestination payment_destination(const Case& c);

class CaseService {
 public:
  CaseService(CaseStore& store, const Workflow& workflow, Clock& clock, IdSource& ids, RegistryLookup& registry)
      : store_(store), workflow_(workflow), clock_(clock), ids_(ids), registry_(registry) {}

  Result<Done<Case>> submit(const Actor& actor, const RequestKey& request, Intake intake);

  // A command on an existing case; `command` names it for the audit log and errors.
  using Command = std::function<Result<void>(Case&, Date today, std::vector<Event>& events)>;
  Result<Done<Case>> apply(const Actor& actor, const RequestKey& request, const std::string& case_id,
                         const std::string& command_name, const Command& command);

  // Registration and the registry queries it triggers, as one command.
  Result<Done<Case>> accept(const Actor& actor, const RequestKey& request, const std::string& case_id);
  Result<Done<Case>> query_registry(const Actor& actor, const RequestKey& request, const std::string& case_id);

  // Reads: a case the actor may see (404 otherwise, logged), and lists.
  Result<Case> read(const Actor& actor, const std::string& case_id, const std::string& route);
  Result<std::vector<Case>> list(const Actor& actor, CaseFilter filter);
  // Cases read in full (journals): each read is in the personal-data access log.
  Result<std::vector<Case>> read_all(const Actor& actor, CaseFilter filter, const std::string& route);

  [[nodiscard]] const Workflow& workflow() const { return workflow_; }
  [[nodiscard]] Clock& clock() { return clock_; }

 private:
  Result<Done<Case>> run(const Actor& actor, const RequestKey& request,
                         const std::function<Result<Done<Case>>(CaseTransaction&)>& work);

  CaseStore& store_;
  const Workflow& workflow_;
  Clock& clock_;
  IdSource& ids_;
  RegistryLookup& registry_;
};


}  // namespace komek::cases
