// Micro-benchmarks of the foundation: the operations every request and every batch row uses.
// The baseline in each pair is the cheapest comparable work, measured in the same run.
#include <benchmark/benchmark.h>

#include "core/calendar.hpp"
#include "core/iin.hpp"
#include "core/money.hpp"

namespace {

using namespace komek;

const WorkingCalendar& calendar() {
  static const WorkingCalendar cal =
      WorkingCalendar::load(std::string(KOMEK_RULES_DIR) + "/calendar/kz.yaml").value();
  return cal;
}

void BM_IinParse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Iin::parse("900101300811"));
}
BENCHMARK(BM_IinParse);

void BM_MoneyParse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Money::parse("1 234 567,89"));
}
BENCHMARK(BM_MoneyParse);

void BM_Baseline_StrtollOfTheSameDigits(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(std::strtoll("123456789", nullptr, 10));
}
BENCHMARK(BM_Baseline_StrtollOfTheSameDigits);

void BM_AddFifteenWorkingDays(benchmark::State& state) {
  const Date start = Date::from_ymd(2024, 12, 20);
  for (auto _ : state) benchmark::DoNotOptimize(calendar().add_working_days(start, 15));
}
BENCHMARK(BM_AddFifteenWorkingDays);

void BM_LoadCalendar(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(WorkingCalendar::load(std::string(KOMEK_RULES_DIR) + "/calendar/kz.yaml"));
}
BENCHMARK(BM_LoadCalendar)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
