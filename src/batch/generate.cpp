#include "batch/generate.hpp"

#include <array>
#include <string>

#include "batch/prng.hpp"

namespace komek::batch {
namespace {

// [P] Approximate official population of 1 January 2025 (Bureau of National Statistics),
// thousands; sums to about 20.2 million against FACTS §5's 20.3. Wage levels ‰ of the
// national median, from the regional spread of average wages (oil regions and the two big
// cities high, the south low).
constexpr std::array<RegionShare, 20> kRegions = {{
    {10, 607, 900},   {11, 787, 880},   {15, 943, 1000},  {19, 1531, 900},  {23, 701, 1700},
    {27, 695, 1000},  {31, 1218, 750},  {33, 698, 780},   {35, 1136, 1050}, {39, 828, 880},
    {43, 837, 850},   {47, 775, 1500},  {55, 751, 1000},  {59, 535, 800},   {61, 2158, 700},
    {62, 222, 1250},  {63, 712, 1050},  {71, 1512, 1450}, {75, 2283, 1350}, {79, 1249, 800},
}};

// [P] Family sizes 1..10, ‰ of families: mean 3.17 persons, inside FACTS §5's 20.3 million
// persons in 5.6-6.3 million families.
constexpr std::array<std::uint32_t, 10> kFamilySizePermille = {220, 200, 190, 170, 110, 60, 30, 10, 5, 5};

// Inverse distribution function of a log-normal with σ = 0.6 and median 1 (×10 000) at
// p = 0, 1/32, …, 1 (the ends taken at p = 0.002 and 0.998): a wage spread drawn with
// integers only, by linear interpolation between these knots.
constexpr std::array<std::int64_t, 33> kLogNormalKnots = {
    1778,  3271,  3983,  4535,  5015,  5455,  5873,  6276,  6672,  7065,  7458,  7856,  8260,  8673,  9099,  9540, 10000,
    10482, 10990, 11529, 12107, 12730, 13408, 14155, 14988, 15934, 17028, 18331, 19941, 22052, 25105, 30576, 56232};

// [P] Money of 2025, in tenge.
constexpr std::int64_t kMedianWage = 300'000;      // national median monthly wage
constexpr std::int64_t kMinimumWage = 85'000;
constexpr std::int64_t kAek = 3'932;               // monthly calculation index (АЕК, МРП)
constexpr std::int64_t kDisabilityBenefit[3] = {115'000, 92'000, 63'000};  // groups 1, 2, 3
constexpr std::int64_t kDisabledChildBenefit = 70'000;

// [P] Pension age: 63 for men, 61 for women (Social Code, as in force in 2025).
constexpr int kPensionAgeMale = 63;
constexpr int kPensionAgeFemale = 61;

// The words the generator draws; a vocabulary without one of them is refused.
struct Words {
  int disability_group[3], disabled_child, pension_age, pension_recipient, benefit_recipient, tuberculosis, hiv,
      carer_of_child_under_3, carer_of_disabled_child, large_family, full_time_student, registered_job_seeker,
      chernobyl_liquidator, afghanistan_reservist, tajik_afghan_border_veteran;
  std::uint8_t wages, pension, social_benefit, disabled_child_benefit, large_family_allowance, alimony, business;
};

Result<Words> resolve(const Dictionary& d) {
  std::string missing;
  const auto status = [&](const char* word) {
    auto bit = d.status_bit(word);
    if (!bit) missing += std::string(missing.empty() ? "" : ", ") + word;
    return bit.value_or(0);
  };
  const auto income = [&](const char* word) {
    auto id = d.income_type_id(word);
    if (!id) missing += std::string(missing.empty() ? "" : ", ") + word;
    return static_cast<std::uint8_t>(id.value_or(0));
  };
  Words w{};
  w.disability_group[0] = status("disability_group_1");
  w.disability_group[1] = status("disability_group_2");
  w.disability_group[2] = status("disability_group_3");
  w.disabled_child = status("disabled_child");
  w.pension_age = status("pension_age");
  w.pension_recipient = status("pension_recipient");
  w.benefit_recipient = status("benefit_recipient");
  w.tuberculosis = status("tuberculosis");
  w.hiv = status("hiv");
  w.carer_of_child_under_3 = status("carer_of_child_under_3");
  w.carer_of_disabled_child = status("carer_of_disabled_child");
  w.large_family = status("large_family");
  w.full_time_student = status("full_time_student");
  w.registered_job_seeker = status("registered_job_seeker");
  w.chernobyl_liquidator = status("chernobyl_liquidator");
  w.afghanistan_reservist = status("afghanistan_reservist");
  w.tajik_afghan_border_veteran = status("tajik_afghan_border_veteran");
  w.wages = income("wages");
  w.pension = income("pension");
  w.social_benefit = income("social_benefit");
  w.disabled_child_benefit = income("disabled_child_benefit");
  w.large_family_allowance = income("large_family_allowance");
  w.alimony = income("alimony");
  w.business = income("business");
  if (!missing.empty()) return invalid("batch.generate", {{"what", "the vocabulary lacks " + missing}});
  return w;
}

std::uint64_t bit(int index) { return std::uint64_t{1} << index; }

std::size_t weighted(Rng& rng, const std::uint32_t* weights, std::size_t n, std::uint32_t total) {
  std::uint32_t x = rng.below(total);
  for (std::size_t i = 0; i < n; ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return n - 1;
}

// A multiplier ×10 000 drawn from the log-normal spread.
std::int64_t lognormal_permyriad(Rng& rng) {
  const std::uint32_t r = rng.below(32 * 1024);
  const std::size_t i = r / 1024;
  const std::int64_t frac = r % 1024;
  return kLogNormalKnots[i] + (kLogNormalKnots[i + 1] - kLogNormalKnots[i]) * frac / 1024;
}

// A member while its family is drawn.
struct Draft {
  int age = 0;
  std::uint8_t sex = kSexMale;
  rules::Relation relation = rules::Relation::kOther;
  std::uint64_t statuses = 0;
  bool employed = false;
};

class Generator {
 public:
  Generator(const Words& w, Date as_of, std::uint64_t seed, PopulationBuilder& out)
      : w_(w), as_of_(as_of), rng_(seed), out_(out) {
    const Quarter reference = Quarter::of(as_of).previous();
    for (std::size_t i = 0; i < months_.size(); ++i)
      months_[i] = month_index(reference.first_month().plus(static_cast<int>(i)));
    for (const auto& r : kRegions) {
      region_weights_[region_count_++] = r.persons_thousands;
      region_total_ += r.persons_thousands;
    }
    for (auto s : kFamilySizePermille) size_total_ += s;
  }

  void family(std::uint32_t size_limit) {
    const RegionShare& region = kRegions[weighted(rng_, region_weights_.data(), region_count_, region_total_)];
    const std::uint32_t size = std::min<std::uint32_t>(
        static_cast<std::uint32_t>(1 + weighted(rng_, kFamilySizePermille.data(), kFamilySizePermille.size(), size_total_)),
        size_limit);
    compose(size);
    assign_statuses();

    out_.begin_family(territory(region.number));
    for (std::uint32_t i = 0; i < size; ++i) {
      const Draft& m = members_[i];
      // Birthdays spread over the year below the drawn age.
      const std::int32_t birth = as_of_.days_since_epoch() - (m.age * 365 + m.age / 4) - rng_.between(1, 364);
      out_.add_person(birth, m.sex, static_cast<std::uint8_t>(m.relation), m.statuses);
      incomes(m, region);
    }
  }

 private:
  std::uint32_t territory(int region) {
    std::uint32_t code = static_cast<std::uint32_t>(region) * 10'000'000u;
    // [P] Atyrau city holds about 57% of its region, Koksu district about 6% of Zhetysu.
    if (region == 23 && rng_.chance_ppm(570'000)) code = 231'010'000u;
    if (region == 33 && rng_.chance_ppm(60'000)) code = 334'800'000u;
    return code;
  }

  static std::uint8_t opposite(std::uint8_t sex) { return sex == kSexMale ? kSexFemale : kSexMale; }
  std::uint8_t any_sex() { return static_cast<std::uint8_t>(rng_.below(2)); }

  // Who the members are: an applicant, perhaps a spouse, children, and in big families the
  // applicant's parents.
  void compose(std::uint32_t size) {
    count_ = size;
    for (std::uint32_t i = 0; i < size; ++i) members_[i] = Draft{};
    Draft& head = members_[0];
    head.relation = rules::Relation::kApplicant;
    if (size == 1) {
      // [P] People living alone are young adults and, more often, the elderly.
      static constexpr std::uint32_t kBands[4] = {22, 18, 25, 35};
      static constexpr int kFrom[4] = {18, 30, 45, 63}, kTo[4] = {29, 44, 62, 90};
      const std::size_t band = weighted(rng_, kBands, 4, 100);
      head.age = rng_.between(kFrom[band], kTo[band]);
      head.sex = band == 3 && rng_.chance_ppm(650'000) ? kSexFemale : any_sex();
      return;
    }
    const bool elderly_couple = size == 2 && rng_.chance_ppm(350'000);
    const bool single_parent = !elderly_couple && rng_.chance_ppm(size == 2 ? 450'000 : 180'000);
    head.age = elderly_couple ? rng_.between(63, 88) : rng_.between(22, 58);
    std::uint32_t next = 1;
    if (single_parent) {
      head.sex = rng_.chance_ppm(850'000) ? kSexFemale : kSexMale;
    } else {
      head.sex = rng_.chance_ppm(700'000) ? kSexMale : kSexFemale;
      Draft& spouse = members_[next++];
      spouse.relation = rules::Relation::kSpouse;
      spouse.sex = opposite(head.sex);
      spouse.age = std::max(18, head.age + rng_.between(-6, 6));
    }
    if (size >= 5 && next < size && rng_.chance_ppm(350'000)) {
      const std::uint32_t parents = std::min<std::uint32_t>(size - next, 1 + rng_.below(2));
      const std::uint8_t first_sex = any_sex();
      for (std::uint32_t k = 0; k < parents; ++k) {
        Draft& parent = members_[next++];
        parent.relation = rules::Relation::kParent;
        parent.sex = k == 0 ? first_sex : opposite(first_sex);
        parent.age = std::min(95, head.age + rng_.between(20, 32));
      }
    }
    const int oldest_child = std::max(0, head.age - 18);
    for (; next < size; ++next) {
      Draft& child = members_[next];
      child.relation = rules::Relation::kChild;
      child.sex = any_sex();
      const bool adult = oldest_child >= 18 && rng_.chance_ppm(350'000);
      child.age = adult ? rng_.between(18, std::min(oldest_child, 30)) : rng_.between(0, std::min(oldest_child, 17));
    }
  }

  [[nodiscard]] static bool pension_age(const Draft& m) {
    return m.age >= (m.sex == kSexMale ? kPensionAgeMale : kPensionAgeFemale);
  }

  // [P] Prevalences: disability about 3.5% of persons overall (children 1.4%, rising with
  // age), groups 1/2/3 in 12/45/43%; veterans a few per thousand men of their generation.
  void assign_statuses() {
    int minors = 0;
    int youngest = 99;
    bool disabled_child = false;
    for (std::uint32_t i = 0; i < count_; ++i) {
      Draft& m = members_[i];
      if (m.age < 18) {
        ++minors;
        youngest = std::min(youngest, m.age);
        if (rng_.chance_ppm(14'000)) {
          m.statuses |= bit(w_.disabled_child);
          disabled_child = true;
        }
        continue;
      }
      const std::uint32_t disability_ppm = m.age < 40 ? 22'000 : m.age < 60 ? 55'000 : 100'000;
      const bool retired = pension_age(m);
      if (retired) {
        m.statuses |= bit(w_.pension_age);
        if (rng_.chance_ppm(970'000)) m.statuses |= bit(w_.pension_recipient);
      }
      if (rng_.chance_ppm(disability_ppm)) {
        static constexpr std::uint32_t kGroups[3] = {12, 45, 43};
        m.statuses |= bit(w_.disability_group[weighted(rng_, kGroups, 3, 100)]) | bit(w_.benefit_recipient);
      }
      if (rng_.chance_ppm(400)) m.statuses |= bit(w_.tuberculosis);
      if (rng_.chance_ppm(1'000)) m.statuses |= bit(w_.hiv);
      if (m.sex == kSexMale && m.age >= 56 && m.age <= 80) {
        if (rng_.chance_ppm(4'000)) m.statuses |= bit(w_.chernobyl_liquidator);
        if (rng_.chance_ppm(2'000)) m.statuses |= bit(w_.afghanistan_reservist);
        if (rng_.chance_ppm(1'000)) m.statuses |= bit(w_.tajik_afghan_border_veteran);
      }
      const bool student = m.age <= 22 && rng_.chance_ppm(400'000);
      if (student) m.statuses |= bit(w_.full_time_student);
      const std::uint32_t employment_ppm =
          retired ? 100'000 : student ? 150'000 : m.sex == kSexMale ? 750'000 : 620'000;
      m.employed = rng_.chance_ppm(employment_ppm);
      if (!m.employed && !retired && !student && rng_.chance_ppm(80'000)) m.statuses |= bit(w_.registered_job_seeker);
    }
    // The mother (or the applicant) cares for the youngest or the disabled child.
    Draft* carer = nullptr;
    for (std::uint32_t i = 0; i < count_ && i < 2; ++i)
      if (members_[i].relation != rules::Relation::kChild && (carer == nullptr || members_[i].sex == kSexFemale))
        carer = &members_[i];
    disabled_child_carer_ = disabled_child ? carer : nullptr;
    if (disabled_child_carer_ != nullptr) disabled_child_carer_->statuses |= bit(w_.carer_of_disabled_child);
    infant_carer_ = youngest < 3 && rng_.chance_ppm(600'000) ? carer : nullptr;
    if (infant_carer_ != nullptr) infant_carer_->statuses |= bit(w_.carer_of_child_under_3);
    large_family_minors_ = minors >= 4 ? minors : 0;
    if (large_family_minors_ > 0) members_[0].statuses |= bit(w_.large_family);
    alimony_ = minors > 0 && count_ >= 2 && members_[1].relation != rules::Relation::kSpouse && rng_.chance_ppm(350'000)
                   ? rng_.between(25'000, 100'000) * std::int64_t{100}
                   : 0;
  }

  void each_month(std::uint8_t type, std::int64_t tiyn) {
    for (std::uint16_t month : months_) out_.add_income(type, month, tiyn);
  }

  void incomes(const Draft& m, const RegionShare& region) {
    if (m.employed) {
      const std::int64_t base = std::max(kMinimumWage / 2, kMedianWage * region.wage_permille / 1000 *
                                                               lognormal_permyriad(rng_) / 10'000);
      for (std::uint16_t month : months_) {
        // Monthly pay moves by up to ±5%, and one month in twelve carries a bonus of half a wage.
        std::int64_t pay = base * (1000 + rng_.between(-50, 50)) / 1000;
        if (rng_.chance_ppm(83'000)) pay += base / 2;
        out_.add_income(w_.wages, month, pay * 100);
      }
    } else if (m.age >= 18 && !pension_age(m) && rng_.chance_ppm(60'000)) {
      each_month(w_.business, rng_.between(80'000, 400'000) * std::int64_t{100});
    }
    if ((m.statuses & bit(w_.pension_recipient)) != 0)
      each_month(w_.pension, (95'000 + rng_.between(0, 60'000) + rng_.between(0, 60'000)) * std::int64_t{100});
    for (int g = 0; g < 3; ++g)
      if ((m.statuses & bit(w_.disability_group[g])) != 0) each_month(w_.social_benefit, kDisabilityBenefit[g] * 100);
    if (&m == disabled_child_carer_) each_month(w_.disabled_child_benefit, kDisabledChildBenefit * 100);
    if (&m == infant_carer_ && rng_.chance_ppm(400'000))
      each_month(w_.social_benefit, rng_.between(60'000, 200'000) * std::int64_t{100});
    if (&m == &members_[0] && large_family_minors_ > 0) each_month(w_.large_family_allowance, large_family_allowance());
    if (&m == &members_[0] && alimony_ > 0) each_month(w_.alimony, alimony_);
  }

  // [P] The monthly allowance to large families: 16.03, 20.04, 24.05, 28.06 АЕК for 4-7
  // children, 4.01 АЕК a child from 8.
  [[nodiscard]] std::int64_t large_family_allowance() const {
    static constexpr std::int64_t kHundredthsAek[4] = {1603, 2004, 2405, 2806};
    const std::int64_t hundredths =
        large_family_minors_ <= 7 ? kHundredthsAek[large_family_minors_ - 4] : 401 * std::int64_t{large_family_minors_};
    return kAek * hundredths;  // tenge × hundredths = tiyn
  }

  const Words& w_;
  Date as_of_;
  Rng rng_;
  PopulationBuilder& out_;
  std::array<std::uint16_t, 3> months_{};
  std::array<std::uint32_t, kRegions.size()> region_weights_{};
  std::size_t region_count_ = 0;
  std::uint32_t region_total_ = 0;
  std::uint32_t size_total_ = 0;
  std::array<Draft, kFamilySizePermille.size()> members_{};
  std::uint32_t count_ = 0;
  Draft* disabled_child_carer_ = nullptr;
  Draft* infant_carer_ = nullptr;
  int large_family_minors_ = 0;
  std::int64_t alimony_ = 0;
};

}  // namespace

std::span<const RegionShare> region_shares() { return kRegions; }

Date default_as_of() { return Date::from_ymd(2026, 1, 1); }

Result<Population> generate(const rules::Vocabulary& vocabulary, std::uint64_t persons, std::uint64_t seed,
                            Date as_of) {
  if (persons == 0 || persons > kPersonsMax)
    return invalid("batch.generate", {{"what", "persons must be 1 to " + std::to_string(kPersonsMax)}});
  if (as_of.year() < Date::kYearMin + 100 || as_of.year() > Date::kYearMax)
    return invalid("batch.generate", {{"what", "as_of must leave room for a century of birth dates"}});
  KOMEK_TRY(dictionary, Dictionary::from(vocabulary));
  KOMEK_TRY(words, resolve(dictionary));

  PopulationBuilder builder(std::move(dictionary), as_of);
  // About 3.2 persons a family and 1.6 income records a person (three months of a wage for
  // half of the adults, pensions and benefits).
  builder.reserve(persons, persons * 10 / 31 + 16, persons * 17 / 10);
  Generator generator(words, as_of, seed, builder);
  while (builder.person_count() < persons)
    generator.family(static_cast<std::uint32_t>(std::min<std::uint64_t>(persons - builder.person_count(), 10)));
  return std::move(builder).finish();
}

Result<Population> generate(const rules::Vocabulary& vocabulary, std::uint64_t persons, std::uint64_t seed) {
  return generate(vocabulary, persons, seed, default_as_of());
}

}  // namespace komek::batch
