// A synthetic registry: a whole district's families, generated from a seed, answering the 24
// queries of 004 §7 as the state information systems would — for demonstrations, tests and
// benchmarks, and for working on Komek without personal data.
//
// Deterministic: the same configuration gives byte-identical answers on every run and
// machine (its own PRNG, no clock, no global state); another seed gives another population.
// Family i does not depend on how many families follow it. Realistic in shape (FACTS §5):
// families of 1-8 persons (mean about 3.4), a poor tenth or so with wages near or below the
// minimum wage, pensioners, disability, children aged 1-6, veterans' benefits, existing TSA,
// valid IINs matching birth date and sex, KZ IBANs with correct check digits, Kazakh and
// Russian names — and now and then a system with no data on a person.
//
//   SyntheticConfig config;                       // 5,000 families in Aktobe (151010000)
//   auto registry = SyntheticRegistry::create(config).value();
//   SyntheticFamily f = registry->family(0);
//   RegistrySnapshot s = query_all(*registry, f.members, config.reference_date);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/territory.hpp"
#include "registry/registry.hpp"
#include "registry/synthetic_population.hpp"

namespace komek::registry {

// A bound on the population one registry holds (about 1.3 KB per family in memory).
inline constexpr std::int32_t kSyntheticFamiliesMax = 200'000;

struct SyntheticConfig {
  std::uint64_t seed = 1;
  std::int32_t families = 5'000;
  // Where the families live: a district or a town (KATO). Aktobe city by default, the region
  // whose poverty line FACTS §2 gives (37,060 ₸, Q1 2026), so that TSA can be evaluated.
  Kato district = Kato::parse("151010000").value();
  // "Today" for the population: ages, statuses and the last month of income are drawn around
  // it; income is known for the months before its month.
  Date reference_date = Date::from_ymd(2026, 2, 10);
  // The time every answer is stamped with; reference_date at 10:00 when empty. A synthetic
  // registry has no clock, so that its answers stay the same from run to run.
  std::optional<LocalDateTime> answered_at;
  // Systems that do not answer, to rehearse outages: their queries fail with
  // "registry.unavailable".
  std::vector<QueryKind> unavailable;
};

// A family as listed for a demonstration or a test.
struct SyntheticFamily {
  std::int32_t index = 0;
  Kato territory;
  std::string address;
  std::string income_class;  // poor, modest, middle, well_off: how it was drawn
  std::vector<Iin> members;  // the applicant first
};

// A person found by IIN.
struct SyntheticPerson {
  Iin iin;
  std::string full_name;
  Date birth_date;
  Sex sex = Sex::kMale;
  std::optional<std::int32_t> family;  // none for persons outside the listed families
};

class SyntheticRegistry final : public Registry {
 public:
  // Errors: "registry.synthetic_families" (outside 1..kSyntheticFamiliesMax),
  // "registry.synthetic_territory" (not a district or town).
  static Result<std::unique_ptr<SyntheticRegistry>> create(SyntheticConfig config);

  [[nodiscard]] const SyntheticConfig& config() const { return config_; }
  [[nodiscard]] std::size_t family_count() const { return population_.families.size(); }
  [[nodiscard]] SyntheticFamily family(std::size_t index) const;
  [[nodiscard]] std::vector<SyntheticFamily> families() const;
  [[nodiscard]] std::optional<SyntheticPerson> person(const Iin& iin) const;
  // Every person the registry knows, members of the listed families and others (ex-spouses,
  // deceased relatives), in generation order.
  [[nodiscard]] std::vector<Iin> all_persons() const;
  // The bytes the population takes (for the memory budget).
  [[nodiscard]] std::size_t memory_bytes() const { return sizeof(*this) + population_.memory_bytes(); }

