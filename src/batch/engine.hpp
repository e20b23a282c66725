// The whole-population engine (issue 7): a rule pack compiled, for one date, into column
// kernels over a Population, run over every family on all cores.
//
//   auto compiled = compile(pack, parameters, income_rules, population, date).value();
//   RunTotals totals = run(compiled, population, {.threads = 0}).value();
//   totals.programmes[0].regions[15].per_period   // tiyn, TSA in Aktobe region
//
// The kernels give exactly what rules::evaluate gives for to_family(population, f, date)
// (application date = evaluation date = `date`) — eligibility per programme, amounts per
// recipient, payment and period in tiyn, payments, recipients, refusal grounds — because
// they follow evaluate() step by step with the pack's values resolved once instead of per
// family:
// * legal values (thresholds by region, constant amounts, payments, in-force) are resolved
//   at compile time through the same ParameterSet calls evaluate() makes, errors included;
// * conditions become a small tree over the columns: a status list becomes a bit mask, an
//   age bound a birth-day bound found by bisection with core's own age_on(), able_bodied
//   the same with the pension age by sex; what the population does not hold (facts,
//   existing assistance, property) is answered as evaluate() answers an empty list;
// * per family: the income of the reference quarter classified by the pack's income rules,
//   summed in 128 bits, the comparison with the threshold and the TSA formula done in the
//   same integers as rules::IncomeSummary and the evaluator.
// A programme the kernels cannot compile (over the limits below, or named in
// CompileOptions::interpret) is evaluated per family with rules::evaluate itself, and the
// families so evaluated are counted (RunTotals::families_interpreted). tests/unit/batch
// compares kernels with evaluate() family by family for every shipped pack.
//
// Runs without a sink take the block kernels (engine.cpp run_block, docs/batch.md): 4,096
// families at a time, programme by programme, each test over the whole block; runs with a sink
// walk family by family with every detail. Both give the same totals (tested).
//
// Threads: a static partition of the families in contiguous ranges, one per thread; each
// thread sums into its own totals, merged in thread order. All sums are integers, so the
// totals are identical whatever the thread count.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "batch/population.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "rules/evaluate.hpp"
#include "rules/income.hpp"
#include "rules/pack.hpp"
#include "rules/parameters.hpp"

namespace komek::batch {

inline constexpr std::size_t kRegionSlots = 100;         // KATO region numbers 00..99
inline constexpr std::size_t kRefusalSlotsMax = 64;      // bits of ProgrammeResult::refusals
inline constexpr std::size_t kConditionNodesMax = 512;   // a bigger condition is interpreted
inline constexpr unsigned kThreadsMax = 256;

struct CompileOptions {
  // Programme ids to evaluate per family with rules::evaluate instead of a kernel (to check
  // the fallback, or to rule out a kernel when in doubt).
  std::vector<std::string> interpret;
};

// One programme for one family, as rules::ProgrammeOutcome has it (amounts in tiyn).
struct ProgrammeResult {
  std::int64_t per_recipient = 0;
  std::int64_t per_payment = 0;
  std::int64_t per_period = 0;
  std::uint64_t recipients = 0;  // bit i: the family's member i
  std::uint64_t refusals = 0;    // bit s: CompiledProgramme::refusal_ids[s], in evaluate()'s order
  const Error* error = nullptr;  // undecided: why (valid during the sink call)
  std::int32_t payments = 0;
  std::uint16_t recipient_count = 0;
  bool in_force = true;
  bool decided = true;
  bool eligible = false;
};

// A programme as compiled: what is the same for every family.
struct CompiledProgramme {
  const rules::Programme* programme = nullptr;
  bool in_force = true;
  bool interpreted = false;        // evaluated per family by rules::evaluate
  std::string interpreted_reason;  // why, for the report
  Date on;                         // the date amounts are taken at (holidays: the day)
  Date test_date;                  // the date categories are tested on
  int payments = 0;
  std::optional<Period> period;
  std::optional<Date> payment_date;  // holiday payments
  // Refusal slots: 0 is the income test's refusal ground ("" without an income test),
  // 1.. the programme's refusal_grounds in order.
  std::vector<std::string> refusal_ids;

