// The frozen copy of what the information systems said about a family on the day of its
// application: every answer to every one of the 24 queries of 004 §7 for every member, each
// with its provenance, and the items the systems had no data on, turned into the documents
// the applicant must bring (SPEC §4; 001 §11: identity, income, one proof of the ground).
//
//   RegistrySnapshot s = query_all(registry, {applicant, spouse, child}, application_date);
//   for (const RequiredDocument& d : s.documents) … document_title(d.kind, lang) …
//   auto family = to_family(s, vocabulary);   // to_family.hpp: what the rules evaluate
#pragma once

#include <optional>
#include <vector>

#include "registry/registry.hpp"

namespace komek::registry {

// The answers of all 24 queries for one person. A query that failed holds an Answer without
// data whose provenance has no answer time; the snapshot's `missing` says why.
struct PersonAnswers {
  explicit PersonAnswers(Iin person) : iin(std::move(person)) {}

  Iin iin;
  Answer<Identity> identity;                               // 1
  Answer<LegalStatus> kandas;                              // 2
  Answer<LegalStatus> refugee;                             // 3
  Answer<LegalStatus> foreigner;                           // 4
  Answer<LegalStatus> stateless;                           // 5
  Answer<std::vector<AddressRegistration>> registrations;  // 6
  Answer<std::vector<BankAccount>> bank_accounts;          // 7
  Answer<std::vector<DisabilityRecord>> disability;        // 8
  Answer<std::vector<ChildRecord>> children;               // 9
  Answer<std::vector<GuardianshipRecord>> guardianships;   // 10
  Answer<std::vector<AdoptionRecord>> adoptions;           // 11
  Answer<std::vector<MaritalEvent>> marital_events;        // 12
  Answer<std::vector<StudyRecord>> full_time_study;        // 13
  Answer<std::vector<IncomeRecord>> income;                // 14
  Answer<EntrepreneurStatus> entrepreneur;                 // 15
  Answer<std::vector<TsaRecord>> existing_tsa;             // 16
  Answer<FarmHolding> subsidiary_farm;                     // 17
  Answer<std::vector<EmploymentRecord>> employment;        // 18
  Answer<std::vector<EducationRecord>> education;          // 19
  Answer<AlimonyStatement> alimony;                        // 20
  Answer<std::vector<DetentionRecord>> detention;          // 21
  Answer<std::vector<DwellingRecord>> dwellings;           // 22
  Answer<std::vector<LandPlotRecord>> land_for_housing;    // 23
  Answer<std::vector<VehicleRecord>> vehicles;             // 24

  // Whether the query was answered with data, and its provenance, by kind.
  [[nodiscard]] bool found(QueryKind kind) const;
  [[nodiscard]] const Provenance& provenance(QueryKind kind) const;
};

// When adding an enumerator, also update missing_reason_name() and describe_missing().
enum class MissingReason : std::uint8_t {
  kNoData,       // the system answered that it has no data on the person
  kUnavailable,  // the system did not answer (or refused the question): see `error`
};
std::string_view missing_reason_name(MissingReason reason);

struct MissingItem {
  Iin person;
  QueryKind query = QueryKind::kIdentity;
  MissingReason reason = MissingReason::kNoData;
  std::optional<Error> error;            // for kUnavailable
  std::optional<DocumentKind> document;  // what the applicant brings instead, if anything
};

// One document one person brings, and the items it stands in for.
struct RequiredDocument {
  DocumentKind kind = DocumentKind::kIdentity;
  Iin person;
  std::vector<QueryKind> because;
};

// How many months of income query_all asks for: the twelve whole months before the month of
// the application, which always contain the TSA reference quarter (the quarter before the
// application's, Social Code art. 127 p. 2) and a year for local rules that look further.
inline constexpr int kSnapshotIncomeMonths = 12;

struct RegistrySnapshot {
  Date on;             // the day the questions were about (the application date)
  Month income_first;  // the income months asked for
  Month income_last;
  std::vector<PersonAnswers> members;  // in the order given; the first is the applicant
  std::vector<MissingItem> missing;    // in the order of members, then of 004 §7
  std::vector<RequiredDocument> documents;

  // Every query of every member answered with data.
  [[nodiscard]] bool complete() const { return missing.empty(); }
  [[nodiscard]] const PersonAnswers* find(const Iin& iin) const;
  // Answers with data, over all members and queries (for reports and tests).
  [[nodiscard]] std::size_t answers_found() const;
};

// Asks every query of 004 §7 for every member (each distinct IIN once, in the order given) as
// of `on`, and freezes the answers. Never fails: an item a system cannot give becomes a missing
// item, and the documents list says what the applicant brings instead.
RegistrySnapshot query_all(Registry& registry, const std::vector<Iin>& family, Date on);

// The documents for a list of missing items: one per person and kind, in the order the first
// item needing it appears; items whose absence asks for nothing are left out.
std::vector<RequiredDocument> required_documents(const std::vector<MissingItem>& missing);

}  // namespace komek::registry
