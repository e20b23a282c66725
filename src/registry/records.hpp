// What the information systems answer for each of the 24 items of 004 §7, as typed records.
// Money is integer tiyn (komek::Money); dates are as the system records them. A record says
// what the system knows, not what Komek concludes: turning records into the statuses, incomes
// and property of the rules is to_family()'s job (to_family.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/iin.hpp"
#include "core/money.hpp"
#include "core/territory.hpp"

namespace komek::registry {

// 1. Identity (ГБД ФЛ). The IIN is the key of the query, so it is not repeated here.
struct Identity {
  std::string surname;     // тегі
  std::string given_name;  // аты
  std::string patronymic;  // әкесінің аты; may be empty
  Date birth_date;
  Sex sex = Sex::kMale;
  std::string citizenship;      // ISO 3166-1 alpha-3 ("KAZ"); empty for a stateless person
  std::string document_number;  // the identity card or residence permit, 9 digits
  std::optional<Date> death_date;
  [[nodiscard]] std::string full_name() const;
  friend bool operator==(const Identity&, const Identity&) = default;
};

// 2-5. A legal status of a person: kandas, refugee, foreigner (with a residence permit),
// stateless. `holds` answers the question for the query's date; the dates say when.
struct LegalStatus {
  bool holds = false;
  std::optional<Date> since;
  std::optional<Date> until;
  std::string document;  // the certificate or permit number when the status holds
  friend bool operator==(const LegalStatus&, const LegalStatus&) = default;
};

// 6. Registration at an address (тіркеу).
// When adding an enumerator, also update registration_kind_name().
enum class RegistrationKind : std::uint8_t {
  kPermanent,  // тұрақты тұрғылықты жері
  kTemporary,  // уақытша тұратын жері
};
std::string_view registration_kind_name(RegistrationKind kind);

struct AddressRegistration {
  RegistrationKind kind = RegistrationKind::kPermanent;
  Kato territory;       // the settlement (елді мекен)
  std::string address;  // street, house, flat
  Date since;
  std::optional<Date> until;  // temporary registrations end
  friend bool operator==(const AddressRegistration&, const AddressRegistration&) = default;
};

// 7. A bank account the assistance can be paid to (001 §31).
struct BankAccount {
  std::string iban;  // KZ + 2 check digits + 16 characters (ISO 13616)
  std::string bank_name;
  std::string bic;
  friend bool operator==(const BankAccount&, const BankAccount&) = default;
};

// 8. Disability (мүгедектік), as established by medical-social expertise.
// When adding an enumerator, also update disability_group_name() and status_word() (to_family).
enum class DisabilityGroup : std::uint8_t {
  kGroup1 = 1,
  kGroup2 = 2,
  kGroup3 = 3,
  kChild = 4,  // a child under 18 (мүгедектігі бар бала): children have no groups
};
std::string_view disability_group_name(DisabilityGroup group);

struct DisabilityRecord {
  DisabilityGroup group = DisabilityGroup::kGroup3;
  Date since;
  std::optional<Date> until;  // the next re-examination; none when established without a term
  [[nodiscard]] bool holds_on(Date d) const { return since <= d && (!until || d <= *until); }
  friend bool operator==(const DisabilityRecord&, const DisabilityRecord&) = default;
};

// 9. A child born to the person, with the death when the child died.
struct ChildRecord {
  Iin child;
  std::string given_name;
  Date birth_date;
  std::optional<Date> death_date;
  friend bool operator==(const ChildRecord&, const ChildRecord&) = default;
};

// 10. Guardianship (қорғаншылық, under 14) or trusteeship (қамқоршылық, 14 to 18) the person
// holds over a ward.
// When adding an enumerator, also update guardianship_kind_name().
enum class GuardianshipKind : std::uint8_t { kGuardianship, kTrusteeship };
std::string_view guardianship_kind_name(GuardianshipKind kind);

struct GuardianshipRecord {
  Iin ward;
  GuardianshipKind kind = GuardianshipKind::kGuardianship;
  Date since;
  std::optional<Date> until;
  friend bool operator==(const GuardianshipRecord&, const GuardianshipRecord&) = default;
};

// 11. A child the person adopted.
struct AdoptionRecord {
  Iin child;
  Date date;  // the court decision's entry into force
  friend bool operator==(const AdoptionRecord&, const AdoptionRecord&) = default;
};

// 12. A marriage or a divorce registered by the civil registry (АХАЖ / ЗАГС).
// When adding an enumerator, also update marital_event_kind_name().
enum class MaritalEventKind : std::uint8_t { kMarriage, kDivorce };
std::string_view marital_event_kind_name(MaritalEventKind kind);

struct MaritalEvent {
  MaritalEventKind kind = MaritalEventKind::kMarriage;
  Iin spouse;
  Date date;
  friend bool operator==(const MaritalEvent&, const MaritalEvent&) = default;
};

// 13. Full-time study (күндізгі оқу): a dependant aged 18-23 in full-time education still
// counts as a dependant of the family.
struct StudyRecord {
  std::string institution;
  Kato territory;  // where the institution is
  Date since;
  std::optional<Date> until;  // the expected end of study
  [[nodiscard]] bool holds_on(Date d) const { return since <= d && (!until || d <= *until); }
  friend bool operator==(const StudyRecord&, const StudyRecord&) = default;
};

// 14. Income by month and type. The systems report what was paid, by whom, for which month.
// When adding an enumerator, also update income_kind_name() and income_type_word() (to_family).
enum class IncomeKind : std::uint8_t {
  kWages,                 // жалақы (pension contributions, ЕНПФ)
  kPension,               // зейнетақы (ГЦВП)
  kDisabilityBenefit,     // state social benefit for disability
  kSurvivorBenefit,       // state social benefit for the loss of a breadwinner
  kChildcareBenefit,      // benefit for the care of a child up to 1.5 years
  kDisabledChildBenefit,  // benefit to the parent of a child with disability
  kLargeFamilyAllowance,  // көпбалалы отбасыларға жәрдемақы
  kSpecialStateBenefit,   // special state benefit of a category of veterans (see SpecialCategory)
  kBusiness,              // кәсіпкерлік табыс (КГД)
  kRent,                  // rent received for property
  kPropertySale,          // sale of real estate
  kVehicleSale,           // sale of a vehicle
};
std::string_view income_kind_name(IncomeKind kind);

// The category a special state benefit is paid for (form 7 lists, 001 §25; categories of 000).
// When adding an enumerator, also update special_category_name() and status_word() (to_family).
enum class SpecialCategory : std::uint8_t {
  kNone,
  kAfghanistanReservist,
  kChernobylLiquidator,
  kKarabakhVeteran,
  kTajikAfghanBorderVeteran,
  kIraqPeacekeeper,
  kHomeFrontWorkerDecorated,
};
std::string_view special_category_name(SpecialCategory category);

struct IncomeRecord {
  IncomeKind kind = IncomeKind::kWages;
  Month month;  // the month it was received
  Money amount;
  std::string payer;  // the employer, the paying fund, the tenant or the buyer
  SpecialCategory category = SpecialCategory::kNone;  // for kSpecialStateBenefit
  friend bool operator==(const IncomeRecord&, const IncomeRecord&) = default;
};

// 15. Registration as an individual entrepreneur (дара кәсіпкер) with the tax authority.
struct EntrepreneurStatus {
  bool registered = false;  // on the query's date
  std::optional<Date> since;
  std::optional<Date> until;  // deregistration, when it happened before the query's date
  std::string activity;
  friend bool operator==(const EntrepreneurStatus&, const EntrepreneurStatus&) = default;
};

// 16. TSA already in the family: a pending application, an assignment, a payment.
// When adding an enumerator, also update tsa_record_kind_name().
enum class TsaRecordKind : std::uint8_t {
  kApplication,  // filed and not yet decided
  kAssignment,   // assigned for a period (from `date` to `until`), `amount` per month
  kPayment,      // paid on `date`, `amount`
};
std::string_view tsa_record_kind_name(TsaRecordKind kind);

struct TsaRecord {
  TsaRecordKind kind = TsaRecordKind::kApplication;
  Iin applicant;  // whose application or assignment it is: TSA is assigned to a family
  Date date;
  std::optional<Date> until;
  Money amount;
  friend bool operator==(const TsaRecord&, const TsaRecord&) = default;
};

// 17. A personal subsidiary farm (жеке қосалқы шаруашылық) kept by the person's household,
// from the akimat's household book.
struct FarmHolding {
  bool keeps_farm = false;
  std::int32_t cattle = 0;
  std::int32_t horses = 0;
  std::int32_t small_livestock = 0;  // sheep and goats
  std::int32_t poultry = 0;
  std::int32_t plot_area_m2 = 0;
  Money monthly_income;  // the income the akimat's book assesses, per month
  friend bool operator==(const FarmHolding&, const FarmHolding&) = default;
};

// 18. Employment history (еңбек қызметі) from the register of employment contracts.
struct EmploymentRecord {
  std::string employer;
  std::string position;
  Date from;
  std::optional<Date> to;  // none while the contract lasts
  friend bool operator==(const EmploymentRecord&, const EmploymentRecord&) = default;
};

// 19. Education and qualification (білімі, біліктілігі).
// When adding an enumerator, also update education_level_name().
enum class EducationLevel : std::uint8_t {
  kBasicSecondary,       // 9 grades
  kGeneralSecondary,     // 11 grades
  kTechnicalVocational,  // техникалық және кәсіптік білім (college)
  kHigher,               // жоғары білім
  kPostgraduate,         // жоғары оқу орнынан кейінгі білім
};
std::string_view education_level_name(EducationLevel level);

struct EducationRecord {
  EducationLevel level = EducationLevel::kGeneralSecondary;
  std::string institution;
  std::string qualification;  // empty for school education
  std::int32_t year_completed = 0;
  friend bool operator==(const EducationRecord&, const EducationRecord&) = default;
};

// 20. Alimony owed to the person for the three months before applying, from the enforcement
// proceedings (АИС ОИП): what was due, what was paid, and the arrears on the application date.
struct AlimonyMonth {
  Month month;
  Money due;
  Money paid;
  friend bool operator==(const AlimonyMonth&, const AlimonyMonth&) = default;
};

struct AlimonyStatement {
  std::optional<Iin> debtor;  // none when no alimony is awarded to the person
  std::vector<AlimonyMonth> months;
  Money arrears;
  friend bool operator==(const AlimonyStatement&, const AlimonyStatement&) = default;
};

// 21. Prison or compulsory treatment.
// When adding an enumerator, also update detention_kind_name().
enum class DetentionKind : std::uint8_t {
  kPrison,               // бас бостандығынан айыру орны
  kCompulsoryTreatment,  // мәжбүрлеп емдеу
};
std::string_view detention_kind_name(DetentionKind kind);

struct DetentionRecord {
  DetentionKind kind = DetentionKind::kPrison;
  Date since;
  std::optional<Date> until;  // the release, or none while it lasts
  [[nodiscard]] bool holds_on(Date d) const { return since <= d && (!until || d <= *until); }
  friend bool operator==(const DetentionRecord&, const DetentionRecord&) = default;
};

// 22. A dwelling the person owns (register of real estate).
struct DwellingRecord {
  std::string cadastral_number;
  Kato territory;
  std::string address;
  std::int32_t floor_area_m2 = 0;
  Date since;
  friend bool operator==(const DwellingRecord&, const DwellingRecord&) = default;
};

// 23. A land plot for housing construction the person owns (land cadastre).
struct LandPlotRecord {
  std::string cadastral_number;
  Kato territory;
  std::int32_t area_m2 = 0;
  Date since;
  friend bool operator==(const LandPlotRecord&, const LandPlotRecord&) = default;
};

// 24. A vehicle registered to the person.
struct VehicleRecord {
  std::string make_model;
  std::int32_t year_made = 0;
  std::string plate;
  Date registered;
  friend bool operator==(const VehicleRecord&, const VehicleRecord&) = default;
};

}  // namespace komek::registry