  // --- kernel program (engine internals) ---
  struct Node {
    rules::Condition::Op op = rules::Condition::Op::kAll;
    bool constant = false;        // answered once: facts, existing assistance, property
    bool value = false;           // the constant's value
    std::uint8_t relation_mask = 0;
    std::uint8_t sex = 0;
    std::uint64_t status_mask = 0;
    std::int32_t birth_after = INT32_MIN;  // age bounds: birth_after < birth <= birth_upto
    std::int32_t birth_upto = INT32_MAX;
    std::int32_t able_after[2] = {INT32_MIN, INT32_MIN};  // able-bodied: below pension age, by sex
    std::uint64_t able_excluded = 0;                       // statuses that rule able-bodied out
    int min = -1;
    int max = -1;
    std::uint32_t first_child = 0;  // into children
    std::uint32_t child_count = 0;
  };
  std::vector<Node> nodes;
  std::vector<std::uint32_t> children;
  std::vector<std::int32_t> grounds;     // nodes of the non-income grounds' conditions
  bool income_ground = false;
  bool has_grounds = false;
  std::int32_t who = -1;                 // node, or -1 (everyone)
  int requires_index = -2;               // -2: none; -1: a programme not evaluated before; else index
  std::vector<std::int32_t> refusal_when;  // node per slot (slot 0 unused), -1: no condition or always false
  std::size_t refusal_last = 1;            // slots [1, refusal_last) hold every condition to test
  bool income_test = false;
  bool or_equal = true;                   // refused when income ≥ (true) or > (false) the threshold
  std::array<std::optional<Money>, kRegionSlots> threshold{};
  std::array<std::optional<Error>, kRegionSlots> threshold_error{};
  std::optional<Error> no_income_rules;
  bool formula = false;
  Rounding formula_rounding = Rounding::kHalfUp;
  bool to_whole_tenge = false;
  std::optional<Money> amount;           // constant per-recipient amount
  std::optional<Error> amount_error;
  // No family can overflow its amounts (bounded by 64 members and the largest threshold or
  // amount), so a programme whose test failed is decided without computing them.
  bool fail_fast = false;
};

struct CompiledPack {
  const rules::Pack* pack = nullptr;
  Date date;
  std::vector<CompiledProgramme> programmes;
  std::size_t interpreted = 0;           // programmes evaluated per family

  // --- engine internals ---
  std::uint32_t cover_divisor = 0;       // 0: the whole country; else KATO / divisor must match
  std::uint32_t cover_value = 0;
  bool income = false;                   // the pack has income rules: summed for every family
  std::vector<std::uint8_t> income_class;  // per population income type: 0 unclassified, 1 counted, 2 excluded
  std::array<std::uint64_t, kIncomeTypesMax> counted_mask{};   // all ones where counted
  std::array<std::uint64_t, kIncomeTypesMax> excluded_mask{};  // all ones where excluded
  std::uint16_t month_first = 0, month_last = 0;  // the reference quarter, as month indices
  int months = 3;
  std::string income_rules_id;
  // For interpreted programmes: what rules::evaluate needs.
  const rules::ParameterSet* parameters = nullptr;
  const rules::IncomeRuleSets* income_rules = nullptr;
  Error overflow = Error(ErrorCode::kInvalidInput, "money.overflow");

