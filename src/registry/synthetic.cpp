#include "registry/synthetic.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "registry/iban.hpp"
#include "registry/messages.hpp"
#include "registry/prng.hpp"

namespace komek::registry {
namespace {

using synthetic::Family;
using synthetic::Person;
using synthetic::Stream;

// Indexed by Person::citizenship: Kazakhstan; kandas arriving from Uzbekistan, China, Mongolia,
// Turkmenistan; foreigners from Uzbekistan, Russia, Kyrgyzstan; a refugee from Afghanistan;
// none for a stateless person.
constexpr std::array<std::string_view, 10> kCitizenships = {"KAZ", "UZB", "CHN", "MNG", "TKM",
                                                            "UZB", "RUS", "KGZ", "AFG", ""};

constexpr std::string_view kStateCorporation = "НАО «Государственная корпорация «Правительство для граждан»»";

std::string digits(Rng& rng, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += static_cast<char>('0' + rng.below(10));
  return out;
}

std::string address_text(std::uint8_t street, std::uint16_t house, std::uint16_t flat) {
  std::string out(names::streets()[street]);
  out += ", " + std::to_string(house) + "-үй";
  if (flat != 0) out += ", " + std::to_string(flat) + "-пәтер";
  return out;
}

std::uint64_t month_index(Month m) {
  return static_cast<std::uint64_t>(m.year() * 12 + m.month());
}

// Amounts in whole tenge scaled by a percentage, to tiyn.
Money tenge_percent(std::int64_t tenge, std::int64_t percent) {
  return Money::from_tiyn(tenge * Money::kTiynPerTenge * percent / 100);
}

bool covers(Date since, const std::optional<Date>& until, Month m) {
  return since <= m.last_day() && (!until || *until >= m.first_day());
}

std::string cadastral_number(Rng& rng, const Kato& territory) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%03u:%03d:%03d", territory.region_number(),
                territory.value() / 100'000 % 100, rng.between_int(1, 999), rng.between_int(1, 999));
  return buf;
}

}  // namespace

Result<std::unique_ptr<SyntheticRegistry>> SyntheticRegistry::create(SyntheticConfig config) {
  // its errors, and those of its queries, render in every language
  if (config.families < 1 || config.families > kSyntheticFamiliesMax)
    return invalid("registry.synthetic_families", {{"families", std::to_string(config.families)},
                                                   {"max", std::to_string(kSyntheticFamiliesMax)}});
  const TerritoryLevel level = config.district.level();
  if (level != TerritoryLevel::kDistrict && level != TerritoryLevel::kRuralDistrict)
    return invalid("registry.synthetic_territory", {{"territory", config.district.code()}});
  synthetic::Settings settings{config.seed, config.families, config.district, config.reference_date};
  synthetic::Population population = synthetic::generate(settings);
  return std::unique_ptr<SyntheticRegistry>(new SyntheticRegistry(std::move(config), std::move(population)));
}

SyntheticRegistry::SyntheticRegistry(SyntheticConfig config, synthetic::Population population)
    : config_(std::move(config)),
      population_(std::move(population)),
      answered_at_(config_.answered_at.value_or(LocalDateTime{config_.reference_date, TimeOfDay{10, 0}})) {}

// ---- listing

SyntheticFamily SyntheticRegistry::family(std::size_t index) const {
  const Family& f = population_.families.at(index);
  SyntheticFamily out;
  out.index = static_cast<std::int32_t>(index);
  out.territory = f.settlement;
  out.address = address_of(f, 0);
  out.income_class = std::string(synthetic::income_class_name(f.income_class));
  for (std::int32_t m : f.members)
    out.members.push_back(synthetic::iin_of(population_.persons[static_cast<std::size_t>(m)].iin));
  return out;
}

std::vector<SyntheticFamily> SyntheticRegistry::families() const {
  std::vector<SyntheticFamily> out;
  out.reserve(population_.families.size());
  for (std::size_t i = 0; i < population_.families.size(); ++i) out.push_back(family(i));
  return out;
}

std::optional<SyntheticPerson> SyntheticRegistry::person(const Iin& iin) const {
  const auto index = population_.find(synthetic::iin_number(iin));
  if (!index) return std::nullopt;
  const Person& p = population_.persons[static_cast<std::size_t>(*index)];
  SyntheticPerson out{iin, identity_of(p).full_name(), p.birth, p.sex, std::nullopt};
  if (p.family >= 0) out.family = p.family;
  return out;
}

