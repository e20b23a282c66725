// A small timing harness for benchmarks that print figures and ratios to a baseline measured
// in the same run (the house rule: performance targets live here, never in timed tests).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace komek::bench {

struct Timing {
  std::string name;
  double median_ns = 0;  // per call
  double p90_ns = 0;
  std::size_t calls = 0;
};

// Runs `fn` in `rounds` rounds of `per_round` calls and reports per-call median and p90.
inline Timing measure(const std::string& name, int rounds, int per_round, const std::function<void()>& fn) {
  for (int i = 0; i < std::max(1, per_round / 10); ++i) fn();  // warm up
  std::vector<double> samples;
  samples.reserve(static_cast<std::size_t>(rounds));
  for (int r = 0; r < rounds; ++r) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < per_round; ++i) fn();
    const auto end = std::chrono::steady_clock::now();
    samples.push_back(std::chrono::duration<double, std::nano>(end - start).count() / per_round);
  }
  std::sort(samples.begin(), samples.end());
  Timing t{name, samples[samples.size() / 2], samples[samples.size() * 9 / 10],
           static_cast<std::size_t>(rounds) * static_cast<std::size_t>(per_round)};
  return t;
}

inline std::string human(double ns) {
  char buf[64];
  if (ns < 1e3) std::snprintf(buf, sizeof buf, "%.0f ns", ns);
  else if (ns < 1e6) std::snprintf(buf, sizeof buf, "%.2f µs", ns / 1e3);
  else if (ns < 1e9) std::snprintf(buf, sizeof buf, "%.2f ms", ns / 1e6);
  else std::snprintf(buf, sizeof buf, "%.2f s", ns / 1e9);
  return buf;
}

inline void print(const Timing& t, const Timing* baseline = nullptr, double target_ns = 0) {
  std::printf("%-52s median %10s  p90 %10s", t.name.c_str(), human(t.median_ns).c_str(), human(t.p90_ns).c_str());
  if (baseline != nullptr) std::printf("  %6.1f× %s", t.median_ns / baseline->median_ns, baseline->name.c_str());
  if (target_ns > 0) std::printf("  [target %s: %s]", human(target_ns).c_str(), t.median_ns <= target_ns ? "met" : "MISSED");
  std::printf("\n");
}

}  // namespace komek::bench
