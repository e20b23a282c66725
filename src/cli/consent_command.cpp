// Third-party status confirmation and proactive offers in the executable: the adapters they
// need (the CSPRNG, the registry's families with the mobile citizens' base), their wiring
// into the services, and the commands
//
//   komek consent sweep --db FILE [--clock FILE]          close requests the window left unanswered,
//                                                         expire offers, start consented offers' cases
//   komek offers run --date D --db FILE [--territory KATO] [--valid-days N] [--registry-families N]
//   komek offers list --db FILE [--state S] [--territory KATO]
#include <iostream>
#include <mutex>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "cases/consent_service.hpp"
#include "cases/offer_service.hpp"
#include "api/routes.hpp"
#include "cli/cli.hpp"
#include "cli/wiring.hpp"
#include "core/messages.hpp"
#include "registry/query.hpp"
#include "registry/synthetic.hpp"
#include "registry/to_family.hpp"
#include "store/consent_store.hpp"

#ifndef KOMEK_MIGRATIONS_DIR
#error "KOMEK_MIGRATIONS_DIR must be defined by the build"
#endif

namespace komek::cli {
namespace {

using json = nlohmann::json;

class SodiumRandomness final : public cases::Randomness {
 public:
  std::uint32_t uniform(std::uint32_t upper_bound) override { return randombytes_uniform(upper_bound); }
};

// The registry's families for proactive offers, over the synthetic registry (the same seed,
// district and size as the case service's, so the same people). The synthetic registry has
// no mobile citizens' base; this adapter stands one in, deterministic from the IIN: about four
// persons in five have a number, as +7 7XX XXX XX XX. Synthetic data, like the rest.
class SyntheticOfferFamilies final : public cases::OfferFamilies {
 public:
  SyntheticOfferFamilies(std::unique_ptr<registry::SyntheticRegistry> registry, const rules::Library& rules)
      : registry_(std::move(registry)), rules_(rules) {}

  std::size_t count() override { return registry_->family_count(); }

  Result<cases::OfferFamily> family(std::size_t index, Date on) override {
    std::lock_guard lock(mutex_);  // the synthetic registry is one shared object
    if (index >= registry_->family_count()) return fail(ErrorCode::kNotFound, "offer.not_found");
    const registry::SyntheticFamily f = registry_->family(index);
    if (f.members.empty()) return fail(ErrorCode::kNotFound, "offer.not_found");
    const registry::RegistrySnapshot snapshot = registry::query_all(*registry_, f.members, on);
    KOMEK_TRY(family, registry::to_family(snapshot, rules_.vocabulary(), f.territory));
    cases::OfferFamily out;
    out.applicant_iin = f.members.front().str();
    if (auto person = registry_->person(f.members.front())) out.applicant_name = person->full_name;
    out.phone = mobile_number(f.members.front());
    out.territory = family.territory;
    for (const auto& m : f.members) out.member_iins.push_back(m.str());
    out.family_json = registry::family_json(family).dump();
    return out;
  }

 private:
  static std::string mobile_number(const Iin& iin) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a of the IIN: stable across runs
    for (char ch : iin.str()) {
      h ^= static_cast<unsigned char>(ch);
      h *= 1099511628211ULL;
    }
    if (h % 5 == 0) return "";  // not in the mobile citizens' base
    static constexpr const char* kOperators[] = {"700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"};
    std::string out = "+7";
    out += kOperators[(h / 5) % 12];
    std::uint64_t rest = h / 60;
    for (int i = 0; i < 7; ++i) {
      out += static_cast<char>('0' + rest % 10);
      rest /= 10;
    }
    return out;
  }