std::vector<Iin> SyntheticRegistry::all_persons() const {
  std::vector<Iin> out;
  out.reserve(population_.persons.size());
  for (const Person& p : population_.persons) out.push_back(synthetic::iin_of(p.iin));
  return out;
}

// ---- plumbing

const Person* SyntheticRegistry::known(const Iin& iin, Date on, QueryKind kind) const {
  const auto index = population_.find(synthetic::iin_number(iin));
  if (!index) return nullptr;
  const Person& p = population_.persons[static_cast<std::size_t>(*index)];
  if (p.birth > on || p.has_gap(query_number(kind))) return nullptr;
  return &p;
}

std::int32_t SyntheticRegistry::index_of(const Person& p) const {
  return static_cast<std::int32_t>(&p - population_.persons.data());
}

std::int32_t SyntheticRegistry::family_index(const Family& f) const {
  return static_cast<std::int32_t>(&f - population_.families.data());
}

const Family* SyntheticRegistry::family_of(const Person& p) const {
  if (p.family < 0) return nullptr;
  return &population_.families[static_cast<std::size_t>(p.family)];
}

Provenance SyntheticRegistry::provenance(QueryKind kind) const {
  return Provenance{kind, "synthetic: " + std::string(query_holder(kind)), answered_at_};
}

Result<void> SyntheticRegistry::available(QueryKind kind) const {
  if (std::find(config_.unavailable.begin(), config_.unavailable.end(), kind) != config_.unavailable.end())
    return fail(ErrorCode::kUnavailable, "registry.unavailable",
                {{"system", std::string(query_holder(kind))}});
  return {};
}

template <typename T, typename Make>
Result<Answer<T>> SyntheticRegistry::ask(QueryKind kind, const Iin& iin, Date on, Make&& make) const {
  KOMEK_CHECK(available(kind));
  const Person* p = known(iin, on, kind);
  if (p == nullptr) return Answer<T>{std::nullopt, provenance(kind)};
  std::optional<T> data = make(*p);
  return Answer<T>{std::move(data), provenance(kind)};
}

Identity SyntheticRegistry::identity_of(const Person& p) const {
  Identity id;
  id.surname = names::surname_for(names::surnames(p.naming)[p.surname], p.sex);
  id.given_name = std::string(names::given_names(p.naming, p.sex)[p.given].name);
  if (p.patronymic >= 0) {
    const auto& father = names::given_names(p.naming, Sex::kMale)[static_cast<std::size_t>(p.patronymic)];
    id.patronymic = std::string(p.sex == Sex::kMale ? father.son : father.daughter);
  }
  id.birth_date = p.birth;
  id.sex = p.sex;
  id.citizenship = std::string(kCitizenships[p.citizenship]);
  Rng rng(synthetic::key(config_.seed, Stream::kDocument, {p.iin}));
  id.document_number = digits(rng, 9);
  id.death_date = p.death;
  return id;
}

std::string SyntheticRegistry::address_of(const Family& f, int variant) const {
  if (variant == 0) return address_text(f.street, f.house, f.flat);
  Rng rng(synthetic::key(config_.seed, Stream::kCadastre, {static_cast<std::uint64_t>(family_index(f)), 99}));
  const auto street = static_cast<std::uint8_t>(rng.below(names::streets().size()));
  const auto house = static_cast<std::uint16_t>(rng.between(1, 180));
  const auto flat = static_cast<std::uint16_t>(rng.between(1, 240));
  return address_text(street, house, flat);
}

// ---- 1-5

Result<Answer<Identity>> SyntheticRegistry::identity(const Iin& iin, Date on) {
  return ask<Identity>(QueryKind::kIdentity, iin, on, [&](const Person& p) {
    Identity id = identity_of(p);
    if (id.death_date && *id.death_date > on) id.death_date.reset();
    return std::optional<Identity>(std::move(id));
  });
}

