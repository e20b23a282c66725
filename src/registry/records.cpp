#include "registry/records.hpp"

namespace komek::registry {

std::string Identity::full_name() const {
  std::string out = surname;
  for (const std::string* part : {&given_name, &patronymic}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ' ';
    out += *part;
  }
  return out;
}

std::string_view registration_kind_name(RegistrationKind kind) {
  switch (kind) {
    case RegistrationKind::kPermanent:
      return "permanent";
    case RegistrationKind::kTemporary:
      return "temporary";
  }
  return "permanent";
}

std::string_view disability_group_name(DisabilityGroup group) {
  switch (group) {
    case DisabilityGroup::kGroup1:
      return "group_1";
    case DisabilityGroup::kGroup2:
      return "group_2";
    case DisabilityGroup::kGroup3:
      return "group_3";
    case DisabilityGroup::kChild:
      return "child";
  }
  return "group_3";
}

std::string_view guardianship_kind_name(GuardianshipKind kind) {
  switch (kind) {
    case GuardianshipKind::kGuardianship:
      return "guardianship";
    case GuardianshipKind::kTrusteeship:
      return "trusteeship";
  }
  return "guardianship";
}

std::string_view marital_event_kind_name(MaritalEventKind kind) {
  switch (kind) {
    case MaritalEventKind::kMarriage:
      return "marriage";
    case MaritalEventKind::kDivorce:
      return "divorce";
  }
  return "marriage";
}

std::string_view income_kind_name(IncomeKind kind) {
  switch (kind) {
    case IncomeKind::kWages:
      return "wages";
    case IncomeKind::kPension:
      return "pension";
    case IncomeKind::kDisabilityBenefit:
      return "disability_benefit";
    case IncomeKind::kSurvivorBenefit:
      return "survivor_benefit";
    case IncomeKind::kChildcareBenefit:
      return "childcare_benefit";
    case IncomeKind::kDisabledChildBenefit:
      return "disabled_child_benefit";
    case IncomeKind::kLargeFamilyAllowance:
      return "large_family_allowance";
    case IncomeKind::kSpecialStateBenefit:
      return "special_state_benefit";
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

std::string_view special_category_name(SpecialCategory category) {
  switch (category) {
    case SpecialCategory::kNone:
      return "none";
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
  return "none";
}

std::string_view tsa_record_kind_name(TsaRecordKind kind) {
  switch (kind) {
    case TsaRecordKind::kApplication:
      return "application";
    case TsaRecordKind::kAssignment:
      return "assignment";
    case TsaRecordKind::kPayment:
      return "payment";
  }
  return "application";
}

std::string_view education_level_name(EducationLevel level) {
  switch (level) {
    case EducationLevel::kBasicSecondary:
      return "basic_secondary";
    case EducationLevel::kGeneralSecondary:
      return "general_secondary";
    case EducationLevel::kTechnicalVocational:
      return "technical_vocational";
    case EducationLevel::kHigher:
      return "higher";
    case EducationLevel::kPostgraduate:
      return "postgraduate";
  }
  return "general_secondary";
}

std::string_view detention_kind_name(DetentionKind kind) {
  switch (kind) {
    case DetentionKind::kPrison:
      return "prison";
    case DetentionKind::kCompulsoryTreatment:
      return "compulsory_treatment";
  }
  return "prison";
}

}  // namespace komek::registry
