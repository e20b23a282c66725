// The 24 items a TSA application is checked against in the state information systems through
// the e-gov gateway (004 §7, SPEC §4), and the documents an applicant brings when a system
// has no data on an item (001 §11: identity, income of the family, one proof of the ground).
//
//   for (QueryKind q : all_queries())
//     std::cout << query_number(q) << " " << query_title(q, Lang::kRu) << "\n";
//   // 1 Сведения, удостоверяющие личность …
//   document_for(QueryKind::kIncome)   // DocumentKind::kIncome
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/lang.hpp"
#include "core/result.hpp"

namespace komek::registry {

// One enumerator per item of 004 §7, numbered as there. When adding or renumbering an
// enumerator, also update the table in query.cpp, the titles in messages.cpp, the Registry
// port, PersonAnswers and query_all() (snapshot.cpp), and snapshot_json.cpp.
enum class QueryKind : std::uint8_t {
  kIdentity = 1,      // 1  identity (жеке басын куәландыратын деректер)
  kKandas = 2,        // 2  kandas status (қандас мәртебесі)
  kRefugee = 3,       // 3  refugee status (босқын мәртебесі)
  kForeigner = 4,     // 4  foreigner status (шетелдік)
  kStateless = 5,     // 5  stateless person status (азаматтығы жоқ адам)
  kRegistration = 6,  // 6  registration at a permanent or temporary address (тіркеу)
  kBankDetails = 7,   // 7  bank details (банк деректемелері)
  kDisability = 8,    // 8  disability (мүгедектік)
  kChildren = 9,  // 9  births and deaths of children (балалардың тууы, қайтыс болуы)
  kGuardianship = 10,    // 10 guardianship and trusteeship (қорғаншылық, қамқоршылық)
  kAdoption = 11,        // 11 adoption (бала асырап алу)
  kMarriage = 12,        // 12 marriage and divorce (неке қию, бұзу)
  kFullTimeStudy = 13,   // 13 full-time study of dependants aged 18-23 (күндізгі оқу)
  kIncome = 14,          // 14 income by month and type (табыстар)
  kEntrepreneur = 15,    // 15 individual-entrepreneur status (дара кәсіпкер)
  kExistingTsa = 16,     // 16 TSA already assigned, paid or applied for in the family
  kSubsidiaryFarm = 17,  // 17 personal subsidiary farm (жеке қосалқы шаруашылық)
  kEmployment = 18,      // 18 employment history of able-bodied members (еңбек қызметі)
  kEducation = 19,       // 19 education and qualification (білімі, біліктілігі)
  kAlimony = 20,         // 20 alimony and arrears, three months before applying (алимент)
  kDetention = 21,       // 21 members in prison or compulsory treatment
  kDwellings = 22,       // 22 owned dwellings (тұрғын үй)
  kLandForHousing = 23,  // 23 owned land for housing construction
  kVehicles = 24,        // 24 owned vehicles (көлік құралдары)
};

inline constexpr int kQueryCount = 24;

// Every query, in the order of 004 §7.
const std::array<QueryKind, kQueryCount>& all_queries();

// The item's number in 004 §7 (1-24).
[[nodiscard]] constexpr int query_number(QueryKind kind) {
  return static_cast<int>(kind);
}
// A stable identifier for files and JSON, e.g. "bank_details".
[[nodiscard]] std::string_view query_name(QueryKind kind);
// By name ("income") or number ("14"). Error: "registry.query_unknown".
Result<QueryKind> parse_query_kind(std::string_view text);
// The item as a person reads it, from the message catalogue ("registry.query.<name>").
[[nodiscard]] std::string query_title(QueryKind kind, Lang lang);
// The information system that holds the item, as the e-gov gateway names it. Informational
// only ([P]: from public descriptions of the systems, not from the seeds); an adapter reports
// the system that actually answered in each answer's provenance.
[[nodiscard]] std::string_view query_holder(QueryKind kind);

// The documents an applicant brings where the systems have no data (001 §11).
// When adding an enumerator, also update document_name() and the titles in messages.cpp.
enum class DocumentKind : std::uint8_t {
  kIdentity,       // a document proving identity (and the status or address it records)
  kIncome,         // proof of the family's income (not for income-independent assistance)
  kProofOfGround,  // one document proving the ground of need or the family's composition
};

[[nodiscard]] std::string_view document_name(DocumentKind kind);
[[nodiscard]] std::string document_title(DocumentKind kind, Lang lang);

// The document that replaces an item the systems could not give, or nothing when the item's
// absence asks nothing of the applicant: bank details are written on the application itself,
// an existing TSA is the authorized body's own record, education only informs the employment
// measures, and "no property on record" is the usual answer for property items (the district
// commission's inspection covers what the applicant owns, 004 §2.19).
[[nodiscard]] std::optional<DocumentKind> document_for(QueryKind kind);

}  // namespace komek::registry