  std::unique_ptr<registry::SyntheticRegistry> registry_;
  const rules::Library& rules_;
  std::mutex mutex_;
};

// The packs whose programmes are TSA: a status confirmation is about them (004 §19-1).
std::vector<std::string> tsa_packs(const rules::Library& rules) {
  std::vector<std::string> out;
  for (const auto& [id, pack] : rules.packs())
    for (const auto& p : pack.programmes)
      if (p.kind == rules::ProgrammeKind::kTsa) {
        out.push_back(id);
        break;
      }
  return out;
}

struct StoreArgs {
  std::string db = "komek-data/komek.db";
  std::string postgresql;
  std::string clock;
  int registry_families = 5000;
};

void add_store_options(CLI::App* cmd, StoreArgs& a) {
  cmd->add_option("--db", a.db, "SQLite database file")->capture_default_str();
  cmd->add_option("--pg", a.postgresql, "PostgreSQL libpq conninfo (instead of --db)");
  cmd->add_option("--clock", a.clock, "Tests only: read the local time from this file");
  cmd->add_option("--registry-families", a.registry_families, "Families in the synthetic registry")
      ->capture_default_str()
      ->check(CLI::Range(1, 200000));
}

Result<std::unique_ptr<Services>> services_for(const GlobalOptions& options, const StoreArgs& a, int valid_days) {
  ServicesConfig c;
  c.rules_dir = options.rules();
  c.db_path = a.db;
  c.postgresql = a.postgresql;
  c.migrations_dir = KOMEK_MIGRATIONS_DIR;
  c.clock_file = a.clock;
  c.registry_families = a.registry_families;
  c.offer_valid_days = valid_days;
  return make_services(c);
}

// The commands act as the system within a territory ("" = the whole country).
work::Actor cli_actor(const std::string& territory) { return work::Actor{"komek-cli", "officer", territory, "", "cli"}; }

}  // namespace

Result<void> add_consent_services(Services& s, const ServicesConfig& config, work::Clock& clock) {
  s.consent_store = store::make_consent_store(*s.db);
  s.randomness = std::make_unique<SodiumRandomness>();
  registry::SyntheticConfig sc;
  sc.seed = config.registry_seed;
  sc.families = config.registry_families;
  auto district = Kato::parse(config.registry_district);
  if (!district) return tl::unexpected(district.error());
  sc.district = *district;
  KOMEK_TRY(registry, registry::SyntheticRegistry::create(sc));
  s.offer_families = std::make_unique<SyntheticOfferFamilies>(std::move(registry), *s.rules);
  s.consent = std::make_unique<cases::ConsentService>(*s.consent_store, clock, s.ids, *s.randomness, tsa_packs(*s.rules),
                                                      s.rules->procedure());
  s.offers = std::make_unique<cases::OfferService>(*s.consent_store, *s.service, *s.rules, *s.offer_families, clock, s.ids,
                                                   *s.randomness, cases::OfferSettings{config.offer_valid_days});
  s.routes.push_back(api::consent_routes(*s.consent, *s.offers, s.notices.get()));
  return {};
}

