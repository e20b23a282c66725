// The registry gateway: the port through which Komek asks the state information systems the
// 24 questions of 004 §7 about a person (SPEC §4). An adapter to the e-gov gateway and the
// synthetic registry (synthetic.hpp) implement it; domain code sees only this interface.
//
// Every query answers with a Result: an error when the system could not be asked (it did not
// answer: "registry.unavailable"; or the question was malformed), otherwise an Answer that
// either carries the data or says the system has no data on the person — which is not an
// error: SPEC §4 asks the applicant to bring documents instead (see query_all, snapshot.hpp).
//
//   Result<Answer<std::vector<DisabilityRecord>>> d = registry.disability(iin, today);
//   if (!d) …                       // the system did not answer
//   else if (!d->found()) …         // no data: the applicant brings a proof of the ground
//   else for (const auto& r : d->value()) …
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/iin.hpp"
#include "core/invariant.hpp"
#include "core/result.hpp"
#include "registry/query.hpp"
#include "registry/records.hpp"

namespace komek::registry {

// Where an answer came from: the frozen copy of an application keeps it with every answer, so
// that a decision can show what the systems said and when.
struct Provenance {
  QueryKind query = QueryKind::kIdentity;    // the item of 004 §7 (1-24)
  std::string system;                        // the information system that answered
  std::optional<LocalDateTime> answered_at;  // Asia/Almaty; empty when it did not answer
};

template <typename T>
struct Answer {
  std::optional<T> data;  // empty: the system has no data on the person
  Provenance provenance;

  [[nodiscard]] bool found() const { return data.has_value(); }
  // The data; asking for it when there is none is a bug of the caller.
  [[nodiscard]] const T& value() const {
    KOMEK_INVARIANT(data.has_value(), "registry answer has no data");
    return *data;
  }
};

// The months of one income query are bounded: the rules look at a quarter or a year, and a
// bound keeps one answer small.
inline constexpr int kIncomeMonthsMax = 36;

// The port. Dates are the day the question is about ("on"): an answer describes the person as
// the system knew them that day. Queries are not const: an adapter talks to a gateway.
class Registry {
 public:
  virtual ~Registry() = default;

  // 1. Identity.
  [[nodiscard]] virtual Result<Answer<Identity>> identity(const Iin& iin, Date on) = 0;
  // 2-5. Legal statuses.
  [[nodiscard]] virtual Result<Answer<LegalStatus>> kandas(const Iin& iin, Date on) = 0;
  [[nodiscard]] virtual Result<Answer<LegalStatus>> refugee(const Iin& iin, Date on) = 0;
  [[nodiscard]] virtual Result<Answer<LegalStatus>> foreigner(const Iin& iin, Date on) = 0;
  [[nodiscard]] virtual Result<Answer<LegalStatus>> stateless(const Iin& iin, Date on) = 0;
  // 6. Registrations in force on the date (a permanent one and any temporary ones).
  [[nodiscard]] virtual Result<Answer<std::vector<AddressRegistration>>> registrations(const Iin& iin,
                                                                                       Date on) = 0;
  // 7. Bank accounts open on the date; an empty list when the banks report none.
  [[nodiscard]] virtual Result<Answer<std::vector<BankAccount>>> bank_accounts(const Iin& iin, Date on) = 0;
  // 8. Disability records established up to the date (the history, the current one last).
  [[nodiscard]] virtual Result<Answer<std::vector<DisabilityRecord>>> disability(const Iin& iin, Date on) = 0;
  // 9. Children born to the person up to the date, with deaths.
  [[nodiscard]] virtual Result<Answer<std::vector<ChildRecord>>> children(const Iin& iin, Date on) = 0;
  // 10. Guardianships and trusteeships the person holds or held.
  [[nodiscard]] virtual Result<Answer<std::vector<GuardianshipRecord>>> guardianships(const Iin& iin,
                                                                                      Date on) = 0;
  // 11. Adoptions by the person.
  [[nodiscard]] virtual Result<Answer<std::vector<AdoptionRecord>>> adoptions(const Iin& iin, Date on) = 0;
  // 12. Marriages and divorces, oldest first.
  [[nodiscard]] virtual Result<Answer<std::vector<MaritalEvent>>> marital_events(const Iin& iin, Date on) = 0;
  // 13. Full-time study.
  [[nodiscard]] virtual Result<Answer<std::vector<StudyRecord>>> full_time_study(const Iin& iin, Date on) = 0;
  // 14. Income received in the months first..last (at most kIncomeMonthsMax). Errors:
  // "registry.months_reversed", "registry.months_too_many".
  [[nodiscard]] virtual Result<Answer<std::vector<IncomeRecord>>> income(const Iin& iin, Month first,
                                                                         Month last) = 0;
  // 15. Individual-entrepreneur status.
  [[nodiscard]] virtual Result<Answer<EntrepreneurStatus>> entrepreneur(const Iin& iin, Date on) = 0;
  // 16. TSA applications, assignments and payments of any family the person belongs to.
  [[nodiscard]] virtual Result<Answer<std::vector<TsaRecord>>> existing_tsa(const Iin& iin, Date on) = 0;
  // 17. The subsidiary farm of the person's household.
  [[nodiscard]] virtual Result<Answer<FarmHolding>> subsidiary_farm(const Iin& iin, Date on) = 0;
  // 18. Employment contracts up to the date, oldest first.
  [[nodiscard]] virtual Result<Answer<std::vector<EmploymentRecord>>> employment_history(const Iin& iin,
                                                                                         Date on) = 0;
  // 19. Education completed up to the date.
  [[nodiscard]] virtual Result<Answer<std::vector<EducationRecord>>> education(const Iin& iin, Date on) = 0;
  // 20. Alimony owed to the person for the three whole months before the month of `applied`,
  // and the arrears on that day.
  [[nodiscard]] virtual Result<Answer<AlimonyStatement>> alimony(const Iin& iin, Date applied) = 0;
  // 21. Prison and compulsory treatment, past and present.
  [[nodiscard]] virtual Result<Answer<std::vector<DetentionRecord>>> detention(const Iin& iin, Date on) = 0;
  // 22-24. Property owned on the date.
  [[nodiscard]] virtual Result<Answer<std::vector<DwellingRecord>>> dwellings(const Iin& iin, Date on) = 0;
  [[nodiscard]] virtual Result<Answer<std::vector<LandPlotRecord>>> land_for_housing(const Iin& iin,
                                                                                     Date on) = 0;
  [[nodiscard]] virtual Result<Answer<std::vector<VehicleRecord>>> vehicles(const Iin& iin, Date on) = 0;
};

// The months of an income query, checked against the limits above (for adapters).
Result<void> check_income_months(Month first, Month last);

}  // namespace komek::registry
