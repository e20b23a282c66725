// Rules engine figures (issue: one family of four against the TSA pack, median under 20 µs;
// loading all shipped packs under 50 ms), each with a baseline measured in the same run.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "bench_util.hpp"
#include "rules/evaluate.hpp"
#include "rules/library.hpp"

using namespace komek;
using namespace komek::rules;

namespace {

volatile std::int64_t sink = 0;

const char* kFamily = R"({"territory": "151010000", "application_date": "2026-02-10", "members": [
  {"iin": "900101300811", "birth_date": "1990-01-01", "relation": "applicant", "incomes": [
    {"type": "wages", "month": "2025-10", "amount": "60000.00"}, {"type": "wages", "month": "2025-11", "amount": "60000.00"},
    {"type": "wages", "month": "2025-12", "amount": "60000.00"}, {"type": "housing_assistance", "month": "2025-12", "amount": "5000.00"}]},
  {"birth_date": "1992-03-01", "relation": "spouse", "sex": "female", "incomes": [
    {"type": "social_benefit", "month": "2025-11", "amount": "21000.00"}]},
  {"birth_date": "2022-06-15", "relation": "child"},
  {"birth_date": "2025-06-15", "relation": "child"}]})";

}  // namespace

int main() {
  auto lib = Library::load(KOMEK_RULES_DIR).value();
  const Pack* tsa = lib->pack("kz-tsa").value();
  const Family family = read_family_json(kFamily, lib->vocabulary(), "bench").value();
  std::printf("Rules engine (%s)\n", KOMEK_RULES_DIR);

  // Baseline: the TSA arithmetic written by hand for this one family, no rules, no trace.
  const auto baseline = bench::measure("baseline: hand-written TSA formula", 31, 20000, [&] {
    std::int64_t total = 0;
    for (const auto& m : family.members)
      for (const auto& inc : m.incomes)
        if (inc.type != "housing_assistance" && inc.month >= Month::parse("2025-10").value()) total += inc.amount.tiyn();
    const std::int64_t n = static_cast<std::int64_t>(family.members.size());
    sink = sink + (3706000 * n * 3 - total) / 3;
  });
  const auto with_trace = bench::measure("evaluate family of 4 vs kz-tsa, with trace", 31, 2000, [&] {
    EvaluationInput in{*tsa, lib->parameters(), lib->income_rules(), family, family.application_date, &lib->calendar(), true};
    auto ev = evaluate(in);
    sink = sink + ev->programmes[0].amount_per_payment.tiyn();
  });
  const auto without_trace = bench::measure("evaluate family of 4 vs kz-tsa, no trace", 31, 2000, [&] {
    EvaluationInput in{*tsa, lib->parameters(), lib->income_rules(), family, family.application_date, nullptr, false};
    auto ev = evaluate(in);
    sink = sink + ev->programmes[0].amount_per_payment.tiyn();
  });
  const auto read_json = bench::measure("read the family JSON (for scale)", 31, 2000, [&] {
    auto f = read_family_json(kFamily, lib->vocabulary(), "bench");
    sink = sink + static_cast<std::int64_t>(f->members.size());
  });
  bench::print(baseline);
  bench::print(with_trace, &baseline, 20'000);
  bench::print(without_trace, &baseline, 20'000);
  bench::print(read_json, &baseline);

  // Loading: every shipped pack with its vocabulary, parameters, income rules and calendar,
  // against the floor of reading the same files and parsing them as plain YAML.
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(KOMEK_RULES_DIR))
    if (e.path().extension() == ".yaml") files.push_back(e.path().string());
  const auto yaml_floor = bench::measure("baseline: read + YAML-parse the same files", 9, 3, [&] {
    for (const auto& f : files) {
      std::ifstream in(f);
      std::stringstream s;
      s << in.rdbuf();
      sink = sink + static_cast<std::int64_t>(YAML::Load(s.str()).size());
    }
  });
  const auto load = bench::measure("load all shipped packs (Library::load)", 9, 3, [&] {
    auto l = Library::load(KOMEK_RULES_DIR);
    sink = sink + static_cast<std::int64_t>(l.value()->packs().size());
  });
  bench::print(yaml_floor);
  bench::print(load, &yaml_floor, 50e6);
  std::printf("(%zu data files, %zu packs)\n", files.size(), lib->packs().size());
  return 0;
}
