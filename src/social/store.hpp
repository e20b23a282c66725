// The storage port of special social services: a transaction that extends the shared
// Journal (one audit chain, outbox, idempotency and access log with the cases), and the
// reads the report needs. Implemented by store/social_store.cpp.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "work/actor.hpp"
#include "work/journal.hpp"
#include "work/request.hpp"
#include "work/runner.hpp"
#include "core/result.hpp"
#include "social/model.hpp"

namespace komek::social {

class SocialTransaction : public work::Journal {
 public:
  virtual Result<std::optional<Person>> find_person(std::string_view id) = 0;
  virtual Result<std::optional<Person>> find_person_by_iin(std::string_view iin) = 0;
  virtual Result<void> insert_person(const Person& p) = 0;
  // Name and territory as last assessed.
  virtual Result<void> update_person(const Person& p) = 0;
  virtual Result<std::optional<Assessment>> find_assessment(std::string_view id) = 0;
  virtual Result<void> insert_assessment(const Assessment& a) = 0;
  virtual Result<std::optional<Plan>> find_plan(std::string_view id) = 0;
  // Inserts a new plan (version 1).
  virtual Result<void> insert_plan(Plan& p) = 0;
  // Updates a plan whose stored version is p.version; a conflict otherwise.
  virtual Result<void> update_plan(Plan& p) = 0;
  virtual Result<void> insert_record(const ServiceRecord& r) = 0;
  // A person's file: assessments, plans and records, oldest first.
  virtual Result<std::vector<Assessment>> assessments_of(std::string_view person_id) = 0;
  virtual Result<std::vector<Plan>> plans_of(std::string_view person_id) = 0;
  virtual Result<std::vector<ServiceRecord>> records_of_person(std::string_view person_id) = 0;
  // The persons whose territory lies in a KATO prefix, by name, at most `limit`.
  virtual Result<std::vector<PersonSummary>> persons_in(std::string_view territory_prefix, std::size_t limit) = 0;
};

// What the report reads: the plans of a territory (KATO prefix) open at some time in
// [from, to], and the records dated in [from, to] under them.
struct ReportData {
  std::vector<Plan> plans;
  std::vector<ServiceRecord> records;
};

class SocialStore {
 public:
  virtual ~SocialStore() = default;
  // One transaction: committed when `work` returns a value, rolled back on an error.
  virtual Result<void> transact(const std::function<Result<void>(SocialTransaction&)>& work) = 0;
  virtual Result<ReportData> report_data(const std::string& territory_prefix, Date from, Date to) = 0;
};

}  // namespace komek::social
