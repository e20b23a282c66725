#include "cli/registry_lookup.hpp"

#include <mutex>

#include <nlohmann/json.hpp>

#include "registry/query.hpp"
#include "registry/synthetic.hpp"
#include "registry/snapshot_json.hpp"
#include "registry/to_family.hpp"

namespace komek::cli {
namespace {

using json = nlohmann::json;

class SyntheticLookup final : public cases::RegistryLookup {
 public:
  SyntheticLookup(std::unique_ptr<registry::SyntheticRegistry> registry, const rules::Library& rules)
      : registry_(std::move(registry)), rules_(rules) {}

  Result<cases::PortalFacts> portal_facts(const std::string& family_json, Date on) override {
    cases::PortalFacts facts;
    const json declared = json::parse(family_json);
    std::vector<Iin> iins;
    for (const json& m : declared["members"])
      if (m.contains("iin"))
        if (auto iin = Iin::parse(m["iin"].get<std::string>())) iins.push_back(*iin);
    if (iins.empty()) return facts;
    registry::RegistrySnapshot snapshot;
    {
      std::lock_guard lock(mutex_);
      snapshot = registry::query_all(*registry_, iins, on);
    }
    std::optional<std::uint32_t> settlement;
    for (const auto& p : snapshot.members) {
      if (p.existing_tsa.found() && !p.existing_tsa.value().empty()) facts.family_has_tsa = true;
      if (!p.registrations.found()) continue;
      for (const auto& r : p.registrations.value()) {
        if (r.kind != registry::RegistrationKind::kPermanent || r.since > on || (r.until && *r.until < on)) continue;
        if (settlement && *settlement != r.territory.value()) facts.members_in_one_settlement = false;
        settlement = r.territory.value();
      }
    }
    return facts;
  }

  Result<cases::RegistryAnswer> lookup(const cases::Case& c, Date on) override {
    const json declared = json::parse(c.family_json);
    std::vector<Iin> iins;
    std::vector<std::size_t> declared_index;  // declared member of each IIN queried
    for (std::size_t i = 0; i < declared["members"].size(); ++i) {
      const json& m = declared["members"][i];
      if (!m.contains("iin")) continue;
      auto iin = Iin::parse(m["iin"].get<std::string>());
      if (!iin) return tl::unexpected(iin.error());
      iins.push_back(*iin);
      declared_index.push_back(i);
    }
    const Date application = Date::parse(declared["application_date"].get<std::string>()).value_or(on);
    cases::RegistryAnswer answer;
    json result = declared;
    if (!iins.empty()) {
      registry::RegistrySnapshot snapshot;
      {
        // The synthetic registry is one shared object; queries are serialised.
        std::lock_guard lock(mutex_);
        snapshot = registry::query_all(*registry_, iins, application);
      }
      auto family = registry::to_family(snapshot, rules_.vocabulary(), c.territory);
      if (!family) return tl::unexpected(family.error());
      json from_registry = registry::family_json(*family);
      json members = json::array();
      for (std::size_t k = 0; k < snapshot.members.size(); ++k) {
        // A person the registries do not know keeps what the applicant declared; the
        // documents asked for below stand in for the missing answers.
        if (snapshot.members[k].identity.found()) {
          json m = from_registry["members"][k];
          m["relation"] = declared["members"][declared_index[k]]["relation"];
          members.push_back(std::move(m));
        } else {
          members.push_back(declared["members"][declared_index[k]]);
        }
      }
      for (const json& m : declared["members"])
        if (!m.contains("iin")) members.push_back(m);
      result["members"] = members;
      if (snapshot.members.front().identity.found()) result["territory"] = from_registry["territory"];
      json facts = declared.value("facts", json::array());
      for (const json& f : from_registry.value("facts", json::array())) facts.push_back(f);
      result["facts"] = facts;
      json existing = declared.value("existing", json::array());
      for (const json& e : from_registry.value("existing", json::array())) existing.push_back(e);
      result["existing"] = existing;
      for (const auto& d : snapshot.documents)
        answer.no_data.push_back(std::string(registry::document_name(d.kind)) + " (" + d.person.masked() + ")");
      if (const auto& at = snapshot.members.front().provenance(registry::QueryKind::kIdentity).answered_at) answer.taken_at = at->iso();
      answer.snapshot_json = registry::snapshot_json(snapshot).dump();
    }
    if (answer.taken_at.empty()) answer.taken_at = on.iso() + "T00:00";
    answer.family_json = result.dump();
    return answer;
  }

 private:
  std::unique_ptr<registry::SyntheticRegistry> registry_;
  const rules::Library& rules_;
  std::mutex mutex_;
};

Result<std::unique_ptr<registry::SyntheticRegistry>> synthetic(std::uint64_t seed, const std::string& district, int families) {
  registry::SyntheticConfig config;
  config.seed = seed;
  config.families = families;
  auto kato = Kato::parse(district);
  if (!kato) return tl::unexpected(kato.error());
  config.district = *kato;
  return registry::SyntheticRegistry::create(config);
}

}  // namespace

Result<std::vector<std::string>> synthetic_family_files(std::uint64_t seed, const std::string& district, int families,
                                                        int count, Date on, const rules::Library& rules) {
  auto registry = synthetic(seed, district, families);
  if (!registry) return tl::unexpected(registry.error());
  std::vector<std::string> out;
  for (int i = 0; i < count && i < families; ++i) {
    const auto family = (*registry)->family(static_cast<std::size_t>(i));
    auto snapshot = registry::query_all(**registry, family.members, on);
    auto f = registry::to_family(snapshot, rules.vocabulary(), family.territory);
    if (!f) return tl::unexpected(f.error());
    out.push_back(registry::family_json(*f).dump());
  }
  return out;
}

Result<std::unique_ptr<cases::RegistryLookup>> make_registry_lookup(std::uint64_t seed, const std::string& district,
                                                                     int families, const rules::Library& rules) {
  auto registry = synthetic(seed, district, families);
  if (!registry) return tl::unexpected(registry.error());
  return std::unique_ptr<cases::RegistryLookup>(std::make_unique<SyntheticLookup>(std::move(*registry), rules));
}

}  // namespace komek::cli
