// The whole population held in columns (struct of arrays), so that a batch evaluation reads
// only the columns a rule needs, contiguously, and a saved population can be mapped from disk
// and used without copying (DESIGN.md "One engine, two speeds").
//
//   Population p = generate(vocabulary, 1'000'000, 42).value();
//   const auto& c = p.columns();
//   for (std::size_t f = 0; f < p.family_count(); ++f)
//     region_count[c.family_territory[f] / 10'000'000] += c.family_size[f];
//   rules::Family one = to_family(p, 17, application_date);   // the same family, for evaluate()
//
// Layout, and why:
// * Families: KATO territory (uint32), first person (uint32), size (uint16). A family lives in
//   one place (rules::Family has one territory), so territory is a family column; a person's
//   territory is family_territory[person_family[p]]. Keeping it only once saves 80 MB for the
//   20.3 million persons of FACTS §5 and leaves no way for a family's members to disagree.
// * Persons, ordered by family (a family's members are contiguous): family index (uint32),
//   birth date as days since 1970-01-01 (int32, Date's own representation), sex (uint8:
//   0 male, 1 female), relation (uint8: rules::Relation), statuses (uint64 bitset; bit i is
//   dictionary().statuses[i]) and income_begin (uint32, person_count + 1 offsets).
// * Incomes, the raw records in person order: type id (uint8; dictionary().income_types),
//   month (uint16, months since January 1900) and amount (int64 tiyn). A person's records are
//   [income_begin[p], income_begin[p + 1]). Raw records, not per-family totals, because which
//   types and months count depends on the rule pack (income rules exclude some types, TSA
//   counts the quarter before the application's quarter): totals would bind the population
//   to one pack. The records are 11 bytes each and exact to the tiyn.
// * Statuses are held as of the population's as_of date, without from/to dates: a
//   whole-population run evaluates on one date, and a bitset keeps the status column at
//   8 bytes a person. Properties, facts and existing assistance are not held yet (issue 7).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"
#include "rules/family.hpp"
#include "rules/vocabulary.hpp"

