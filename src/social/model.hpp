// Special social services in health care (арнаулы әлеуметтік қызметтер, seed 003): the
// person served, the needs assessment, the individual plan of services, the records of
// services delivered or refused, and the closing of a plan. Pure: no clock, no storage;
// "today" is an argument. Every refusal is an Error naming the field it is about, and
// leaves the plan as it was.
//
//   auto a = make_assessment(catalogue, input, today);          // 003 §11: assess the need
//   auto plan = open_plan(*a, plan_input, "plan-1", today);      // 003 §11: an individual plan
//   add_planned_service(*plan, catalogue, service_input, "s-1");
//   auto rec = record_service(*plan, catalogue, record_input, "r-1", today);   // 003 §14
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"
#include "social/catalogue.hpp"

namespace komek::social {

// Limits on what one request or one plan may hold (STYLE card 5).
inline constexpr std::size_t kTextBytesMax = 2000;
inline constexpr std::size_t kListItemsMax = 32;
inline constexpr std::size_t kPlannedServicesPerPlanMax = 200;
inline constexpr int kQuantityMax = 10'000;          // units of one planned service or one record
inline constexpr int kDurationMinutesMax = 24 * 60;  // one record is at most a day's work

// The person served (әлеуметтік қызмет алушы): one row per IIN.
struct Person {
  std::string id;
  std::string iin;
  std::string full_name;
  std::string territory;   // KATO, 9 digits: where the person lives and is served
};

// The needs assessment (қажеттілікті бағалау, 003 §11): taking account of health, age and
// other features, whether the person needs special social services, and why.
struct Assessment {
  std::string id;
  std::string person_id;
  std::string territory;                  // the person's territory when assessed
  Date assessed_on;
  std::string assessor;                   // the social worker's name or login
  std::vector<std::string> categories;    // codes of the catalogue's groups (003 groups)
  std::vector<std::string> circumstances; // the difficult life situation found
  bool needs_services = false;            // the conclusion
  std::vector<std::string> reasons;       // why (either way)
  std::string recorded_by;
};

struct AssessmentInput {
  std::string iin;
  std::string full_name;
  std::string territory;
  std::string assessed_on;                // ISO date as sent
  std::string assessor;
  std::vector<std::string> categories;
  std::vector<std::string> circumstances;
  bool needs_services = false;
  std::vector<std::string> reasons;
};

enum class PlanState { kOpen, kClosed };
std::string_view plan_state_name(PlanState s);

// One planned service of a plan: its type (003 types 1)-8)), the form it is delivered in
// (003 forms 1)-4)), what it is, how often and how much, who provides it and when.
struct PlannedService {
  std::string id;
  std::string type;
  std::string form;
  std::string description;
  std::string frequency;       // as the plan says it: "weekly", "twice a month"
  int quantity = 0;            // units planned over [planned_from, planned_to]
  std::string provider;        // organisation or specialist (003 §12: volunteers, NGOs too)
  Date planned_from;
  Date planned_to;
  bool closed = false;         // no longer planned (e.g. no longer needed)
  std::optional<Date> closed_on;
  std::string closed_reason;
};

struct PlannedServiceInput {
  std::string type, form, description, frequency, provider;
  int quantity = 0;
  std::string planned_from, planned_to;
};

// The individual plan of services (жеке жоспар, 003 §11), from one assessment that found a
// need. A closed plan takes no more services and no more records.
struct Plan {
  std::string id;
  std::string person_id;
  std::string assessment_id;
  std::string territory;
  std::vector<std::string> categories;   // the assessment's, copied for the report
  Date assessed_on;                      // the assessment's date: nothing is delivered before it
  Date opened_on;
  std::string goals;
  PlanState state = PlanState::kOpen;
  std::optional<Date> closed_on;
  std::string closing_reason;            // catalogue code
  std::string closing_notes;
  std::vector<PlannedService> services;
  int version = 0;

  [[nodiscard]] const PlannedService* find_service(std::string_view service_id) const;
};

struct PlanInput {
  std::string opened_on;
  std::string goals;
};

// A service delivered or refused (003 §14: accounting records).
struct ServiceRecord {
  std::string id;
  std::string plan_id;
  std::string person_id;
  std::string planned_service_id;
  std::string type;
  std::string form;
  Date delivered_on;
  int quantity = 0;
  int duration_minutes = 0;
  std::string provider;
  std::string notes;
  bool refused = false;
  std::string refusal_reason;
  std::string recorded_by;
};

struct RecordInput {
  std::string type;
  std::string planned_service_id;   // optional: otherwise the open planned service of the type
  std::string date;
  int quantity = 1;
  int duration_minutes = 0;
  std::string provider;
  std::string notes;
  bool refused = false;
  std::string refusal_reason;
};

struct ClosePlanInput {
  std::string closed_on;
  std::string reason;
  std::string notes;
};

struct CloseServiceInput {
  std::string closed_on;
  std::string reason;
};

// One line of the territory's list of persons served (the district department's entry to
// the files): who, when last assessed, and since when a plan is open (none when no plan is).
struct PersonSummary {
  Person person;
  std::optional<Date> last_assessed_on;
  std::optional<Date> open_plan_since;   // the earliest plan still open
};
// How many persons one list answers: a page, not a legal figure [configurable].
inline constexpr std::size_t kPersonsListedMax = 500;

// An assessment as made, with the person it registered or found (003 §11).
struct Assessed {
  Assessment assessment;
  Person person;
};

// A person's file as the district department reads it: who, every assessment, every plan
// and every record, oldest first.
struct PersonFile {
  Person person;
  std::vector<Assessment> assessments;
  std::vector<Plan> plans;
  std::vector<ServiceRecord> records;
};

// Validates an assessment (IIN, territory, known categories and their ages, dates no later
// than today, the conclusion's reasons). The person id is filled in by the caller.
Result<Assessment> make_assessment(const Catalogue& catalogue, const AssessmentInput& in, Date today);

// Opens a plan on an assessment that found a need; the plan starts on or after it.
Result<Plan> open_plan(const Assessment& assessment, const PlanInput& in, std::string id, Date today);

// Adds a planned service to an open plan.
Result<PlannedService> add_planned_service(Plan& plan, const Catalogue& catalogue, const PlannedServiceInput& in,
                                           std::string id);

// Ends a planned service (it stays in the plan, marked closed).
Result<void> close_planned_service(Plan& plan, std::string_view service_id, const CloseServiceInput& in, Date today);

// A service delivered (or refused) under an open plan: its type must be planned and open,
// its date on or after the assessment and the plan's start, and no later than today.
Result<ServiceRecord> record_service(const Plan& plan, const Catalogue& catalogue, const RecordInput& in, std::string id,
                                     Date today);

// Closes an open plan for a catalogue reason (goals met, moved, died, refused).
Result<void> close_plan(Plan& plan, const Catalogue& catalogue, const ClosePlanInput& in, Date today);

}  // namespace komek::social
