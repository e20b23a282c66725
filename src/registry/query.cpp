#include "registry/query.hpp"

#include "core/invariant.hpp"
#include "core/messages.hpp"
#include "registry/messages.hpp"

namespace komek::registry {
namespace {

struct QueryInfo {
  QueryKind kind;
  std::string_view name;
  std::string_view holder;
  std::optional<DocumentKind> document;
};

// One row per item of 004 §7, in its order (a test checks the numbering). Which document
// stands in for a missing item follows 001 §11: identity and status come from the identity
// document; income items from the proof of income; family composition, disability, study and
// detention from the proof of the ground.
constexpr std::array<QueryInfo, kQueryCount> kQueries = {{
    {QueryKind::kIdentity, "identity", "ГБД ФЛ", DocumentKind::kIdentity},
    {QueryKind::kKandas, "kandas", "ИС МТСЗН (кандасы)", DocumentKind::kIdentity},
    {QueryKind::kRefugee, "refugee", "ИС МВД (миграционная служба)", DocumentKind::kIdentity},
    {QueryKind::kForeigner, "foreigner", "ИС МВД (миграционная служба)", DocumentKind::kIdentity},
    {QueryKind::kStateless, "stateless", "ИС МВД (миграционная служба)", DocumentKind::kIdentity},
    {QueryKind::kRegistration, "registration", "ГБД ФЛ (адресный регистр)", DocumentKind::kIdentity},
    {QueryKind::kBankDetails, "bank_details", "банки второго уровня", std::nullopt},
    {QueryKind::kDisability, "disability", "ЦБДИ", DocumentKind::kProofOfGround},
    {QueryKind::kChildren, "children", "ИС ЗАГС", DocumentKind::kProofOfGround},
    {QueryKind::kGuardianship, "guardianship", "ИС органов опеки и попечительства",
     DocumentKind::kProofOfGround},
    {QueryKind::kAdoption, "adoption", "ИС ЗАГС", DocumentKind::kProofOfGround},
    {QueryKind::kMarriage, "marriage", "ИС ЗАГС", DocumentKind::kProofOfGround},
    {QueryKind::kFullTimeStudy, "full_time_study", "НОБД", DocumentKind::kProofOfGround},
    {QueryKind::kIncome, "income", "ЕНПФ, ГЦВП, КГД", DocumentKind::kIncome},
    {QueryKind::kEntrepreneur, "entrepreneur", "КГД МФ", DocumentKind::kIncome},
    {QueryKind::kExistingTsa, "existing_tsa", "Е-Собес", std::nullopt},
    {QueryKind::kSubsidiaryFarm, "subsidiary_farm", "ИАС «Похозяйственный учёт»", DocumentKind::kIncome},
    {QueryKind::kEmployment, "employment", "ЕСУТД", DocumentKind::kIncome},
    {QueryKind::kEducation, "education", "НОБД", std::nullopt},
    {QueryKind::kAlimony, "alimony", "АИС ОИП", DocumentKind::kIncome},
    {QueryKind::kDetention, "detention", "ИС КУИС МВД", DocumentKind::kProofOfGround},
    {QueryKind::kDwellings, "dwellings", "ГБД РН", std::nullopt},
    {QueryKind::kLandForHousing, "land_for_housing", "АИС ГЗК", std::nullopt},
    {QueryKind::kVehicles, "vehicles", "ИС МВД (регистрация транспорта)", std::nullopt},
}};

const QueryInfo& info(QueryKind kind) {
  const int n = query_number(kind);
  KOMEK_INVARIANT(n >= 1 && n <= kQueryCount, "query kind out of range");
  const QueryInfo& row = kQueries[static_cast<std::size_t>(n - 1)];
  KOMEK_INVARIANT(row.kind == kind, "the query table is out of order");
  return row;
}

}  // namespace

const std::array<QueryKind, kQueryCount>& all_queries() {
  static const std::array<QueryKind, kQueryCount> kAll = [] {
    std::array<QueryKind, kQueryCount> out{};
    for (std::size_t i = 0; i < kQueries.size(); ++i) out[i] = kQueries[i].kind;
    return out;
  }();
  return kAll;
}

std::string_view query_name(QueryKind kind) {
  return info(kind).name;
}

std::string_view query_holder(QueryKind kind) {
  return info(kind).holder;
}

std::optional<DocumentKind> document_for(QueryKind kind) {
  return info(kind).document;
}

Result<QueryKind> parse_query_kind(std::string_view text) {
  for (const auto& row : kQueries) {
    if (row.name == text || std::to_string(query_number(row.kind)) == text) return row.kind;
  }
  return invalid("registry.query_unknown", {{"value", std::string(text.substr(0, 40))}});
}

std::string query_title(QueryKind kind, Lang lang) {
  return render_message("registry.query." + std::string(query_name(kind)), {}, lang);
}

std::string_view document_name(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kIdentity:
      return "identity";
    case DocumentKind::kIncome:
      return "income";
    case DocumentKind::kProofOfGround:
      return "proof_of_ground";
  }
  return "identity";
}

std::string document_title(DocumentKind kind, Lang lang) {
  return render_message("registry.document." + std::string(document_name(kind)), {}, lang);
}

}  // namespace komek::registry
