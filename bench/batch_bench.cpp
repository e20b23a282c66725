// The whole-population engine on the whole country (issue 7 "Performance"): load time and
// peak memory, TSA alone, TSA with every shipped local pack, a what-if, each as a multiple of
// a streaming pass over the columns the evaluation reads (the memory-bandwidth floor)
// measured in the same run.
//
//   batch_bench [--persons 20300000] [--seed 7] [--threads 0] [--rounds 5] [--cache FILE]
//
// The population is generated once into a cached file under /tmp (in a child process, so
// that generating does not count in this process's peak memory) and loaded from it.
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "batch/analysis.hpp"
#include "batch/engine.hpp"
#include "batch/file.hpp"
#include "batch/generate.hpp"
#include "core/messages.hpp"
#include "rules/library.hpp"

namespace {

using namespace komek;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

long peak_rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return -1;
}

// The machine is shared: the figures mean little without the load beside them.
std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c + "\n";
}

template <typename T>
T must(Result<T> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "batch_bench: %s: %s\n", what, render(r.error(), Lang::kEn).c_str());
    std::exit(1);
  }
  return std::move(*r);
}

// CPU seconds of the whole process (every thread): on a shared machine the wall-clock time
// grows with other people's load, the CPU time much less, so both are printed.
double cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}
double g_last_cpu = 0;  // the median round's CPU seconds, of the last median_seconds()

// Median of `rounds` timings of fn() (wall clock; the CPU seconds of the same round in g_last_cpu).
template <typename Fn>
double median_seconds(int rounds, Fn&& fn) {
  std::vector<std::pair<double, double>> s;
  for (int i = 0; i < rounds; ++i) {
    const auto t = Clock::now();
    const double cpu = cpu_seconds();
    fn();
    s.emplace_back(seconds_since(t), cpu_seconds() - cpu);
  }
  std::sort(s.begin(), s.end());
  g_last_cpu = s[s.size() / 2].second;
  return s[s.size() / 2].first;
}

// The floor: every column the TSA kernels read, read once family by family (the walk every
// evaluation makes), in the same static partition and threads; the sums are printed so that
// the reads cannot be optimised away.
std::uint64_t streaming_pass(const batch::Population& p, unsigned threads) {
  const batch::Columns& c = p.columns();
  const unsigned workers = batch::effective_threads(threads, p.family_count());
  std::vector<std::uint64_t> sums(workers, 0);
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w)
    pool.emplace_back([&, w] {
      const auto [begin, end] = batch::partition(p.family_count(), workers, w);
      std::uint64_t sum = 0;
      for (std::size_t f = begin; f < end; ++f) {
        sum += c.family_territory[f] + c.family_size[f];
        const std::uint32_t first = c.family_first_person[f];
        for (std::uint32_t q = first; q < first + c.family_size[f]; ++q) {
          sum += static_cast<std::uint32_t>(c.person_birth_days[q]);
          for (std::uint32_t i = c.person_income_begin[q]; i < c.person_income_begin[q + 1]; ++i)
            sum += c.income_type[i] + c.income_month[i] + static_cast<std::uint64_t>(c.income_amount_tiyn[i]);
        }
      }
      sums[w] = sum;
    });
  for (auto& t : pool) t.join();
  std::uint64_t total = 0;
  for (auto s : sums) total += s;
  return total;
}

// The strict floor: the same columns summed flat, one after another (no per-family walk):
// what the memory system gives at best.
std::uint64_t flat_pass(const batch::Population& p, unsigned threads) {
  const batch::Columns& c = p.columns();
  const unsigned workers = batch::effective_threads(threads, p.family_count());
  std::vector<std::uint64_t> sums(workers, 0);
  std::vector<std::thread> pool;
  const auto slice = [&](auto column, unsigned w) {
    const auto [b, e] = batch::partition(column.size(), workers, w);
    std::uint64_t s = 0;
    for (std::size_t i = b; i < e; ++i) s += static_cast<std::uint64_t>(column[i]);
    return s;
  };
  for (unsigned w = 0; w < workers; ++w)
    pool.emplace_back([&, w] {
      sums[w] = slice(c.family_territory, w) + slice(c.family_first_person, w) + slice(c.family_size, w) +
                slice(c.person_birth_days, w) + slice(c.person_income_begin, w) + slice(c.income_type, w) +
                slice(c.income_month, w) + slice(c.income_amount_tiyn, w);
    });
  for (auto& t : pool) t.join();
  std::uint64_t total = 0;
  for (auto s : sums) total += s;
  return total;
}

