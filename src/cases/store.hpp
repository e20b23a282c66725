// The storage port of the case service: a unit of work in which a state change, its audit
// record, its outbox messages and the idempotency record of the request that caused it are
// written together or not at all (DESIGN "Nothing acknowledged is lost"). Implemented by
// store/ (SQLite; PostgreSQL next).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/assignment.hpp"
#include "cases/case.hpp"
#include "cases/complaint.hpp"
#include "cases/holiday_list.hpp"
#include "cases/kernel.hpp"
#include "core/result.hpp"

namespace komek::cases {

struct CaseFilter {
  std::optional<std::string> territory_prefix;  // KATO digits the case's territory starts with
  std::optional<std::string> officer;
  std::optional<CaseState> state;
  std::optional<std::string> applicant_iin;
  bool open_only = false;
  std::size_t limit = 50;
};

struct AssignmentFilter {
  std::optional<std::string> territory_prefix;
  std::optional<std::string> case_id;
  std::optional<std::string> recipient_iin;
  std::optional<std::string> list_id;
  std::optional<AssignmentStatus> status;
  std::size_t limit = 100;
};

struct ComplaintFilter {
  std::optional<std::string> territory_prefix;
  std::optional<std::string> case_id;
  std::optional<std::string> complainant_iin;
  bool open_only = false;
  std::size_t limit = 100;
};

struct HolidayListFilter {
  std::optional<std::string> territory_prefix;  // KATO digits the list's district starts with
  std::optional<std::string> pack;
  std::optional<int> year;                      // of the holiday
  std::size_t limit = 100;
};

// A made holiday list as the index of lists shows it: what it is for, who made it, how many
// recipients and how much in all, without the recipients themselves (no personal data, so
// reading the index writes nothing to the access log).
struct HolidayListSummary {
  std::string id;
  std::string pack_id;
  Kato territory;
  Date date;               // the holiday or memorable day
  Date made_on;            // the local day it was made
  std::string made_at;     // when it was stored (UTC)
  std::string made_by;
  std::size_t recipients = 0;
  Money total;
};

class CaseTransaction : public Journal {
 public:
  virtual Result<std::optional<Case>> find_case(std::string_view id) = 0;
  // Inserts a new case (version 1).
  virtual Result<void> insert_case(Case& c) = 0;
  // Updates a case whose stored version is c.version; fails with a conflict otherwise.
  virtual Result<void> update_case(Case& c) = 0;
  // The next registration number of a district and year, gapless: "DDDD-YYYY-NNNNNN".
  virtual Result<std::string> next_number(const Kato& district, int year) = 0;

  // Assignments, with their schedule rewritten on every insert and update (the contract
  // with payments: table assignment_months). Updates check the version like cases.
  virtual Result<std::optional<Assignment>> find_assignment(std::string_view id) = 0;
  virtual Result<void> insert_assignment(Assignment& a) = 0;
  virtual Result<void> update_assignment(Assignment& a) = 0;
  virtual Result<std::vector<Assignment>> assignments_of_case(std::string_view case_id) = 0;

  // Complaints (004 §45), with the territory of their case for scoping.
  virtual Result<std::optional<Complaint>> find_complaint(std::string_view id) = 0;
  virtual Result<void> insert_complaint(Complaint& k, const Kato& territory) = 0;
  virtual Result<void> update_complaint(Complaint& k) = 0;
  virtual Result<std::vector<Complaint>> complaints_of_case(std::string_view case_id) = 0;

  // Holiday lists: one per pack, district and date (a unique key).
  virtual Result<std::optional<HolidayList>> find_holiday_list(std::string_view pack, const Kato& territory, Date date) = 0;
  virtual Result<void> insert_holiday_list(const HolidayList& list) = 0;
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;
  // Runs `work` in one transaction: committed when it returns a value, rolled back on an
  // error (which is returned) or an exception (which propagates).
  virtual Result<void> transact(const std::function<Result<void>(CaseTransaction&)>& work) = 0;
  virtual Result<std::optional<Case>> get(std::string_view id) = 0;
  virtual Result<std::vector<Case>> list(const CaseFilter& filter) = 0;
  virtual Result<std::vector<Assignment>> list_assignments(const AssignmentFilter& filter) = 0;
  virtual Result<std::vector<Complaint>> list_complaints(const ComplaintFilter& filter) = 0;
  virtual Result<std::optional<HolidayList>> get_holiday_list(std::string_view id) = 0;
  // The holiday lists of a territory prefix, newest holiday first, at most filter.limit.
  virtual Result<std::vector<HolidayListSummary>> list_holiday_lists(const HolidayListFilter& filter) = 0;
  // The personal-data access log about one subject (work::subject_of(iin)), newest first:
  // the applicant's "who read my data" view (RELIABILITY S3).
  virtual Result<std::vector<AccessRecord>> access_log_of(std::string_view subject, std::size_t limit) = 0;
  // Verifies the audit hash chain end to end; the number of records checked.
  virtual Result<std::size_t> verify_audit_chain() = 0;
  // The ids of the cases whose stored documents cannot be read back (komek db check); the
  // number of cases read.
  struct RecordsCheck {
    std::size_t read = 0;
    std::vector<std::string> damaged;
  };
  virtual Result<RecordsCheck> check_case_records() = 0;
};

}  // namespace komek::cases