  Result<Answer<Identity>> identity(const Iin& iin, Date on) override;
  Result<Answer<LegalStatus>> kandas(const Iin& iin, Date on) override;
  Result<Answer<LegalStatus>> refugee(const Iin& iin, Date on) override;
  Result<Answer<LegalStatus>> foreigner(const Iin& iin, Date on) override;
  Result<Answer<LegalStatus>> stateless(const Iin& iin, Date on) override;
  Result<Answer<std::vector<AddressRegistration>>> registrations(const Iin& iin, Date on) override;
  Result<Answer<std::vector<BankAccount>>> bank_accounts(const Iin& iin, Date on) override;
  Result<Answer<std::vector<DisabilityRecord>>> disability(const Iin& iin, Date on) override;
  Result<Answer<std::vector<ChildRecord>>> children(const Iin& iin, Date on) override;
  Result<Answer<std::vector<GuardianshipRecord>>> guardianships(const Iin& iin, Date on) override;
  Result<Answer<std::vector<AdoptionRecord>>> adoptions(const Iin& iin, Date on) override;
  Result<Answer<std::vector<MaritalEvent>>> marital_events(const Iin& iin, Date on) override;
  Result<Answer<std::vector<StudyRecord>>> full_time_study(const Iin& iin, Date on) override;
  Result<Answer<std::vector<IncomeRecord>>> income(const Iin& iin, Month first, Month last) override;
  Result<Answer<EntrepreneurStatus>> entrepreneur(const Iin& iin, Date on) override;
  Result<Answer<std::vector<TsaRecord>>> existing_tsa(const Iin& iin, Date on) override;
  Result<Answer<FarmHolding>> subsidiary_farm(const Iin& iin, Date on) override;
  Result<Answer<std::vector<EmploymentRecord>>> employment_history(const Iin& iin, Date on) override;
  Result<Answer<std::vector<EducationRecord>>> education(const Iin& iin, Date on) override;
  Result<Answer<AlimonyStatement>> alimony(const Iin& iin, Date applied) override;
  Result<Answer<std::vector<DetentionRecord>>> detention(const Iin& iin, Date on) override;
  Result<Answer<std::vector<DwellingRecord>>> dwellings(const Iin& iin, Date on) override;
  Result<Answer<std::vector<LandPlotRecord>>> land_for_housing(const Iin& iin, Date on) override;
  Result<Answer<std::vector<VehicleRecord>>> vehicles(const Iin& iin, Date on) override;

 private:
  SyntheticRegistry(SyntheticConfig config, synthetic::Population population);

  // The person the system of `kind` knows on `on` (born by then, the system not in a gap),
  // or none: the answer is "no data".
  [[nodiscard]] const synthetic::Person* known(const Iin& iin, Date on, QueryKind kind) const;
  [[nodiscard]] std::int32_t index_of(const synthetic::Person& p) const;
  [[nodiscard]] const synthetic::Family* family_of(const synthetic::Person& p) const;
  [[nodiscard]] Provenance provenance(QueryKind kind) const;
  [[nodiscard]] Result<void> available(QueryKind kind) const;
  // Checks availability, finds the person and lets `make` build the data (or none).
  template <typename T, typename Make>
  [[nodiscard]] Result<Answer<T>> ask(QueryKind kind, const Iin& iin, Date on, Make&& make) const;

  [[nodiscard]] Identity identity_of(const synthetic::Person& p) const;
  [[nodiscard]] std::string address_of(const synthetic::Family& f, int variant) const;
  [[nodiscard]] std::int32_t family_index(const synthetic::Family& f) const;
  [[nodiscard]] Result<Answer<LegalStatus>> legal_status(const Iin& iin, Date on, QueryKind kind,
                                                         synthetic::Legal legal) const;
  void monthly_income(const synthetic::Person& p, Month m, std::vector<IncomeRecord>& out) const;
  [[nodiscard]] Money alimony_paid(const synthetic::Family& f, Month m) const;

  SyntheticConfig config_;
  synthetic::Population population_;
  LocalDateTime answered_at_;
};

}  // namespace komek::registry
