#include "batch/population.hpp"

#include <algorithm>
#include <cstdio>

#include "core/invariant.hpp"
#include "core/territory.hpp"

namespace komek::batch {
namespace {

tl::unexpected<Error> dictionary_error(std::string what) {
  return invalid("batch.dictionary", {{"what", std::move(what)}});
}

tl::unexpected<Error> family_error(std::string what) {
  return invalid("batch.family", {{"what", std::move(what)}});
}

tl::unexpected<Error> structure_error(std::string what) {
  return invalid("batch.population_invalid", {{"what", std::move(what)}});
}

// '|', ':' and ',' separate words in the CSV form; a word holding one could not be read back.
Result<void> check_words(const std::vector<std::string>& words, const char* kind) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.empty() || w.size() > kWordBytesMax)
      return dictionary_error(std::string(kind) + " " + std::to_string(i) + " is empty or longer than " +
                              std::to_string(kWordBytesMax) + " bytes");
    for (char c : w)
      if (c == '|' || c == ':' || c == ',' || c == '"' || static_cast<unsigned char>(c) < 0x20)
        return dictionary_error(std::string(kind) + " '" + w + "' holds a separator or control character");
    for (std::size_t j = 0; j < i; ++j)
      if (words[j] == w) return dictionary_error(std::string(kind) + " '" + w + "' is listed twice");
  }
  return {};
}

std::optional<int> index_of(const std::vector<std::string>& words, std::string_view word) {
  for (std::size_t i = 0; i < words.size(); ++i)
    if (words[i] == word) return static_cast<int>(i);
  return std::nullopt;
}

