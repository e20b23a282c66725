#include "batch/analysis.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>

#include "core/iin.hpp"

namespace komek::batch {
namespace {

void append_number(std::string& out, std::uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;
  out.append(buf, end);
}

void append_tiyn(std::string& out, std::int64_t tiyn) {
  const bool negative = tiyn < 0;
  const auto magnitude = negative ? static_cast<std::uint64_t>(-(tiyn + 1)) + 1 : static_cast<std::uint64_t>(tiyn);
  if (negative) out.push_back('-');
  append_number(out, magnitude / 100);
  out.push_back('.');
  out.push_back(static_cast<char>('0' + magnitude % 100 / 10));
  out.push_back(static_cast<char>('0' + magnitude % 10));
}

void append_territory(std::string& out, std::uint32_t territory) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%09u", static_cast<unsigned>(territory));
  out.append(buf);
}

bool add(std::int64_t& total, std::int64_t value) { return !__builtin_add_overflow(total, value, &total); }

// Runs every pack with the same sink; the sink learns the pack's index through `on_pack`.
template <typename Sink>
Result<std::vector<RunTotals>> run_all(std::span<const CompiledPack> packs, const Population& population,
                                       unsigned threads, Sink& sink) {
  std::vector<RunTotals> totals;
  for (std::size_t k = 0; k < packs.size(); ++k) {
    sink.on_pack(static_cast<std::uint32_t>(k), packs[k]);
    KOMEK_TRY(t, run(packs[k], population, RunOptions{threads, &sink, nullptr, Detail::kEligible}));
    totals.push_back(std::move(t));
  }
  return totals;
}

}  // namespace

std::string tiyn_decimal(std::int64_t tiyn) {
  std::string s;
  append_tiyn(s, tiyn);
  return s;
}

// --- FamilyCsvWriter ---

struct FamilyCsvWriter::Part {
  std::string buffer;
  std::filesystem::path path;
  std::FILE* file = nullptr;
  bool failed = false;
  std::uint64_t rows = 0;
};

FamilyCsvWriter::FamilyCsvWriter(std::filesystem::path file) : file_(std::move(file)) {}

FamilyCsvWriter::~FamilyCsvWriter() {
  for (auto& part : parts_) {
    if (part->file != nullptr) std::fclose(part->file);
    std::error_code ec;
    std::filesystem::remove(part->path, ec);
  }
}

void FamilyCsvWriter::set_pack(const CompiledPack& pack) { pack_ = &pack; }

void FamilyCsvWriter::start(unsigned workers) {
  parts_.clear();
  for (unsigned w = 0; w < workers; ++w) {
    auto part = std::make_unique<Part>();
    part->path = file_;
    part->path += ".part" + std::to_string(w);
    parts_.push_back(std::move(part));
  }
}

void FamilyCsvWriter::family(unsigned worker, const FamilyView& view) {
  if (view.status == FamilyStatus::kOutside) return;
  Part& part = *parts_[worker];
  std::string& out = part.buffer;
  const auto row_start = [&] {
    append_number(out, view.family);
    out.push_back(',');
    append_territory(out, view.territory);
    out.push_back(',');
    out += pack_->pack->id;
    out.push_back(',');
  };
  if (view.status == FamilyStatus::kError) {
    row_start();
    out += ",error,,,,,,,,";
    out += view.error->message_key;
    out.push_back('\n');
    ++part.rows;
  } else {
    for (std::size_t j = 0; j < view.programmes.size(); ++j) {
      const ProgrammeResult& r = view.programmes[j];
      if (!r.in_force) continue;
      const CompiledProgramme& cp = pack_->programmes[j];
      row_start();
      out += cp.programme->id;
      out += !r.decided ? ",undecided," : r.eligible ? ",eligible," : ",not_eligible,";
      append_number(out, r.recipient_count);
      out.push_back(',');
      bool first = true;
      for (std::uint64_t bits = r.recipients; bits != 0; bits &= bits - 1) {
        if (!first) out.push_back('|');
        first = false;
        append_number(out, static_cast<std::uint64_t>(__builtin_ctzll(bits)));
      }
      out.push_back(',');
      append_tiyn(out, r.per_recipient);
      out.push_back(',');
      append_tiyn(out, r.per_payment);
      out.push_back(',');
      append_number(out, static_cast<std::uint64_t>(r.payments));
      out.push_back(',');
      append_tiyn(out, r.per_period);
      out.push_back(',');
      first = true;
      for (std::uint64_t bits = r.refusals; bits != 0; bits &= bits - 1) {
        if (!first) out.push_back('|');
        first = false;
        out += cp.refusal_ids[static_cast<std::size_t>(__builtin_ctzll(bits))];
      }
      out.push_back(',');
      if (r.error != nullptr) out += r.error->message_key;
      out.push_back('\n');
      ++part.rows;
    }
  }
  // Spill to the worker's part file so that a national run does not hold every row in memory.
  constexpr std::size_t kSpillBytes = 4u << 20;
  if (out.size() >= kSpillBytes && !part.failed) {
    if (part.file == nullptr) part.file = std::fopen(part.path.c_str(), "wb");
    if (part.file == nullptr || std::fwrite(out.data(), 1, out.size(), part.file) != out.size()) part.failed = true;
    out.clear();
  }
}

