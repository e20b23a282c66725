#include "cli/registry_lookup.hpp"

#include <mutex>

#include <nlohmann/json.hpp>

#include "registry/family_discovery.hpp"
#include "registry/query.hpp"
#include "registry/synthetic.hpp"
#include "registry/snapshot_json.hpp"
#include "registry/to_family.hpp"

namespace komek::cli {
namespace {

using json = nlohmann::json;

// The 004 §7-1 checks the registries can tell from a family's snapshot: a TSA application,
// assignment or payment in the family (query 16), and every permanent registration in force
// in one settlement (query 6).
cases::PortalFacts portal_facts_of(const registry::RegistrySnapshot& snapshot, Date on) {
  cases::PortalFacts facts;
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

// The documents a snapshot asks the applicant to bring, as the case shows them.
std::vector<std::string> documents_to_bring(const registry::RegistrySnapshot& snapshot) {
  std::vector<std::string> out;
  for (const auto& d : snapshot.documents)
    out.push_back(std::string(registry::document_name(d.kind)) + " (" + d.person.masked() + ")");
  return out;
}

// When the systems answered: the applicant's identity answer, else the day asked about.
std::string taken_at_of(const registry::RegistrySnapshot& snapshot, Date on) {
  if (!snapshot.members.empty())
    if (const auto& at = snapshot.members.front().provenance(registry::QueryKind::kIdentity).answered_at) return at->iso();
  return on.iso() + "T00:00";
}

class SyntheticLookup final : public RegistryGateway {
 public:
  SyntheticLookup(std::unique_ptr<registry::SyntheticRegistry> registry, const rules::Library& rules)
      : registry_(std::move(registry)), rules_(rules) {}

  Result<cases::PortalFacts> portal_facts(const std::string& family_json, Date on) override {
    const json declared = json::parse(family_json);
    std::vector<Iin> iins;
    for (const json& m : declared["members"])
      if (m.contains("iin"))
        if (auto iin = Iin::parse(m["iin"].get<std::string>())) iins.push_back(*iin);
    if (iins.empty()) return cases::PortalFacts{};
    registry::RegistrySnapshot snapshot;
    {
      std::lock_guard lock(mutex_);
      snapshot = registry::query_all(*registry_, iins, on);
    }
    return portal_facts_of(snapshot, on);
  }

  // The portal's pre-filled application: the family the registries show on the date, every
  // member's answers turned into the family format, what they lack and the 004 §7-1 checks.
  Result<cases::PrefillAnswer> prefill(const Iin& applicant, Date on) override {
    registry::RegistrySnapshot snapshot;
    std::vector<registry::DiscoveredMember> members;
    {
      // The synthetic registry is one shared object; queries are serialised.
      std::lock_guard lock(mutex_);
      KOMEK_TRY(found, registry::discover_family(*registry_, applicant, on));
      members = std::move(found);
      std::vector<Iin> iins;
      for (const auto& m : members) iins.push_back(m.iin);
      snapshot = registry::query_all(*registry_, iins, on);
    }
    auto family = registry::to_family(snapshot, rules_.vocabulary());
    if (!family) {
      Error e = family.error();
      // Nothing the caller sent is wrong: the registries cannot give a family to pre-fill.
      if (e.message_key == "registry.no_territory") e.code = ErrorCode::kUnknownValue;
      return tl::unexpected(e);
    }
    KOMEK_INVARIANT(family->members.size() == members.size(), "one family member per person discovered");
    // The relations are those the discovery found each member by.
    for (std::size_t k = 0; k < members.size(); ++k) family->members[k].relation = members[k].relation;
    cases::PrefillAnswer answer;
    answer.family_json = registry::family_json(*family).dump();
    for (const auto& p : snapshot.members) {
      answer.iins.push_back(p.iin.str());
      answer.names.push_back(p.identity.found() ? p.identity.value().full_name() : "");
    }
    answer.no_data = documents_to_bring(snapshot);
    answer.taken_at = taken_at_of(snapshot, on);
    answer.facts = portal_facts_of(snapshot, on);
    return answer;
  }

  Result<cases::RegistryAnswer> lookup(const cases::Case& c, Date on) override {
    const json declared = json::parse(c.family_json);
    std::vector<Iin> iins;
    std::vector<std::size_t> declared_index;  // declared member of each IIN queried
    for (std::size_t i = 0; i < declared["members"].size(); ++i) {
      const json& m = declared["members"][i];
      if (!m.contains("iin")) continue;
      KOMEK_TRY(iin, Iin::parse(m["iin"].get<std::string>()));
      iins.push_back(iin);
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
      KOMEK_TRY(family, registry::to_family(snapshot, rules_.vocabulary(), c.territory));
      json from_registry = registry::family_json(family);
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
      answer.no_data = documents_to_bring(snapshot);
      answer.taken_at = taken_at_of(snapshot, on);
      answer.snapshot_json = registry::snapshot_json(snapshot).dump();
    }
    if (answer.taken_at.empty()) answer.taken_at = on.iso() + "T00:00";
    answer.family_json = result.dump();
    return answer;
  }

  // Form 7: families with a member who receives a pension or a state benefit on the date
  // (001 §25); the rules then decide who is on which list.
  Result<std::vector<cases::RegistryFamily>> recipients(const Kato& district, Date on, std::string& taken_at,
                                                        std::vector<std::string>& unresolved) override {
    std::vector<cases::RegistryFamily> out;
    const Month last = Month::of(on).plus(-1);
    std::lock_guard lock(mutex_);
    for (const auto& f : registry_->families()) {
      if (f.territory.district() != district.district()) continue;
      auto snapshot = registry::query_all(*registry_, f.members, on);
      bool receives = false;
      for (const auto& p : snapshot.members) {
        if (p.identity.found() && p.identity.value().death_date && *p.identity.value().death_date <= on) continue;
        if (p.disability.found() && !p.disability.value().empty()) receives = true;
        if (!p.income.found()) continue;
        for (const auto& r : p.income.value())
          if (r.month >= last.plus(-2) && r.kind != registry::IncomeKind::kWages && r.kind != registry::IncomeKind::kBusiness &&
              r.kind != registry::IncomeKind::kRent && r.kind != registry::IncomeKind::kPropertySale &&
              r.kind != registry::IncomeKind::kVehicleSale)
            receives = true;
      }
      if (!receives) continue;
      // A person the registry cannot identify cannot be put on a list: left off and shown.
      for (auto it = snapshot.members.begin(); it != snapshot.members.end();) {
        if (it->identity.found()) {
          ++it;
          continue;
        }
        unresolved.push_back(it->iin.masked() + ": no identity data");
        it = snapshot.members.erase(it);
      }
      if (snapshot.members.empty()) continue;
      auto family = registry::to_family(snapshot, rules_.vocabulary(), f.territory);
      if (!family) {
        unresolved.push_back(snapshot.members.front().iin.masked() + ": " + family.error().message_key);
        continue;
      }
      cases::RegistryFamily rf;
      rf.family_json = registry::family_json(*family).dump();
      for (const auto& p : snapshot.members) {
        rf.iins.push_back(p.iin.str());
        rf.names.push_back(p.identity.found() ? p.identity.value().full_name() : "");
        cases::PaymentDestination to;
        if (p.bank_accounts.found() && !p.bank_accounts.value().empty()) {
          to.account = p.bank_accounts.value().front().iban;
          to.payment_organisation = p.bank_accounts.value().front().bic;
        }
        rf.destinations.push_back(to);
      }
      if (taken_at.empty())
        if (const auto& at = snapshot.members.front().provenance(registry::QueryKind::kIdentity).answered_at) taken_at = at->iso();
      out.push_back(std::move(rf));
    }
    if (taken_at.empty()) taken_at = on.iso() + "T00:00";
    return out;
  }

  // Death (query 1) and a permanent registration outside the district (query 6).
  Result<std::vector<cases::RegistryEvent>> events(const std::string& iin_text, const Kato& district, Date on) override {
    std::vector<cases::RegistryEvent> out;
    auto iin = Iin::parse(iin_text);
    if (!iin) return out;  // a recipient without a valid IIN is not in the registry to ask
    std::lock_guard lock(mutex_);
    KOMEK_TRY(identity, registry_->identity(*iin, on));
    if (identity.found() && identity.value().death_date && *identity.value().death_date <= on)
      out.push_back({"death", *identity.value().death_date});
    KOMEK_TRY(registrations, registry_->registrations(*iin, on));
    if (registrations.found())
      for (const auto& r : registrations.value())
        if (r.kind == registry::RegistrationKind::kPermanent && r.since <= on && !(r.until && *r.until < on) &&
            r.territory.district() != district.district())
          out.push_back({"moved_out", r.since});
    return out;
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
  KOMEK_TRY(kato, Kato::parse(district));
  config.district = kato;
  return registry::SyntheticRegistry::create(config);
}

}  // namespace

Result<std::vector<std::string>> synthetic_family_files(std::uint64_t seed, const std::string& district, int families,
                                                        int count, Date on, const rules::Library& rules) {
  KOMEK_TRY(registry, synthetic(seed, district, families));
  std::vector<std::string> out;
  for (int i = 0; i < count && i < families; ++i) {
    const auto family = (registry)->family(static_cast<std::size_t>(i));
    auto snapshot = registry::query_all(*registry, family.members, on);
    KOMEK_TRY(f, registry::to_family(snapshot, rules.vocabulary(), family.territory));
    out.push_back(registry::family_json(f).dump());
  }
  return out;
}

Result<std::unique_ptr<RegistryGateway>> make_registry_lookup(std::uint64_t seed, const std::string& district,
                                                               int families, const rules::Library& rules) {
  KOMEK_TRY(registry, synthetic(seed, district, families));
  return std::unique_ptr<RegistryGateway>(std::make_unique<SyntheticLookup>(std::move(registry), rules));
}

}  // namespace komek::cli