template <typename T>
bool same_span(std::span<const T> a, std::span<const T> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace

std::uint16_t month_index(Month m) {
  const int index = (m.year() - Date::kYearMin) * 12 + (m.month() - 1);
  // Month::make refuses years outside Date's range, so only a bug gets here out of range.
  KOMEK_INVARIANT(index >= 0 && index <= kMonthIndexMax, "month outside Date's year range");
  return static_cast<std::uint16_t>(index);
}

Month month_of_index(std::uint16_t index) {
  KOMEK_INVARIANT(index <= kMonthIndexMax, "month index outside Date's year range");
  return Month::make(Date::kYearMin + index / 12, index % 12 + 1).value();
}

Result<Dictionary> Dictionary::from(const rules::Vocabulary& vocabulary) {
  std::vector<std::string> statuses;
  std::vector<std::string> income_types;
  for (const auto& t : vocabulary.statuses()) statuses.push_back(t.id);
  for (const auto& t : vocabulary.income_types()) income_types.push_back(t.id);
  return make(std::move(statuses), std::move(income_types));
}

Result<Dictionary> Dictionary::make(std::vector<std::string> statuses, std::vector<std::string> income_types) {
  if (statuses.size() > kStatusesMax)
    return dictionary_error(std::to_string(statuses.size()) + " statuses, the status column holds " +
                            std::to_string(kStatusesMax));
  if (income_types.size() > kIncomeTypesMax)
    return dictionary_error(std::to_string(income_types.size()) + " income types, at most " +
                            std::to_string(kIncomeTypesMax));
  KOMEK_CHECK(check_words(statuses, "status"));
  KOMEK_CHECK(check_words(income_types, "income type"));
  Dictionary d;
  d.statuses = std::move(statuses);
  d.income_types = std::move(income_types);
  return d;
}

std::optional<int> Dictionary::status_bit(std::string_view word) const { return index_of(statuses, word); }
std::optional<int> Dictionary::income_type_id(std::string_view word) const { return index_of(income_types, word); }

bool same_population(const Population& a, const Population& b) {
  const Columns& x = a.columns();
  const Columns& y = b.columns();
  return a.dictionary() == b.dictionary() && a.as_of() == b.as_of() &&
         same_span(x.family_territory, y.family_territory) && same_span(x.family_first_person, y.family_first_person) &&
         same_span(x.family_size, y.family_size) && same_span(x.person_family, y.person_family) &&
         same_span(x.person_birth_days, y.person_birth_days) && same_span(x.person_sex, y.person_sex) &&
         same_span(x.person_relation, y.person_relation) && same_span(x.person_statuses, y.person_statuses) &&
         same_span(x.person_income_begin, y.person_income_begin) && same_span(x.income_type, y.income_type) &&
         same_span(x.income_month, y.income_month) && same_span(x.income_amount_tiyn, y.income_amount_tiyn);
}

// The builder's columns. Moving it into the Population's shared storage moves the vectors,
// which keeps their buffers (and so the spans) where they are.
struct PopulationBuilder::Storage {
  std::vector<std::uint32_t> family_territory, family_first_person;
  std::vector<std::uint16_t> family_size;
  std::vector<std::uint32_t> person_family;
  std::vector<std::int32_t> person_birth_days;
  std::vector<std::uint8_t> person_sex, person_relation;
  std::vector<std::uint64_t> person_statuses;
  std::vector<std::uint32_t> person_income_begin{0};
  std::vector<std::uint8_t> income_type;
  std::vector<std::uint16_t> income_month;
  std::vector<std::int64_t> income_amount_tiyn;
};

PopulationBuilder::PopulationBuilder(Dictionary dictionary, Date as_of)
    : dictionary_(std::move(dictionary)), as_of_(as_of), storage_(std::make_unique<Storage>()) {}

PopulationBuilder::~PopulationBuilder() = default;
PopulationBuilder::PopulationBuilder(PopulationBuilder&&) noexcept = default;
PopulationBuilder& PopulationBuilder::operator=(PopulationBuilder&&) noexcept = default;

void PopulationBuilder::reserve(std::size_t persons, std::size_t families, std::size_t incomes) {
  Storage& s = *storage_;
  s.family_territory.reserve(families);
  s.family_first_person.reserve(families);
  s.family_size.reserve(families);
  s.person_family.reserve(persons);
  s.person_birth_days.reserve(persons);
  s.person_sex.reserve(persons);
  s.person_relation.reserve(persons);
  s.person_statuses.reserve(persons);
  s.person_income_begin.reserve(persons + 1);
  s.income_type.reserve(incomes);
  s.income_month.reserve(incomes);
  s.income_amount_tiyn.reserve(incomes);
}

void PopulationBuilder::begin_family(std::uint32_t territory) {
  Storage& s = *storage_;
  KOMEK_INVARIANT(s.family_territory.size() < kFamiliesMax, "too many families");
  s.family_territory.push_back(territory);
  s.family_first_person.push_back(static_cast<std::uint32_t>(s.person_family.size()));
  s.family_size.push_back(0);
}

void PopulationBuilder::add_person(std::int32_t birth_days, std::uint8_t sex, std::uint8_t relation,
                                   std::uint64_t statuses) {
  Storage& s = *storage_;
  KOMEK_INVARIANT(!s.family_size.empty(), "a person added before any family");
  KOMEK_INVARIANT(s.family_size.back() < kFamilySizeMax, "family larger than the limit");
  KOMEK_INVARIANT(s.person_family.size() < kPersonsMax, "too many persons");
  ++s.family_size.back();
  s.person_family.push_back(static_cast<std::uint32_t>(s.family_size.size() - 1));
  s.person_birth_days.push_back(birth_days);
  s.person_sex.push_back(sex);
  s.person_relation.push_back(relation);
  s.person_statuses.push_back(statuses);
  s.person_income_begin.push_back(s.person_income_begin.back());
}

void PopulationBuilder::add_income(std::uint8_t type, std::uint16_t month, std::int64_t amount_tiyn) {
  Storage& s = *storage_;
  KOMEK_INVARIANT(!s.person_family.empty(), "an income added before any person");
  KOMEK_INVARIANT(s.income_type.size() < kIncomesMax, "too many incomes");
  s.income_type.push_back(type);
  s.income_month.push_back(month);
  s.income_amount_tiyn.push_back(amount_tiyn);
  ++s.person_income_begin.back();
}

std::size_t PopulationBuilder::person_count() const { return storage_->person_family.size(); }
std::size_t PopulationBuilder::family_count() const { return storage_->family_territory.size(); }

Result<void> PopulationBuilder::add_family(const rules::Family& family) {
  if (family.members.empty() || family.members.size() > kFamilySizeMax)
    return family_error("a family has 1 to " + std::to_string(kFamilySizeMax) + " members, this one " +
                        std::to_string(family.members.size()));
  if (person_count() + family.members.size() > kPersonsMax) return family_error("the population is full");
  // Check everything first, so that a refused family leaves the builder as it was.
  std::vector<std::uint64_t> statuses(family.members.size(), 0);
  std::size_t incomes = 0;
  for (std::size_t i = 0; i < family.members.size(); ++i) {
    const rules::Member& m = family.members[i];
    const std::string at = "members[" + std::to_string(i) + "]";
    if (!m.sex) return family_error(at + ": sex is not known");
    for (const auto& s : m.statuses) {
      auto bit = dictionary_.status_bit(s.id);
      if (!bit) return family_error(at + ": status '" + s.id + "' is not in the population's dictionary");
      if (s.holds_on(as_of_)) statuses[i] |= std::uint64_t{1} << *bit;
    }
    for (const auto& inc : m.incomes) {
      if (!dictionary_.income_type_id(inc.type))
        return family_error(at + ": income type '" + inc.type + "' is not in the population's dictionary");
      if (inc.amount.is_negative()) return family_error(at + ": a negative income");
    }
    incomes += m.incomes.size();
  }
  if (storage_->income_type.size() + incomes > kIncomesMax) return family_error("too many income records");

  begin_family(family.territory.value());
  for (std::size_t i = 0; i < family.members.size(); ++i) {
    const rules::Member& m = family.members[i];
    add_person(m.birth_date.days_since_epoch(), *m.sex == Sex::kFemale ? kSexFemale : kSexMale,
               static_cast<std::uint8_t>(m.relation), statuses[i]);
    for (const auto& inc : m.incomes)
      add_income(static_cast<std::uint8_t>(*dictionary_.income_type_id(inc.type)), month_index(inc.month),
                 inc.amount.tiyn());
  }
  return {};
}

Population PopulationBuilder::finish() && {
  auto owned = std::shared_ptr<Storage>(std::move(storage_));
  const Storage& s = *owned;
  Columns c;
  c.family_territory = s.family_territory;
  c.family_first_person = s.family_first_person;
  c.family_size = s.family_size;
  c.person_family = s.person_family;
  c.person_birth_days = s.person_birth_days;
  c.person_sex = s.person_sex;
  c.person_relation = s.person_relation;
  c.person_statuses = s.person_statuses;
  c.person_income_begin = s.person_income_begin;
  c.income_type = s.income_type;
  c.income_month = s.income_month;
  c.income_amount_tiyn = s.income_amount_tiyn;
  return Population(std::move(dictionary_), as_of_, c, std::move(owned));
}

rules::Family to_family(const Population& population, std::size_t family, Date application_date) {
  const Columns& c = population.columns();
  const Dictionary& d = population.dictionary();
  KOMEK_INVARIANT(family < population.family_count(), "family index out of range");
  rules::Family f;
  char code[16];
  std::snprintf(code, sizeof code, "%09u", static_cast<unsigned>(c.family_territory[family]));
  auto kato = Kato::parse(code);
  // Populations are checked on the way in (check_population, the builder's callers).
  KOMEK_INVARIANT(kato.has_value(), "a population family with an invalid territory");
  f.territory = *kato;
  f.application_date = application_date;
  const std::uint32_t first = c.family_first_person[family];
  for (std::uint32_t p = first; p < first + c.family_size[family]; ++p) {
    rules::Member m;
    m.birth_date = Date::from_days(c.person_birth_days[p]);
    m.sex = c.person_sex[p] == kSexFemale ? Sex::kFemale : Sex::kMale;
    m.relation = static_cast<rules::Relation>(c.person_relation[p]);
    for (std::uint64_t bits = c.person_statuses[p]; bits != 0; bits &= bits - 1)
      m.statuses.push_back(rules::StatusEntry{d.statuses[static_cast<std::size_t>(__builtin_ctzll(bits))], {}, {}});
    for (std::uint32_t i = c.person_income_begin[p]; i < c.person_income_begin[p + 1]; ++i)
      m.incomes.push_back(rules::Income{d.income_types[c.income_type[i]], month_of_index(c.income_month[i]),
                                        Money::from_tiyn(c.income_amount_tiyn[i])});
    f.members.push_back(std::move(m));
  }
  return f;
}

Result<void> check_population(const Dictionary& dictionary, const Columns& c) {
  const std::size_t families = c.family_territory.size();
  const std::size_t persons = c.person_family.size();
  const std::size_t incomes = c.income_type.size();
  if (c.family_first_person.size() != families || c.family_size.size() != families ||
      c.person_birth_days.size() != persons || c.person_sex.size() != persons ||
      c.person_relation.size() != persons || c.person_statuses.size() != persons ||
      c.person_income_begin.size() != persons + 1 || c.income_month.size() != incomes ||
      c.income_amount_tiyn.size() != incomes)
    return structure_error("column lengths disagree");

  const std::uint64_t status_mask =
      dictionary.statuses.size() >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << dictionary.statuses.size()) - 1;
  const std::int32_t birth_min = Date::from_ymd(Date::kYearMin, 1, 1).days_since_epoch();
  const std::int32_t birth_max = Date::from_ymd(Date::kYearMax, 12, 31).days_since_epoch();
  // Error texts are built only on failure: this loop runs over every family of the country.
  std::uint64_t next_person = 0;
  for (std::size_t f = 0; f < families; ++f) {
    const std::uint32_t territory = c.family_territory[f];
    if (territory > 999'999'999u || find_region(static_cast<int>(territory / 10'000'000)) == nullptr)
      return structure_error("family " + std::to_string(f) + ": territory " + std::to_string(territory) + " is in no known region");
    if (c.family_first_person[f] != next_person) return structure_error("family " + std::to_string(f) + ": does not start after the previous one");
    const std::uint16_t size = c.family_size[f];
    if (size == 0 || size > kFamilySizeMax || next_person + size > persons)
      return structure_error("family " + std::to_string(f) + ": size " + std::to_string(size) + " is out of range");
    int applicants = 0;
    for (std::uint64_t p = next_person; p < next_person + size; ++p) {
      if (c.person_family[p] != f) return structure_error("person " + std::to_string(p) + ": belongs to another family");
      if (c.person_birth_days[p] < birth_min || c.person_birth_days[p] > birth_max)
        return structure_error("person " + std::to_string(p) + ": birth date out of range");
      if (c.person_sex[p] > kSexFemale) return structure_error("person " + std::to_string(p) + ": unknown sex");
      if (c.person_relation[p] > static_cast<std::uint8_t>(rules::Relation::kOther))
        return structure_error("person " + std::to_string(p) + ": unknown relation");
      if (c.person_relation[p] == static_cast<std::uint8_t>(rules::Relation::kApplicant)) ++applicants;
      if ((c.person_statuses[p] & ~status_mask) != 0) return structure_error("person " + std::to_string(p) + ": a status outside the dictionary");
      if (c.person_income_begin[p + 1] < c.person_income_begin[p])
        return structure_error("person " + std::to_string(p) + ": income offsets go backwards");
    }
    if (applicants != 1) return structure_error("family " + std::to_string(f) + ": has " + std::to_string(applicants) + " applicants, not 1");
    next_person += size;
  }
  if (next_person != persons) return structure_error("persons after the last family");
  if (c.person_income_begin[0] != 0 || c.person_income_begin[persons] != incomes)
    return structure_error("income offsets do not cover the income records");
  for (std::size_t i = 0; i < incomes; ++i) {
    if (c.income_type[i] >= dictionary.income_types.size())
      return structure_error("income " + std::to_string(i) + ": type outside the dictionary");
    if (c.income_month[i] > kMonthIndexMax) return structure_error("income " + std::to_string(i) + ": month out of range");
    if (c.income_amount_tiyn[i] < 0) return structure_error("income " + std::to_string(i) + ": negative amount");
  }
  return {};
}

}  // namespace komek::batch