Result<Answer<LegalStatus>> SyntheticRegistry::legal_status(const Iin& iin, Date on, QueryKind kind,
                                                            synthetic::Legal legal) const {
  return ask<LegalStatus>(kind, iin, on, [&](const Person& p) {
    LegalStatus s;
    if (p.legal == legal && p.legal_since <= on) {
      s.since = p.legal_since;
      s.until = p.legal_until;
      s.holds = !p.legal_until || on <= *p.legal_until;
      Rng rng(synthetic::key(config_.seed, Stream::kDocument,
                             {p.iin, static_cast<std::uint64_t>(query_number(kind))}));
      s.document = digits(rng, 9);
    }
    return std::optional<LegalStatus>(s);
  });
}

Result<Answer<LegalStatus>> SyntheticRegistry::kandas(const Iin& iin, Date on) {
  return legal_status(iin, on, QueryKind::kKandas, synthetic::Legal::kKandas);
}
Result<Answer<LegalStatus>> SyntheticRegistry::refugee(const Iin& iin, Date on) {
  return legal_status(iin, on, QueryKind::kRefugee, synthetic::Legal::kRefugee);
}
Result<Answer<LegalStatus>> SyntheticRegistry::foreigner(const Iin& iin, Date on) {
  return legal_status(iin, on, QueryKind::kForeigner, synthetic::Legal::kForeigner);
}
Result<Answer<LegalStatus>> SyntheticRegistry::stateless(const Iin& iin, Date on) {
  return legal_status(iin, on, QueryKind::kStateless, synthetic::Legal::kStateless);
}

// ---- 6-7

Result<Answer<std::vector<AddressRegistration>>> SyntheticRegistry::registrations(const Iin& iin, Date on) {
  return ask<std::vector<AddressRegistration>>(QueryKind::kRegistration, iin, on, [&](const Person& p) {
    std::vector<AddressRegistration> out;
    if (p.death && *p.death <= on) return std::optional(out);  // a death ends every registration
    if (const Family* f = family_of(p)) {
      out.push_back({RegistrationKind::kPermanent, f->settlement, address_of(*f, 0),
                     std::max(f->moved_in, p.birth), std::nullopt});
    } else {
      // Persons outside the listed families (an ex-spouse) live elsewhere in the district.
      Rng rng(synthetic::key(config_.seed, Stream::kDocument, {p.iin, 6}));
      const auto street = static_cast<std::uint8_t>(rng.below(names::streets().size()));
      const auto house = static_cast<std::uint16_t>(rng.between(1, 180));
      const auto flat = static_cast<std::uint16_t>(rng.between(0, 200));
      const Date since = std::max(p.birth, config_.reference_date.plus_days(-rng.between_int(100, 5000)));
      if (since <= on)
        out.push_back({RegistrationKind::kPermanent, config_.district, address_text(street, house, flat),
                       since, std::nullopt});
    }
    if (p.student && p.study_since <= on && on <= p.study_until) {
      const auto& institution = names::institutions()[p.institution];
      if (!institution.kato.empty()) {
        out.push_back({RegistrationKind::kTemporary, Kato::parse(institution.kato).value(),
                       std::string(institution.name) + ", жатақхана", p.study_since, p.study_until});
      }
    }
    return std::optional(out);
  });
}

Result<Answer<std::vector<BankAccount>>> SyntheticRegistry::bank_accounts(const Iin& iin, Date on) {
  return ask<std::vector<BankAccount>>(QueryKind::kBankDetails, iin, on, [&](const Person& p) {
    std::vector<BankAccount> out;  // empty: the banks report no account
    const auto banks = names::banks();
    for (std::uint64_t i = 0; i < p.bank_accounts; ++i) {
      Rng rng(synthetic::key(config_.seed, Stream::kBankAccount, {p.iin, i}));
      std::int64_t pick = rng.between(0, 999);
      std::size_t b = 0;
      while (b + 1 < banks.size() && pick >= banks[b].weight) pick -= banks[b++].weight;
      // A bank code and a 13-character account: a letter and 12 digits, as many banks write it.
      std::string bban(banks[b].code);
      bban += static_cast<char>('A' + rng.below(26));
      bban += digits(rng, 12);
      out.push_back({make_iban("KZ", bban), std::string(banks[b].name), std::string(banks[b].bic)});
    }
    return std::optional(out);
  });
}

// ---- 8-13