namespace komek::batch {

// Limits (STYLE card 5). Person and income indices are uint32; the persons limit is about five
// times Kazakhstan's population, and the incomes limit leaves room for a year of monthly
// records for every person of it.
inline constexpr std::size_t kStatusesMax = 64;      // bits of the status column
inline constexpr std::size_t kIncomeTypesMax = 256;  // values of the uint8 type column
inline constexpr std::size_t kPersonsMax = 100'000'000;
inline constexpr std::size_t kFamiliesMax = kPersonsMax;
inline constexpr std::size_t kIncomesMax = 2'000'000'000;
inline constexpr std::size_t kFamilySizeMax = rules::kMembersMax;
inline constexpr std::size_t kWordBytesMax = 64;
static_assert(kIncomesMax < 0xFFFF'FFFFu, "income offsets are uint32");
static_assert(kPersonsMax < 0xFFFF'FFFFu, "person indices are uint32");

inline constexpr std::uint8_t kSexMale = 0;
inline constexpr std::uint8_t kSexFemale = 1;

// Months are stored as months since January 1900 (Date::kYearMin): Date::kYearMax still fits.
inline constexpr int kMonthIndexMax = (Date::kYearMax - Date::kYearMin + 1) * 12 - 1;
static_assert(kMonthIndexMax <= 0xFFFF, "month column is uint16");
[[nodiscard]] std::uint16_t month_index(Month m);
[[nodiscard]] Month month_of_index(std::uint16_t index);

// The words the status bits and income type ids stand for. A saved population carries its
// own dictionary, so a file stays readable when the vocabulary gains or reorders words.
struct Dictionary {
  std::vector<std::string> statuses;      // bit i of a person's statuses is statuses[i]
  std::vector<std::string> income_types;  // income type id i is income_types[i]

  // The vocabulary's statuses and income types, in its order. Errors: "batch.dictionary".
  static Result<Dictionary> from(const rules::Vocabulary& vocabulary);
  // Checks the limits and that words are non-empty, unique and free of the CSV separators.
  static Result<Dictionary> make(std::vector<std::string> statuses, std::vector<std::string> income_types);

  [[nodiscard]] std::optional<int> status_bit(std::string_view word) const;
  [[nodiscard]] std::optional<int> income_type_id(std::string_view word) const;
  friend bool operator==(const Dictionary&, const Dictionary&) = default;
};

// Read-only views of the columns; see the layout above.
struct Columns {
  std::span<const std::uint32_t> family_territory;  // KATO code as a number
  std::span<const std::uint32_t> family_first_person;
  std::span<const std::uint16_t> family_size;

  std::span<const std::uint32_t> person_family;
  std::span<const std::int32_t> person_birth_days;
  std::span<const std::uint8_t> person_sex;
  std::span<const std::uint8_t> person_relation;
  std::span<const std::uint64_t> person_statuses;
  std::span<const std::uint32_t> person_income_begin;  // person_count + 1 entries

  std::span<const std::uint8_t> income_type;
  std::span<const std::uint16_t> income_month;
  std::span<const std::int64_t> income_amount_tiyn;
};

// An immutable population. Copies are cheap and share the columns, which live either in
// memory the builder filled or in a read-only mapping of a file (load_population).
class Population {
 public:
  Population() = default;
  Population(Dictionary dictionary, Date as_of, Columns columns, std::shared_ptr<const void> storage)
      : dictionary_(std::move(dictionary)), as_of_(as_of), columns_(columns), storage_(std::move(storage)) {}

  [[nodiscard]] std::size_t person_count() const { return columns_.person_family.size(); }
  [[nodiscard]] std::size_t family_count() const { return columns_.family_territory.size(); }
  [[nodiscard]] std::size_t income_count() const { return columns_.income_type.size(); }
  // The date the statuses hold on.
  [[nodiscard]] Date as_of() const { return as_of_; }
  [[nodiscard]] const Dictionary& dictionary() const { return dictionary_; }
  [[nodiscard]] const Columns& columns() const { return columns_; }
  // The memory the columns live in: who shares it holds the same population (caches use it).
  [[nodiscard]] const std::shared_ptr<const void>& storage() const { return storage_; }

 private:
  Dictionary dictionary_;
  Date as_of_;
  Columns columns_;
  std::shared_ptr<const void> storage_;  // keeps the columns' memory alive
};

// Same dictionary, date and column contents (wherever the columns live).
[[nodiscard]] bool same_population(const Population& a, const Population& b);

// Fills columns family by family, then hands them over as a Population.
class PopulationBuilder {
 public:
  PopulationBuilder(Dictionary dictionary, Date as_of);
  ~PopulationBuilder();
  PopulationBuilder(PopulationBuilder&&) noexcept;
  PopulationBuilder& operator=(PopulationBuilder&&) noexcept;

  void reserve(std::size_t persons, std::size_t families, std::size_t incomes);
  // Starts a family; the persons added next belong to it. Callers check their input
  // against the limits first: exceeding one here is a bug (an invariant fails).
  void begin_family(std::uint32_t territory);
  void add_person(std::int32_t birth_days, std::uint8_t sex, std::uint8_t relation, std::uint64_t statuses);
  // An income of the last person added.
  void add_income(std::uint8_t type, std::uint16_t month, std::int64_t amount_tiyn);

  // Appends a rules::Family. Statuses are kept when they hold on as_of; sex is required.
  // Errors ("batch.family"): a word outside the dictionary, no sex, too many members.
  Result<void> add_family(const rules::Family& family);

  [[nodiscard]] std::size_t person_count() const;
  [[nodiscard]] std::size_t family_count() const;
  [[nodiscard]] const Dictionary& dictionary() const { return dictionary_; }
  [[nodiscard]] Date as_of() const { return as_of_; }

  [[nodiscard]] Population finish() &&;

 private:
  struct Storage;
  Dictionary dictionary_;
  Date as_of_;
  std::unique_ptr<Storage> storage_;
};

// One family as the rules see it, for evaluating it alone and checking batch results
// against single-family evaluation. Members carry no IIN (the population holds none).
[[nodiscard]] rules::Family to_family(const Population& population, std::size_t family, Date application_date);

// Structural checks a population from outside (a file) must pass before anyone indexes with
// its columns: offsets consistent, ids inside the dictionary, territories in a known region,
// exactly one applicant per family. Error: "batch.population_invalid" with {what}.
Result<void> check_population(const Dictionary& dictionary, const Columns& columns);

}  // namespace komek::batch