Result<void> FamilyCsvWriter::flush_run() {
  const auto write_error = [&](const std::string& what) {
    return invalid("batch.write", {{"file", file_.string()}, {"what", what}});
  };
  std::FILE* out = std::fopen(file_.c_str(), started_file_ ? "ab" : "wb");
  if (out == nullptr) return fail(ErrorCode::kInvalidInput, "batch.write", {{"file", file_.string()}, {"what", "cannot open"}});
  bool ok = true;
  if (!started_file_) {
    ok = std::fputs(std::string(kFamilyCsvHeader).append("\n").c_str(), out) >= 0;
    started_file_ = true;
  }
  for (auto& part : parts_) {
    if (part->failed) ok = false;
    if (part->file != nullptr) {
      std::fclose(part->file);
      part->file = nullptr;
      std::FILE* in = std::fopen(part->path.c_str(), "rb");
      if (in == nullptr) ok = false;
      char buf[1 << 16];
      std::size_t n = 0;
      while (ok && in != nullptr && (n = std::fread(buf, 1, sizeof buf, in)) > 0)
        if (std::fwrite(buf, 1, n, out) != n) ok = false;
      if (in != nullptr) std::fclose(in);
      std::error_code ec;
      std::filesystem::remove(part->path, ec);
    }
    if (ok && !part->buffer.empty() && std::fwrite(part->buffer.data(), 1, part->buffer.size(), out) != part->buffer.size())
      ok = false;
    part->buffer.clear();
    rows_ += part->rows;
    part->rows = 0;
  }
  if (std::fclose(out) != 0) ok = false;
  if (!ok) return write_error("a write failed (disk full?)");
  return {};
}

// --- offers ---

std::int64_t Offer::per_payment() const {
  std::int64_t t = 0;
  for (const auto& l : lines) t += l.per_payment;
  return t;
}
std::int64_t Offer::per_period() const {
  std::int64_t t = 0;
  for (const auto& l : lines) t += l.per_period;
  return t;
}

Result<std::vector<bool>> read_exclusions(std::string_view text, std::string_view origin, std::size_t families) {
  std::vector<bool> excluded(families, false);
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    const auto params = [&] {
      return std::vector<std::pair<std::string, std::string>>{
          {"file", std::string(origin)}, {"line", std::to_string(line_no)}, {"value", std::string(line.substr(0, 40))},
          {"max", std::to_string(families)}};
    };
    const bool digits = std::all_of(line.begin(), line.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (digits && line.size() == 12) {
      // An IIN: recognised so that the refusal says what to do instead.
      Error e = Iin::parse(line) ? Error(ErrorCode::kInvalidInput, "batch.exclude_iin", params())
                                 : Error(ErrorCode::kInvalidInput, "batch.exclude_line", params());
      e.field = "--exclude";
      return tl::unexpected(e);
    }
    std::uint64_t id = 0;
    auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), id);
    if (!digits || ec != std::errc() || end != line.data() + line.size() || id >= families) {
      Error e(ErrorCode::kInvalidInput, "batch.exclude_line", params());
      e.field = "--exclude";
      return tl::unexpected(e);
    }
    excluded[id] = true;
  }
  return excluded;
}