Result<Answer<std::vector<DisabilityRecord>>> SyntheticRegistry::disability(const Iin& iin, Date on) {
  return ask<std::vector<DisabilityRecord>>(QueryKind::kDisability, iin, on, [&](const Person& p) {
    std::vector<DisabilityRecord> out;
    if (p.disability && p.disability->since <= on) out.push_back(*p.disability);
    return std::optional(out);
  });
}

Result<Answer<std::vector<ChildRecord>>> SyntheticRegistry::children(const Iin& iin, Date on) {
  return ask<std::vector<ChildRecord>>(QueryKind::kChildren, iin, on, [&](const Person& p) {
    std::vector<ChildRecord> out;
    for (std::int32_t c : population_.children_of(index_of(p))) {
      const Person& child = population_.persons[static_cast<std::size_t>(c)];
      if (child.birth > on) continue;
      ChildRecord r{synthetic::iin_of(child.iin),
                    std::string(names::given_names(child.naming, child.sex)[child.given].name), child.birth,
                    std::nullopt};
      if (child.death && *child.death <= on) r.death_date = child.death;
      out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(),
              [](const ChildRecord& a, const ChildRecord& b) { return a.birth_date < b.birth_date; });
    return std::optional(out);
  });
}

Result<Answer<std::vector<GuardianshipRecord>>> SyntheticRegistry::guardianships(const Iin& iin, Date on) {
  return ask<std::vector<GuardianshipRecord>>(QueryKind::kGuardianship, iin, on, [&](const Person& p) {
    std::vector<GuardianshipRecord> out;
    const Family* f = family_of(p);
    if (f == nullptr || f->ward < 0 || f->members.front() != index_of(p) || f->ward_since > on)
      return std::optional(out);
    const Person& ward = population_.persons[static_cast<std::size_t>(f->ward)];
    const GuardianshipKind kind =
        age_on(ward.birth, on) < 14 ? GuardianshipKind::kGuardianship : GuardianshipKind::kTrusteeship;
    out.push_back(
        {synthetic::iin_of(ward.iin), kind, f->ward_since, ward.birth.plus_years(18).plus_days(-1)});
    return std::optional(out);
  });
}

Result<Answer<std::vector<AdoptionRecord>>> SyntheticRegistry::adoptions(const Iin& iin, Date on) {
  return ask<std::vector<AdoptionRecord>>(QueryKind::kAdoption, iin, on, [&](const Person& p) {
    std::vector<AdoptionRecord> out;
    const Family* f = family_of(p);
    if (f == nullptr || f->adopted < 0 || f->adopted_on > on) return std::optional(out);
    const std::int32_t self = index_of(p);
    const bool adoptive_parent = f->members[0] == self || (f->members.size() > 1 && f->members[1] == self);
    if (adoptive_parent && self != f->adopted)
      out.push_back(
          {synthetic::iin_of(population_.persons[static_cast<std::size_t>(f->adopted)].iin), f->adopted_on});
    return std::optional(out);
  });
}

Result<Answer<std::vector<MaritalEvent>>> SyntheticRegistry::marital_events(const Iin& iin, Date on) {
  return ask<std::vector<MaritalEvent>>(QueryKind::kMarriage, iin, on, [&](const Person& p) {
    std::vector<MaritalEvent> out;
    auto iin_at = [&](std::int32_t i) {
      return synthetic::iin_of(population_.persons[static_cast<std::size_t>(i)].iin);
    };
    if (p.former_spouse >= 0) {
      if (p.former_married <= on)
        out.push_back({MaritalEventKind::kMarriage, iin_at(p.former_spouse), p.former_married});
      if (p.divorced <= on) out.push_back({MaritalEventKind::kDivorce, iin_at(p.former_spouse), p.divorced});
    }
    if (p.spouse >= 0 && p.married <= on)
      out.push_back({MaritalEventKind::kMarriage, iin_at(p.spouse), p.married});
    std::stable_sort(out.begin(), out.end(),
                     [](const MaritalEvent& a, const MaritalEvent& b) { return a.date < b.date; });
    return std::optional(out);
  });
}

Result<Answer<std::vector<StudyRecord>>> SyntheticRegistry::full_time_study(const Iin& iin, Date on) {
  return ask<std::vector<StudyRecord>>(QueryKind::kFullTimeStudy, iin, on, [&](const Person& p) {
    std::vector<StudyRecord> out;
    if (p.student && p.study_since <= on) {
      const auto& institution = names::institutions()[p.institution];
      const Kato where = institution.kato.empty() ? config_.district : Kato::parse(institution.kato).value();
      out.push_back({std::string(institution.name), where, p.study_since, p.study_until});
    }
    return std::optional(out);
  });
}

