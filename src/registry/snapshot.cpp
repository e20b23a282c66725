#include "registry/snapshot.hpp"

#include <algorithm>

#include "registry/messages.hpp"

namespace komek::registry {
namespace {

// Stores one query's outcome in its slot and notes what is missing. An adapter that labels an
// answer with another query is a bug: the frozen copy would then misattribute data.
template <typename T>
void take(PersonAnswers& person, Answer<T>& slot, QueryKind kind, Result<Answer<T>> result,
          std::vector<MissingItem>& missing) {
  if (!result) {
    slot = Answer<T>{std::nullopt, Provenance{kind, std::string(query_holder(kind)), std::nullopt}};
    missing.push_back(
        MissingItem{person.iin, kind, MissingReason::kUnavailable, result.error(), document_for(kind)});
    return;
  }
  KOMEK_INVARIANT(result->provenance.query == kind,
                  "a registry answered with the provenance of another query");
  KOMEK_INVARIANT(result->provenance.answered_at.has_value(), "a registry answer has no answer time");
  slot = std::move(*result);
  if (!slot.found())
    missing.push_back(
        MissingItem{person.iin, kind, MissingReason::kNoData, std::nullopt, document_for(kind)});
}

PersonAnswers ask_everything(Registry& r, const Iin& iin, Date on, Month first, Month last,
                             std::vector<MissingItem>& missing) {
  PersonAnswers p(iin);
  take(p, p.identity, QueryKind::kIdentity, r.identity(iin, on), missing);
  take(p, p.kandas, QueryKind::kKandas, r.kandas(iin, on), missing);
  take(p, p.refugee, QueryKind::kRefugee, r.refugee(iin, on), missing);
  take(p, p.foreigner, QueryKind::kForeigner, r.foreigner(iin, on), missing);
  take(p, p.stateless, QueryKind::kStateless, r.stateless(iin, on), missing);
  take(p, p.registrations, QueryKind::kRegistration, r.registrations(iin, on), missing);
  take(p, p.bank_accounts, QueryKind::kBankDetails, r.bank_accounts(iin, on), missing);
  take(p, p.disability, QueryKind::kDisability, r.disability(iin, on), missing);
  take(p, p.children, QueryKind::kChildren, r.children(iin, on), missing);
  take(p, p.guardianships, QueryKind::kGuardianship, r.guardianships(iin, on), missing);
  take(p, p.adoptions, QueryKind::kAdoption, r.adoptions(iin, on), missing);
  take(p, p.marital_events, QueryKind::kMarriage, r.marital_events(iin, on), missing);
  take(p, p.full_time_study, QueryKind::kFullTimeStudy, r.full_time_study(iin, on), missing);
  take(p, p.income, QueryKind::kIncome, r.income(iin, first, last), missing);
  take(p, p.entrepreneur, QueryKind::kEntrepreneur, r.entrepreneur(iin, on), missing);
  take(p, p.existing_tsa, QueryKind::kExistingTsa, r.existing_tsa(iin, on), missing);
  take(p, p.subsidiary_farm, QueryKind::kSubsidiaryFarm, r.subsidiary_farm(iin, on), missing);
  take(p, p.employment, QueryKind::kEmployment, r.employment_history(iin, on), missing);
  take(p, p.education, QueryKind::kEducation, r.education(iin, on), missing);
  take(p, p.alimony, QueryKind::kAlimony, r.alimony(iin, on), missing);
  take(p, p.detention, QueryKind::kDetention, r.detention(iin, on), missing);
  take(p, p.dwellings, QueryKind::kDwellings, r.dwellings(iin, on), missing);
  take(p, p.land_for_housing, QueryKind::kLandForHousing, r.land_for_housing(iin, on), missing);
  take(p, p.vehicles, QueryKind::kVehicles, r.vehicles(iin, on), missing);
  return p;
}

// Applies `f(found, provenance)` to the answer of a kind; one switch so that the two accessors
// below cannot disagree on which slot a kind has.
template <typename F>
decltype(auto) with_slot(const PersonAnswers& p, QueryKind kind, F&& f) {
  switch (kind) {
    case QueryKind::kIdentity:
      return f(p.identity.found(), p.identity.provenance);
    case QueryKind::kKandas:
      return f(p.kandas.found(), p.kandas.provenance);
    case QueryKind::kRefugee:
      return f(p.refugee.found(), p.refugee.provenance);
    case QueryKind::kForeigner:
      return f(p.foreigner.found(), p.foreigner.provenance);
    case QueryKind::kStateless:
      return f(p.stateless.found(), p.stateless.provenance);
    case QueryKind::kRegistration:
      return f(p.registrations.found(), p.registrations.provenance);
    case QueryKind::kBankDetails:
      return f(p.bank_accounts.found(), p.bank_accounts.provenance);
    case QueryKind::kDisability:
      return f(p.disability.found(), p.disability.provenance);
    case QueryKind::kChildren:
      return f(p.children.found(), p.children.provenance);
    case QueryKind::kGuardianship:
      return f(p.guardianships.found(), p.guardianships.provenance);
    case QueryKind::kAdoption:
      return f(p.adoptions.found(), p.adoptions.provenance);
    case QueryKind::kMarriage:
      return f(p.marital_events.found(), p.marital_events.provenance);
    case QueryKind::kFullTimeStudy:
      return f(p.full_time_study.found(), p.full_time_study.provenance);
    case QueryKind::kIncome:
      return f(p.income.found(), p.income.provenance);
    case QueryKind::kEntrepreneur:
      return f(p.entrepreneur.found(), p.entrepreneur.provenance);
    case QueryKind::kExistingTsa:
      return f(p.existing_tsa.found(), p.existing_tsa.provenance);
    case QueryKind::kSubsidiaryFarm:
      return f(p.subsidiary_farm.found(), p.subsidiary_farm.provenance);
    case QueryKind::kEmployment:
      return f(p.employment.found(), p.employment.provenance);
    case QueryKind::kEducation:
      return f(p.education.found(), p.education.provenance);
    case QueryKind::kAlimony:
      return f(p.alimony.found(), p.alimony.provenance);
    case QueryKind::kDetention:
      return f(p.detention.found(), p.detention.provenance);
    case QueryKind::kDwellings:
      return f(p.dwellings.found(), p.dwellings.provenance);
    case QueryKind::kLandForHousing:
      return f(p.land_for_housing.found(), p.land_for_housing.provenance);
    case QueryKind::kVehicles:
      return f(p.vehicles.found(), p.vehicles.provenance);
  }
  KOMEK_INVARIANT(false, "query kind out of range");
}

}  // namespace

bool PersonAnswers::found(QueryKind kind) const {
  return with_slot(*this, kind, [](bool found, const Provenance&) { return found; });
}

const Provenance& PersonAnswers::provenance(QueryKind kind) const {
  return with_slot(*this, kind, [](bool, const Provenance& p) -> const Provenance& { return p; });
}

std::string_view missing_reason_name(MissingReason reason) {
  switch (reason) {
    case MissingReason::kNoData:
      return "no_data";
    case MissingReason::kUnavailable:
      return "unavailable";
  }
  return "no_data";
}

const PersonAnswers* RegistrySnapshot::find(const Iin& iin) const {
  for (const auto& m : members)
    if (m.iin == iin) return &m;
  return nullptr;
}

std::size_t RegistrySnapshot::answers_found() const {
  std::size_t n = 0;
  for (const auto& m : members)
    for (QueryKind q : all_queries())
      if (m.found(q)) ++n;
  return n;
}

std::vector<RequiredDocument> required_documents(const std::vector<MissingItem>& missing) {
  std::vector<RequiredDocument> out;
  for (const auto& item : missing) {
    if (!item.document) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const RequiredDocument& d) {
      return d.kind == *item.document && d.person == item.person;
    });
    if (it == out.end()) {
      out.push_back(RequiredDocument{*item.document, item.person, {item.query}});
    } else if (std::find(it->because.begin(), it->because.end(), item.query) == it->because.end()) {
      it->because.push_back(item.query);
    }
  }
  return out;
}

RegistrySnapshot query_all(Registry& registry, const std::vector<Iin>& family, Date on) {
  // the errors a snapshot keeps render in every language
  RegistrySnapshot s;
  s.on = on;
  s.income_last = Month::of(on).plus(-1);
  s.income_first = Month::of(on).plus(-kSnapshotIncomeMonths);
  for (const Iin& iin : family) {
    if (s.find(iin) != nullptr) continue;  // a member listed twice is asked about once
    s.members.push_back(ask_everything(registry, iin, on, s.income_first, s.income_last, s.missing));
  }
  s.documents = required_documents(s.missing);
  return s;
}

}  // namespace komek::registry