namespace {

struct FlatOffer {
  std::size_t family;
  std::uint32_t territory;
  OfferLine line;
};

class OfferSink : public FamilySink {
 public:
  void on_pack(std::uint32_t index, const CompiledPack& pack) {
    pack_index_ = index;
    pack_ = &pack;
  }
  void start(unsigned workers) override {
    for (auto& part : parts_) all_.insert(all_.end(), part.begin(), part.end());
    parts_.assign(workers, {});
  }
  void family(unsigned worker, const FamilyView& view) override {
    if (view.status != FamilyStatus::kEvaluated) return;
    for (std::size_t j = 0; j < view.programmes.size(); ++j) {
      const ProgrammeResult& r = view.programmes[j];
      if (!r.eligible) continue;
      parts_[worker].push_back(FlatOffer{view.family, view.territory,
                                         OfferLine{pack_index_, static_cast<std::uint32_t>(j), r.recipient_count,
                                                   r.per_payment, r.per_period}});
    }
  }
  std::vector<FlatOffer> take() {
    for (auto& part : parts_) all_.insert(all_.end(), part.begin(), part.end());
    parts_.clear();
    return std::move(all_);
  }

 private:
  std::uint32_t pack_index_ = 0;
  const CompiledPack* pack_ = nullptr;
  std::vector<std::vector<FlatOffer>> parts_;
  std::vector<FlatOffer> all_;
};

}  // namespace

Result<OfferResult> find_offers(std::span<const CompiledPack> packs, const Population& population,
                                const std::vector<bool>& excluded, unsigned threads) {
  OfferSink sink;
  auto totals = run_all(packs, population, threads, sink);
  if (!totals) return tl::unexpected(totals.error());
  std::vector<FlatOffer> flat = sink.take();
  // Pack by pack, each in family order: a stable sort by family keeps pack and programme order.
  std::stable_sort(flat.begin(), flat.end(), [](const FlatOffer& a, const FlatOffer& b) { return a.family < b.family; });
  OfferResult result;
  result.totals = std::move(*totals);
  for (std::size_t i = 0; i < flat.size();) {
    std::size_t k = i;
    while (k < flat.size() && flat[k].family == flat[i].family) ++k;
    if (flat[i].family < excluded.size() && excluded[flat[i].family]) {
      ++result.excluded;
    } else {
      Offer offer{flat[i].family, flat[i].territory, {}};
      for (std::size_t x = i; x < k; ++x) offer.lines.push_back(flat[x].line);
      result.offers.push_back(std::move(offer));
    }
    i = k;
  }
  return result;
}

// --- holiday lists ---

namespace {

class HolidaySink : public FamilySink {
 public:
  explicit HolidaySink(const Population& population) : columns_(population.columns()) {}
  void on_pack(std::uint32_t index, const CompiledPack& pack) {
    pack_index_ = index;
    selected_.clear();
    for (std::size_t j = 0; j < pack.programmes.size(); ++j) {
      const CompiledProgramme& cp = pack.programmes[j];
      if (cp.in_force && cp.programme->frequency.kind == rules::FrequencyKind::kHoliday && cp.payment_date &&
          *cp.payment_date == pack.date)
        selected_.push_back(static_cast<std::uint32_t>(j));
    }
  }
  [[nodiscard]] const std::vector<std::uint32_t>& selected() const { return selected_; }
  void start(unsigned workers) override {
    for (auto& part : parts_) rows_.insert(rows_.end(), part.begin(), part.end());
    parts_.assign(workers, {});
  }
  void family(unsigned worker, const FamilyView& view) override {
    if (view.status != FamilyStatus::kEvaluated) return;
    for (std::uint32_t j : selected_) {
      const ProgrammeResult& r = view.programmes[j];
      if (!r.eligible) continue;
      HolidayRow row{pack_index_, j, view.family, view.territory, -1, 0, 0};
      if (person_programme_[j]) {
        for (std::uint64_t bits = r.recipients; bits != 0; bits &= bits - 1) {
          row.member = __builtin_ctzll(bits);
          row.relation = columns_.person_relation[view.first_person + static_cast<std::uint32_t>(row.member)];
          row.amount = r.per_recipient;
          parts_[worker].push_back(row);
        }
      } else {
        row.relation = static_cast<std::uint8_t>(rules::Relation::kApplicant);  // paid to the family's applicant
        row.amount = r.per_payment;
        parts_[worker].push_back(row);
      }
    }
  }
  void set_kinds(const CompiledPack& pack) {
    person_programme_.assign(pack.programmes.size(), false);
    for (std::size_t j = 0; j < pack.programmes.size(); ++j)
      person_programme_[j] = pack.programmes[j].programme->per == rules::Per::kPerson;
  }
  std::vector<HolidayRow> take() {
    for (auto& part : parts_) rows_.insert(rows_.end(), part.begin(), part.end());
    parts_.clear();
    return std::move(rows_);
  }