// ---- 14-15

void SyntheticRegistry::monthly_income(const Person& p, Month m, std::vector<IncomeRecord>& out) const {
  // Systems report a month after it ends: nothing is known yet for the reference month.
  if (m >= Month::of(config_.reference_date) || m.last_day() < p.birth) return;
  if (p.death && m.first_day() > *p.death) return;
  const Family* f = family_of(p);
  Rng rng(synthetic::key(config_.seed, Stream::kMonthly, {p.iin, month_index(m)}));
  // [U] Pensions and benefits are indexed yearly; about 8% a year in these synthetic figures.
  const std::int64_t indexation = std::max(50, 100 + 8 * (m.year() - config_.reference_date.year()));

  const bool detained = p.detention && p.detention->holds_on(m.first_day());
  if (p.wage_tenge > 0 && covers(p.job_since, p.job_until, m) && !detained) {
    const bool paid = !p.irregular_work || !rng.chance(0.35);
    if (paid) {
      std::int64_t percent = rng.between(95, 105);
      if (m.month() == 12 && rng.chance(0.25)) percent += rng.between(30, 100);  // the year-end bonus
      Money wage = tenge_percent(p.wage_tenge, percent);
      wage = wage + Money::from_tiyn(rng.between(0, 99));
      out.push_back({IncomeKind::kWages, m, wage, std::string(names::employers()[p.employer].name),
                     SpecialCategory::kNone});
    }
  }
  if (p.pension_tenge > 0 && p.pension_since <= m.last_day())
    out.push_back({IncomeKind::kPension, m, tenge_percent(p.pension_tenge, indexation),
                   std::string(kStateCorporation), SpecialCategory::kNone});
  for (std::size_t i = 0; i < p.benefit_count; ++i) {
    const synthetic::Benefit& b = p.benefits[i];
    if (covers(b.since, b.until, m))
      out.push_back({b.kind, m, tenge_percent(b.tenge, indexation), std::string(kStateCorporation),
                     SpecialCategory::kNone});
  }
  if (p.category != SpecialCategory::kNone)
    out.push_back({IncomeKind::kSpecialStateBenefit, m, tenge_percent(p.special_tenge, indexation),
                   std::string(kStateCorporation), p.category});
  if (p.business_tenge > 0 && covers(p.business_since, p.business_until, m) && !rng.chance(0.15))
    out.push_back({IncomeKind::kBusiness, m, tenge_percent(p.business_tenge, rng.between(40, 160)),
                   "декларация индивидуального предпринимателя", SpecialCategory::kNone});
  if (f != nullptr) {
    const std::int32_t self = index_of(p);
    if (f->dwelling_owner == self && f->rent_tenge > 0)
      out.push_back({IncomeKind::kRent, m, tenge_percent(f->rent_tenge, 100), "наниматель жилища",
                     SpecialCategory::kNone});
    if (f->seller == self && f->sale_month == m)
      out.push_back({f->sale_kind, m, tenge_percent(f->sale_tenge, 100),
                     "покупатель по договору купли-продажи", SpecialCategory::kNone});
  }
}

Result<Answer<std::vector<IncomeRecord>>> SyntheticRegistry::income(const Iin& iin, Month first, Month last) {
  KOMEK_CHECK(check_income_months(first, last));
  return ask<std::vector<IncomeRecord>>(QueryKind::kIncome, iin, last.last_day(), [&](const Person& p) {
    std::vector<IncomeRecord> out;
    for (Month m = first; m <= last; m = m.plus(1)) monthly_income(p, m, out);
    return std::optional(out);
  });
}

Result<Answer<EntrepreneurStatus>> SyntheticRegistry::entrepreneur(const Iin& iin, Date on) {
  return ask<EntrepreneurStatus>(QueryKind::kEntrepreneur, iin, on, [&](const Person& p) {
    EntrepreneurStatus s;
    if (p.business_tenge > 0 && p.business_since <= on) {
      s.since = p.business_since;
      if (p.business_until && *p.business_until <= on) s.until = p.business_until;
      s.registered = !s.until;
      s.activity = std::string(names::business_activities()[p.activity]);
    }
    return std::optional(s);
  });
}