void add_consent_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* consent = app.add_subcommand("consent", "Third-party status confirmation (004 §19-1)");
  consent->require_subcommand(1);
  CLI::App* sweep = consent->add_subcommand(
      "sweep", "Close requests unanswered within the consent_answer period (no answer is given), expire offers, start consented offers' cases");
  auto sa = std::make_shared<StoreArgs>();
  add_store_options(sweep, *sa);
  sweep->callback([&options, &exit_code, sa] {
    auto s = services_for(options, *sa, cases::kOfferValidDaysDefault);
    if (!s) {
      exit_code = report_error(options, s.error());
      return;
    }
    auto requests = (*s)->consent->sweep();
    if (!requests) {
      exit_code = report_error(options, requests.error());
      return;
    }
    auto offers = (*s)->offers->sweep();
    if (!offers) {
      exit_code = report_error(options, offers.error());
      return;
    }
    const json out{{"requests_expired", requests->requests_expired},
                   {"offers_expired", offers->offers_expired},
                   {"cases_started", offers->cases_started}};
    if (options.json) print_json(out);
    else
      std::cout << "requests expired: " << requests->requests_expired << ", offers expired: " << offers->offers_expired
                << ", cases started: " << offers->cases_started << "\n";
  });

  CLI::App* offers = app.add_subcommand("offers", "Proactive offers (FACTS §6)");
  offers->require_subcommand(1);
  CLI::App* run = offers->add_subcommand("run", "Evaluate the registry's families and offer what they are eligible for");
  struct RunArgs {
    StoreArgs store;
    std::string date;
    std::string territory;
    int valid_days = cases::kOfferValidDaysDefault;
  };
  auto ra = std::make_shared<RunArgs>();
  add_store_options(run, ra->store);
  run->add_option("--date", ra->date, "The day of the evaluation (YYYY-MM-DD)")->required();
  run->add_option("--territory", ra->territory, "KATO prefix of the families to consider (default: all)");
  run->add_option("--valid-days", ra->valid_days, "Days an offer stays open [configurable: the law gives none]")
      ->capture_default_str()
      ->check(CLI::Range(1, cases::kOfferValidDaysMax));
  run->callback([&options, &exit_code, ra] {
    auto on = Date::parse(ra->date);
    if (!on) {
      exit_code = report_error(options, on.error().at_field("--date"));
      return;
    }
    auto s = services_for(options, ra->store, ra->valid_days);
    if (!s) {
      exit_code = report_error(options, s.error());
      return;
    }
    auto summary = (*s)->offers->run(cli_actor(ra->territory), *on);
    if (!summary) {
      exit_code = report_error(options, summary.error());
      return;
    }
    const json out = json::parse(cases::run_summary_json(*summary));
    if (options.json) {
      json full = out;
      json offers_made = json::array();
      if (auto listed = (*s)->offers->list(cli_actor(ra->territory), cases::OfferFilter{}))
        for (const auto& o : *listed) offers_made.push_back(json::parse(cases::offer_view(o)));
      full["offers"] = offers_made;
      print_json(full);
    } else {
      std::cout << "families: " << summary->families << ", evaluated: " << summary->evaluated
                << ", eligible: " << summary->eligible << ", offered now: " << summary->offered
                << ", already offered: " << summary->already_offered
                << ", applied or assigned: " << summary->applied_or_assigned << "\n";
    }
  });

  CLI::App* list = offers->add_subcommand("list", "List offers");
  struct ListArgs {
    StoreArgs store;
    std::string state;
    std::string territory;
  };
  auto la = std::make_shared<ListArgs>();
  add_store_options(list, la->store);
  list->add_option("--state", la->state, "offered, consented, case_started, declined or expired");
  list->add_option("--territory", la->territory, "KATO prefix (default: all)");
  list->callback([&options, &exit_code, la] {
    cases::OfferFilter f;
    if (!la->state.empty()) {
      auto state = cases::parse_offer_state(la->state);
      if (!state) {
        exit_code = report_error(options, Error(ErrorCode::kInvalidInput, "usage.invalid", {{"what", "unknown state " + la->state}})
                                              .at_field("--state"));
        return;
      }
      f.state = *state;
    }
    auto s = services_for(options, la->store, cases::kOfferValidDaysDefault);
    if (!s) {
      exit_code = report_error(options, s.error());
      return;
    }
    auto body = (*s)->offers->list(cli_actor(la->territory), f);
    if (!body) {
      exit_code = report_error(options, body.error());
      return;
    }
    if (options.json) {
      json offers_json = json::array();
      for (const auto& o : *body) offers_json.push_back(json::parse(cases::offer_view(o)));
      print_json(offers_json);
      return;
    }
    for (const auto& o : *body)
      std::cout << o.id << "  " << o.pack_id << "  " << cases::offer_state_name(o.state) << "  until " << o.expires_at.iso()
                << "\n";
  });
}

}  // namespace komek::cli
