#include "registry/synthetic_population.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

#include "core/invariant.hpp"
#include "registry/prng.hpp"
#include "registry/query.hpp"

namespace komek::registry::synthetic {
namespace {

// The shares below shape a district like those of FACTS §5: about 3.45 persons per family
// (20.3 M persons in 5.6-6.3 M families), a poor tenth or so, disability a few per cent,
// pensioners about one person in nine. They are synthetic choices, not statistics: tests
// check the resulting distributions stay in plausible bands.

// Family sizes 1..8 in per cent.
constexpr std::array<int, 8> kSizeWeights = {17, 18, 18, 19, 14, 8, 4, 2};
// IncomeClass shares in per cent: poor, modest, middle, well-off.
constexpr std::array<int, 4> kClassWeights = {12, 30, 44, 14};

struct ClassEconomics {
  double employment;      // share of able-bodied adults with a job
  std::int32_t wage_min;  // monthly wage range, tenge
  std::int32_t wage_max;
  double irregular;     // share of jobs paid only in some months
  double entrepreneur;  // share of able-bodied adults registered as entrepreneurs
  std::int32_t business_min;
  std::int32_t business_max;
  double dwelling;  // share of families owning their home
  double second_dwelling;
  double land;
  double vehicle;
  double bank;  // share of adults with a bank account
  std::int32_t pension_min;
  std::int32_t pension_max;
};

// Indexed by IncomeClass. The minimum wage is 85,000 ₸ (FACTS §1); the poor earn around or
// below it (part-time and seasonal work), which with children puts many of them under the
// poverty line (37,060 ₸ per person in Aktobe, Q1 2026).
constexpr std::array<ClassEconomics, 4> kEconomics = {{
    {0.40, 42'000, 120'000, 0.40, 0.05, 15'000, 60'000, 0.55, 0.00, 0.03, 0.10, 0.85, 75'000, 140'000},
    {0.82, 110'000, 260'000, 0.10, 0.08, 40'000, 150'000, 0.75, 0.00, 0.06, 0.30, 0.94, 80'000, 150'000},
    {0.90, 200'000, 480'000, 0.02, 0.10, 100'000, 400'000, 0.88, 0.06, 0.10, 0.55, 0.97, 110'000, 220'000},
    {0.95, 420'000, 1'500'000, 0.00, 0.25, 300'000, 2'000'000, 0.95, 0.30, 0.15, 0.85, 0.99, 140'000,
     260'000},
}};

const ClassEconomics& economics_of(IncomeClass c) {
  return kEconomics[static_cast<std::size_t>(c)];
}

// The monthly calculation index of the reference year for benefit amounts (4,325 ₸ in 2026,
// FACTS §1). Synthetic amounts only: the rules take the index from rules/parameters.
constexpr std::int32_t kAek = 4'325;

int pension_age(Sex sex) {
  return sex == Sex::kMale ? kPensionAgeMen : kPensionAgeWomen;
}

std::uint8_t small_index(Rng& rng, std::size_t size) {
  return static_cast<std::uint8_t>(rng.below(size));
}

class Builder {
 public:
  explicit Builder(const Settings& settings) : s_(settings), r_(settings.reference_date) {
    pop_.settings = settings;
  }

  Population run() {
    pop_.families.reserve(static_cast<std::size_t>(s_.families));
    pop_.persons.reserve(static_cast<std::size_t>(s_.families) * 4);
    iins_.reserve(static_cast<std::size_t>(s_.families) * 4);
    for (std::int32_t i = 0; i < s_.families; ++i) build_family(i);
    index();
    return std::move(pop_);
  }

 private:
  // ---- persons

  Person& at(std::int32_t i) { return pop_.persons[static_cast<std::size_t>(i)]; }
  int age(std::int32_t i) { return age_on(at(i).birth, r_); }

  // A birth date giving exactly `years` of age on the reference date.
  Date birth_for_age(Rng& rng, int years) const {
    const Date lo = r_.plus_years(-(years + 1)).plus_days(1);
    const Date hi = r_.plus_years(-years);
    return lo.plus_days(static_cast<std::int32_t>(rng.between(0, hi - lo)));
  }

  std::uint64_t unique_iin(Rng& rng, Date birth, Sex sex) {
    int serial = rng.between_int(0, 9999);
    for (int attempt = 0; attempt < 10000; ++attempt) {
      const std::uint64_t n = iin_number(Iin::make(birth, sex, serial));
      if (iins_.insert(n).second) return n;
      serial = (serial + 1) % 10000;
    }
    KOMEK_INVARIANT(false, "no free IIN serial for a birth date");
  }

  std::int32_t add_person(Rng& rng, Sex sex, Date birth, names::Naming naming, std::uint8_t surname,
                          std::int32_t family) {
    Person p;
    p.sex = sex;
    p.birth = birth;
    p.naming = naming;
    p.surname = surname;
    p.given = small_index(rng, names::given_names(naming, sex).size());
    p.patronymic = static_cast<std::int8_t>(rng.below(names::given_names(naming, Sex::kMale).size()));
    p.family = family;
    p.iin = unique_iin(rng, birth, sex);
    pop_.persons.push_back(p);
    return static_cast<std::int32_t>(pop_.persons.size() - 1);
  }

  void marry(std::int32_t a, std::int32_t b, Date on) {
    at(a).spouse = b;
    at(a).married = on;
    at(b).spouse = a;
    at(b).married = on;
  }

  void divorce(std::int32_t a, std::int32_t b, Date married, Date divorced) {
    at(a).former_spouse = b;
    at(a).former_married = married;
    at(a).divorced = divorced;
    at(b).former_spouse = a;
    at(b).former_married = married;
    at(b).divorced = divorced;
  }

  // A partner outside the listed families: an ex-spouse or a spouse who died.
  std::int32_t outside_partner(Rng& rng, std::int32_t of, std::uint8_t surname) {
    const Sex sex = at(of).sex == Sex::kMale ? Sex::kFemale : Sex::kMale;
    const names::Naming naming = at(of).naming;
    const int years = std::clamp(age(of) + rng.between_int(-3, 5), 19, 95);
    return add_person(rng, sex, birth_for_age(rng, years), naming, surname, -1);
  }

  Date clamp_past(Date d) const { return std::min(d, r_.plus_days(-1)); }

  // ---- families

  void place(Rng& rng, Family& f) const {
    std::uint32_t code = s_.district.value();
    if (s_.district.level() == TerritoryLevel::kDistrict) {
      // A district: its centre (rural district 01, settlement 100) or a village of another
      // rural district.
      f.urban = rng.chance(0.55);
      const std::uint32_t rural = f.urban ? 1U : static_cast<std::uint32_t>(rng.between(2, 9));
      const std::uint32_t settlement = f.urban ? 100U : static_cast<std::uint32_t>(rng.between(100, 104));
      code += rural * 1000U + settlement;
    } else {
      // A town of district significance (or a city administered as one, e.g. 151010000):
      // the town itself or one of the villages it administers.
      f.urban = rng.chance(0.93);
      if (!f.urban) code += static_cast<std::uint32_t>(rng.between(1, 6));
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%09u", code);
    f.settlement = Kato::parse(buf).value();
    f.street = small_index(rng, names::streets().size());
    f.house = static_cast<std::uint16_t>(rng.between(1, 180));
    f.flat = f.urban && rng.chance(0.7) ? static_cast<std::uint16_t>(rng.between(1, 240)) : 0;
  }

  // Children's ages, youngest first, 1-4 years apart: young children up to 23 (the oldest
  // dependants, 004 §7 item 13), or grown children of 18-40 still living with their parents.
  std::vector<int> child_ages(Rng& rng, int n, bool grown) const {
    std::vector<int> ages;
    int current = grown              ? rng.between_int(18, 28)
                  : rng.chance(0.45) ? rng.between_int(0, 6)
                                     : rng.between_int(7, 15);
    for (int i = 0; i < n; ++i) {
      ages.push_back(current);
      current += rng.between_int(1, 4);
    }
    const int over = ages.back() - (grown ? 40 : 23);
    if (over > 0) {
      for (int& a : ages) a = std::max(0, a - over);
      for (std::size_t i = 1; i < ages.size(); ++i) ages[i] = std::max(ages[i], ages[i - 1] + 1);
    }
    return ages;
  }

  void build_family(std::int32_t fi) {
    Rng rng(key(s_.seed, Stream::kFamily, {static_cast<std::uint64_t>(fi)}));
    Family f;
    f.income_class = static_cast<IncomeClass>(rng.weighted(kClassWeights));
    const names::Naming naming = rng.chance(0.72) ? names::Naming::kKazakh : names::Naming::kRussian;
    const std::uint8_t surname = small_index(rng, names::surnames(naming).size());
    place(rng, f);
    const int size = 1 + static_cast<int>(rng.weighted(kSizeWeights));

    std::int32_t applicant = -1;
    std::int32_t spouse = -1;
    std::int32_t mother = -1;
    std::int32_t father = -1;
    std::vector<std::int32_t> children;
    std::vector<std::int32_t> elders;

    // 0 lone, 1 couple, 2 single parent, 3 adult with an elderly parent, 4 couple with children,
    // 5 an older couple with grown children.
    static constexpr std::array<std::size_t, 3> kLarger = {4, 2, 5};
    const std::size_t shape = size == 1   ? 0
                              : size == 2 ? 1 + rng.weighted({45, 35, 20})
                                          : kLarger[rng.weighted({62, 15, 23})];
    if (shape == 0) {
      const bool pensioner = rng.chance(0.5);
      const Sex sex = rng.chance(pensioner ? 0.65 : 0.5) ? Sex::kFemale : Sex::kMale;
      const int years =
          pensioner ? rng.between_int(pension_age(sex), 90) : rng.between_int(19, pension_age(sex) - 1);
      applicant = add_person(rng, sex, birth_for_age(rng, years), naming, surname, fi);
      if (pensioner && rng.chance(0.6)) {
        widow(rng, applicant, surname, at(applicant).birth.plus_years(22));
      } else if (rng.chance(0.2) && years >= 24) {
        const std::int32_t ex = outside_partner(rng, applicant, surname);
        const Date wed = at(applicant).birth.plus_years(rng.between_int(20, 23));
        divorce(applicant, ex, wed, clamp_past(wed.plus_days(rng.between_int(300, 2500))));
      }
    } else if (shape == 1) {
      const bool old = rng.chance(0.6);
      const int husband_age = old ? rng.between_int(63, 88) : rng.between_int(22, 62);
      const int wife_age = std::clamp(husband_age - rng.between_int(-2, 6), old ? 58 : 19, 95);
      const std::int32_t husband =
          add_person(rng, Sex::kMale, birth_for_age(rng, husband_age), naming, surname, fi);
      const std::uint8_t wife_surname =
          rng.chance(0.8) ? surname : small_index(rng, names::surnames(naming).size());
      const std::int32_t wife =
          add_person(rng, Sex::kFemale, birth_for_age(rng, wife_age), naming, wife_surname, fi);
      const Date both_adult = std::max(at(husband).birth, at(wife).birth).plus_years(18);
      marry(husband, wife,
            clamp_past(std::max(both_adult, at(wife).birth.plus_years(rng.between_int(19, 28)))));
      applicant = rng.chance(0.6) ? wife : husband;
      spouse = applicant == wife ? husband : wife;
    } else if (shape == 3) {
      const Sex sex = rng.chance(0.5) ? Sex::kMale : Sex::kFemale;
      applicant = add_person(rng, sex, birth_for_age(rng, rng.between_int(25, 60)), naming, surname, fi);
      const Sex parent_sex = rng.chance(0.7) ? Sex::kFemale : Sex::kMale;
      const int parent_age = std::min(95, age(applicant) + rng.between_int(22, 32));
      const std::int32_t parent =
          add_person(rng, parent_sex, birth_for_age(rng, parent_age), naming, surname, fi);
      (parent_sex == Sex::kFemale ? at(applicant).mother : at(applicant).father) = parent;
      widow(rng, parent, surname, at(parent).birth.plus_years(22));
      elders.push_back(parent);
    } else {
      // Parents with children, perhaps with grandparents.
      const bool couple = shape != 2;
      const bool grown = shape == 5;
      int grandparents = 0;
      if (!grown && size >= 4 && rng.chance(0.3)) grandparents = size >= 6 && rng.chance(0.25) ? 2 : 1;
      const int parents = couple ? 2 : 1;
      const int n_children = std::max(1, size - parents - grandparents);
      const std::vector<int> ages = child_ages(rng, n_children, grown);
      const int mother_age = std::clamp(ages.back() + rng.between_int(19, 32), 20, grown ? 80 : 55);
      const bool single_father = !couple && rng.chance(0.12);
      if (couple || !single_father)
        mother = add_person(rng, Sex::kFemale, birth_for_age(rng, mother_age), naming, surname, fi);
      if (couple || single_father) {
        const int father_age = std::clamp(mother_age + rng.between_int(-2, 6), 20, grown ? 85 : 62);
        father = add_person(rng, Sex::kMale, birth_for_age(rng, father_age), naming, surname, fi);
      }
      for (auto it = ages.rbegin(); it != ages.rend(); ++it) {
        const Sex sex = rng.chance(0.51) ? Sex::kMale : Sex::kFemale;
        const std::int32_t c = add_person(rng, sex, birth_for_age(rng, *it), naming, surname, fi);
        at(c).mother = mother;
        at(c).father = father;
        children.push_back(c);  // oldest first
      }
      const Date first_birth = at(children.front()).birth;
      const Date last_birth = at(children.back()).birth;
      const std::int32_t parent = mother >= 0 ? mother : father;
      const Date youngest_parent =
          mother >= 0 && father >= 0 ? std::max(at(mother).birth, at(father).birth) : at(parent).birth;
      const Date adult = youngest_parent.plus_years(18).plus_days(30);
      const Date wed = std::max(adult, first_birth.plus_days(-rng.between_int(90, 1500)));
      if (couple) {
        marry(father, mother, clamp_past(wed));
        applicant = rng.chance(0.65) ? mother : father;
        spouse = applicant == mother ? father : mother;
      } else {
        applicant = parent;
        const std::size_t why = rng.weighted({55, 15, 30});  // divorced, widowed, never married
        if (why == 0 || single_father) {
          const std::int32_t ex = outside_partner(rng, parent, surname);
          divorce(parent, ex, clamp_past(wed), clamp_past(last_birth.plus_days(rng.between_int(60, 1500))));
          for (std::int32_t c : children) (at(ex).sex == Sex::kMale ? at(c).father : at(c).mother) = ex;
        } else if (why == 1) {
          const std::int32_t late = widow(rng, parent, surname, wed);
          at(late).death =
              clamp_past(last_birth.plus_days(rng.between_int(30, std::max(31, r_ - last_birth))));
          for (std::int32_t c : children) at(c).father = late;
        }
      }
      for (std::int32_t c : children) {
        if (at(c).father >= 0) at(c).patronymic = static_cast<std::int8_t>(at(at(c).father).given);
      }
      for (int g = 0; g < grandparents; ++g) {
        const Sex sex = grandparents == 2 ? (g == 0 ? Sex::kFemale : Sex::kMale)
                                          : (rng.chance(0.65) ? Sex::kFemale : Sex::kMale);
        const std::int32_t of = mother >= 0 ? mother : father;
        const int years = std::min(95, age(of) + rng.between_int(20, 30));
        const std::int32_t gp = add_person(rng, sex, birth_for_age(rng, years), naming, surname, fi);
        (sex == Sex::kFemale ? at(of).mother : at(of).father) = gp;
        elders.push_back(gp);
      }
      if (elders.size() == 2) {
        marry(elders[1], elders[0], at(elders[0]).birth.plus_years(21));
      } else if (elders.size() == 1) {
        widow(rng, elders[0], surname, at(elders[0]).birth.plus_years(22));
      }
      rare_child_events(rng, f, couple, mother, father, children, surname, naming);
    }

    f.members.push_back(applicant);
    if (spouse >= 0) f.members.push_back(spouse);
    for (std::int32_t c : children)
      if (c != applicant) f.members.push_back(c);
    for (std::int32_t e : elders) f.members.push_back(e);
    const Date adult = at(applicant).birth.plus_years(18);
    f.moved_in = std::max(adult, r_.plus_days(-rng.between_int(30, 7000)));

    legal_statuses(rng, f);
    for (std::int32_t m : f.members) person_economics(rng, f, m, children);
    family_benefits(rng, f, mother >= 0 ? mother : applicant, children, father);
    property_and_events(rng, f, applicant, spouse);
    pop_.families.push_back(std::move(f));
  }

  // A spouse who died (widowhood): outside the families, with a death date.
  std::int32_t widow(Rng& rng, std::int32_t survivor, std::uint8_t surname, Date married) {
    const std::int32_t late = outside_partner(rng, survivor, surname);
    const Date wed =
        clamp_past(std::max(married, std::max(at(survivor).birth, at(late).birth).plus_years(18)));
    marry(survivor, late, wed);
    at(late).death = clamp_past(wed.plus_days(rng.between_int(365, std::max(366, r_ - wed))));
    return late;
  }

  // Rare events of families with children: a child who died, an adoption, a guardianship.
  void rare_child_events(Rng& rng, Family& f, bool couple, std::int32_t mother, std::int32_t father,
                         std::vector<std::int32_t>& children, std::uint8_t surname, names::Naming naming) {
    const std::int32_t parent = mother >= 0 ? mother : father;
    if (rng.chance(0.01)) {
      const Date from = at(parent).birth.plus_years(19);
      const Date birth = from.plus_days(rng.between_int(0, std::max(0, (r_ - from) - 400)));
      const std::int32_t c = add_person(rng, rng.chance(0.5) ? Sex::kMale : Sex::kFemale, clamp_past(birth),
                                        naming, surname, -1);
      at(c).mother = mother;
      at(c).father = father;
      at(c).death = clamp_past(at(c).birth.plus_days(rng.between_int(1, 2000)));
    }
    if (children.empty()) return;
    const std::int32_t youngest = children.back();
    if (couple && rng.chance(0.004)) {
      at(youngest).mother = -1;
      at(youngest).father = -1;
      f.adopted = youngest;
      f.adopted_on = clamp_past(at(youngest).birth.plus_days(rng.between_int(30, 900)));
    } else if (rng.chance(0.006) && age(youngest) < 18) {
      at(youngest).mother = -1;
      at(youngest).father = -1;
      at(youngest).surname = small_index(rng, names::surnames(naming).size());
      at(youngest).patronymic =
          static_cast<std::int8_t>(rng.below(names::given_names(naming, Sex::kMale).size()));
      f.ward = youngest;
      f.ward_since = clamp_past(
          at(youngest).birth.plus_days(rng.between_int(30, std::max(31, r_ - at(youngest).birth))));
    }
  }

  void legal_statuses(Rng& rng, Family& f) {
    const std::size_t kind = rng.weighted({9825, 100, 5, 60, 10});  // in the order of Legal
    if (kind == 0) return;
    if (kind == 4 && f.members.size() != 1) return;  // statelessness is drawn for persons living alone
    const Date since = r_.plus_days(-rng.between_int(30, kind == 1 ? 700 : 4000));
    const bool unregistered = kind == 1 && rng.chance(0.25);
    for (std::int32_t m : f.members) {
      Person& p = at(m);
      p.legal = static_cast<Legal>(kind);
      p.legal_since = std::max(since, p.birth);
      switch (p.legal) {
        case Legal::kKandas:
          // [U] A kandas status is granted for a year; a new arrival may not be registered yet.
          p.legal_until = p.legal_since.plus_days(365);
          p.citizenship = static_cast<std::uint8_t>(rng.between(1, 4));
          if (unregistered) p.gaps |= 1U << query_bit(QueryKind::kRegistration);
          break;
        case Legal::kForeigner:
          p.citizenship = static_cast<std::uint8_t>(rng.between(5, 7));
          break;
        case Legal::kRefugee:
          p.citizenship = 8;
          break;
        case Legal::kStateless:
          p.citizenship = 9;
          break;
        case Legal::kCitizen:
          break;
      }
    }
  }

  static int query_bit(QueryKind q) { return static_cast<int>(q); }

  void person_economics(Rng& rng, const Family& f, std::int32_t pi,
                        const std::vector<std::int32_t>& children) {
    const ClassEconomics& e = economics_of(f.income_class);
    Person& p = at(pi);
    const int years = age_on(p.birth, r_);
    const int pa = pension_age(p.sex);

    // Disability (FACTS §5: about 3.5% of the population; Atyrau city 10,635 of groups 1-3).
    const double disabled = years < 18 ? 0.015 : years < 40 ? 0.02 : years < pa ? 0.05 : 0.10;
    if (rng.chance(disabled)) {
      DisabilityRecord d;
      if (years < 18) {
        d.group = DisabilityGroup::kChild;
        d.since = clamp_past(p.birth.plus_days(rng.between_int(30, std::max(31, r_ - p.birth))));
        d.until = p.birth.plus_years(18).plus_days(-1);
      } else {
        d.group = static_cast<DisabilityGroup>(1 + rng.weighted({12, 43, 45}));
        const Date adult = p.birth.plus_years(18);
        d.since = clamp_past(std::max(adult, r_.plus_days(-rng.between_int(60, 15 * 365))));
        const double indefinite = d.group == DisabilityGroup::kGroup1   ? 0.7
                                  : d.group == DisabilityGroup::kGroup2 ? 0.4
                                                                        : 0.1;
        if (!rng.chance(indefinite)) d.until = r_.plus_days(rng.between_int(30, 700));
      }
      p.disability = d;
    }
    const bool heavy_disability = p.disability && (p.disability->group == DisabilityGroup::kGroup1 ||
                                                   p.disability->group == DisabilityGroup::kGroup2);

    // Full-time study of dependants aged 18-23 (004 §7 item 13), some of them in Almaty or Astana.
    const bool is_child = std::find(children.begin(), children.end(), pi) != children.end();
    if (is_child && years >= 18 && years <= 23 && rng.chance(0.6)) {
      p.student = true;
      p.institution = small_index(rng, names::institutions().size());
      const int latest = r_.month() >= 9 ? r_.year() : r_.year() - 1;
      const int start =
          rng.between_int(std::min(latest, std::max(p.birth.year() + 17, r_.year() - 3)), latest);
      p.study_since = Date::from_ymd(start, 9, 1);
      const bool college = names::institutions()[p.institution].level == EducationLevel::kTechnicalVocational;
      p.study_until = Date::from_ymd(start + (college ? 3 : 4), 6, 30);
    }

    // Education of adults.
    if (years >= 18) {
      const std::size_t level = p.student                                ? 1
                                : f.income_class == IncomeClass::kPoor   ? rng.weighted({25, 35, 35, 5, 0})
                                : f.income_class == IncomeClass::kModest ? rng.weighted({5, 20, 50, 25, 0})
                                : f.income_class == IncomeClass::kMiddle ? rng.weighted({0, 5, 30, 60, 5})
                                                                         : rng.weighted({0, 0, 10, 80, 10});
      p.education = static_cast<EducationLevel>(level);
    }

    // Detention (004 §7 item 21): a few adult men.
    if (p.sex == Sex::kMale && years >= 18 && years <= 55) {
      const std::size_t d =
          rng.weighted({9830, 60, 10, 100});  // none, in prison, compulsory treatment, released
      if (d == 1 || d == 2) {
        DetentionRecord rec;
        rec.kind = d == 1 ? DetentionKind::kPrison : DetentionKind::kCompulsoryTreatment;
        rec.since = std::max(p.birth.plus_years(18), r_.plus_days(-rng.between_int(60, 2000)));
        if (rng.chance(0.5)) rec.until = r_.plus_days(rng.between_int(30, 1500));
        p.detention = rec;
      } else if (d == 3) {
        DetentionRecord rec;
        rec.since = std::max(p.birth.plus_years(18), r_.plus_days(-rng.between_int(800, 3000)));
        rec.until = clamp_past(std::max(rec.since.plus_days(180), r_.plus_days(-rng.between_int(30, 700))));
        p.detention = rec;
      }
    }
    const bool detained = p.detention && p.detention->holds_on(r_);

    // Work of the able-bodied (004 §2.11: 16 to pension age, not disability group 1 or 2).
    const bool able = years >= 18 && years < pa && !heavy_disability && !p.student && !detained;
    if (able) {
      bool cares_for_baby = false;
      for (std::int32_t c : children)
        if ((at(c).mother == pi || (f.ward == c && f.members.front() == pi)) && age(c) < 3)
          cares_for_baby = true;
      const double employment = cares_for_baby ? e.employment * 0.35 : e.employment;
      if (rng.chance(employment)) {
        take_job(rng, p, e, years);
      } else if (f.income_class == IncomeClass::kPoor && rng.chance(0.45)) {
        take_job(rng, p, e, years);  // a job lost lately: wages in the months before
        p.job_until = r_.plus_days(-rng.between_int(20, 300));
        p.job_since = std::min(p.job_since, p.job_until->plus_days(-rng.between_int(90, 1500)));
        p.job_since = std::max(p.job_since, p.birth.plus_years(18));
        if (*p.job_until < p.job_since) {  // too young to have lost a job: never had one
          p.wage_tenge = 0;
          p.job_until.reset();
        }
      }
      if (rng.chance(e.entrepreneur)) {
        p.business_tenge = rng.between_int(e.business_min, e.business_max);
        p.business_since =
            clamp_past(std::max(p.birth.plus_years(18), r_.plus_days(-rng.between_int(60, 3000))));
        if (rng.chance(0.05)) p.business_until = clamp_past(r_.plus_days(-rng.between_int(10, 400)));
        p.activity = small_index(rng, names::business_activities().size());
      }
    }

    // Pensions at pension age; a state disability benefit below it.
    if (years >= pa) {
      p.pension_tenge = rng.between_int(e.pension_min, e.pension_max);
      p.pension_since = p.birth.plus_years(pa);
    } else if (p.disability && years >= 18) {
      static constexpr std::array<std::pair<int, int>, 3> kBenefit = {
          {{95'000, 120'000}, {75'000, 95'000}, {45'000, 60'000}}};
      const auto& [lo, hi] = kBenefit[static_cast<std::size_t>(p.disability->group) - 1];
      p.add_benefit({IncomeKind::kDisabilityBenefit, rng.between_int(lo, hi), p.disability->since,
                     p.disability->until});
    }

    // Veterans' special state benefits (categories of 000), by the years of each campaign.
    const int born = p.birth.year();
    SpecialCategory category = SpecialCategory::kNone;
    if (born <= 1931 && rng.chance(0.3))
      category = SpecialCategory::kHomeFrontWorkerDecorated;
    else if (p.sex == Sex::kMale) {
      if (born >= 1940 && born <= 1966 && rng.chance(0.012))
        category = SpecialCategory::kChernobylLiquidator;
      else if (born >= 1945 && born <= 1968 && rng.chance(0.016))
        category = SpecialCategory::kAfghanistanReservist;
      else if (born >= 1955 && born <= 1971 && rng.chance(0.008))
        category = SpecialCategory::kKarabakhVeteran;
      else if (born >= 1965 && born <= 1982 && rng.chance(0.010))
        category = SpecialCategory::kTajikAfghanBorderVeteran;
      else if (born >= 1975 && born <= 1986 && rng.chance(0.002))
        category = SpecialCategory::kIraqPeacekeeper;
    }
    if (category != SpecialCategory::kNone) {
      p.category = category;
      p.special_tenge = rng.between_int(40'000, 70'000);
    }

    // Bank accounts (pensions and benefits are paid to accounts).
    const double bank = years >= 18 ? (p.pension_tenge > 0 ? 0.97 : e.bank) : years >= 16 ? 0.3 : 0.03;
    if (rng.chance(bank)) p.bank_accounts = rng.chance(0.25) ? 2 : 1;

    // A system without data on the person now and then (SPEC §4: the applicant brings documents).
    if (rng.chance(0.015)) {
      static constexpr std::array<QueryKind, 8> kPool = {QueryKind::kRegistration,   QueryKind::kBankDetails,
                                                         QueryKind::kDisability,     QueryKind::kMarriage,
                                                         QueryKind::kFullTimeStudy,  QueryKind::kIncome,
                                                         QueryKind::kSubsidiaryFarm, QueryKind::kAlimony};
      p.gaps |= 1U << query_bit(kPool[rng.below(kPool.size())]);
    }
  }

  void take_job(Rng& rng, Person& p, const ClassEconomics& e, int years) {
    p.wage_tenge = rng.between_int(e.wage_min, e.wage_max);
    p.irregular_work = rng.chance(e.irregular);
    p.employer = small_index(rng, names::employers().size());
    // A position the person's education allows (a few tries, then the last one drawn).
    const auto positions = names::positions();
    for (int attempt = 0; attempt < 6; ++attempt) {
      p.position = small_index(rng, positions.size());
      if (p.education && positions[p.position].level <= *p.education) break;
    }
    const int days_adult = std::max(31, (years - 18) * 365);
    p.job_since = clamp_past(
        std::max(p.birth.plus_years(18), r_.plus_days(-rng.between_int(30, std::min(3650, days_adult)))));
  }

  // Benefits paid to a parent for the children: childcare up to 1.5 years, a disabled child,
  // a large family, the loss of a breadwinner.
  void family_benefits(Rng& rng, Family& f, std::int32_t parent, const std::vector<std::int32_t>& children,
                       std::int32_t father) {
    if (children.empty()) return;
    Person& p = at(parent);
    int under_18 = 0;
    Date fourth_birth = r_;
    for (std::int32_t c : children) {
      const Person& child = at(c);
      if (age(c) < 18) {
        ++under_18;
        if (under_18 == 4) fourth_birth = child.birth;
      }
      if (r_ - child.birth < 548 && p.wage_tenge == 0)
        p.add_benefit({IncomeKind::kChildcareBenefit, rng.between_int(24'000, 46'000), child.birth,
                       child.birth.plus_months(18)});
      if (child.disability && child.disability->group == DisabilityGroup::kChild)
        p.add_benefit({IncomeKind::kDisabledChildBenefit, rng.between_int(70'000, 85'000),
                       child.disability->since, child.disability->until});
    }
    if (under_18 >= 4 && f.income_class != IncomeClass::kWellOff) {
      // [P] 16.03 АЕК for four children and about 4 АЕК more for each further child.
      const std::int32_t tenge = kAek * (1603 + 401 * (under_18 - 4)) / 100;
      p.add_benefit({IncomeKind::kLargeFamilyAllowance, tenge, fourth_birth, std::nullopt});
    }
    const std::int32_t late = p.spouse;
    if (late >= 0 && at(late).death && father == late)
      p.add_benefit(
          {IncomeKind::kSurvivorBenefit, rng.between_int(35'000, 70'000), *at(late).death, std::nullopt});
  }

  void property_and_events(Rng& rng, Family& f, std::int32_t applicant, std::int32_t spouse) {
    const ClassEconomics& e = economics_of(f.income_class);
    std::int32_t owner = applicant;
    if (spouse >= 0 && at(spouse).sex == Sex::kMale && rng.chance(0.6)) owner = spouse;
    for (std::int32_t m : f.members)
      if (age_on(at(m).birth, r_) >= 60 && m != applicant && rng.chance(0.5)) owner = m;
    const Date adult = at(owner).birth.plus_years(18);

    if (rng.chance(e.dwelling)) {
      f.dwelling_owner = owner;
      f.dwellings = rng.chance(e.second_dwelling) ? 2 : 1;
      f.dwelling_since = clamp_past(std::max(adult, r_.plus_days(-rng.between_int(100, 9000))));
      if (f.dwellings == 2 && rng.chance(0.7)) f.rent_tenge = rng.between_int(60'000, 220'000);
    }
    if (rng.chance(e.land)) {
      f.land_owner = owner;
      f.land_since = clamp_past(std::max(adult, r_.plus_days(-rng.between_int(100, 6000))));
    }
    if (rng.chance(e.vehicle)) {
      f.vehicle_owner = spouse >= 0 && at(spouse).sex == Sex::kMale ? spouse : applicant;
      f.vehicles = f.income_class == IncomeClass::kWellOff && rng.chance(0.35) ? 2 : 1;
    }
    if (rng.chance(f.urban ? 0.03 : 0.45)) {
      FarmHolding& farm = f.farm;
      farm.keeps_farm = true;
      farm.cattle = rng.between_int(0, 6);
      farm.horses = rng.chance(0.3) ? rng.between_int(1, 4) : 0;
      farm.small_livestock = rng.between_int(0, 25);
      farm.poultry = rng.between_int(5, 40);
      farm.plot_area_m2 = rng.between_int(200, 2500);
      // [U] The akimat's assessment per head per month; synthetic figures.
      const std::int64_t tenge = farm.cattle * 9'000LL + farm.horses * 12'000LL +
                                 farm.small_livestock * 1'500LL + farm.poultry * 150LL;
      farm.monthly_income = Money::from_tiyn(tenge * Money::kTiynPerTenge);
    }

    // A one-off sale in the last twelve months.
    const std::size_t sale = rng.weighted({975, 12, 13});
    if (sale == 1 && f.dwelling_owner >= 0) {
      f.seller = f.dwelling_owner;
      f.sale_kind = IncomeKind::kPropertySale;
      f.sale_tenge = rng.between(6'000'000, 30'000'000);
    } else if (sale == 2) {
      f.seller = f.vehicle_owner >= 0 ? f.vehicle_owner : applicant;
      f.sale_kind = IncomeKind::kVehicleSale;
      f.sale_tenge = rng.between(1'200'000, 9'000'000);
    }
    if (f.seller >= 0) f.sale_month = Month::of(r_).plus(-rng.between_int(1, 12));

    // Alimony for the children of a divorced parent (004 §7 item 20).
    Person& a = at(applicant);
    int minors = 0;
    for (std::int32_t m : f.members)
      if (m != applicant && (at(m).mother == applicant || at(m).father == applicant) && age(m) < 18) ++minors;
    if (a.former_spouse >= 0 && minors > 0 && rng.chance(0.75)) {
      f.alimony_recipient = applicant;
      f.alimony_debtor = a.former_spouse;
      f.alimony_since = Month::of(a.divorced).plus(1);
      const int share = minors == 1 ? 25 : minors == 2 ? 33 : 50;  // Marriage and Family Code art. 139
      f.alimony_due_tenge = rng.between_int(90'000, 350'000) * share / 100;
      f.alimony_behaviour = static_cast<std::uint8_t>(rng.weighted({55, 25, 20}));
    }

    // TSA already in the family (004 §7 item 16): poor families mostly.
    if (f.income_class == IncomeClass::kPoor) {
      const std::size_t tsa = rng.weighted({70, 25, 5});
      if (tsa == 1) {
        f.tsa = TsaState::kAssigned;
        f.tsa_applied = r_.plus_days(-rng.between_int(15, 120));
        f.tsa_monthly_tenge = rng.between_int(20'000, 110'000);
      } else if (tsa == 2) {
        f.tsa = TsaState::kPending;
        f.tsa_applied = r_.plus_days(-rng.between_int(1, 9));
      }
    }
  }

  void index() {
    pop_.by_iin.reserve(pop_.persons.size());
    for (std::size_t i = 0; i < pop_.persons.size(); ++i)
      pop_.by_iin.emplace_back(pop_.persons[i].iin, static_cast<std::int32_t>(i));
    std::sort(pop_.by_iin.begin(), pop_.by_iin.end());
    for (std::size_t i = 0; i < pop_.persons.size(); ++i) {
      const auto child = static_cast<std::int32_t>(i);
      if (pop_.persons[i].mother >= 0) pop_.parent_child.emplace_back(pop_.persons[i].mother, child);
      if (pop_.persons[i].father >= 0) pop_.parent_child.emplace_back(pop_.persons[i].father, child);
    }
    std::sort(pop_.parent_child.begin(), pop_.parent_child.end());
  }

  const Settings& s_;
  Date r_;
  Population pop_;
  std::unordered_set<std::uint64_t> iins_;
};

}  // namespace

std::string_view income_class_name(IncomeClass c) {
  switch (c) {
    case IncomeClass::kPoor:
      return "poor";
    case IncomeClass::kModest:
      return "modest";
    case IncomeClass::kMiddle:
      return "middle";
    case IncomeClass::kWellOff:
      return "well_off";
  }
  return "modest";
}

std::uint64_t key(std::uint64_t seed, Stream stream, std::initializer_list<std::uint64_t> parts) {
  std::uint64_t h = stream_key(seed, {static_cast<std::uint64_t>(stream)});
  for (std::uint64_t p : parts) h = stream_key(h, {p});
  return h;
}

std::optional<std::int32_t> Population::find(std::uint64_t iin) const {
  auto it = std::lower_bound(by_iin.begin(), by_iin.end(), std::pair<std::uint64_t, std::int32_t>{iin, -1});
  if (it == by_iin.end() || it->first != iin) return std::nullopt;
  return it->second;
}

std::vector<std::int32_t> Population::children_of(std::int32_t parent) const {
  std::vector<std::int32_t> out;
  auto it = std::lower_bound(parent_child.begin(), parent_child.end(),
                             std::pair<std::int32_t, std::int32_t>{parent, -1});
  for (; it != parent_child.end() && it->first == parent; ++it) out.push_back(it->second);
  return out;
}

std::size_t Population::memory_bytes() const {
  std::size_t bytes = sizeof(Population) + persons.capacity() * sizeof(Person) +
                      families.capacity() * sizeof(Family) + by_iin.capacity() * sizeof(by_iin[0]) +
                      parent_child.capacity() * sizeof(parent_child[0]);
  for (const auto& f : families) bytes += f.members.capacity() * sizeof(std::int32_t);
  return bytes;
}

Population generate(const Settings& settings) {
  return Builder(settings).run();
}

std::uint64_t iin_number(const Iin& iin) {
  std::uint64_t n = 0;
  for (char c : iin.str()) n = n * 10 + static_cast<std::uint64_t>(c - '0');
  return n;
}

Iin iin_of(std::uint64_t number) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%012llu", static_cast<unsigned long long>(number));
  auto iin = Iin::parse(buf);
  KOMEK_INVARIANT(iin.has_value(), "a stored IIN is valid");
  return *iin;
}

}  // namespace komek::registry::synthetic