// ---- 16-19

Result<Answer<std::vector<TsaRecord>>> SyntheticRegistry::existing_tsa(const Iin& iin, Date on) {
  return ask<std::vector<TsaRecord>>(QueryKind::kExistingTsa, iin, on, [&](const Person& p) {
    std::vector<TsaRecord> out;
    const Family* f = family_of(p);
    if (f == nullptr || f->tsa == synthetic::TsaState::kNone || f->tsa_applied > on)
      return std::optional(out);
    const Iin applicant =
        synthetic::iin_of(population_.persons[static_cast<std::size_t>(f->members.front())].iin);
    // The centre decides within 15 working days (004 App 12); ten calendar days here.
    const Date decided = f->tsa_applied.plus_days(10);
    if (f->tsa == synthetic::TsaState::kPending || on < decided) {
      out.push_back({TsaRecordKind::kApplication, applicant, f->tsa_applied, std::nullopt, Money()});
      return std::optional(out);
    }
    // Assigned from the month of application to the end of its quarter, paid monthly (FACTS §2).
    const Money monthly = tenge_percent(f->tsa_monthly_tenge, 100);
    const Date from = f->tsa_applied.first_of_month();
    const Date to = Quarter::of(f->tsa_applied).last_day();
    out.push_back({TsaRecordKind::kAssignment, applicant, from, to, monthly});
    for (Month m = Month::of(from); m <= Month::of(to); m = m.plus(1)) {
      const Date paid = std::max(decided, Date::from_ymd(m.year(), m.month(), 25));
      if (paid <= on) out.push_back({TsaRecordKind::kPayment, applicant, paid, std::nullopt, monthly});
    }
    return std::optional(out);
  });
}

Result<Answer<FarmHolding>> SyntheticRegistry::subsidiary_farm(const Iin& iin, Date on) {
  return ask<FarmHolding>(QueryKind::kSubsidiaryFarm, iin, on, [&](const Person& p) {
    const Family* f = family_of(p);
    return std::optional<FarmHolding>(f != nullptr ? f->farm : FarmHolding{});
  });
}

Result<Answer<std::vector<EmploymentRecord>>> SyntheticRegistry::employment_history(const Iin& iin, Date on) {
  return ask<std::vector<EmploymentRecord>>(QueryKind::kEmployment, iin, on, [&](const Person& p) {
    std::vector<EmploymentRecord> out;
    const Date adult = p.birth.plus_years(18);
    Rng rng(synthetic::key(config_.seed, Stream::kEmploymentHistory, {p.iin}));
    const auto employers = names::employers();
    const auto positions = names::positions();
    auto record = [&](std::size_t employer, std::size_t position, Date from, std::optional<Date> to) {
      EmploymentRecord r{std::string(employers[employer].name), std::string(positions[position].title), from,
                         std::nullopt};
      if (to && *to <= on) r.to = to;
      return r;
    };
    // The last contract: the current job, the one lost, or the one that ended with the pension.
    std::optional<EmploymentRecord> last;
    Date anchor = config_.reference_date;
    if (p.wage_tenge > 0) {
      last = record(p.employer, p.position, p.job_since, p.job_until);
      anchor = p.job_since;
    } else if (p.pension_tenge > 0) {
      const Date from = std::max(adult, p.pension_since.plus_days(-rng.between_int(1000, 8000)));
      last = record(rng.below(employers.size()), rng.below(positions.size()), from, p.pension_since);
      anchor = from;
    } else if (age_on(p.birth, config_.reference_date) >= 21 && !p.student && rng.chance(0.5)) {
      const Date to = config_.reference_date.plus_days(-rng.between_int(200, 3000));
      const Date from = to.plus_days(-rng.between_int(120, 1500));
      if (from >= adult) last = record(rng.below(employers.size()), rng.below(positions.size()), from, to);
      anchor = from;
    }
    // Earlier contracts, each ending a little before the next began.
    std::vector<EmploymentRecord> earlier;
    const int count = last ? rng.between_int(0, 2) : 0;
    for (int i = 0; i < count; ++i) {
      const Date to = anchor.plus_days(-rng.between_int(15, 200));
      const Date from = to.plus_days(-rng.between_int(120, 1800));
      if (from < adult) break;
      earlier.push_back(record(rng.below(employers.size()), rng.below(positions.size()), from, to));
      anchor = from;
    }
    for (auto it = earlier.rbegin(); it != earlier.rend(); ++it)
      if (it->from <= on) out.push_back(*it);
    if (last && last->from <= on) out.push_back(*last);
    return std::optional(out);
  });
}

