// An application for social assistance (өтініш) and the administrative case it opens: the
// aggregate the workflow moves from intake to decision (SPEC §4-§7, §13).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/money.hpp"
#include "core/territory.hpp"

namespace komek::cases {

// Where the application was filed (001 §11; 004 §6-9, §12.1).
// When adding one, also update channel_name() and parse_channel().
enum class Channel {
  kAuthorizedBody,    // the district department (уәкілетті орган)
  kAkim,              // the akim of a settlement, village or rural district
  kStateCorporation,  // "Government for Citizens" one window
  kEmploymentCentre,  // TSA: the centre of employment (Орталық)
  kPortal,            // e-gov, signed with EDS (ЭЦҚ)
};
std::string_view channel_name(Channel c);
std::optional<Channel> parse_channel(std::string_view s);

// The workflow's states. Terminal: kRefusedToAccept, kGranted, kRefused.
// When adding one, also update state_name(), the transition table in workflow.cpp and the
// OpenAPI document.
enum class CaseState {
  kSubmitted,           // received; the completeness check is open
  kRefusedToAccept,     // incomplete package: a receipt of refusal to accept (form 1-3)
  kRegistered,          // registered with a number; registry queries are due
  kAwaitingDocuments,   // the registries had no data on something: the applicant brings documents
  kAtCommission,        // with the district or special commission
  kEmploymentMeasures,  // TSA: employment commission, social contract, job-seeker registration
  kReadyForDecision,    // the rules engine evaluated the case
  kHearing,             // refusal grounds found: the applicant is heard before the decision
  kGranted,
  kRefused,
};
std::string_view state_name(CaseState s);
bool is_terminal(CaseState s);

// An open or closed step with the deadline the law sets for it.
struct Deadline {
  std::string step;         // e.g. "decision", "registry_queries", "hearing_notice"
  Date due;
  std::string cites;        // the clause that sets it
  std::optional<Date> done; // when it was done
};

struct Commission {
  std::string kind;                 // "district" (учаскелік) or "special" (арнайы)
  Date sent_on;
  std::optional<Date> concluded_on;
  std::optional<bool> in_need;      // the conclusion (004 App 3-1 / 001 §2.11)
  std::string notes;
};

// A written query to another body (004 §8, §12): the package deadline waits for the
// answer, at most the written_query_answer period; the applicant is told within the
// written_query_notice period (rules/procedure/kz.yaml).
struct WrittenQuery {
  std::string addressee;
  std::string subject;
  Date sent_on;
  Date applicant_notice_due;
  std::optional<Date> applicant_notified_on;
  Date answer_limit;                // sent_on + the written_query_answer period
  std::optional<Date> answered_on;
};

// TSA: employment commission recommendations, the social contract and its individual plan
// of measures from the typical list (002 Appendix 9), able-bodied members as job seekers.
struct EmploymentMeasures {
  std::optional<Date> recommendations_on;
  std::string recommendations;
  std::string contract_number;
  std::optional<Date> contract_signed_on;
  std::vector<std::string> plan;           // measure ids of 002 Appendix 9
  std::vector<std::string> job_seekers;    // IINs registered as job seekers
};

// The hearing before a refusal (001 §18): notice at least the hearing_notice period before the
// decision, objection within the objection period, protocol of an oral objection, remarks on it
// within the protocol_remarks period (rules/procedure/kz.yaml).
struct Hearing {
  Date notified_on;
  Date decision_not_before;
  Date objection_due;
  std::vector<std::string> grounds;        // the refusal grounds put to the applicant
  std::optional<Date> objection_on;
  std::string objection;
  bool oral = false;
  std::optional<Date> protocol_on;
  std::optional<Date> remarks_due;
  std::optional<Date> remarks_on;
  std::string remarks;
};

struct ProgrammeDecision {
  std::string programme;
  bool granted = false;
  Money amount_per_payment;
  int payments = 0;
  Money amount_per_period;
  std::optional<Date> period_from;
  std::optional<Date> period_to;
  std::string tsa_type;                    // "unconditional", "conditional" or empty
  std::vector<std::string> refusals;       // refusal ground ids
  std::vector<std::string> cites;
};

struct Decision {
  bool granted = false;                    // at least one programme granted
  Date on;
  std::string officer;
  std::vector<ProgrammeDecision> programmes;
  std::string form;                        // "5" (granted) or "6" (refused), for the notice
};

struct Case {
  std::string id;                          // opaque, random
  std::string number;                      // registration number, once registered
  Channel channel = Channel::kAuthorizedBody;
  std::string pack_id;
  std::vector<std::string> programmes;     // applied for (programmes that go with them follow)
  Kato territory;
  std::string applicant_iin;
  std::string applicant_name;
  std::string phone;                       // for SMS notices, if registered (001 §19)
  std::string family_json;                 // the family as the rules read it (docs/family-format.md)
  std::string received_at;                 // local time, "YYYY-MM-DDTHH:MM"
  std::optional<Date> registered_on;
  std::string officer;                     // login of the officer in charge
  CaseState state = CaseState::kSubmitted;
  std::vector<std::string> missing_documents;
  std::string refusal_to_accept_reason;
  std::optional<std::string> registry_taken_at;
  std::string registry_snapshot_json;      // the frozen copy of the registries' answers (004 §7)
  std::optional<Commission> commission;
  std::optional<WrittenQuery> query;
  std::optional<EmploymentMeasures> employment;
  std::string evaluation_json;             // the last evaluation, with its trace
  std::optional<Hearing> hearing;
  std::optional<Decision> decision;
  std::vector<Decision> earlier_decisions; // set aside on a complaint (004 §45), oldest first
  std::vector<Deadline> deadlines;
  int version = 0;                         // optimistic concurrency

  [[nodiscard]] const Deadline* deadline(std::string_view step) const;
  Deadline* deadline(std::string_view step);
};

}  // namespace komek::cases
