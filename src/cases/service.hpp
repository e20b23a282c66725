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

// The parameters a case is evaluated with: the shipped ones (rules/parameters/) with the
// regional figures an administrator entered laid over them (statistics/, issue 16). A port,
// so that the workflow stays pure and the case service does not know where figures live.
class RegionalParameters {
 public:
  virtual ~RegionalParameters() = default;
  // The parameters for cases of `region` (the first two KATO digits).
  virtual Result<rules::ParameterSet> for_region(int region) = 0;
};

// Open cases that wait for regional figures not yet entered (issue 16): per region and the
// quarter the figures describe, which series are missing and how many cases need them.
struct FiguresWanted {
  int region = 0;
  Quarter quarter;
  std::vector<std::string> series;
  std::size_t cases = 0;
  std::vector<std::string> case_ids;  // at most kFiguresWantedIdsMax of them
};
inline constexpr std::size_t kFiguresWantedIdsMax = 20;
// Open cases are read a state at a time, at most this many each (the store's page): a state
// that fills a page makes the counts lower bounds, which the report says.
inline constexpr std::size_t kFiguresWantedPage = 500;
struct FiguresWantedReport {
  std::vector<FiguresWanted> wanted;
  bool complete = true;
};

// Where a case's applicant is paid: the first bank account the registries gave for them
// (query 7, 001 §31), or the post.
PaymentDestination payment_destination(const Case& c);

class CaseService {
 public:
  // `regional`: the entered regional figures; nullptr evaluates with the shipped ones only.
  CaseService(CaseStore& store, const Workflow& workflow, Clock& clock, IdSource& ids, RegistryLookup& registry,
              RegionalParameters* regional = nullptr)
      : store_(store), workflow_(workflow), clock_(clock), ids_(ids), registry_(registry), regional_(regional) {}

  Result<Done<Case>> submit(const Actor& actor, const RequestKey& request, Intake intake);

  // A command on an existing case; `command` names it for the audit log and errors.
  using Command = std::function<Result<void>(Case&, Date today, std::vector<Event>& events)>;
  Result<Done<Case>> apply(const Actor& actor, const RequestKey& request, const std::string& case_id,
                         const std::string& command_name, const Command& command);
  // A command that may run the rules: it is given the workflow that evaluates with the
  // parameters of the case's region (the entered regional figures included).
  using EvaluatingCommand = std::function<Result<void>(const Workflow&, Case&, Date today, std::vector<Event>& events)>;
  Result<Done<Case>> apply(const Actor& actor, const RequestKey& request, const std::string& case_id,
                         const std::string& command_name, const EvaluatingCommand& command);

  // The parameters a case of `region` is evaluated with (the entered figures laid over the
  // shipped ones).
  Result<rules::ParameterSet> parameters_for(int region);
  // The regional figures the actor's open cases will need and that are not entered, per
  // region and quarter; `case_id` narrows it to one case (a logged read of it).
  Result<FiguresWantedReport> figures_wanted(const Actor& actor, const std::string& case_id = "");

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
  RegionalParameters* regional_;
};


}  // namespace komek::cases
