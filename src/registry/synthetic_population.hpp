// The synthetic population behind SyntheticRegistry (synthetic.hpp): families and persons as
// compact numbers — dates, amounts in whole tenge, indices into the name tables — generated
// once from a seed. Texts (names, addresses, IBANs, plates) and month-by-month amounts are
// made when a query asks, from the same seed, so that memory stays small and every answer is
// a pure function of (seed, person, question). Internal to the registry module.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "core/iin.hpp"
#include "core/territory.hpp"
#include "registry/records.hpp"
#include "registry/synthetic_names.hpp"

namespace komek::registry::synthetic {

// The economic standing a family is drawn with; it shapes employment, wages and property.
// When adding an enumerator, also update income_class_name() and the tables in
// synthetic_population.cpp.
enum class IncomeClass : std::uint8_t {
  kPoor,  // wages near or below the minimum wage, many without work
  kModest,
  kMiddle,
  kWellOff,
};
std::string_view income_class_name(IncomeClass c);

// When adding an enumerator, also update the status answers in synthetic.cpp.
enum class Legal : std::uint8_t { kCitizen, kKandas, kRefugee, kForeigner, kStateless };

struct Benefit {
  IncomeKind kind = IncomeKind::kChildcareBenefit;
  std::int32_t tenge = 0;  // per month
  Date since;
  std::optional<Date> until;
};

struct Person {
  std::uint64_t iin = 0;  // the 12 digits as a number
  Date birth;
  std::optional<Date> death;
  std::int32_t family = -1;  // the listed family the person belongs to; -1 for persons outside
  std::int32_t mother = -1;  // registered parents (persons of this population), -1 unknown
  std::int32_t father = -1;
  std::int32_t spouse = -1;  // the current marriage (the spouse may have died: widowhood)
  Date married;
  std::int32_t former_spouse = -1;  // a marriage that ended in divorce
  Date former_married;
  Date divorced;
  Sex sex = Sex::kMale;
  names::Naming naming = names::Naming::kKazakh;
  std::uint8_t surname = 0;     // index into names::surnames(naming), masculine form
  std::uint8_t given = 0;       // index into names::given_names(naming, sex)
  std::int8_t patronymic = -1;  // index of the father's name in the men's table; -1 none

  Legal legal = Legal::kCitizen;
  Date legal_since;
  std::optional<Date> legal_until;
  std::uint8_t citizenship = 0;  // index into kCitizenships (synthetic.cpp)

  std::optional<DisabilityRecord> disability;
  std::optional<DetentionRecord> detention;

  // Work: one current or last contract; earlier ones are made from the seed when asked.
  std::int32_t wage_tenge = 0;
  Date job_since;
  std::optional<Date> job_until;
  std::uint8_t employer = 0;
  std::uint8_t position = 0;
  bool irregular_work = false;  // paid only in some months

  std::int32_t pension_tenge = 0;
  Date pension_since;
  std::array<Benefit, 2> benefits{};
  std::uint8_t benefit_count = 0;
  SpecialCategory category = SpecialCategory::kNone;
  std::int32_t special_tenge = 0;

  std::int32_t business_tenge = 0;  // typical month of an individual entrepreneur
  Date business_since;
  std::optional<Date> business_until;
  std::uint8_t activity = 0;

  std::optional<EducationLevel> education;  // the highest completed; none for children
  bool student = false;
  Date study_since;
  Date study_until;
  std::uint8_t institution = 0;

  std::uint8_t bank_accounts = 0;
  std::uint32_t gaps = 0;  // bit n set: the system of query n has no data on the person

  [[nodiscard]] bool has_gap(int query) const { return (gaps >> query & 1U) != 0; }
  void add_benefit(Benefit b) {
    if (benefit_count < benefits.size()) benefits[benefit_count++] = b;
  }
};

// When adding an enumerator, also update the TSA answers in synthetic.cpp.
enum class TsaState : std::uint8_t { kNone, kPending, kAssigned };

struct Family {
  std::vector<std::int32_t> members;  // the applicant first
  Kato settlement;
  bool urban = true;
  std::uint8_t street = 0;
  std::uint16_t house = 0;
  std::uint16_t flat = 0;  // 0: a house of its own
  Date moved_in;
  IncomeClass income_class = IncomeClass::kModest;

  std::int32_t dwelling_owner = -1;
  std::uint8_t dwellings = 0;  // 0, 1 or 2 (the second one elsewhere in the district)
  Date dwelling_since;
  std::int32_t rent_tenge = 0;  // rent received for the second dwelling, per month
  std::int32_t land_owner = -1;
  Date land_since;
  std::int32_t vehicle_owner = -1;
  std::uint8_t vehicles = 0;

  FarmHolding farm;

  std::int32_t seller = -1;  // a one-off sale in the last year
  IncomeKind sale_kind = IncomeKind::kPropertySale;
  Month sale_month;
  std::int64_t sale_tenge = 0;

  std::int32_t alimony_recipient = -1;
  std::int32_t alimony_debtor = -1;
  Month alimony_since;
  std::int32_t alimony_due_tenge = 0;
  std::uint8_t alimony_behaviour = 0;  // 0 pays in full, 1 pays part, 2 hardly pays

  TsaState tsa = TsaState::kNone;
  Date tsa_applied;
  std::int32_t tsa_monthly_tenge = 0;

  std::int32_t ward = -1;  // a child under the applicant's guardianship
  Date ward_since;
  std::int32_t adopted = -1;  // a child the couple adopted
  Date adopted_on;
};

struct Settings {
  std::uint64_t seed = 1;
  std::int32_t families = 0;
  Kato district;
  Date reference_date;
};

struct Population {
  Settings settings;
  std::vector<Person> persons;
  std::vector<Family> families;
  std::vector<std::pair<std::uint64_t, std::int32_t>> by_iin;       // sorted by IIN
  std::vector<std::pair<std::int32_t, std::int32_t>> parent_child;  // sorted by parent

  [[nodiscard]] std::optional<std::int32_t> find(std::uint64_t iin) const;
  [[nodiscard]] std::vector<std::int32_t> children_of(std::int32_t parent) const;
  [[nodiscard]] std::size_t memory_bytes() const;
};

// The independent random streams of the generator and of the answers: each draws from
// (seed, stream, key…), so that a query's answer never depends on what was asked before it.
enum class Stream : std::uint64_t {
  kFamily = 1,
  kIin,
  kMonthly,
  kDocument,
  kBankAccount,
  kEmploymentHistory,
  kEducation,
  kVehicle,
  kCadastre,
  kAlimony,
};
[[nodiscard]] std::uint64_t key(std::uint64_t seed, Stream stream,
                                std::initializer_list<std::uint64_t> parts);

// Pension ages used to shape the population (the rules take theirs from rules/parameters).
inline constexpr int kPensionAgeMen = 63;
inline constexpr int kPensionAgeWomen = 61;

Population generate(const Settings& settings);

// The 12 digits of an IIN as a number and back.
std::uint64_t iin_number(const Iin& iin);
Iin iin_of(std::uint64_t number);

}  // namespace komek::registry::synthetic
