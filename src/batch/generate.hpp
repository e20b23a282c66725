// A deterministic synthetic population of Kazakhstan for batch runs and benchmarks: the 20
// regions at their shares of the population, families of about 3.2 persons, an age pyramid,
// wages, pensions, disability and child benefits, and statuses at plausible prevalences
// (FACTS §5). Integer arithmetic and the generator's own PRNG only, so the same persons,
// seed and date give a byte-identical population on every machine.
//
//   Population p = generate(vocabulary, 20'300'000, 7).value();    // the whole country
//
// Families live at region level (KATO "RR0000000"), except where a shipped local pack needs
// a district to apply to: about 57% of Atyrau region's families live in Atyrau city
// (231010000, pack atyrau-007) and about 6% of Zhetysu's in Koksu district (334800000).
// Incomes cover the quarter before as_of's quarter: the TSA reference period (FACTS §2) for
// an application made in as_of's quarter.
#pragma once

#include <cstdint>
#include <span>

#include "batch/population.hpp"
#include "core/result.hpp"
#include "rules/vocabulary.hpp"

namespace komek::batch {

// A first-level unit with its population and its wage level relative to the national median.
struct RegionShare {
  int number;                      // KATO region number
  std::uint32_t persons_thousands;  // population at 1 Jan 2025, thousands [P]
  std::uint32_t wage_permille;      // median wage relative to the national median, ‰ [P]
};
std::span<const RegionShare> region_shares();

// The date the generated statuses hold on when none is given: 1 January 2026.
[[nodiscard]] Date default_as_of();

// Errors ("batch.generate"): persons outside 1..kPersonsMax, or a vocabulary without a status
// or income type the generator draws (the words are listed in generate.cpp).
Result<Population> generate(const rules::Vocabulary& vocabulary, std::uint64_t persons, std::uint64_t seed,
                            Date as_of);
Result<Population> generate(const rules::Vocabulary& vocabulary, std::uint64_t persons, std::uint64_t seed);

}  // namespace komek::batch
