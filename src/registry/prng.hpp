// A small deterministic pseudo-random generator for the synthetic registry: splitmix64 to
// seed and to hash keys, xoshiro256** to draw. Same seed, same numbers, on every platform and
// compiler — which std::rand and the standard distributions do not promise (STYLE card 7: no
// hidden randomness; tests replay a seed).
//
//   Rng rng(stream_key(seed, family_index, kTagFamily));
//   int size = static_cast<int>(rng.between(1, 8));
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace komek::registry {

// splitmix64's output function: a bijective mix of 64 bits.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// A key for an independent stream: the seed mixed with each part in turn, so that (seed, a, b)
// and (seed, b, a) differ.
constexpr std::uint64_t stream_key(std::uint64_t seed, std::initializer_list<std::uint64_t> parts) {
  std::uint64_t h = splitmix64(seed);
  for (std::uint64_t p : parts) h = splitmix64(h ^ splitmix64(p + 0x632BE59BD9B4E019ULL));
  return h;
}

class Rng {
 public:
  // The state is the first four outputs of a splitmix64 generator started at `seed`, as the
  // xoshiro authors recommend.
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

  // Uniform in [0, n) for n > 0 by the multiply-shift method: its bias, below n / 2^64, is far
  // under anything a synthetic population could show.
  std::uint64_t below(std::uint64_t n) {
    __extension__ typedef unsigned __int128 U128;
    return static_cast<std::uint64_t>((static_cast<U128>(next()) * n) >> 64);
  }

  // Uniform in [lo, hi], lo <= hi.
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  int between_int(int lo, int hi) { return static_cast<int>(between(lo, hi)); }

  // Uniform in [0, 1) with 53 random bits: exact and identical on every IEEE 754 machine.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }

  // An index drawn with the given integer weights (at least one positive).
  std::size_t weighted(std::initializer_list<int> weights) {
    return weighted<std::initializer_list<int>>(weights);
  }
  template <typename Weights>
  std::size_t weighted(const Weights& weights) {
    std::int64_t total = 0;
    for (int w : weights) total += w;
    std::int64_t x = between(0, total - 1);
    std::size_t i = 0;
    for (int w : weights) {
      if (x < w) return i;
      x -= w;
      ++i;
    }
    return i - 1;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

}  // namespace komek::registry
