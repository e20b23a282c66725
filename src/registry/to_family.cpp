#include "registry/to_family.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "registry/messages.hpp"

namespace komek::registry {
namespace {

using rules::Relation;

// Checks a word against a section of the vocabulary.
class Words {
 public:
  explicit Words(const rules::Vocabulary& v) : v_(v) {}

  Result<std::string> status(std::string_view w) const { return check(v_.status(w) != nullptr, "status", w); }
  Result<std::string> income(std::string_view w) const {
    return check(v_.income_type(w) != nullptr, "income type", w);
  }
  Result<std::string> property(std::string_view w) const {
    return check(v_.property_type(w) != nullptr, "property type", w);
  }
  Result<std::string> fact(std::string_view w) const { return check(v_.fact(w) != nullptr, "fact", w); }

 private:
  static Result<std::string> check(bool known, std::string_view kind, std::string_view word) {
    if (!known)
      return invalid("registry.unknown_word", {{"kind", std::string(kind)}, {"word", std::string(word)}});
    return std::string(word);
  }
  const rules::Vocabulary& v_;
};

bool holds(Date since, const std::optional<Date>& until, Date on) {
  return since <= on && (!until || on <= *until);
}

// The applicant's spouse on the date: the partner of the last marriage registered, unless a
// divorce came after it.
std::optional<Iin> spouse_of(const PersonAnswers& p, Date on) {
  if (!p.marital_events.found()) return std::nullopt;
  std::optional<Iin> spouse;
  for (const MaritalEvent& e : p.marital_events.value()) {
    if (e.date > on) continue;
    if (e.kind == MaritalEventKind::kMarriage)
      spouse = e.spouse;
    else if (spouse && *spouse == e.spouse)
      spouse.reset();
  }
  return spouse;
}

void add_children_of(const PersonAnswers& p, std::vector<Iin>& out) {
  if (p.children.found())
    for (const ChildRecord& c : p.children.value()) out.push_back(c.child);
  if (p.adoptions.found())
    for (const AdoptionRecord& a : p.adoptions.value()) out.push_back(a.child);
}

bool contains(const std::vector<Iin>& list, const Iin& iin) {
  return std::find(list.begin(), list.end(), iin) != list.end();
}

// Dated statuses as the family reader accepts them: a registry's contradictory end before the
// start leaves the status open rather than refusing the whole family.
void add_status(rules::Member& m, std::string id, std::optional<Date> from, std::optional<Date> to) {
  if (from && to && *to < *from) to.reset();
  for (const auto& s : m.statuses)
    if (s.id == id && s.from == from && s.to == to) return;
  m.statuses.push_back({std::move(id), from, to});
}

bool is_benefit(IncomeKind k) {
  switch (k) {
    case IncomeKind::kDisabilityBenefit:
    case IncomeKind::kSurvivorBenefit:
    case IncomeKind::kChildcareBenefit:
    case IncomeKind::kDisabledChildBenefit:
    case IncomeKind::kLargeFamilyAllowance:
    case IncomeKind::kSpecialStateBenefit:
      return true;
    case IncomeKind::kWages:
    case IncomeKind::kPension:
    case IncomeKind::kBusiness:
    case IncomeKind::kRent:
    case IncomeKind::kPropertySale:
    case IncomeKind::kVehicleSale:
      return false;
  }
  return false;
}

Result<void> add_statuses(const PersonAnswers& p, Date on, bool ward_of_applicant, Date ward_since,
                          const Words& words, rules::Member& m) {
  std::string w;
  if (p.disability.found()) {
    for (const DisabilityRecord& d : p.disability.value()) {
      KOMEK_ASSIGN(w, words.status(status_word(d.group)));
      add_status(m, w, d.since, d.until);
    }
  }
  if (p.kandas.found() && p.kandas.value().since) {
    KOMEK_ASSIGN(w, words.status("kandas"));
    add_status(m, w, p.kandas.value().since, p.kandas.value().until);
  }
  if (p.full_time_study.found()) {
    for (const StudyRecord& s : p.full_time_study.value()) {
      KOMEK_ASSIGN(w, words.status("full_time_student"));
      add_status(m, w, s.since, s.until);
    }
  }
  if (p.detention.found()) {
    for (const DetentionRecord& d : p.detention.value()) {
      KOMEK_ASSIGN(w, words.status("in_prison_or_compulsory_treatment"));
      add_status(m, w, d.since, d.until);
      // Release from prison is a ground of need of local assistance (001 §6.7).
      if (d.kind == DetentionKind::kPrison && d.until && *d.until < on) {
        KOMEK_ASSIGN(w, words.status("released_from_prison"));
        add_status(m, w, d.until->plus_days(1), std::nullopt);
      }
    }
  }
  if (ward_of_applicant) {
    // Guardianship is established over a child left without parental care.
    KOMEK_ASSIGN(w, words.status("without_parental_care"));
    add_status(m, w, ward_since, std::nullopt);
  }
  if (p.income.found()) {
    for (const IncomeRecord& r : p.income.value()) {
      if (r.kind == IncomeKind::kPension) {
        KOMEK_ASSIGN(w, words.status("pension_recipient"));
        add_status(m, w, std::nullopt, std::nullopt);
      }
      if (is_benefit(r.kind)) {
        KOMEK_ASSIGN(w, words.status("benefit_recipient"));
        add_status(m, w, std::nullopt, std::nullopt);
      }
      if (r.kind == IncomeKind::kLargeFamilyAllowance) {
        KOMEK_ASSIGN(w, words.status("large_family"));
        add_status(m, w, std::nullopt, std::nullopt);
      }
      if (r.kind == IncomeKind::kSpecialStateBenefit && r.category != SpecialCategory::kNone) {
        KOMEK_ASSIGN(w, words.status(status_word(r.category)));
        add_status(m, w, std::nullopt, std::nullopt);
      }
    }
  }
  return {};
}

Result<void> add_incomes(const RegistrySnapshot& s, const PersonAnswers& p, const Words& words,
                         bool& farm_counted, rules::Member& m) {
  std::string w;
  if (p.income.found()) {
    for (const IncomeRecord& r : p.income.value()) {
      if (r.amount.is_negative()) continue;  // corrections and refunds are not income
      KOMEK_ASSIGN(w, words.income(income_type_word(r.kind)));
      m.incomes.push_back({w, r.month, r.amount});
    }
  }
  if (p.alimony.found()) {
    for (const AlimonyMonth& a : p.alimony.value().months) {
      if (!a.paid.is_positive()) continue;
      KOMEK_ASSIGN(w, words.income("alimony"));
      m.incomes.push_back({w, a.month, a.paid});
    }
  }
  // The farm belongs to the household: every member's query shows it; count it once.
  if (!farm_counted && p.subsidiary_farm.found() && p.subsidiary_farm.value().keeps_farm &&
      p.subsidiary_farm.value().monthly_income.is_positive()) {
    KOMEK_ASSIGN(w, words.income("subsidiary_farm"));
    for (Month month = s.income_first; month <= s.income_last; month = month.plus(1))
      m.incomes.push_back({w, month, p.subsidiary_farm.value().monthly_income});
    farm_counted = true;
  }
  if (m.incomes.size() > rules::kIncomesPerMemberMax)
    return invalid("family.invalid",
                   {{"what", "more than " + std::to_string(rules::kIncomesPerMemberMax) + " incomes"}});
  return {};
}

Result<void> add_properties(const PersonAnswers& p, const Words& words, rules::Member& m) {
  std::string w;
  if (p.dwellings.found()) {
    for (const DwellingRecord& d : p.dwellings.value()) {
      KOMEK_ASSIGN(w, words.property("dwelling"));
      m.properties.push_back(
          {w, d.address + ", " + std::to_string(d.floor_area_m2) + " m², " + d.cadastral_number});
    }
  }
  if (p.land_for_housing.found()) {
    for (const LandPlotRecord& l : p.land_for_housing.value()) {
      KOMEK_ASSIGN(w, words.property("land_for_housing"));
      m.properties.push_back({w, std::to_string(l.area_m2) + " m², " + l.cadastral_number});
    }
  }
  if (p.vehicles.found()) {
    for (const VehicleRecord& v : p.vehicles.value()) {
      KOMEK_ASSIGN(w, words.property("vehicle"));
      m.properties.push_back({w, v.make_model + " " + std::to_string(v.year_made) + ", " + v.plate});
    }
  }
  return {};
}

void add_existing(const PersonAnswers& p, std::vector<rules::ExistingAssistance>& out) {
  if (!p.existing_tsa.found()) return;
  for (const TsaRecord& r : p.existing_tsa.value()) {
    rules::ExistingAssistance e;
    e.programme = std::string(kTsaProgramme);
    e.from = r.date;
    if (r.kind == TsaRecordKind::kAssignment) {
      e.to = r.until;
    } else if (r.kind == TsaRecordKind::kApplication) {
      e.application_only = true;
    } else {
      continue;  // payments fall inside their assignment
    }
    const bool seen = std::any_of(out.begin(), out.end(), [&](const rules::ExistingAssistance& x) {
      return x.programme == e.programme && x.from == e.from && x.to == e.to &&
             x.application_only == e.application_only;
    });
    if (!seen) out.push_back(std::move(e));
  }
}

}  // namespace

std::string_view status_word(DisabilityGroup group) {
  switch (group) {
    case DisabilityGroup::kGroup1:
      return "disability_group_1";
    case DisabilityGroup::kGroup2:
      return "disability_group_2";
    case DisabilityGroup::kGroup3:
      return "disability_group_3";
    case DisabilityGroup::kChild:
      return "disabled_child";
  }
  return "disability_group_3";
}

std::string_view status_word(SpecialCategory category) {
  switch (category) {
    case SpecialCategory::kNone:
      return "";
    case SpecialCategory::kAfghanistanReservist:
      return "afghanistan_reservist";
    case SpecialCategory::kChernobylLiquidator:
      return "chernobyl_liquidator";
    case SpecialCategory::kKarabakhVeteran:
      return "karabakh_veteran";
    case SpecialCategory::kTajikAfghanBorderVeteran:
      return "tajik_afghan_border_veteran";
    case SpecialCategory::kIraqPeacekeeper:
      return "iraq_peacekeeper";
    case SpecialCategory::kHomeFrontWorkerDecorated:
      return "home_front_worker_decorated";
  }
  return "";
}

std::string_view income_type_word(IncomeKind kind) {
  // State benefits count as "social payments" except those the income rules single out:
  // the benefit for a disabled child (excluded) and the large-family allowance (per pack).
  switch (kind) {
    case IncomeKind::kWages:
      return "wages";
    case IncomeKind::kPension:
      return "pension";
    case IncomeKind::kDisabilityBenefit:
      return "social_benefit";
    case IncomeKind::kSurvivorBenefit:
      return "social_benefit";
    case IncomeKind::kChildcareBenefit:
      return "social_benefit";
    case IncomeKind::kDisabledChildBenefit:
      return "disabled_child_benefit";
    case IncomeKind::kLargeFamilyAllowance:
      return "large_family_allowance";
    case IncomeKind::kSpecialStateBenefit:
      return "social_benefit";
    case IncomeKind::kBusiness:
      return "business";
    case IncomeKind::kRent:
      return "rent";
    case IncomeKind::kPropertySale:
      return "property_sale";
    case IncomeKind::kVehicleSale:
      return "vehicle_sale";
  }
  return "wages";
}

Result<rules::Family> to_family(const RegistrySnapshot& s, const rules::Vocabulary& vocabulary,
                                std::optional<Kato> declared_territory) {
  if (s.members.empty()) return invalid("registry.empty_family");
  if (s.members.size() > rules::kMembersMax)
    return invalid("registry.too_many_members", {{"max", std::to_string(rules::kMembersMax)}});
  const Words words(vocabulary);
  const PersonAnswers& applicant = s.members.front();

  rules::Family family;
  family.application_date = s.on;
  std::optional<Kato> territory;
  if (applicant.registrations.found()) {
    for (const AddressRegistration& r : applicant.registrations.value())
      if (r.kind == RegistrationKind::kPermanent && holds(r.since, r.until, s.on)) territory = r.territory;
  }
  if (!territory) territory = declared_territory;
  if (!territory) return invalid("registry.no_territory", {{"person", applicant.iin.masked()}});
  family.territory = *territory;

  // Relations to the applicant, from the civil registry's answers.
  const std::optional<Iin> spouse = spouse_of(applicant, s.on);
  std::vector<Iin> children;
  add_children_of(applicant, children);
  if (spouse)
    if (const PersonAnswers* sp = s.find(*spouse)) add_children_of(*sp, children);
  std::vector<std::pair<Iin, Date>> wards;
  if (applicant.guardianships.found())
    for (const GuardianshipRecord& g : applicant.guardianships.value())
      if (holds(g.since, g.until, s.on)) wards.emplace_back(g.ward, g.since);

  bool farm_counted = false;
  for (std::size_t i = 0; i < s.members.size(); ++i) {
    const PersonAnswers& p = s.members[i];
    rules::Member m;
    m.iin = p.iin;
    if (p.identity.found()) {
      m.name = p.identity.value().full_name();
      m.birth_date = p.identity.value().birth_date;
      m.sex = p.identity.value().sex;
    } else {
      const auto hint = p.iin.birth_date_hint();
      if (!hint || *hint > s.on) return invalid("registry.birth_date_unknown", {{"person", p.iin.masked()}});
      m.birth_date = *hint;
      m.sex = p.iin.sex_hint();
    }
    std::vector<Iin> own_children;
    add_children_of(p, own_children);
    const auto ward =
        std::find_if(wards.begin(), wards.end(), [&](const auto& w) { return w.first == p.iin; });
    if (i == 0)
      m.relation = Relation::kApplicant;
    else if (spouse && *spouse == p.iin)
      m.relation = Relation::kSpouse;
    else if (contains(children, p.iin))
      m.relation = Relation::kChild;
    else if (contains(own_children, applicant.iin))
      m.relation = Relation::kParent;
    else
      m.relation = Relation::kOther;

    const bool is_ward = ward != wards.end();
    KOMEK_CHECK(add_statuses(p, s.on, is_ward, is_ward ? ward->second : Date(), words, m));
    KOMEK_CHECK(add_incomes(s, p, words, farm_counted, m));
    KOMEK_CHECK(add_properties(p, words, m));
    add_existing(p, family.existing);

    if (p.identity.found() && p.identity.value().death_date && *p.identity.value().death_date <= s.on) {
      std::string w;
      KOMEK_ASSIGN(w, words.fact("death"));
      family.facts.push_back({w, *p.identity.value().death_date, static_cast<int>(i), std::nullopt});
    }
    family.members.push_back(std::move(m));
  }
  return family;
}

nlohmann::json family_json(const rules::Family& family) {
  using json = nlohmann::json;
  json members = json::array();
  for (const auto& m : family.members) {
    json member = {{"birth_date", m.birth_date.iso()},
                   {"relation", std::string(rules::relation_name(m.relation))}};
    if (m.iin) member["iin"] = m.iin->str();
    if (!m.name.empty()) member["name"] = m.name;
    if (m.sex) member["sex"] = std::string(sex_name(*m.sex));
    json statuses = json::array();
    for (const auto& st : m.statuses) {
      if (!st.from && !st.to) {
        statuses.push_back(st.id);
        continue;
      }
      json entry = {{"status", st.id}};
      if (st.from) entry["from"] = st.from->iso();
      if (st.to) entry["to"] = st.to->iso();
      statuses.push_back(std::move(entry));
    }
    member["statuses"] = std::move(statuses);
    json incomes = json::array();
    for (const auto& inc : m.incomes)
      incomes.push_back({{"type", inc.type}, {"month", inc.month.iso()}, {"amount", inc.amount.decimal()}});
    member["incomes"] = std::move(incomes);
    json properties = json::array();
    for (const auto& p : m.properties) properties.push_back({{"type", p.type}, {"note", p.note}});
    member["properties"] = std::move(properties);
    members.push_back(std::move(member));
  }
  json root = {{"territory", family.territory.code()},
               {"application_date", family.application_date.iso()},
               {"members", std::move(members)}};
  if (!family.channel.empty()) root["channel"] = family.channel;
  json facts = json::array();
  for (const auto& f : family.facts) {
    json fact = {{"type", f.type}, {"date", f.date.iso()}};
    if (f.member >= 0) fact["member"] = f.member;
    if (f.territory) fact["territory"] = f.territory->code();
    facts.push_back(std::move(fact));
  }
  root["facts"] = std::move(facts);
  json existing = json::array();
  for (const auto& e : family.existing) {
    json entry = {{"programme", e.programme}, {"from", e.from.iso()}};
    if (e.to) entry["to"] = e.to->iso();
    if (e.application_only) entry["application_only"] = true;
    existing.push_back(std::move(entry));
  }
  root["existing"] = std::move(existing);
  return root;
}

}  // namespace komek::registry

#undef KOMEK_TRY_ASSIGN