  std::uint32_t cover_from = 0, cover_count = 0;  // the KATO codes inside: [from, from + count)
  // Kato::contains as a range check (no division per family).
  [[nodiscard]] bool covers(std::uint32_t territory) const {
    return cover_divisor == 0 || territory - cover_from < cover_count;
  }
};

// Errors (the whole pack, as evaluate() would give them for every family): the pack not in
// force on the date ("rules.pack_not_in_force"), income rules missing ("rules.income_rules_missing").
// `parameters` and `income_rules` must outlive the compiled pack.
Result<CompiledPack> compile(const rules::Pack& pack, const rules::ParameterSet& parameters,
                             const rules::IncomeRuleSets& income_rules, const Population& population, Date date,
                             const CompileOptions& options = {});

enum class FamilyStatus : std::uint8_t {
  kEvaluated,
  kOutside,  // outside the pack's territory: evaluate() refuses it (rules.territory_outside_pack)
  kError,    // evaluate() fails for it: an income type the rules do not classify, an overflow
};

struct FamilyView {
  std::size_t family = 0;
  int region = 0;
  std::uint32_t territory = 0;
  std::uint32_t first_person = 0;
  std::uint16_t size = 0;
  FamilyStatus status = FamilyStatus::kEvaluated;
  std::span<const ProgrammeResult> programmes;  // per programme of the pack when evaluated
  const Error* error = nullptr;                 // kError
};

// Receives every family's results. Worker w is given the families of one contiguous range,
// in order; the ranges follow each other in worker order. Calls from different workers run
// at the same time.
class FamilySink {
 public:
  virtual ~FamilySink() = default;
  virtual void start(unsigned workers) { (void)workers; }
  virtual void family(unsigned worker, const FamilyView& view) = 0;
};

struct Cell {
  std::uint64_t families = 0;   // eligible families
  std::uint64_t persons = 0;    // recipients (per-family programmes: every member)
  std::int64_t per_payment = 0; // tiyn, one payment, all eligible families
  std::int64_t per_period = 0;  // tiyn, the assignment period
  std::uint64_t undecided = 0;  // families the programme is undecided for
  friend bool operator==(const Cell&, const Cell&) = default;
};

struct ProgrammeTotals {
  std::array<Cell, kRegionSlots> regions{};
  [[nodiscard]] Cell total() const;
  friend bool operator==(const ProgrammeTotals&, const ProgrammeTotals&) = default;
};

struct RunTotals {
  std::vector<ProgrammeTotals> programmes;  // in the pack's order
  std::array<std::uint64_t, kRegionSlots> families_by_region{};  // evaluated families
  std::array<std::uint64_t, kRegionSlots> persons_by_region{};
  std::uint64_t families_evaluated = 0;
  std::uint64_t persons_evaluated = 0;
  std::uint64_t families_outside = 0;
  std::uint64_t families_error = 0;
  std::uint64_t families_interpreted = 0;  // evaluated with rules::evaluate for some programme
  std::optional<Error> first_error;        // the first family error, in family order
  std::size_t first_error_family = 0;
  unsigned threads = 0;
  // Everything equal, the first error by key, field and parameters.
  friend bool operator==(const RunTotals& a, const RunTotals& b);
};

// What a sink is given for a programme a family is not eligible for: everything (kFull, as
// evaluate() has it), or only that it is not eligible and whether it is decided (kEligible:
// faster, for sinks that look at eligible programmes only). Totals are the same either way.
enum class Detail { kFull, kEligible };

// Each family's counted income of a reference quarter under one classification of income
// types, kept between runs over the same population: the income records are most of the bytes
// a run reads, and a what-if (the same packs, another line or amount) or a second pack with
// the same income rules and quarter needs the same totals again. run() fills what it computes
// and reuses what is there; a run with another population, classification or quarter starts
// the cache afresh. The totals are the same values run() computes without it, so results do
// not depend on whether a cache is given. About 9 bytes per family.
class IncomeCache {
 public:
  [[nodiscard]] std::size_t families_cached() const;

 private:
  friend struct IncomeCacheAccess;
  std::weak_ptr<const void> storage_;  // the population's columns (identity)
  const void* population_ = nullptr;   // its family column
  std::size_t families_ = 0;
  std::vector<std::uint8_t> classes_;  // CompiledPack::income_class
  std::uint16_t month_first_ = 0, month_last_ = 0;
  std::vector<std::int64_t> counted_;  // tiyn
  std::vector<std::uint8_t> state_;    // 0 not computed, 1 counted_ holds it, 2 the family is an error
};

struct RunOptions {
  unsigned threads = 0;                         // 0: every core
  FamilySink* sink = nullptr;                   // per-family results, when wanted
  std::atomic<std::uint64_t>* progress = nullptr;  // families done, updated now and then
  Detail detail = Detail::kFull;
  IncomeCache* income_cache = nullptr;          // see IncomeCache; not shared by concurrent runs
  // Per family (population.family_count() entries each), without a sink call: the
  // amount_per_period of every eligible programme added into family_amount[f] (tiyn) and
  // family_eligible[f] set to 1 when it is eligible for any (the what-if's sums). A family
  // sum beyond 64 bits fails the run with "batch.total_overflow" {pack: what-if}.
  std::int64_t* family_amount = nullptr;
  std::uint8_t* family_eligible = nullptr;
};

// Error: "batch.total_overflow" (a total beyond 64-bit tiyn).
Result<RunTotals> run(const CompiledPack& pack, const Population& population, const RunOptions& options);

// The families [begin, end) of `worker` among `workers` (the static partition).
std::pair<std::size_t, std::size_t> partition(std::size_t families, unsigned workers, unsigned worker);
unsigned effective_threads(unsigned asked, std::size_t families);

}  // namespace komek::batch