Result<Answer<std::vector<EducationRecord>>> SyntheticRegistry::education(const Iin& iin, Date on) {
  return ask<std::vector<EducationRecord>>(QueryKind::kEducation, iin, on, [&](const Person& p) {
    std::vector<EducationRecord> out;
    if (!p.education) return std::optional(out);
    Rng rng(synthetic::key(config_.seed, Stream::kEducation, {p.iin}));
    const EducationLevel level = *p.education;
    const int born = p.birth.year();
    const auto& position = names::positions()[p.position];
    auto institution = [&](EducationLevel wanted) {
      const auto list = names::institutions();
      for (int attempt = 0; attempt < 16; ++attempt) {
        const auto& candidate = list[rng.below(list.size())];
        if (candidate.level == wanted) return std::string(candidate.name);
      }
      return std::string(list.front().name);
    };
    auto qualification = [&](EducationLevel at, std::string_view generic) {
      return p.wage_tenge > 0 && position.level == at && !position.qualification.empty()
                 ? std::string(position.qualification)
                 : std::string(generic);
    };
    const std::string school = "Общеобразовательная школа № " + std::to_string(rng.between_int(1, 60));
    if (level == EducationLevel::kBasicSecondary) {
      out.push_back({EducationLevel::kBasicSecondary, school, "", born + 15});
    } else {
      out.push_back({EducationLevel::kGeneralSecondary, school, "", born + 17});
    }
    if (level == EducationLevel::kTechnicalVocational)
      out.push_back({level, institution(level), qualification(level, "техник"), born + 20});
    if (level == EducationLevel::kHigher || level == EducationLevel::kPostgraduate)
      out.push_back({EducationLevel::kHigher, institution(EducationLevel::kHigher),
                     qualification(EducationLevel::kHigher, "бакалавр"), born + 21});
    if (level == EducationLevel::kPostgraduate)
      out.push_back(
          {level, institution(EducationLevel::kHigher), qualification(level, "магистр"), born + 23});
    // Completed by the end of June of the year of completion.
    std::erase_if(out,
                  [&](const EducationRecord& r) { return Date::from_ymd(r.year_completed, 6, 30) > on; });
    return std::optional(out);
  });
}

// ---- 20-21

Money SyntheticRegistry::alimony_paid(const Family& f, Month m) const {
  if (m < f.alimony_since) return Money();
  Rng rng(synthetic::key(config_.seed, Stream::kAlimony,
                         {static_cast<std::uint64_t>(family_index(f)), month_index(m)}));
  switch (f.alimony_behaviour) {
    case 0:
      return tenge_percent(f.alimony_due_tenge, 100);
    case 1:
      return tenge_percent(f.alimony_due_tenge, rng.between(30, 70));
    default:
      return rng.chance(0.1) ? tenge_percent(f.alimony_due_tenge, rng.between(10, 30)) : Money();
  }
}

Result<Answer<AlimonyStatement>> SyntheticRegistry::alimony(const Iin& iin, Date applied) {
  return ask<AlimonyStatement>(QueryKind::kAlimony, iin, applied, [&](const Person& p) {
    AlimonyStatement s;
    const Family* f = family_of(p);
    if (f == nullptr || f->alimony_recipient != index_of(p)) return std::optional(s);  // none awarded
    const Month before = Month::of(applied).plus(-1);
    if (before < f->alimony_since) return std::optional(s);
    s.debtor = synthetic::iin_of(population_.persons[static_cast<std::size_t>(f->alimony_debtor)].iin);
    const Money due = tenge_percent(f->alimony_due_tenge, 100);
    // Arrears: what was due and not paid since the award (bounded: 50 years of months).
    Money arrears;
    Month m = std::max(f->alimony_since, before.plus(-600));
    for (; m <= before; m = m.plus(1)) arrears = arrears + (due - alimony_paid(*f, m));
    s.arrears = arrears;
    for (int back = 3; back >= 1; --back) {
      const Month month = Month::of(applied).plus(-back);
      if (month < f->alimony_since) continue;
      s.months.push_back({month, due, alimony_paid(*f, month)});
    }
    return std::optional(s);
  });
}

