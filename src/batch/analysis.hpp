// What planners and the Digital Family Card ask of the whole population, on top of the
// engine (engine.hpp): per-family results as CSV, proactive offers, holiday lists and what-if
// comparisons (issue 7 items 4-7; docs/batch.md).
//
//   std::vector<CompiledPack> packs = …;                 // compile() each pack for the date
//   auto offers = find_offers(packs, population, excluded, 0).value();
//   auto holiday = holiday_list(packs, population, 0).value();
//   auto before = family_amounts(base, population, 0).value();
//   auto after = family_amounts(reform, population, 0).value();   // same population, no reload
//   WhatIf w = compare(before, after, population).value();
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "batch/engine.hpp"

namespace komek::batch {

// --- per-family results as CSV ---

// The header of `--families-out`: one row per evaluated family and programme in force, and
// one row (programme empty, status "error") per family evaluate() refuses.
inline constexpr std::string_view kFamilyCsvHeader =
    "family,territory,pack,programme,status,recipients,members,per_recipient,per_payment,payments,per_period,refusals,reason";

// Writes rows as families are evaluated, one buffer per worker spilled to `<file>.part<w>`
// and joined in worker order at finish(), so the file is in family order whatever the
// thread count and memory stays bounded. Use one writer for several packs in turn.
class FamilyCsvWriter : public FamilySink {
 public:
  explicit FamilyCsvWriter(std::filesystem::path file);
  ~FamilyCsvWriter() override;
  FamilyCsvWriter(const FamilyCsvWriter&) = delete;
  FamilyCsvWriter& operator=(const FamilyCsvWriter&) = delete;

  void set_pack(const CompiledPack& pack);  // before each run
  void start(unsigned workers) override;
  void family(unsigned worker, const FamilyView& view) override;
  // After each run: appends the run's rows to the file. Error: "batch.write".
  Result<void> flush_run();
  [[nodiscard]] std::uint64_t rows() const { return rows_; }

 private:
  struct Part;
  std::filesystem::path file_;
  const CompiledPack* pack_ = nullptr;
  std::vector<std::unique_ptr<Part>> parts_;
  std::uint64_t rows_ = 0;
  bool started_file_ = false;
};

// --- proactive finding (001 §10: help found before it is asked for) ---

struct OfferLine {
  std::uint32_t pack = 0;       // index into the compiled packs
  std::uint32_t programme = 0;  // index into the pack's programmes
  std::uint16_t recipients = 0;
  std::int64_t per_payment = 0;
  std::int64_t per_period = 0;
};

struct Offer {
  std::size_t family = 0;
  std::uint32_t territory = 0;
  std::vector<OfferLine> lines;
  [[nodiscard]] std::int64_t per_payment() const;
  [[nodiscard]] std::int64_t per_period() const;
};

// Families excluded from offers: bit per family id. The text lists one family id (the
// population's family index, as in its CSV export) per line; blank lines and lines starting
// with '#' are skipped. A 12-digit IIN is recognised and refused: the population holds no
// IINs. Errors: "batch.exclude_line", "batch.exclude_iin" with {file}, {line}, {value}.
Result<std::vector<bool>> read_exclusions(std::string_view text, std::string_view origin, std::size_t families);

struct OfferResult {
  std::vector<Offer> offers;        // in family order
  std::uint64_t excluded = 0;       // qualifying families left out as already applied/assigned
  std::vector<RunTotals> totals;    // per pack
};

// Families eligible for at least one programme of the packs and not excluded.
Result<OfferResult> find_offers(std::span<const CompiledPack> packs, const Population& population,
                                const std::vector<bool>& excluded, unsigned threads);

// --- holiday lists (SPEC §8; 001 §10, §25: paid without an application from lists) ---

struct HolidayProgramme {
  std::uint32_t pack = 0;
  std::uint32_t programme = 0;
  std::uint64_t families = 0;
  std::uint64_t recipients = 0;
  std::int64_t amount = 0;  // tiyn, all recipients
};

struct HolidayRow {
  std::uint32_t pack = 0;
  std::uint32_t programme = 0;
  std::size_t family = 0;
  std::uint32_t territory = 0;
  int member = -1;                 // the member's index in the family; -1 for a family payment
  std::uint8_t relation = 0;       // rules::Relation of the member (the applicant's for a family payment)
  std::int64_t amount = 0;         // tiyn
};

struct HolidayList {
  std::vector<HolidayProgramme> programmes;  // holiday programmes paid on the packs' date
  std::vector<HolidayRow> rows;              // by programme, then family, then member
};

// Every in-force programme with holiday frequency whose payment date is the packs' date.
Result<HolidayList> holiday_list(std::span<const CompiledPack> packs, const Population& population, unsigned threads);

// --- what-if ---

// Per family, over all packs: the sum of amount_per_period of the programmes it is eligible
// for (tiyn), and whether it is eligible for any.
struct FamilyAmounts {
  std::vector<std::int64_t> amount;
  std::vector<std::uint8_t> eligible;
  std::vector<RunTotals> totals;  // per pack
};
// Error: "batch.total_overflow". `income_caches`, when given, holds one IncomeCache per pack
// (resized to the packs): a baseline and its reforms passed the same vector read the income
// records once (a reform changes lines, amounts and conditions, not incomes) — same results.
Result<FamilyAmounts> family_amounts(std::span<const CompiledPack> packs, const Population& population, unsigned threads,
                                     std::vector<IncomeCache>* income_caches = nullptr);

struct WhatIfCell {
  std::uint64_t eligible_before = 0, eligible_after = 0;  // families eligible for anything
  std::uint64_t better_off = 0, worse_off = 0;            // amount after > / < before
  std::uint64_t newly_eligible = 0, no_longer_eligible = 0;
  std::int64_t cost_before = 0, cost_after = 0;           // tiyn, per period, all programmes
  friend bool operator==(const WhatIfCell&, const WhatIfCell&) = default;
};

struct WhatIf {
  std::array<WhatIfCell, kRegionSlots> regions{};
  WhatIfCell total;
};

// Both from the same population. Error: "batch.total_overflow".
Result<WhatIf> compare(const FamilyAmounts& before, const FamilyAmounts& after, const Population& population);

// A sum of tiyn as a decimal tenge string ("1234.50"), for totals beyond Money's checks.
std::string tiyn_decimal(std::int64_t tiyn);

}  // namespace komek::batch
