// The generator's pseudo-random numbers: splitmix64 to seed, xoshiro256** to draw, integer
// arithmetic only. Same seed, same numbers on every platform and compiler, which std::rand
// and the standard distributions do not promise (STYLE card 7: no hidden randomness).
// Kept here rather than shared with registry/: batch may not depend on registry (DESIGN.md).
//
//   Rng rng(seed);
//   std::uint32_t size = 1 + rng.below(8);
#pragma once

#include <cstdint>

namespace komek::batch {

constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

class Rng {
 public:
  // The state is four successive splitmix64 outputs, as the xoshiro authors recommend.
  explicit Rng(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& word : state_) {
      word = splitmix64(x);
      x += 0x9E3779B97F4A7C15ULL;
    }
  }

  // xoshiro256** (Blackman and Vigna, 2018).
  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, n), n > 0, by multiply-shift (Lemire); its bias, under n / 2^64, is far
  // below anything a synthetic population could show.
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32);
  }
  // Uniform in [lo, hi].
  std::int32_t between(std::int32_t lo, std::int32_t hi) {
    return lo + static_cast<std::int32_t>(below(static_cast<std::uint32_t>(hi - lo) + 1));
  }
  // True with probability per_million / 1'000'000.
  bool chance_ppm(std::uint32_t per_million) { return below(1'000'000) < per_million; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

}  // namespace komek::batch
