// The compiled kernels against single-family evaluation, family by family, for every shipped
// pack; thread-count independence; the fallback to rules::evaluate; offers, holiday lists
// and what-if comparisons against what evaluate() says of each family.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "batch/analysis.hpp"
#include "batch/engine.hpp"
#include "batch/generate.hpp"
#include "batch/population.hpp"
#include "batch/prng.hpp"
#include "core/messages.hpp"
#include "rules/library.hpp"

namespace komek::batch {
namespace {

rules::Library& library() {
  static std::unique_ptr<rules::Library> lib = rules::Library::load(KOMEK_RULES_DIR).value();
  return *lib;
}

const rules::Pack& pack(std::string_view id) { return *library().pack(id).value(); }

// A generated sample made harder than the national one: families moved into the local packs'
// territories, statuses of the whole vocabulary sprinkled over persons (veterans, orphans,
// carers …), incomes of every type, some outside the reference quarter, and the odd person
// born after the evaluation date.
Population sample(std::uint64_t persons, std::uint64_t seed, Date as_of) {
  const Population base = generate(library().vocabulary(), persons, seed, as_of).value();
  const Dictionary& d = base.dictionary();
  Rng rng(seed ^ 0x5eed);
  PopulationBuilder b(d, as_of);
  static constexpr std::uint32_t kPlaces[] = {231010000, 334800000, 150000000, 751110000, 334810000, 230000000};
  for (std::size_t f = 0; f < base.family_count(); ++f) {
    rules::Family fam = to_family(base, f, as_of);
    if (rng.chance_ppm(600'000)) fam.territory = Kato::parse(std::to_string(kPlaces[rng.below(6)])).value();
    for (auto& m : fam.members) {
      if (rng.chance_ppm(250'000)) {
        const int extra = 1 + static_cast<int>(rng.below(3));
        for (int k = 0; k < extra; ++k) m.statuses.push_back({d.statuses[rng.below(static_cast<std::uint32_t>(d.statuses.size()))], {}, {}});
      }
      if (rng.chance_ppm(150'000)) {
        const Month month = Month::of(as_of).plus(-static_cast<int>(rng.below(7)));
        m.incomes.push_back({d.income_types[rng.below(static_cast<std::uint32_t>(d.income_types.size()))], month,
                             Money::from_tiyn(rng.between(0, 30'000'000))});
      }
      if (rng.chance_ppm(10'000)) m.birth_date = as_of.plus_days(rng.between(1, 300));
    }
    EXPECT_TRUE(b.add_family(fam).has_value());
  }
  return std::move(b).finish();
}

struct Stored {
  FamilyStatus status;
  std::vector<ProgrammeResult> results;
  std::vector<std::string> errors;  // undecided programmes' keys
  std::string family_error;
};

class StoreSink : public FamilySink {
 public:
  explicit StoreSink(std::size_t families) : rows(families) {}
  void family(unsigned, const FamilyView& v) override {
    Stored& s = rows[v.family];
    s.status = v.status;
    s.results.assign(v.programmes.begin(), v.programmes.end());
    s.errors.clear();
    for (const auto& r : v.programmes) s.errors.push_back(r.error != nullptr ? r.error->message_key : "");
    s.family_error = v.error != nullptr ? v.error->message_key : "";
  }
  std::vector<Stored> rows;
};

bool same_result(const ProgrammeResult& a, const ProgrammeResult& b) {
  return a.per_recipient == b.per_recipient && a.per_payment == b.per_payment && a.per_period == b.per_period &&
         a.recipients == b.recipients && a.refusals == b.refusals && a.payments == b.payments &&
         a.recipient_count == b.recipient_count && a.in_force == b.in_force && a.decided == b.decided &&
         a.eligible == b.eligible;
}

bool same_rows(const Stored& a, const Stored& b) {
  if (a.status != b.status || a.errors != b.errors || a.family_error != b.family_error || a.results.size() != b.results.size())
    return false;
  for (std::size_t j = 0; j < a.results.size(); ++j)
    if (!same_result(a.results[j], b.results[j])) return false;
  return true;
}

// Every family: the kernel's results equal rules::evaluate's on to_family(). Returns how many
// families were compared as evaluated.
void check_same(const rules::Pack& p, const rules::ParameterSet& parameters, const Population& pop, Date date,
                const CompileOptions& options, std::size_t& evaluated) {
  auto compiled = compile(p, parameters, library().income_rules(), pop, date, options);
  ASSERT_TRUE(compiled.has_value()) << render(compiled.error(), Lang::kEn);
  StoreSink sink(pop.family_count());
  auto totals = run(*compiled, pop, RunOptions{3, &sink, nullptr});
  ASSERT_TRUE(totals.has_value());
  // The lean path (no sink: a programme stops at its first failed test) gives the same totals.
  auto lean = run(*compiled, pop, RunOptions{2, nullptr, nullptr});
  ASSERT_TRUE(lean.has_value());
  lean->threads = totals->threads;
  EXPECT_EQ(*lean, *totals) << p.id << " on " << date.iso();
  // With an income cache, filled by one run and read by the next, every family's results are
  // the same as without.
  IncomeCache cache;
  for (const char* pass : {"filling", "reading"}) {
    StoreSink cached(pop.family_count());
    RunOptions cached_run{2, &cached, nullptr};
    cached_run.income_cache = &cache;
    auto with_cache = run(*compiled, pop, cached_run);
    ASSERT_TRUE(with_cache.has_value());
    with_cache->threads = totals->threads;
    EXPECT_EQ(*with_cache, *totals) << p.id << " on " << date.iso() << ", " << pass << " the cache";
    for (std::size_t f = 0; f < pop.family_count(); ++f)
      ASSERT_TRUE(same_rows(cached.rows[f], sink.rows[f])) << p.id << " family " << f << ", " << pass << " the cache";
  }
  if (compiled->income) {
    EXPECT_EQ(cache.families_cached(), totals->families_evaluated + totals->families_error);
  }
  for (std::size_t f = 0; f < pop.family_count(); ++f) {
    const rules::Family fam = to_family(pop, f, date);
    auto ev = rules::evaluate({p, parameters, library().income_rules(), fam, date, nullptr, false});
    const Stored& s = sink.rows[f];
    if (s.status == FamilyStatus::kOutside) {
      EXPECT_FALSE(ev.has_value()) << "family " << f;
      if (!ev) {
        EXPECT_EQ(ev.error().message_key, "rules.territory_outside_pack");
      }
      continue;
    }
    if (s.status == FamilyStatus::kError) {
      EXPECT_FALSE(ev.has_value()) << "family " << f;
      if (!ev) {
        EXPECT_EQ(ev.error().message_key, s.family_error);
      }
      continue;
    }
    if (!ev) {
      ADD_FAILURE() << "family " << f << ": evaluate failed with " << ev.error().message_key << ", the kernel evaluated it";
      continue;
    }
    ++evaluated;
    EXPECT_EQ(ev->programmes.size(), s.results.size());
    for (std::size_t j = 0; j < ev->programmes.size() && j < s.results.size(); ++j) {
      const rules::ProgrammeOutcome& o = ev->programmes[j];
      const ProgrammeResult& r = s.results[j];
      const std::string where = p.id + "/" + o.programme->id + " family " + std::to_string(f);
      ASSERT_EQ(r.in_force, o.in_force) << where;
      ASSERT_EQ(r.decided, o.decided) << where;
      ASSERT_EQ(r.eligible, o.eligible) << where;
      ASSERT_EQ(s.errors[j], o.error ? o.error->message_key : "") << where;
      std::uint64_t mask = 0;
      for (int m : o.recipients) mask |= std::uint64_t{1} << m;
      ASSERT_EQ(r.recipients, mask) << where;
      ASSERT_EQ(r.recipient_count, o.recipients.size()) << where;
      ASSERT_EQ(r.per_recipient, o.amount_per_recipient.tiyn()) << where;
      ASSERT_EQ(r.per_payment, o.amount_per_payment.tiyn()) << where;
      ASSERT_EQ(r.per_period, o.amount_per_period.tiyn()) << where;
      ASSERT_EQ(r.payments, o.payments) << where;
      std::vector<std::string> ids;
      for (std::uint64_t bits = r.refusals; bits != 0; bits &= bits - 1)
        ids.push_back(compiled->programmes[j].refusal_ids[static_cast<std::size_t>(__builtin_ctzll(bits))]);
      std::vector<std::string> expected;
      for (const auto& reason : o.refusals) expected.push_back(reason.id);
      ASSERT_EQ(ids, expected) << where;
    }
  }
}

std::size_t expect_same_as_evaluate(const rules::Pack& p, const rules::ParameterSet& parameters, const Population& pop,
                                    Date date, const CompileOptions& options = {}) {
  std::size_t evaluated = 0;
  check_same(p, parameters, pop, date, options, evaluated);
  return evaluated;
}

rules::ParameterSet with(std::initializer_list<std::pair<const rules::Pack*, std::string>> sets) {
  rules::ParameterSet parameters = library().parameters();
  for (const auto& [p, s] : sets) EXPECT_TRUE(rules::set_override(parameters, *p, s).has_value()) << s;
  return parameters;
}

const Date kAsOf2026 = Date::from_ymd(2026, 1, 1);
const Date kAsOf2024 = Date::from_ymd(2024, 7, 1);

TEST(Kernels, TsaEqualsSingleFamilyEvaluationFamilyByFamily) {
  const Population pop = sample(12'000, 11, kAsOf2026);
  // The shipped data publish the poverty line for Aktobe only: elsewhere TSA is undecided,
  // in the kernels as in evaluate().
  EXPECT_GT(expect_same_as_evaluate(pack("kz-tsa"), library().parameters(), pop, Date::from_ymd(2026, 1, 20)), 2000u);
  // With a line everywhere, the income test, the formula and the supplements are exercised.
  const auto parameters = with({{&pack("kz-tsa"), "poverty_line=52000"}, {&pack("kz-tsa"), "social_package_value=7000.55"}});
  EXPECT_GT(expect_same_as_evaluate(pack("kz-tsa"), parameters, pop, Date::from_ymd(2026, 2, 28)), 2000u);
}

TEST(Kernels, KoksuEqualsSingleFamilyEvaluationFamilyByFamily) {
  const Population pop = sample(12'000, 12, kAsOf2026);
  EXPECT_GT(expect_same_as_evaluate(pack("koksu-local"), library().parameters(), pop, Date::from_ymd(2026, 1, 20)), 300u);
  const auto parameters = with({{&pack("koksu-local"), "subsistence_minimum=46000"}});
  EXPECT_GT(expect_same_as_evaluate(pack("koksu-local"), parameters, pop, Date::from_ymd(2026, 3, 3)), 300u);
}

TEST(Kernels, AtyrauEqualsSingleFamilyEvaluationOnWorkingAndMemorableDays) {
  const Population pop = sample(12'000, 13, kAsOf2024);
  for (const Date d : {Date::from_ymd(2024, 8, 1), Date::from_ymd(2024, 2, 15), Date::from_ymd(2024, 12, 31)})
    EXPECT_GT(expect_same_as_evaluate(pack("atyrau-007"), library().parameters(), pop, d), 300u) << d.iso();
  const auto parameters = with({{&pack("atyrau-007"), "low_income_threshold=90000"}, {&pack("atyrau-007"), "aek=4000"}});
  EXPECT_GT(expect_same_as_evaluate(pack("atyrau-007"), parameters, pop, Date::from_ymd(2024, 9, 30)), 300u);
}

TEST(Kernels, AskedFallbackGoesThroughEvaluateAndIsCounted) {
  const Population pop = sample(3'000, 14, kAsOf2026);
  const auto parameters = with({{&pack("kz-tsa"), "poverty_line=52000"}});
  const Date date = Date::from_ymd(2026, 1, 20);
  CompileOptions options;
  options.interpret = {"tsa"};
  EXPECT_GT(expect_same_as_evaluate(pack("kz-tsa"), parameters, pop, date, options), 500u);
  auto kernel = compile(pack("kz-tsa"), parameters, library().income_rules(), pop, date).value();
  auto fallback = compile(pack("kz-tsa"), parameters, library().income_rules(), pop, date, options).value();
  EXPECT_EQ(kernel.interpreted, 0u);
  EXPECT_EQ(fallback.interpreted, 1u);
  EXPECT_TRUE(fallback.programmes[0].interpreted);
  auto a = run(kernel, pop, {2, nullptr, nullptr}).value();
  auto b = run(fallback, pop, {2, nullptr, nullptr}).value();
  EXPECT_EQ(a.families_interpreted, 0u);
  EXPECT_EQ(b.families_interpreted, b.families_evaluated);
  EXPECT_EQ(a.programmes, b.programmes);
  EXPECT_GT(a.programmes[0].total().families, 0u);
}

TEST(Kernels, OneTwoAndFourThreadsGiveIdenticalTotals) {
  const Population pop = sample(20'000, 15, kAsOf2026);
  const auto parameters = with({{&pack("kz-tsa"), "poverty_line=52000"}, {&pack("koksu-local"), "subsistence_minimum=46000"}});
  for (const char* id : {"kz-tsa", "koksu-local"}) {
    auto compiled = compile(pack(id), parameters, library().income_rules(), pop, Date::from_ymd(2026, 1, 20)).value();
    auto one = run(compiled, pop, {1, nullptr, nullptr}).value();
    for (unsigned threads : {2u, 4u}) {
      auto many = run(compiled, pop, {threads, nullptr, nullptr}).value();
      EXPECT_EQ(many.threads, threads);
      many.threads = one.threads;
      EXPECT_EQ(many, one) << id << " with " << threads << " threads";
    }
    EXPECT_GT(one.programmes[0].total().families + one.programmes[3 % one.programmes.size()].total().families, 0u) << id;
  }
}

TEST(Kernels, PackOutOfForceIsRefusedAsEvaluateRefusesIt) {
  const Population pop = sample(500, 16, kAsOf2026);
  auto compiled = compile(pack("atyrau-007"), library().parameters(), library().income_rules(), pop, Date::from_ymd(2026, 1, 20));
  ASSERT_FALSE(compiled.has_value());
  EXPECT_EQ(compiled.error().message_key, "rules.pack_not_in_force");
  const auto ev = rules::evaluate({pack("atyrau-007"), library().parameters(), library().income_rules(),
                                   to_family(pop, 0, Date::from_ymd(2026, 1, 20)), Date::from_ymd(2026, 1, 20), nullptr, false});
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.error().message_key, "rules.pack_not_in_force");
}

TEST(Kernels, AnIncomeTypeTheRulesDoNotClassifyIsAFamilyError) {
  // A population whose dictionary carries an income type the TSA rules do not know.
  Dictionary d = Dictionary::from(library().vocabulary()).value();
  d.income_types.push_back("lottery_win");
  PopulationBuilder b(d, kAsOf2026);
  b.begin_family(150000000);
  b.add_person(Date::from_ymd(1980, 1, 1).days_since_epoch(), kSexMale, 0, 0);
  b.add_income(static_cast<std::uint8_t>(d.income_types.size() - 1), month_index(Month::make(2025, 11).value()), 100);
  b.begin_family(150000000);
  b.add_person(Date::from_ymd(1980, 1, 1).days_since_epoch(), kSexFemale, 0, 0);
  const Population pop = std::move(b).finish();
  auto compiled = compile(pack("kz-tsa"), library().parameters(), library().income_rules(), pop, Date::from_ymd(2026, 1, 20)).value();
  auto totals = run(compiled, pop, {1, nullptr, nullptr}).value();
  EXPECT_EQ(totals.families_error, 1u);
  EXPECT_EQ(totals.families_evaluated, 1u);
  ASSERT_TRUE(totals.first_error.has_value());
  EXPECT_EQ(totals.first_error->message_key, "income.unclassified");
  EXPECT_EQ(totals.first_error->field, "members[0].incomes[0].type");
  EXPECT_EQ(totals.first_error_family, 0u);
}

TEST(Kernels, ANegativeIncomeRecordTakesTheWideSumWithTheSameResults) {
  // The builder's record-by-record interface takes any amount; files and add_family refuse
  // negative ones. The kernels' 64-bit sum assumes none, and must notice when there is one.
  const Dictionary d = Dictionary::from(library().vocabulary()).value();
  const auto wages_id = d.income_type_id("wages");
  ASSERT_TRUE(wages_id.has_value());
  const auto wage = static_cast<std::uint8_t>(*wages_id);
  const std::uint16_t december = month_index(Month::make(2025, 12).value());
  PopulationBuilder b(d, kAsOf2026);
  for (std::int64_t refund : {0LL, -2'000'000LL, -40'000'000LL}) {
    b.begin_family(150000000);
    b.add_person(Date::from_ymd(1985, 3, 1).days_since_epoch(), kSexFemale, 0, 0);
    b.add_income(wage, december, 30'000'000);
    b.add_income(wage, december, refund);
    b.add_person(Date::from_ymd(2022, 5, 5).days_since_epoch(), kSexMale, static_cast<std::uint8_t>(rules::Relation::kChild), 0);
  }
  const Population pop = std::move(b).finish();
  const auto parameters = with({{&pack("kz-tsa"), "poverty_line=52000"}});
  EXPECT_EQ(expect_same_as_evaluate(pack("kz-tsa"), parameters, pop, Date::from_ymd(2026, 1, 20)), 3u);
}

TEST(Kernels, AnIncomeCacheStartsAfreshForAnotherQuarterOrPopulation) {
  const Population pop = sample(3'000, 17, kAsOf2026);
  const Population other = sample(3'000, 18, kAsOf2026);
  const auto parameters = with({{&pack("kz-tsa"), "poverty_line=52000"}});
  IncomeCache cache;
  for (const Population* p : {&pop, &other, &pop})
    for (const Date d : {Date::from_ymd(2026, 1, 20), Date::from_ymd(2026, 4, 20), Date::from_ymd(2026, 1, 20)}) {
      auto compiled = compile(pack("kz-tsa"), parameters, library().income_rules(), *p, d).value();
      const RunTotals plain = run(compiled, *p, {2, nullptr, nullptr}).value();
      RunOptions options{2, nullptr, nullptr};
      options.income_cache = &cache;
      const RunTotals cached = run(compiled, *p, options).value();
      EXPECT_EQ(cached, plain) << d.iso();
      EXPECT_EQ(cache.families_cached(), p->family_count()) << d.iso();
      EXPECT_GT(plain.programmes[0].total().families, 0u);
    }
}

// --- analyses

TEST(Offers, EligibleFamiliesNotExcludedInFamilyOrder) {
  const Population pop = sample(6'000, 21, kAsOf2026);
  const auto parameters = with({{&pack("kz-tsa"), "poverty_line=52000"}, {&pack("koksu-local"), "subsistence_minimum=46000"}});
  const Date date = Date::from_ymd(2026, 1, 20);
  std::vector<CompiledPack> packs;
  for (const char* id : {"kz-tsa", "koksu-local"})
    packs.push_back(compile(pack(id), parameters, library().income_rules(), pop, date).value());
  std::vector<bool> none(pop.family_count(), false);
  auto all = find_offers(packs, pop, none, 2).value();
  ASSERT_GT(all.offers.size(), 10u);
  // Each offer is a family evaluate() finds eligible for exactly the listed programmes.
  for (const Offer& o : all.offers) {
    std::vector<std::string> listed, expected;
    for (const auto& l : o.lines) listed.push_back(packs[l.pack].pack->id + "/" + packs[l.pack].programmes[l.programme].programme->id);
    for (const CompiledPack& cp : packs) {
      auto ev = rules::evaluate({*cp.pack, parameters, library().income_rules(), to_family(pop, o.family, date), date, nullptr, false});
      if (!ev) continue;
      for (const auto& out : ev->programmes)
        if (out.eligible) expected.push_back(cp.pack->id + "/" + out.programme->id);
    }
    ASSERT_EQ(listed, expected) << "family " << o.family;
  }
  for (std::size_t i = 1; i < all.offers.size(); ++i) ASSERT_LT(all.offers[i - 1].family, all.offers[i].family);
  // Excluding the first two offered families and one that is offered nothing.
  std::string list = "# already applied\n" + std::to_string(all.offers[0].family) + "\n\n" +
                     std::to_string(all.offers[1].family) + "\r\n";
  auto excluded = read_exclusions(list, "applied.txt", pop.family_count()).value();
  auto fewer = find_offers(packs, pop, excluded, 3).value();
  EXPECT_EQ(fewer.offers.size(), all.offers.size() - 2);
  EXPECT_EQ(fewer.excluded, 2u);
  EXPECT_EQ(fewer.offers[0].family, all.offers[2].family);
}

TEST(Offers, ExclusionListErrorsNameTheLine) {
  auto bad = read_exclusions("3\nabc\n", "x.txt", 10);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message_key, "batch.exclude_line");
  EXPECT_EQ(bad.error().param("line"), "2");
  EXPECT_EQ(bad.error().field, "--exclude");
  auto beyond = read_exclusions("10\n", "x.txt", 10);
  ASSERT_FALSE(beyond.has_value());
  EXPECT_EQ(beyond.error().message_key, "batch.exclude_line");
  auto iin = read_exclusions("900101300811\n", "x.txt", 10);
  ASSERT_FALSE(iin.has_value());
  EXPECT_EQ(iin.error().message_key, "batch.exclude_iin");
  EXPECT_NE(render(iin.error(), Lang::kKk), render(iin.error(), Lang::kRu));
}

TEST(Holiday, MemorableDayListsEveryRecipientWithTheAmount) {
  const Population pop = sample(12'000, 22, kAsOf2024);
  const Date day = Date::from_ymd(2024, 2, 15);  // the Afghanistan withdrawal day of atyrau-007
  std::vector<CompiledPack> packs;
  packs.push_back(compile(pack("atyrau-007"), library().parameters(), library().income_rules(), pop, day).value());
  auto list = holiday_list(packs, pop, 2).value();
  ASSERT_FALSE(list.programmes.empty());
  std::map<std::string, std::int64_t> expected_amount;
  std::map<std::string, std::uint64_t> expected_recipients;
  for (std::size_t f = 0; f < pop.family_count(); ++f) {
    auto ev = rules::evaluate({pack("atyrau-007"), library().parameters(), library().income_rules(), to_family(pop, f, day), day, nullptr, false});
    if (!ev) continue;
    for (const auto& o : ev->programmes) {
      if (!o.eligible || o.programme->frequency.kind != rules::FrequencyKind::kHoliday || o.payment_date != day) continue;
      expected_amount[o.programme->id] += o.amount_per_payment.tiyn();
      expected_recipients[o.programme->id] += o.programme->per == rules::Per::kPerson ? o.recipients.size() : 1;
    }
  }
  std::int64_t total = 0;
  for (const auto& p : list.programmes) {
    const std::string id = packs[p.pack].programmes[p.programme].programme->id;
    EXPECT_EQ(packs[p.pack].programmes[p.programme].programme->frequency.month, 2) << id;
    EXPECT_EQ(p.amount, expected_amount[id]) << id;
    EXPECT_EQ(p.recipients, expected_recipients[id]) << id;
    total += p.amount;
  }
  EXPECT_GT(total, 0);
  std::int64_t rows = 0;
  for (const auto& r : list.rows) rows += r.amount;
  EXPECT_EQ(rows, total);
  // A day with no memorable date pays nothing and needs no pass.
  std::vector<CompiledPack> ordinary;
  ordinary.push_back(compile(pack("atyrau-007"), library().parameters(), library().income_rules(), pop, Date::from_ymd(2024, 3, 4)).value());
  auto none = holiday_list(ordinary, pop, 2).value();
  EXPECT_TRUE(none.programmes.empty());
  EXPECT_TRUE(none.rows.empty());
}

TEST(WhatIf, RaisingAnAmountMakesEligibleFamiliesBetterOffAndCostsTheDifference) {
  const Population pop = sample(8'000, 23, kAsOf2024);
  const Date date = Date::from_ymd(2024, 8, 1);
  const rules::Pack& atyrau = pack("atyrau-007");
  std::vector<CompiledPack> base, same, reform, stricter;
  base.push_back(compile(atyrau, library().parameters(), library().income_rules(), pop, date).value());
  const auto raised = with({{&atyrau, "low_income_one_time_amount=100000"}});
  const auto lowered = with({{&atyrau, "low_income_threshold=20000"}});
  reform.push_back(compile(atyrau, raised, library().income_rules(), pop, date).value());
  stricter.push_back(compile(atyrau, lowered, library().income_rules(), pop, date).value());
  auto before = family_amounts(base, pop, 2).value();
  auto no_change = compare(before, before, pop).value();
  EXPECT_EQ(no_change.total.better_off + no_change.total.worse_off + no_change.total.newly_eligible, 0u);
  auto after = family_amounts(reform, pop, 2).value();
  auto w = compare(before, after, pop).value();
  // Every family eligible for the low-income payment gains 100000 − 78527.61.
  const std::size_t line = 9;  // low_income_families_one_time
  ASSERT_EQ(base[0].programmes[line].programme->id, "low_income_families_one_time");
  const Cell eligible = before.totals[0].programmes[line].total();
  ASSERT_GT(eligible.families, 0u);
  EXPECT_EQ(w.total.better_off, eligible.families);
  EXPECT_EQ(w.total.worse_off, 0u);
  EXPECT_EQ(w.total.cost_after - w.total.cost_before, static_cast<std::int64_t>(eligible.families) * (10'000'000 - 7'852'761));
  EXPECT_EQ(w.regions[23].better_off, eligible.families);
  auto strict = compare(before, family_amounts(stricter, pop, 2).value(), pop).value();
  EXPECT_GT(strict.total.no_longer_eligible + strict.total.worse_off, 0u);
  EXPECT_EQ(strict.total.better_off, 0u);
}

TEST(WhatIf, FamilyAmountsAreEachFamilysEligibleSumsWithOrWithoutIncomeCaches) {
  const Population pop = sample(6'000, 24, kAsOf2026);
  const Date date = Date::from_ymd(2026, 1, 20);
  const auto base_parameters = with({{&pack("kz-tsa"), "poverty_line=52000"}, {&pack("koksu-local"), "subsistence_minimum=46000"}});
  const auto reform_parameters = with({{&pack("kz-tsa"), "poverty_line=57200"}, {&pack("koksu-local"), "subsistence_minimum=46000"}});
  std::vector<CompiledPack> base, reform;
  for (const char* id : {"kz-tsa", "koksu-local"}) {
    base.push_back(compile(pack(id), base_parameters, library().income_rules(), pop, date).value());
    reform.push_back(compile(pack(id), reform_parameters, library().income_rules(), pop, date).value());
  }
  // The oracle: every family's full results through a sink, summed here.
  std::vector<std::int64_t> expected(pop.family_count(), 0);
  std::vector<std::uint8_t> expected_eligible(pop.family_count(), 0);
  for (const CompiledPack& p : reform) {
    StoreSink sink(pop.family_count());
    ASSERT_TRUE(run(p, pop, RunOptions{3, &sink, nullptr}).has_value());
    for (std::size_t f = 0; f < pop.family_count(); ++f)
      for (const ProgrammeResult& r : sink.rows[f].results)
        if (sink.rows[f].status == FamilyStatus::kEvaluated && r.eligible) {
          expected[f] += r.per_period;
          expected_eligible[f] = 1;
        }
  }
  std::vector<IncomeCache> caches;
  const FamilyAmounts before = family_amounts(base, pop, 2, &caches).value();
  EXPECT_EQ(caches.size(), 2u);
  const FamilyAmounts cached = family_amounts(reform, pop, 2, &caches).value();
  const FamilyAmounts plain = family_amounts(reform, pop, 1).value();
  EXPECT_EQ(plain.amount, expected);
  EXPECT_EQ(plain.eligible, expected_eligible);
  EXPECT_EQ(cached.amount, expected);
  EXPECT_EQ(cached.eligible, expected_eligible);
  EXPECT_EQ(compare(before, cached, pop).value().total, compare(before, plain, pop).value().total);
  EXPECT_GT(compare(before, plain, pop).value().total.better_off, 0u);
}

TEST(FamilyCsv, RowsInFamilyOrderWhateverTheThreads) {
  const Population pop = sample(3'000, 24, kAsOf2026);
  const auto parameters = with({{&pack("kz-tsa"), "poverty_line=52000"}});
  auto compiled = compile(pack("kz-tsa"), parameters, library().income_rules(), pop, Date::from_ymd(2026, 1, 20)).value();
  const auto path = std::filesystem::temp_directory_path() / ("komek_families_" + std::to_string(::getpid()) + ".csv");
  std::string first;
  for (unsigned threads : {1u, 3u}) {
    FamilyCsvWriter writer(path);
    writer.set_pack(compiled);
    run(compiled, pop, {threads, &writer, nullptr}).value();
    ASSERT_TRUE(writer.flush_run().has_value());
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(text.substr(0, kFamilyCsvHeader.size()), kFamilyCsvHeader);
    EXPECT_EQ(writer.rows(), static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n') - 1));
    if (first.empty()) first = text;
    else EXPECT_EQ(text, first);
  }
  EXPECT_NE(first.find(",kz-tsa,tsa,eligible,"), std::string::npos);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace komek::batch
