// komek batch evaluate | offers | holiday | whatif — rule packs over the whole population
// (issue 7; docs/batch.md).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "batch/analysis.hpp"
#include "batch/engine.hpp"
#include "batch/file.hpp"
#include "cli/cli.hpp"
#include "core/messages.hpp"
#include "core/territory.hpp"
#include "rules/json.hpp"
#include "rules/library.hpp"
#include "rules/messages.hpp"

namespace komek::cli {
namespace {

using Clock = std::chrono::steady_clock;
using json = nlohmann::json;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct CommonArgs {
  std::vector<std::string> packs;
  std::string population;
  std::string date;
  unsigned threads = 0;
  std::vector<std::string> sets;
};

void add_common(CLI::App* cmd, CommonArgs& a) {
  cmd->add_option("--pack", a.packs, "Pack id or pack file; repeatable")->required();
  cmd->add_option("--population", a.population, "Population file (komek population generate/import)")->required();
  cmd->add_option("--date", a.date, "Evaluation and application date YYYY-MM-DD")->required();
  cmd->add_option("--threads", a.threads, "Threads (default: every core)");
}

// Everything a batch command works on; compiled packs point into it, so it does not move.
struct Session {
  std::unique_ptr<rules::Library> lib;
  std::vector<const rules::Pack*> packs;
  rules::ParameterSet parameters;
  batch::Population population;
  Date date;
  std::vector<batch::CompiledPack> compiled;
  double load_seconds = 0;
  double compile_seconds = 0;
};

// NAME=VALUE for whichever pack knows the name (a parameter, or one of a pack's values).
Result<void> apply_sets(rules::ParameterSet& parameters, const std::vector<const rules::Pack*>& packs,
                        const std::vector<std::string>& sets) {
  for (const auto& s : sets) {
    Result<void> last = {};
    bool done = false;
    for (const rules::Pack* p : packs) {
      last = rules::set_override(parameters, *p, s);
      if (last) {
        done = true;
        break;
      }
    }
    if (!done) return tl::unexpected(last.error().at_field("--set"));
  }
  return {};
}

Result<const rules::Pack*> find_pack(rules::Library& lib, const std::string& id) {
  auto pack = lib.pack(id);
  if (!pack && pack.error().code == ErrorCode::kNotFound)
    return tl::unexpected(Error(ErrorCode::kInvalidInput, pack.error().message_key, pack.error().params).at_field("--pack"));
  return pack;
}

// Returns an exit code on failure, or -1 when the session is ready.
int open_session(const GlobalOptions& options, const CommonArgs& args, Session& s, bool compile_now = true) {
  auto lib = rules::Library::load(options.rules());
  if (!lib) return report_error(options, lib.error());
  s.lib = std::move(*lib);
  for (const auto& id : args.packs) {
    auto pack = find_pack(*s.lib, id);
    if (!pack) return report_error(options, pack.error());
    s.packs.push_back(*pack);
  }
  auto date = Date::parse(args.date);
  if (!date) return report_error(options, date.error().at_field("--date"));
  s.date = *date;
  s.parameters = s.lib->parameters();
  if (auto ok = apply_sets(s.parameters, s.packs, args.sets); !ok) return report_error(options, ok.error());
  if (args.threads > batch::kThreadsMax)
    return report_error(options, Error(ErrorCode::kInvalidInput, "batch.argument",
                                       {{"field", "--threads"}, {"what", "at most " + std::to_string(batch::kThreadsMax)}})
                                     .at_field("--threads"));
  const auto start = Clock::now();
  auto population = batch::load_population(args.population);
  if (!population) return report_error(options, population.error().at_field("--population"));
  s.population = std::move(*population);
  s.load_seconds = seconds_since(start);
  if (!compile_now) return -1;
  const auto compile_start = Clock::now();
  for (const rules::Pack* p : s.packs) {
    auto compiled = batch::compile(*p, s.parameters, s.lib->income_rules(), s.population, s.date);
    if (!compiled) return report_error(options, compiled.error().at_field("--date"));
    s.compiled.push_back(std::move(*compiled));
  }
  s.compile_seconds = seconds_since(compile_start);
  return -1;
}

std::string territory_code(std::uint32_t t) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%09u", static_cast<unsigned>(t));
  return buf;
}

std::string region_name(int region, Lang lang) {
  const RegionInfo* r = find_region(region);
  return r != nullptr ? std::string(r->name(lang)) : std::to_string(region);
}

std::string money(std::int64_t tiyn, Lang lang) { return Money::from_tiyn(tiyn).format(lang); }

// A progress bar on stderr, only when stderr is a terminal.
class Progress {
 public:
  Progress(std::uint64_t total, std::string label) : total_(total), label_(std::move(label)) {
    if (::isatty(STDERR_FILENO) == 0 || total_ == 0) return;
    thread_ = std::thread([this] {
      while (!stop_.load()) {
        draw();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  ~Progress() {
    if (!thread_.joinable()) return;
    stop_ = true;
    thread_.join();
    std::fprintf(stderr, "\r%*s\r", 72, "");
    std::fflush(stderr);
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  std::atomic<std::uint64_t>* counter() { return thread_.joinable() ? &done_ : nullptr; }

 private:
  void draw() {
    const std::uint64_t done = std::min(done_.load(std::memory_order_relaxed), total_);
    const int width = 30;
    const int filled = static_cast<int>(done * width / total_);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), '.');
    std::fprintf(stderr, "\r%-20.20s [%s] %3d%%", label_.c_str(), bar.c_str(), static_cast<int>(done * 100 / total_));
    std::fflush(stderr);
  }
  std::uint64_t total_;
  std::string label_;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// --- evaluate ---

struct EvaluateArgs {
  CommonArgs common;
  std::string families_out;
  std::size_t trace_sample = 0;
};

json cell_json(const batch::Cell& c) {
  return {{"families", c.families},       {"persons", c.persons},     {"per_payment_tiyn", c.per_payment},
          {"per_period_tiyn", c.per_period}, {"undecided", c.undecided}};
}

void print_traces(const GlobalOptions& options, const Session& s, std::size_t sample, json& out) {
  const Lang lang = options.language();
  const std::size_t families = s.population.family_count();
  sample = std::min(sample, families);
  for (std::size_t i = 0; i < sample; ++i) {
    const std::size_t f = i * families / sample;  // evenly spread, the same on every run
    const rules::Family family = batch::to_family(s.population, f, s.date);
    for (const rules::Pack* p : s.packs) {
      rules::EvaluationInput input{*p, s.parameters, s.lib->income_rules(), family, s.date, &s.lib->calendar(), true};
      auto ev = rules::evaluate(input);
      if (options.json) {
        json t = {{"family", f}, {"territory", family.territory.code()}, {"pack", p->id}};
        if (ev) t["evaluation"] = rules::to_json(*ev, lang, true);
        else t["error"] = {{"key", ev.error().message_key}, {"message", render(ev.error(), lang)}};
        out.push_back(std::move(t));
        continue;
      }
      std::cout << "\nTrace — family " << f << " (" << family.territory.code() << ", " << family.members.size()
                << " members), pack " << p->id << "\n";
      if (!ev) {
        std::cout << "  " << render(ev.error(), lang) << "\n";
        continue;
      }
      const auto steps = [&](const rules::Trace& trace) {
        for (const auto& step : trace) {
          std::cout << "    " << (step.passed ? "• " : "✗ ") << rules::render_step(step, lang);
          if (!step.cites.empty()) std::cout << "  [" << step.cites << "]";
          std::cout << "\n";
        }
      };
      steps(ev->trace);
      for (const auto& o : ev->programmes) {
        std::cout << "  " << o.programme->id << ": "
                  << (!o.in_force ? "not in force" : !o.decided ? "undecided" : o.eligible ? "eligible" : "not eligible");
        if (o.eligible) std::cout << ", " << o.amount_per_period.format(lang);
        std::cout << "\n";
        steps(o.trace);
      }
    }
  }
}

int run_evaluate(const GlobalOptions& options, const EvaluateArgs& args) {
  Session s;
  if (int rc = open_session(options, args.common, s); rc >= 0) return rc;
  const Lang lang = options.language();
  std::unique_ptr<batch::FamilyCsvWriter> writer;
  if (!args.families_out.empty()) writer = std::make_unique<batch::FamilyCsvWriter>(args.families_out);
  std::vector<batch::RunTotals> totals;
  const auto start = Clock::now();
  std::vector<double> pack_seconds;
  for (const batch::CompiledPack& cp : s.compiled) {
    if (writer) writer->set_pack(cp);
    const auto t0 = Clock::now();
    Progress progress(s.population.family_count(), cp.pack->id);
    auto t = batch::run(cp, s.population, {args.common.threads, writer.get(), progress.counter()});
    if (!t) return report_error(options, t.error());
    pack_seconds.push_back(seconds_since(t0));
    if (writer)
      if (auto ok = writer->flush_run(); !ok) return report_error(options, ok.error().at_field("--families-out"));
    totals.push_back(std::move(*t));
  }
  const double evaluate_seconds = seconds_since(start);
  const auto& pop = s.population;

  if (options.json) {
    json j = {{"date", s.date.iso()},
              {"population", {{"file", args.common.population}, {"persons", pop.person_count()}, {"families", pop.family_count()},
                              {"as_of", pop.as_of().iso()}}},
              {"threads", totals.empty() ? 0u : totals[0].threads},
              {"seconds", {{"load", s.load_seconds}, {"compile", s.compile_seconds}, {"evaluate", evaluate_seconds}}}};
    json packs = json::array();
    for (std::size_t k = 0; k < s.compiled.size(); ++k) {
      const batch::CompiledPack& cp = s.compiled[k];
      const batch::RunTotals& t = totals[k];
      json pj = {{"id", cp.pack->id}, {"title", cp.pack->titles.in(lang)}, {"families_evaluated", t.families_evaluated},
                 {"persons_evaluated", t.persons_evaluated}, {"families_outside", t.families_outside},
                 {"families_error", t.families_error}, {"families_interpreted", t.families_interpreted},
                 {"seconds", pack_seconds[k]}};
      if (t.first_error)
        pj["first_error"] = {{"family", t.first_error_family}, {"key", t.first_error->message_key},
                             {"message", render(*t.first_error, lang)}};
      json programmes = json::array();
      for (std::size_t j2 = 0; j2 < cp.programmes.size(); ++j2) {
        const batch::CompiledProgramme& p = cp.programmes[j2];
        json pr = {{"id", p.programme->id}, {"title", p.programme->titles.in(lang)}, {"in_force", p.in_force},
                   {"payments", p.payments}, {"interpreted", p.interpreted}, {"total", cell_json(t.programmes[j2].total())}};
        if (p.interpreted) pr["interpreted_reason"] = p.interpreted_reason;
        json regions = json::array();
        for (std::size_t r = 0; r < batch::kRegionSlots; ++r) {
          if (t.families_by_region[r] == 0) continue;
          json rj = cell_json(t.programmes[j2].regions[r]);
          rj["region"] = r;
          rj["name"] = region_name(static_cast<int>(r), lang);
          rj["families_evaluated"] = t.families_by_region[r];
          regions.push_back(std::move(rj));
        }
        pr["regions"] = std::move(regions);
        programmes.push_back(std::move(pr));
      }
      pj["programmes"] = std::move(programmes);
      packs.push_back(std::move(pj));
    }
    j["packs"] = std::move(packs);
    if (writer) j["families_out"] = {{"file", args.families_out}, {"rows", writer->rows()}};
    if (args.trace_sample > 0) {
      json traces = json::array();
      print_traces(options, s, args.trace_sample, traces);
      j["traces"] = std::move(traces);
    }
    print_json(j);
    return kExitOk;
  }

  std::cout << "Population " << args.common.population << ": " << pop.person_count() << " persons in "
            << pop.family_count() << " families (statuses as of " << pop.as_of().iso() << "); date " << s.date.iso()
            << "\nLoaded in " << s.load_seconds << " s, evaluated in " << evaluate_seconds << " s on "
            << (totals.empty() ? 0u : totals[0].threads) << " threads\n";
  for (std::size_t k = 0; k < s.compiled.size(); ++k) {
    const batch::CompiledPack& cp = s.compiled[k];
    const batch::RunTotals& t = totals[k];
    std::cout << "\n" << cp.pack->id << " — " << cp.pack->titles.in(lang) << "\n  families evaluated "
              << t.families_evaluated << " (" << t.persons_evaluated << " persons), outside the pack's territory "
              << t.families_outside << ", refused by the rules " << t.families_error << ", evaluated one by one "
              << t.families_interpreted << "\n";
    if (t.first_error)
      std::cout << "  first refused: family " << t.first_error_family << ": " << render(*t.first_error, lang) << "\n";
    for (std::size_t j2 = 0; j2 < cp.programmes.size(); ++j2) {
      const batch::CompiledProgramme& p = cp.programmes[j2];
      const batch::Cell total = t.programmes[j2].total();
      std::cout << "\n  " << p.programme->id << " — " << p.programme->titles.in(lang);
      if (!p.in_force) {
        std::cout << ": not in force on " << p.test_date.iso() << "\n";
        continue;
      }
      if (p.interpreted) std::cout << " [evaluated one by one: " << p.interpreted_reason << "]";
      std::cout << "\n    eligible " << total.families << " families, " << total.persons << " persons; "
                << money(total.per_payment, lang) << " a payment, " << money(total.per_period, lang) << " for the period ("
                << p.payments << (p.payments == 1 ? " payment" : " payments") << ")";
      if (total.undecided > 0) std::cout << "; undecided for " << total.undecided << " families";
      std::cout << "\n";
      if (total.families == 0 && total.undecided == 0) continue;
      for (std::size_t r = 0; r < batch::kRegionSlots; ++r) {
        const batch::Cell& c = t.programmes[j2].regions[r];
        if (c.families == 0 && c.undecided == 0) continue;
        std::cout << "      " << (r < 10 ? "0" : "") << r << " " << region_name(static_cast<int>(r), lang) << ": "
                  << c.families << " families, " << c.persons << " persons, " << money(c.per_payment, lang) << " / "
                  << money(c.per_period, lang);
        if (c.undecided > 0) std::cout << ", undecided " << c.undecided;
        std::cout << "\n";
      }
    }
  }
  if (writer) std::cout << "\nPer-family results: " << args.families_out << " (" << writer->rows() << " rows)\n";
  if (args.trace_sample > 0) {
    json unused;
    print_traces(options, s, args.trace_sample, unused);
  }
  return kExitOk;
}

// --- offers ---

struct OffersArgs {
  CommonArgs common;
  std::string exclude;
  std::string out;
};

int run_offers(const GlobalOptions& options, const OffersArgs& args) {
  Session s;
  if (int rc = open_session(options, args.common, s); rc >= 0) return rc;
  std::vector<bool> excluded(s.population.family_count(), false);
  if (!args.exclude.empty()) {
    std::ifstream in(args.exclude, std::ios::binary);
    if (!in)
      return report_error(options, Error(ErrorCode::kInvalidInput, "batch.read", {{"file", args.exclude}, {"what", "no such file or no permission"}}).at_field("--exclude"));
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    auto list = batch::read_exclusions(text, args.exclude, s.population.family_count());
    if (!list) return report_error(options, list.error());
    excluded = std::move(*list);
  }
  auto result = batch::find_offers(s.compiled, s.population, excluded, args.common.threads);
  if (!result) return report_error(options, result.error());
  const auto programme_name = [&](const batch::OfferLine& l) {
    return s.compiled[l.pack].pack->id + "/" + s.compiled[l.pack].programmes[l.programme].programme->id;
  };
  if (options.json) {
    json offers = json::array();
    for (const auto& o : result->offers) {
      json lines = json::array();
      for (const auto& l : o.lines)
        lines.push_back({{"pack", s.compiled[l.pack].pack->id},
                         {"programme", s.compiled[l.pack].programmes[l.programme].programme->id},
                         {"recipients", l.recipients},
                         {"per_payment_tiyn", l.per_payment},
                         {"per_period_tiyn", l.per_period}});
      offers.push_back({{"family", o.family}, {"territory", territory_code(o.territory)}, {"programmes", std::move(lines)},
                        {"per_payment_tiyn", o.per_payment()}, {"per_period_tiyn", o.per_period()}});
    }
    print_json({{"date", s.date.iso()}, {"offers", result->offers.size()}, {"excluded", result->excluded},
                {"list", std::move(offers)}});
    return kExitOk;
  }
  std::ofstream file;
  if (!args.out.empty()) {
    file.open(args.out, std::ios::binary | std::ios::trunc);
    if (!file)
      return report_error(options, Error(ErrorCode::kInvalidInput, "batch.write", {{"file", args.out}, {"what", "cannot open"}}).at_field("--out"));
  }
  std::ostream& out = args.out.empty() ? std::cout : file;
  out << "family,territory,programmes,per_payment,per_period\n";
  for (const auto& o : result->offers) {
    out << o.family << ',' << territory_code(o.territory) << ',';
    for (std::size_t i = 0; i < o.lines.size(); ++i) out << (i ? "|" : "") << programme_name(o.lines[i]);
    out << ',' << batch::tiyn_decimal(o.per_payment()) << ',' << batch::tiyn_decimal(o.per_period()) << '\n';
  }
  if (!args.out.empty()) {
    file.close();
    if (!file)
      return report_error(options, Error(ErrorCode::kInvalidInput, "batch.write", {{"file", args.out}, {"what", "write failed"}}).at_field("--out"));
    std::cout << result->offers.size() << " families to offer assistance to on " << s.date.iso() << " ("
              << result->excluded << " left out as already applied or assigned): " << args.out << "\n";
  }
  return kExitOk;
}

// --- holiday ---

struct HolidayArgs {
  CommonArgs common;
  std::string out;
};

int run_holiday(const GlobalOptions& options, const HolidayArgs& args) {
  Session s;
  if (int rc = open_session(options, args.common, s); rc >= 0) return rc;
  const Lang lang = options.language();
  auto list = batch::holiday_list(s.compiled, s.population, args.common.threads);
  if (!list) return report_error(options, list.error());
  const auto programme = [&](std::uint32_t pack, std::uint32_t p) -> const rules::Programme& {
    return *s.compiled[pack].programmes[p].programme;
  };
  if (options.json) {
    json programmes = json::array();
    for (const auto& p : list->programmes) {
      const rules::Programme& pr = programme(p.pack, p.programme);
      programmes.push_back({{"pack", s.compiled[p.pack].pack->id}, {"programme", pr.id}, {"title", pr.titles.in(lang)},
                            {"occasion", pr.frequency.occasion}, {"occasion_title", pr.frequency.occasion_titles.in(lang)},
                            {"families", p.families}, {"recipients", p.recipients}, {"amount_tiyn", p.amount}});
    }
    json rows = json::array();
    for (const auto& r : list->rows)
      rows.push_back({{"pack", s.compiled[r.pack].pack->id}, {"programme", programme(r.pack, r.programme).id},
                      {"family", r.family}, {"territory", territory_code(r.territory)},
                      {"member", r.member < 0 ? json(nullptr) : json(r.member)},
                      {"relation", std::string(rules::relation_name(static_cast<rules::Relation>(r.relation)))},
                      {"amount_tiyn", r.amount}});
    print_json({{"date", s.date.iso()}, {"programmes", std::move(programmes)}, {"rows", std::move(rows)}});
    return kExitOk;
  }
  std::ofstream file;
  if (!args.out.empty()) {
    file.open(args.out, std::ios::binary | std::ios::trunc);
    if (!file)
      return report_error(options, Error(ErrorCode::kInvalidInput, "batch.write", {{"file", args.out}, {"what", "cannot open"}}).at_field("--out"));
  }
  std::ostream& out = args.out.empty() ? std::cout : file;
  out << "pack,programme,family,territory,member,relation,amount\n";
  for (const auto& r : list->rows) {
    out << s.compiled[r.pack].pack->id << ',' << programme(r.pack, r.programme).id << ',' << r.family << ','
        << territory_code(r.territory) << ',' << (r.member < 0 ? std::string() : std::to_string(r.member)) << ','
        << rules::relation_name(static_cast<rules::Relation>(r.relation)) << ',' << batch::tiyn_decimal(r.amount) << '\n';
  }
  if (!args.out.empty()) {
    file.close();
    if (!file)
      return report_error(options, Error(ErrorCode::kInvalidInput, "batch.write", {{"file", args.out}, {"what", "write failed"}}).at_field("--out"));
    if (list->programmes.empty()) std::cout << "No holiday payments on " << s.date.iso() << "\n";
    for (const auto& p : list->programmes) {
      const rules::Programme& pr = programme(p.pack, p.programme);
      std::cout << s.date.iso() << " " << pr.frequency.occasion_titles.in(lang) << ": " << pr.id << " — " << p.recipients
                << " recipients in " << p.families << " families, " << money(p.amount, lang) << "\n";
    }
    std::cout << "List: " << args.out << " (" << list->rows.size() << " rows)\n";
  }
  return kExitOk;
}

// --- what-if ---

struct WhatIfArgs {
  CommonArgs common;
  std::vector<std::string> reform_packs;
};

json whatif_cell(const batch::WhatIfCell& c) {
  return {{"eligible_before", c.eligible_before}, {"eligible_after", c.eligible_after}, {"better_off", c.better_off},
          {"worse_off", c.worse_off}, {"newly_eligible", c.newly_eligible}, {"no_longer_eligible", c.no_longer_eligible},
          {"cost_before_tiyn", c.cost_before}, {"cost_after_tiyn", c.cost_after}};
}

int run_whatif(const GlobalOptions& options, const WhatIfArgs& args) {
  if (args.common.sets.empty() && args.reform_packs.empty())
    return report_error(options, Error(ErrorCode::kInvalidInput, "batch.argument",
                                       {{"field", "--set"}, {"what", "a what-if needs --set NAME=VALUE or --reform-pack"}})
                                     .at_field("--set"));
  // The baseline: the packs as the law has them; the reform: overrides and reform packs.
  CommonArgs base_args = args.common;
  base_args.sets.clear();
  Session s;
  if (int rc = open_session(options, base_args, s); rc >= 0) return rc;
  const Lang lang = options.language();
  std::vector<const rules::Pack*> reform_packs = s.packs;
  for (const auto& id : args.reform_packs) {
    auto p = s.lib->pack(id);
    if (!p) return report_error(options, Error(ErrorCode::kInvalidInput, p.error().message_key, p.error().params).at_field("--reform-pack"));
    bool replaced = false;
    for (auto& slot : reform_packs)
      if (slot->id == (*p)->id) {
        slot = *p;
        replaced = true;
      }
    if (!replaced)
      return report_error(options, Error(ErrorCode::kInvalidInput, "batch.argument",
                                         {{"field", "--reform-pack"}, {"what", "no --pack has the id '" + (*p)->id + "'"}})
                                       .at_field("--reform-pack"));
  }
  rules::ParameterSet reform_parameters = s.parameters;
  if (auto ok = apply_sets(reform_parameters, reform_packs, args.common.sets); !ok) return report_error(options, ok.error());
  std::vector<batch::CompiledPack> reform;
  for (const rules::Pack* p : reform_packs) {
    auto compiled = batch::compile(*p, reform_parameters, s.lib->income_rules(), s.population, s.date);
    if (!compiled) return report_error(options, compiled.error().at_field("--reform-pack"));
    reform.push_back(std::move(*compiled));
  }
  // The baseline and the reform share the families' counted incomes (the cache checks the
  // income rules and quarter are the same), so the reform does not read the income records again.
  std::vector<batch::IncomeCache> income_caches;
  const auto t0 = Clock::now();
  auto before = batch::family_amounts(s.compiled, s.population, args.common.threads, &income_caches);
  if (!before) return report_error(options, before.error());
  const double base_seconds = seconds_since(t0);
  const auto t1 = Clock::now();
  auto after = batch::family_amounts(reform, s.population, args.common.threads, &income_caches);
  if (!after) return report_error(options, after.error());
  auto w = batch::compare(*before, *after, s.population);
  if (!w) return report_error(options, w.error());
  const double reform_seconds = seconds_since(t1);

  if (options.json) {
    json regions = json::array();
    for (std::size_t r = 0; r < batch::kRegionSlots; ++r) {
      const batch::WhatIfCell& c = w->regions[r];
      if (c == batch::WhatIfCell{}) continue;
      json rj = whatif_cell(c);
      rj["region"] = r;
      rj["name"] = region_name(static_cast<int>(r), lang);
      regions.push_back(std::move(rj));
    }
    json programmes = json::array();
    for (std::size_t k = 0; k < reform.size(); ++k)
      for (std::size_t j = 0; j < reform[k].programmes.size(); ++j) {
        const batch::Cell b = k < before->totals.size() && j < before->totals[k].programmes.size()
                                  ? before->totals[k].programmes[j].total() : batch::Cell{};
        const batch::Cell a = after->totals[k].programmes[j].total();
        programmes.push_back({{"pack", reform[k].pack->id}, {"programme", reform[k].programmes[j].programme->id},
                              {"families_before", b.families}, {"families_after", a.families},
                              {"cost_before_tiyn", b.per_period}, {"cost_after_tiyn", a.per_period}});
      }
    print_json({{"date", s.date.iso()}, {"sets", args.common.sets}, {"reform_packs", args.reform_packs},
                {"total", whatif_cell(w->total)}, {"regions", std::move(regions)}, {"programmes", std::move(programmes)},
                {"seconds", {{"load", s.load_seconds}, {"baseline", base_seconds}, {"reform", reform_seconds}}}});
    return kExitOk;
  }
  const auto line = [&](const std::string& name, const batch::WhatIfCell& c) {
    std::cout << "  " << name << ": cost " << money(c.cost_before, lang) << " → " << money(c.cost_after, lang)
              << " (" << (c.cost_after >= c.cost_before ? "+" : "−")
              << money(c.cost_after >= c.cost_before ? c.cost_after - c.cost_before : c.cost_before - c.cost_after, lang)
              << "); eligible families " << c.eligible_before << " → " << c.eligible_after << "; better off "
              << c.better_off << ", worse off " << c.worse_off << ", newly eligible " << c.newly_eligible
              << ", no longer eligible " << c.no_longer_eligible << "\n";
  };
  std::cout << "What-if on " << s.date.iso() << " (population loaded once in " << s.load_seconds << " s; baseline "
            << base_seconds << " s, reform " << reform_seconds << " s)\n";
  line("all regions", w->total);
  for (std::size_t r = 0; r < batch::kRegionSlots; ++r)
    if (!(w->regions[r] == batch::WhatIfCell{})) line(region_name(static_cast<int>(r), lang), w->regions[r]);
  std::cout << "By programme (cost for the period):\n";
  for (std::size_t k = 0; k < reform.size(); ++k)
    for (std::size_t j = 0; j < reform[k].programmes.size(); ++j) {
      const batch::Cell b = j < before->totals[k].programmes.size() ? before->totals[k].programmes[j].total() : batch::Cell{};
      const batch::Cell a = after->totals[k].programmes[j].total();
      if (a == b && a.families == 0) continue;
      std::cout << "  " << reform[k].pack->id << "/" << reform[k].programmes[j].programme->id << ": " << b.families
                << " → " << a.families << " families, " << money(b.per_period, lang) << " → " << money(a.per_period, lang)
                << "\n";
    }
  return kExitOk;
}

}  // namespace

void add_batch_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* batch = app.add_subcommand("batch", "Rule packs over the whole population (issue 7)");
  batch->require_subcommand(1);

  auto ev = std::make_shared<EvaluateArgs>();
  CLI::App* e = batch->add_subcommand("evaluate", "Per programme and region: families, persons and amounts in tiyn");
  add_common(e, ev->common);
  e->add_option("--set", ev->common.sets, "Override a parameter or pack value NAME=VALUE; repeatable");
  e->add_option("--families-out", ev->families_out, "Write per-family results to this CSV file");
  e->add_option("--trace-sample", ev->trace_sample, "Print full traces for N families spread over the population");
  e->callback([&options, &exit_code, ev] { exit_code = run_evaluate(options, *ev); });

  auto of = std::make_shared<OffersArgs>();
  CLI::App* o = batch->add_subcommand("offers", "Families that qualify and have not applied: the offer list");
  add_common(o, of->common);
  o->add_option("--set", of->common.sets, "Override a parameter or pack value NAME=VALUE; repeatable");
  o->add_option("--exclude", of->exclude, "File of family ids already applied or assigned, one a line");
  o->add_option("--out", of->out, "Write the list (CSV) to this file instead of stdout");
  o->callback([&options, &exit_code, of] { exit_code = run_offers(options, *of); });

  auto ho = std::make_shared<HolidayArgs>();
  CLI::App* h = batch->add_subcommand("holiday", "Recipients of holiday and memorable-day payments due on the date");
  add_common(h, ho->common);
  h->add_option("--set", ho->common.sets, "Override a parameter or pack value NAME=VALUE; repeatable");
  h->add_option("--out", ho->out, "Write the list (CSV) to this file instead of stdout");
  h->callback([&options, &exit_code, ho] { exit_code = run_holiday(options, *ho); });

  auto wi = std::make_shared<WhatIfArgs>();
  CLI::App* w = batch->add_subcommand("whatif", "A reform against the law in force: cost and families better or worse off");
  add_common(w, wi->common);
  w->add_option("--set", wi->common.sets, "The reform: NAME=VALUE (a parameter, amount or threshold); repeatable");
  w->add_option("--reform-pack", wi->reform_packs, "The reform: a pack file replacing the --pack of the same id (categories)");
  w->callback([&options, &exit_code, wi] { exit_code = run_whatif(options, *wi); });
}

}  // namespace komek::cli
