#include "registry/family_discovery.hpp"

#include <algorithm>
#include <optional>

#include "registry/messages.hpp"

namespace komek::registry {
namespace {

using rules::Relation;

bool died_by(const std::optional<Date>& death, Date on) {
  return death && *death <= on;
}

// The spouse on the date: the partner of the latest marriage registered by then, unless a
// divorce from that partner came after it (the same reading as to_family()).
std::optional<Iin> spouse_on(const std::vector<MaritalEvent>& events, Date on) {
  std::optional<Iin> spouse;
  for (const MaritalEvent& e : events) {
    if (e.date > on) continue;
    if (e.kind == MaritalEventKind::kMarriage)
      spouse = e.spouse;
    else if (spouse && *spouse == e.spouse)
      spouse.reset();
  }
  return spouse;
}

class Discovery {
 public:
  Discovery(Registry& registry, Date on) : registry_(registry), on_(on) {}

  void add(const Iin& iin, Relation relation) {
    const bool known = std::any_of(members_.begin(), members_.end(), [&](const auto& m) { return m.iin == iin; });
    if (!known) members_.push_back({iin, relation});
  }

  // Whether the person is alive on the date as far as the identity system knows: a person it
  // has no data on is taken as alive (the applicant then brings their identity document).
  Result<bool> alive(const Iin& iin) {
    KOMEK_TRY(id, registry_.identity(iin, on_));
    return !(id.found() && died_by(id.value().death_date, on_));
  }

  // A child of the given birth date counts: under 18, or 18-23 and studying full time.
  Result<bool> dependant(const Iin& child, std::optional<Date> birth) {
    // An IIN that encodes no date and a system with no data: the registries say the child is
    // the applicant's, and nothing says otherwise.
    if (!birth) return true;
    if (*birth > on_) return false;
    const int years = age_on(*birth, on_);
    if (years < kDependantAgeBelow) return true;
    if (years > kStudentDependantAgeMax) return false;
    KOMEK_TRY(study, registry_.full_time_study(child, on_));
    if (!study.found()) return false;
    const auto& records = study.value();
    return std::any_of(records.begin(), records.end(), [&](const StudyRecord& r) { return r.holds_on(on_); });
  }

  [[nodiscard]] std::vector<DiscoveredMember> take() && { return std::move(members_); }

 private:
  Registry& registry_;
  Date on_;
  std::vector<DiscoveredMember> members_;
};

}  // namespace

Result<std::vector<DiscoveredMember>> discover_family(Registry& registry, const Iin& applicant, Date on) {
  KOMEK_TRY(identity, registry.identity(applicant, on));
  if (!identity.found()) return fail(ErrorCode::kNotFound, "registry.applicant_unknown", {{"person", applicant.masked()}});
  Discovery d(registry, on);
  d.add(applicant, Relation::kApplicant);

  KOMEK_TRY(marital, registry.marital_events(applicant, on));
  if (marital.found())
    if (const auto spouse = spouse_on(marital.value(), on)) {
      KOMEK_TRY(alive, d.alive(*spouse));
      if (alive) d.add(*spouse, Relation::kSpouse);
    }

  KOMEK_TRY(children, registry.children(applicant, on));
  if (children.found())
    for (const ChildRecord& c : children.value()) {
      if (died_by(c.death_date, on)) continue;
      KOMEK_TRY(counts, d.dependant(c.child, c.birth_date));
      if (counts) d.add(c.child, Relation::kChild);
    }

  // Adopted children are children in law; the adoption record has no birth date, so it is
  // taken from the identity system (or the IIN).
  KOMEK_TRY(adoptions, registry.adoptions(applicant, on));
  if (adoptions.found())
    for (const AdoptionRecord& a : adoptions.value()) {
      if (a.date > on) continue;
      KOMEK_TRY(id, registry.identity(a.child, on));
      std::optional<Date> birth = a.child.birth_date_hint();
      if (id.found()) {
        if (died_by(id.value().death_date, on)) continue;
        birth = id.value().birth_date;
      }
      KOMEK_TRY(counts, d.dependant(a.child, birth));
      if (counts) d.add(a.child, Relation::kChild);
    }

  KOMEK_TRY(guardianships, registry.guardianships(applicant, on));
  if (guardianships.found())
    for (const GuardianshipRecord& g : guardianships.value()) {
      if (g.since > on || (g.until && *g.until < on)) continue;
      KOMEK_TRY(alive, d.alive(g.ward));
      if (alive) d.add(g.ward, Relation::kOther);
    }
  return std::move(d).take();
}

}  // namespace komek::registry
