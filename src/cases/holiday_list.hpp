// Holiday and memorable-day payments without applications (001 §10, §25; SPEC §8): for a
// date, the authorized body takes the active recipients of pensions and benefits from the
// information system of the authorized state body (form 7), forms the list of recipients per
// category of its rule pack, and each entry becomes an assignment of one payment on that day.
// A list is made once per pack, district and date: making it again returns the same list.
#pragma once

#include <string>
#include <vector>

#include "cases/assignment.hpp"
#include "core/date.hpp"
#include "core/money.hpp"
#include "core/territory.hpp"

namespace komek::cases {

struct HolidayListEntry {
  std::string programme;
  std::string iin;
  std::string name;
  Money amount;
  std::string cites;
  std::string assignment_id;
};

struct HolidayList {
  std::string id;
  std::string pack_id;
  Date date;                      // the holiday or memorable day
  Kato territory;                 // the district the list is for
  Date made_on;
  std::string made_by;
  std::string source_taken_at;    // when the registry answered
  std::vector<std::string> programmes;   // the pack's programmes paid on that date
  std::vector<std::string> unresolved;   // persons the registry could not identify (masked), to check by hand
  std::vector<HolidayListEntry> entries;
  [[nodiscard]] Money total() const {
    Money t;
    for (const auto& e : entries) t = t + e.amount;
    return t;
  }
};

// A family as the registry gives it for the lists: the family for the rules and, per member
// in the family's order, the IIN, the name and where to pay.
struct RegistryFamily {
  std::string family_json;
  std::vector<std::string> iins;
  std::vector<std::string> names;
  std::vector<PaymentDestination> destinations;
};

// The registry port for lists made without applications (form 7 and the persons' records).
class RecipientSource {
 public:
  virtual ~RecipientSource() = default;
  // The families of a district with at least one active pension or benefit recipient on the
  // date; `taken_at` receives when the registry answered, `unresolved` a line per person the
  // registry could not identify (masked IIN and reason): they are left off and shown.
  virtual Result<std::vector<RegistryFamily>> recipients(const Kato& district, Date on, std::string& taken_at,
                                                         std::vector<std::string>& unresolved) = 0;
};

}  // namespace komek::cases