Result<Answer<std::vector<DetentionRecord>>> SyntheticRegistry::detention(const Iin& iin, Date on) {
  return ask<std::vector<DetentionRecord>>(QueryKind::kDetention, iin, on, [&](const Person& p) {
    std::vector<DetentionRecord> out;
    if (p.detention && p.detention->since <= on) {
      DetentionRecord r = *p.detention;
      if (r.until && *r.until > on) r.until.reset();  // not released yet on that day
      out.push_back(r);
    }
    return std::optional(out);
  });
}

// ---- 22-24

Result<Answer<std::vector<DwellingRecord>>> SyntheticRegistry::dwellings(const Iin& iin, Date on) {
  return ask<std::vector<DwellingRecord>>(QueryKind::kDwellings, iin, on, [&](const Person& p) {
    std::vector<DwellingRecord> out;
    const Family* f = family_of(p);
    if (f == nullptr || f->dwelling_owner != index_of(p)) return std::optional(out);
    const auto fi = static_cast<std::uint64_t>(family_index(*f));
    for (std::uint64_t k = 0; k < f->dwellings; ++k) {
      Rng rng(synthetic::key(config_.seed, Stream::kCadastre, {fi, k}));
      const Date since = k == 0 ? f->dwelling_since : f->dwelling_since.plus_days(rng.between_int(100, 3000));
      if (since > on) continue;
      const bool flat = k == 0 ? f->flat != 0 : true;
      const std::int32_t area = flat ? rng.between_int(28, 95) : rng.between_int(60, 180);
      out.push_back({cadastral_number(rng, f->settlement), f->settlement, address_of(*f, static_cast<int>(k)),
                     area, since});
    }
    return std::optional(out);
  });
}

Result<Answer<std::vector<LandPlotRecord>>> SyntheticRegistry::land_for_housing(const Iin& iin, Date on) {
  return ask<std::vector<LandPlotRecord>>(QueryKind::kLandForHousing, iin, on, [&](const Person& p) {
    std::vector<LandPlotRecord> out;
    const Family* f = family_of(p);
    if (f == nullptr || f->land_owner != index_of(p) || f->land_since > on) return std::optional(out);
    Rng rng(
        synthetic::key(config_.seed, Stream::kCadastre, {static_cast<std::uint64_t>(family_index(*f)), 50}));
    // Plots for individual housing are usually 6-10 sotkas (600-1,000 m²).
    out.push_back(
        {cadastral_number(rng, f->settlement), f->settlement, rng.between_int(6, 10) * 100, f->land_since});
    return std::optional(out);
  });
}

Result<Answer<std::vector<VehicleRecord>>> SyntheticRegistry::vehicles(const Iin& iin, Date on) {
  return ask<std::vector<VehicleRecord>>(QueryKind::kVehicles, iin, on, [&](const Person& p) {
    std::vector<VehicleRecord> out;
    const Family* f = family_of(p);
    if (f == nullptr || f->vehicle_owner != index_of(p)) return std::optional(out);
    const auto models = names::car_models();
    const std::string region(names::plate_region(f->settlement.region_number()));
    for (std::uint64_t k = 0; k < f->vehicles; ++k) {
      Rng rng(
          synthetic::key(config_.seed, Stream::kVehicle, {static_cast<std::uint64_t>(family_index(*f)), k}));
      const auto& model = models[rng.below(models.size())];
      const int year =
          rng.between_int(model.year_min, std::min(model.year_max, config_.reference_date.year()));
      std::string plate = digits(rng, 3) + " ";
      for (int i = 0; i < 3; ++i) plate += static_cast<char>('A' + rng.below(26));
      plate += " " + region;
      const Date adult = p.birth.plus_years(18);
      const Date registered = std::max(
          {adult, Date::from_ymd(year, 1, 1), config_.reference_date.plus_days(-rng.between_int(30, 3000))});
      if (registered <= on) out.push_back({std::string(model.name), year, plate, registered});
    }
    return std::optional(out);
  });
}

}  // namespace komek::registry