void line(const char* name, double seconds, double cpu, double floor, double target) {
  std::printf("%-44s %8.3f s  %5.2f× floor  cpu %6.3f s  [target %.2f s: %s]\n", name, seconds, seconds / floor, cpu,
              target, seconds <= target ? "met" : "MISSED");
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t persons = 20'300'000;
  std::uint64_t seed = 7;
  unsigned threads = 0;
  int rounds = 5;
  std::string cache;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--persons") persons = std::strtoull(argv[i + 1], nullptr, 10);
    else if (a == "--seed") seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (a == "--threads") threads = static_cast<unsigned>(std::strtoul(argv[i + 1], nullptr, 10));
    else if (a == "--rounds") rounds = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--cache") cache = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: batch_bench [--persons N] [--seed S] [--threads T] [--rounds R] [--cache FILE]\n");
      return 2;
    }
  }
  if (cache.empty()) cache = "/tmp/komek-batch-" + std::to_string(persons) + "-" + std::to_string(seed) + ".pop";

  auto lib = must(rules::Library::load(KOMEK_RULES_DIR), "rules");
  if (!std::filesystem::exists(cache)) {
    std::printf("generating %llu persons into %s …\n", static_cast<unsigned long long>(persons), cache.c_str());
    std::fflush(stdout);
    const auto t = Clock::now();
    const pid_t child = ::fork();
    if (child == 0) {
      auto p = batch::generate(lib->vocabulary(), persons, seed);
      _exit(p && batch::save_population(*p, cache) ? 0 : 1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "batch_bench: generating failed\n");
      return 1;
    }
    std::printf("generated and saved in %.2f s (child process)\n", seconds_since(t));
  }

  std::printf("load average before loading: %s", load_average().c_str());
  const auto t_load = Clock::now();
  const batch::Population pop = must(batch::load_population(cache), "load");
  const double load = seconds_since(t_load);
  const unsigned used = batch::effective_threads(threads, pop.family_count());
  std::printf("population: %zu persons, %zu families, %zu income records; %u threads\n", pop.person_count(),
              pop.family_count(), pop.income_count(), used);

  // The shipped data publish the poverty line of one region only; a line for every region
  // makes TSA decide (and compute) for every family, as it will once the bureau's figures are in.
  const Date date = Date::from_ymd(2026, 1, 20);
  rules::ParameterSet parameters = lib->parameters();
  const rules::Pack& tsa = *must(lib->pack("kz-tsa"), "kz-tsa");
  rules::ParameterSet reform_parameters = parameters;
  if (!rules::set_override(parameters, tsa, "poverty_line=52000") ||
      !rules::set_override(reform_parameters, tsa, "poverty_line=57200")) {
    std::fprintf(stderr, "batch_bench: the poverty_line override was refused\n");
    return 1;
  }
  std::vector<batch::CompiledPack> all;
  all.push_back(must(batch::compile(tsa, parameters, lib->income_rules(), pop, date), "compile kz-tsa"));
  for (const auto& [id, p] : lib->packs()) {
    if (id == "kz-tsa") continue;
    // Each local pack on the date, or on the last day it is in force (atyrau-007 is 2024's).
    Date on = date;
    if (!p.in_force(on) && p.effective_to) on = *p.effective_to;
    all.push_back(must(batch::compile(p, parameters, lib->income_rules(), pop, on), id.c_str()));
  }

  std::uint64_t checksum = 0;
  const double floor = median_seconds(rounds, [&] { checksum += streaming_pass(pop, threads); });
  const double floor_cpu = g_last_cpu;
  const double flat = median_seconds(rounds, [&] { checksum += flat_pass(pop, threads); });
  const double flat_cpu = g_last_cpu;
  batch::RunTotals tsa_totals;
  const double tsa_s = median_seconds(rounds, [&] { tsa_totals = batch::run(all[0], pop, {threads, nullptr, nullptr}).value(); });
  const double tsa_cpu = g_last_cpu;
  const double all_s = median_seconds(rounds, [&] {
    for (const auto& cp : all) (void)batch::run(cp, pop, {threads, nullptr, nullptr}).value();
  });
  const double all_cpu = g_last_cpu;

  for (const auto& cp : all) {
    const double s = median_seconds(rounds, [&] { (void)batch::run(cp, pop, {threads, nullptr, nullptr}).value(); });
    std::printf("  %-20s on %s: %.3f s\n", cp.pack->id.c_str(), cp.date.iso().c_str(), s);
  }

  // What-if: the poverty line up 10% for TSA. The baseline per-family amounts are computed
  // once (a planner's session); each what-if is the reform's pass and the comparison.
  std::vector<batch::CompiledPack> base_tsa, reform_tsa;
  base_tsa.push_back(must(batch::compile(tsa, parameters, lib->income_rules(), pop, date), "compile"));
  reform_tsa.push_back(must(batch::compile(tsa, reform_parameters, lib->income_rules(), pop, date), "compile"));
  // Without a cache every pass reads the income records; with one (a planner's session), the
  // baseline reads them once and each reform reuses the families' income totals.
  const batch::FamilyAmounts before = batch::family_amounts(base_tsa, pop, threads).value();
  batch::WhatIf w;
  const double whatif_s = median_seconds(rounds, [&] {
    const auto after = batch::family_amounts(reform_tsa, pop, threads).value();
    w = batch::compare(before, after, pop).value();
  });
  const double whatif_cpu = g_last_cpu;
  std::vector<batch::IncomeCache> caches;
  const auto t_cached_base = Clock::now();
  const batch::FamilyAmounts before_cached = batch::family_amounts(base_tsa, pop, threads, &caches).value();
  const double cache_fill_s = seconds_since(t_cached_base);
  batch::WhatIf w_cached;
  const double whatif_cached_s = median_seconds(rounds, [&] {
    const auto after = batch::family_amounts(reform_tsa, pop, threads, &caches).value();
    w_cached = batch::compare(before_cached, after, pop).value();
  });
  const double whatif_cached_cpu = g_last_cpu;
  if (!(w_cached.total == w.total)) {
    std::fprintf(stderr, "batch_bench: the what-if with an income cache differs from the one without\n");
    return 1;
  }
  batch::IncomeCache tsa_cache;
  (void)batch::run(all[0], pop, {threads, nullptr, nullptr, batch::Detail::kFull, &tsa_cache}).value();
  batch::RunTotals tsa_cached_totals;
  const double tsa_cached_s = median_seconds(rounds, [&] {
    tsa_cached_totals = batch::run(all[0], pop, {threads, nullptr, nullptr, batch::Detail::kFull, &tsa_cache}).value();
  });
  const double tsa_cached_cpu = g_last_cpu;
  tsa_cached_totals.threads = tsa_totals.threads;
  if (!(tsa_cached_totals == tsa_totals)) {
    std::fprintf(stderr, "batch_bench: TSA with an income cache differs from TSA without\n");
    return 1;
  }

  const batch::Cell t = tsa_totals.programmes[0].total();
  std::printf("\nTSA on %s: %llu of %llu families eligible, %s ₸ for the period; checksum %llu\n", date.iso().c_str(),
              static_cast<unsigned long long>(t.families), static_cast<unsigned long long>(tsa_totals.families_evaluated),
              batch::tiyn_decimal(t.per_period).c_str(), static_cast<unsigned long long>(checksum % 1000));
  std::printf("what-if (line +10%%): %llu better off, %llu newly eligible, cost %s → %s ₸\n\n",
              static_cast<unsigned long long>(w.total.better_off), static_cast<unsigned long long>(w.total.newly_eligible),
              batch::tiyn_decimal(w.total.cost_before).c_str(), batch::tiyn_decimal(w.total.cost_after).c_str());
  std::printf("%-44s %8.3f s  [target 1.50 s: %s]\n", "load (mmap + XXH64 + structural check)", load, load <= 1.5 ? "met" : "MISSED");
  std::printf("%-44s %8.3f s               cpu %6.3f s\n", "floor: streaming pass over the TSA columns", floor, floor_cpu);
  std::printf("%-44s %8.3f s  (%.2f GB/s)  cpu %6.3f s\n", "  the same columns summed flat", flat,
              static_cast<double>(pop.family_count() * 10 + pop.person_count() * 8 + pop.income_count() * 11) / flat / 1e9, flat_cpu);
  line("TSA (kz-tsa)", tsa_s, tsa_cpu, floor, 0.2);
  line(("TSA + all local packs (" + std::to_string(all.size()) + " packs)").c_str(), all_s, all_cpu, floor, 0.5);
  line("what-if (reform pass + comparison)", whatif_s, whatif_cpu, floor, 0.3);
  std::printf("%-44s %8.3f s\n", "  baseline pass filling the income cache", cache_fill_s);
  line("what-if, income totals cached from baseline", whatif_cached_s, whatif_cached_cpu, floor, 0.3);
  line("TSA again, income totals cached", tsa_cached_s, tsa_cached_cpu, floor, 0.2);
  const long peak = peak_rss_kb();
  std::printf("%-44s %8.0f MB  [target 2048 MB: %s]\n", "peak RSS", static_cast<double>(peak) / 1024.0,
              peak <= 2048L * 1024 ? "met" : "MISSED");
  std::printf("evaluation/floor: TSA %.2f×, all packs %.2f×, what-if %.2f× [target ≤ 3×]\n", tsa_s / floor, all_s / floor,
              whatif_s / floor);
  std::printf("evaluation/flat sums: TSA %.2f×, all packs %.2f×, what-if %.2f×\n", tsa_s / flat, all_s / flat,
              whatif_s / flat);
  std::printf("load average (1/5/15 min): %s", load_average().c_str());
  return 0;
}
