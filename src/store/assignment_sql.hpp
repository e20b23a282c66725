// Assignments (with their schedule), complaints and holiday lists in SQL, for the case
// store's transaction and reads (store/case_store.cpp).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "cases/store.hpp"

namespace soci {
class session;
}

namespace komek::store::aftercare {

Result<std::optional<cases::Assignment>> find_assignment(soci::session& sql, std::string_view id);
Result<void> insert_assignment(soci::session& sql, cases::Assignment& a);
Result<void> update_assignment(soci::session& sql, cases::Assignment& a);
Result<std::vector<cases::Assignment>> list_assignments(soci::session& sql, const cases::AssignmentFilter& f);

Result<std::optional<cases::Complaint>> find_complaint(soci::session& sql, std::string_view id);
Result<void> insert_complaint(soci::session& sql, cases::Complaint& k, const Kato& territory);
Result<void> update_complaint(soci::session& sql, cases::Complaint& k);
Result<std::vector<cases::Complaint>> list_complaints(soci::session& sql, const cases::ComplaintFilter& f);

Result<std::optional<cases::HolidayList>> find_holiday_list(soci::session& sql, std::string_view pack, const Kato& territory,
                                                            Date date);
Result<std::optional<cases::HolidayList>> get_holiday_list(soci::session& sql, std::string_view id);
Result<void> insert_holiday_list(soci::session& sql, const cases::HolidayList& list);
Result<std::vector<cases::HolidayListSummary>> list_holiday_lists(soci::session& sql, const cases::HolidayListFilter& f);

}  // namespace komek::store::aftercare