 private:
  const Columns& columns_;
  std::uint32_t pack_index_ = 0;
  std::vector<std::uint32_t> selected_;
  std::vector<bool> person_programme_;
  std::vector<std::vector<HolidayRow>> parts_;
  std::vector<HolidayRow> rows_;
};

}  // namespace

Result<HolidayList> holiday_list(std::span<const CompiledPack> packs, const Population& population, unsigned threads) {
  HolidaySink sink(population);
  HolidayList list;
  for (std::size_t k = 0; k < packs.size(); ++k) {
    sink.on_pack(static_cast<std::uint32_t>(k), packs[k]);
    if (sink.selected().empty()) continue;  // nothing paid that day: no pass over the population
    sink.set_kinds(packs[k]);
    for (std::uint32_t j : sink.selected()) list.programmes.push_back(HolidayProgramme{static_cast<std::uint32_t>(k), j, 0, 0, 0});
    KOMEK_CHECK(run(packs[k], population, RunOptions{threads, &sink, nullptr, Detail::kEligible}));
  }
  list.rows = sink.take();
  std::stable_sort(list.rows.begin(), list.rows.end(), [](const HolidayRow& a, const HolidayRow& b) {
    return a.pack != b.pack ? a.pack < b.pack : a.programme < b.programme;
  });
  for (auto& p : list.programmes) {
    std::size_t last_family = SIZE_MAX;
    for (const HolidayRow& row : list.rows) {
      if (row.pack != p.pack || row.programme != p.programme) continue;
      if (row.family != last_family) ++p.families;
      last_family = row.family;
      ++p.recipients;
      if (!add(p.amount, row.amount)) return invalid("batch.total_overflow", {{"pack", packs[p.pack].pack->id}});
    }
  }
  return list;
}

// --- what-if ---

Result<FamilyAmounts> family_amounts(std::span<const CompiledPack> packs, const Population& population, unsigned threads,
                                     std::vector<IncomeCache>* income_caches) {
  FamilyAmounts out;
  out.amount.assign(population.family_count(), 0);
  out.eligible.assign(population.family_count(), 0);
  if (income_caches != nullptr && income_caches->size() < packs.size()) income_caches->resize(packs.size());
  // The engine adds each family's eligible amounts straight into the arrays (no sink call per
  // family); each worker writes its own families only.
  for (std::size_t k = 0; k < packs.size(); ++k) {
    RunOptions options{threads, nullptr, nullptr, Detail::kEligible};
    options.family_amount = out.amount.data();
    options.family_eligible = out.eligible.data();
    if (income_caches != nullptr) options.income_cache = &(*income_caches)[k];
    KOMEK_TRY(t, run(packs[k], population, options));
    out.totals.push_back(std::move(t));
  }
  return out;
}

Result<WhatIf> compare(const FamilyAmounts& before, const FamilyAmounts& after, const Population& population) {
  const auto& territory = population.columns().family_territory;
  WhatIf w;
  bool ok = true;
  for (std::size_t f = 0; f < population.family_count(); ++f) {
    WhatIfCell& cell = w.regions[territory[f] / 10'000'000u];
    const std::int64_t a = before.amount[f];
    const std::int64_t b = after.amount[f];
    const bool ea = before.eligible[f] != 0;
    const bool eb = after.eligible[f] != 0;
    cell.eligible_before += ea;
    cell.eligible_after += eb;
    cell.better_off += b > a;
    cell.worse_off += b < a;
    cell.newly_eligible += !ea && eb;
    cell.no_longer_eligible += ea && !eb;
    ok = add(cell.cost_before, a) && add(cell.cost_after, b) && ok;
  }
  for (const WhatIfCell& c : w.regions) {
    w.total.eligible_before += c.eligible_before;
    w.total.eligible_after += c.eligible_after;
    w.total.better_off += c.better_off;
    w.total.worse_off += c.worse_off;
    w.total.newly_eligible += c.newly_eligible;
    w.total.no_longer_eligible += c.no_longer_eligible;
    ok = add(w.total.cost_before, c.cost_before) && add(w.total.cost_after, c.cost_after) && ok;
  }
  if (!ok) return invalid("batch.total_overflow", {{"pack", "what-if"}});
  return w;
}

}  // namespace komek::batch
