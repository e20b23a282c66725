#include "registry/snapshot_json.hpp"

#include <nlohmann/json.hpp>

namespace komek::registry {
namespace {

using json = nlohmann::json;

json date(const std::optional<Date>& d) {
  return d ? json(d->iso()) : json(nullptr);
}

json to_j(const Identity& v) {
  return {{"surname", v.surname},
          {"given_name", v.given_name},
          {"patronymic", v.patronymic},
          {"birth_date", v.birth_date.iso()},
          {"sex", std::string(sex_name(v.sex))},
          {"citizenship", v.citizenship},
          {"document_number", v.document_number},
          {"death_date", date(v.death_date)}};
}

json to_j(const LegalStatus& v) {
  return {{"holds", v.holds}, {"since", date(v.since)}, {"until", date(v.until)}, {"document", v.document}};
}

json to_j(const AddressRegistration& v) {
  return {{"kind", std::string(registration_kind_name(v.kind))},
          {"territory", v.territory.code()},
          {"address", v.address},
          {"since", v.since.iso()},
          {"until", date(v.until)}};
}

json to_j(const BankAccount& v) {
  return {{"iban", v.iban}, {"bank_name", v.bank_name}, {"bic", v.bic}};
}

json to_j(const DisabilityRecord& v) {
  return {{"group", std::string(disability_group_name(v.group))},
          {"since", v.since.iso()},
          {"until", date(v.until)}};
}

json to_j(const ChildRecord& v) {
  return {{"child", v.child.str()},
          {"given_name", v.given_name},
          {"birth_date", v.birth_date.iso()},
          {"death_date", date(v.death_date)}};
}

json to_j(const GuardianshipRecord& v) {
  return {{"ward", v.ward.str()},
          {"kind", std::string(guardianship_kind_name(v.kind))},
          {"since", v.since.iso()},
          {"until", date(v.until)}};
}

json to_j(const AdoptionRecord& v) {
  return {{"child", v.child.str()}, {"date", v.date.iso()}};
}

json to_j(const MaritalEvent& v) {
  return {{"kind", std::string(marital_event_kind_name(v.kind))},
          {"spouse", v.spouse.str()},
          {"date", v.date.iso()}};
}

json to_j(const StudyRecord& v) {
  return {{"institution", v.institution},
          {"territory", v.territory.code()},
          {"since", v.since.iso()},
          {"until", date(v.until)}};
}

json to_j(const IncomeRecord& v) {
  json j = {{"kind", std::string(income_kind_name(v.kind))},
            {"month", v.month.iso()},
            {"amount_tiyn", v.amount.tiyn()},
            {"payer", v.payer}};
  if (v.category != SpecialCategory::kNone) j["category"] = std::string(special_category_name(v.category));
  return j;
}

json to_j(const EntrepreneurStatus& v) {
  return {{"registered", v.registered},
          {"since", date(v.since)},
          {"until", date(v.until)},
          {"activity", v.activity}};
}

json to_j(const TsaRecord& v) {
  return {{"kind", std::string(tsa_record_kind_name(v.kind))},
          {"applicant", v.applicant.str()},
          {"date", v.date.iso()},
          {"until", date(v.until)},
          {"amount_tiyn", v.amount.tiyn()}};
}

json to_j(const FarmHolding& v) {
  return {{"keeps_farm", v.keeps_farm},
          {"cattle", v.cattle},
          {"horses", v.horses},
          {"small_livestock", v.small_livestock},
          {"poultry", v.poultry},
          {"plot_area_m2", v.plot_area_m2},
          {"monthly_income_tiyn", v.monthly_income.tiyn()}};
}

json to_j(const EmploymentRecord& v) {
  return {{"employer", v.employer}, {"position", v.position}, {"from", v.from.iso()}, {"to", date(v.to)}};
}

json to_j(const EducationRecord& v) {
  return {{"level", std::string(education_level_name(v.level))},
          {"institution", v.institution},
          {"qualification", v.qualification},
          {"year_completed", v.year_completed}};
}

json to_j(const AlimonyStatement& v) {
  json months = json::array();
  for (const auto& m : v.months)
    months.push_back({{"month", m.month.iso()}, {"due_tiyn", m.due.tiyn()}, {"paid_tiyn", m.paid.tiyn()}});
  return {{"debtor", v.debtor ? json(v.debtor->str()) : json(nullptr)},
          {"months", std::move(months)},
          {"arrears_tiyn", v.arrears.tiyn()}};
}

json to_j(const DetentionRecord& v) {
  return {
      {"kind", std::string(detention_kind_name(v.kind))}, {"since", v.since.iso()}, {"until", date(v.until)}};
}

json to_j(const DwellingRecord& v) {
  return {{"cadastral_number", v.cadastral_number},
          {"territory", v.territory.code()},
          {"address", v.address},
          {"floor_area_m2", v.floor_area_m2},
          {"since", v.since.iso()}};
}

json to_j(const LandPlotRecord& v) {
  return {{"cadastral_number", v.cadastral_number},
          {"territory", v.territory.code()},
          {"area_m2", v.area_m2},
          {"since", v.since.iso()}};
}

json to_j(const VehicleRecord& v) {
  return {{"make_model", v.make_model},
          {"year_made", v.year_made},
          {"plate", v.plate},
          {"registered", v.registered.iso()}};
}

template <typename T>
json to_j(const std::vector<T>& list) {
  json out = json::array();
  for (const auto& item : list) out.push_back(to_j(item));
  return out;
}

template <typename T>
json answer(const Answer<T>& a) {
  const Provenance& p = a.provenance;
  return {{"query", query_number(p.query)},
          {"name", std::string(query_name(p.query))},
          {"system", p.system},
          {"answered_at", p.answered_at ? json(p.answered_at->iso()) : json(nullptr)},
          {"found", a.found()},
          {"data", a.found() ? to_j(a.value()) : json(nullptr)}};
}

json person(const PersonAnswers& p) {
  json answers = json::array();
  answers.push_back(answer(p.identity));
  answers.push_back(answer(p.kandas));
  answers.push_back(answer(p.refugee));
  answers.push_back(answer(p.foreigner));
  answers.push_back(answer(p.stateless));
  answers.push_back(answer(p.registrations));
  answers.push_back(answer(p.bank_accounts));
  answers.push_back(answer(p.disability));
  answers.push_back(answer(p.children));
  answers.push_back(answer(p.guardianships));
  answers.push_back(answer(p.adoptions));
  answers.push_back(answer(p.marital_events));
  answers.push_back(answer(p.full_time_study));
  answers.push_back(answer(p.income));
  answers.push_back(answer(p.entrepreneur));
  answers.push_back(answer(p.existing_tsa));
  answers.push_back(answer(p.subsidiary_farm));
  answers.push_back(answer(p.employment));
  answers.push_back(answer(p.education));
  answers.push_back(answer(p.alimony));
  answers.push_back(answer(p.detention));
  answers.push_back(answer(p.dwellings));
  answers.push_back(answer(p.land_for_housing));
  answers.push_back(answer(p.vehicles));
  return {{"iin", p.iin.str()}, {"answers", std::move(answers)}};
}

}  // namespace

json snapshot_json(const RegistrySnapshot& s) {
  json members = json::array();
  for (const auto& m : s.members) members.push_back(person(m));
  json missing = json::array();
  for (const auto& item : s.missing) {
    json j = {{"person", item.person.str()},
              {"query", query_number(item.query)},
              {"name", std::string(query_name(item.query))},
              {"reason", std::string(missing_reason_name(item.reason))},
              {"document", item.document ? json(std::string(document_name(*item.document))) : json(nullptr)}};
    if (item.error) j["error"] = item.error->message_key;
    missing.push_back(std::move(j));
  }
  json documents = json::array();
  for (const auto& d : s.documents) {
    json because = json::array();
    for (QueryKind q : d.because) because.push_back(query_number(q));
    documents.push_back(
        {{"kind", std::string(document_name(d.kind))}, {"person", d.person.str()}, {"because", because}});
  }
  return {{"on", s.on.iso()},
          {"income_months", {{"first", s.income_first.iso()}, {"last", s.income_last.iso()}}},
          {"members", std::move(members)},
          {"missing", std::move(missing)},
          {"documents", std::move(documents)}};
}

}  // namespace komek::registry
