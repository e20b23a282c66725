// Documents on a case through the service on a real store, on SQLite and (with KOMEK_TEST_PG)
// PostgreSQL: the bytes come back exactly (NUL and high bytes included), an upload is one
// transaction with its audit record and idempotency key, the case's state is untouched, the
// limit per case holds, reads are in the access log, and the table refuses a size that is not
// its content's.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cases/document_service.hpp"
#include "cases/service.hpp"
#include "core/messages.hpp"
#include "store/case_store.hpp"
#include "store/document_store.hpp"
#include "support/store_harness.hpp"
#include "support/outcomes.hpp"

namespace komek::store {
namespace {

using namespace komek::cases;
using json = nlohmann::json;

// A PDF whose body holds every byte value, NUL first.
std::string pdf_bytes() {
  std::string s = "%PDF-1.4\n";
  for (int round = 0; round < 3; ++round)
    for (int b = 0; b < 256; ++b) s.push_back(static_cast<char>(b));
  return s;
}

class DocumentStoreTest : public test::StoreHarness {
 protected:
  DocumentStoreTest() : StoreHarness("documents") {}
  void SetUp() override {
    StoreHarness::SetUp();
    cases_ = make_case_store(*db_);
    documents_store_ = make_document_store(*db_);
    service_ = std::make_unique<CaseService>(*cases_, *workflow_, clock_, ids_, registry_);
    documents_ = std::make_unique<DocumentService>(*documents_store_, clock_, ids_);
  }

  // A registered case of Koksu district awaiting the applicant's identity and income documents.
  std::string awaiting_case() {
    auto submitted = service_->submit(officer_, {"s" + std::to_string(++keys_), "h"}, test::disaster_intake());
    const auto id = json::parse(test::body(submitted.value()))["id"].get<std::string>();
    EXPECT_TRUE(service_->accept(officer_, {"s" + std::to_string(++keys_), "h"}, id).has_value());
    auto registry = service_->query_registry(officer_, {"s" + std::to_string(++keys_), "h"}, id);
    EXPECT_EQ(json::parse(test::body(registry.value()))["state"], "awaiting_documents");
    return id;
  }
  Result<work::Done<CaseDocument>> add(const Actor& who, const std::string& case_id, const std::string& key, const std::string& kind = "identity",
                       const std::string& bytes = pdf_bytes()) {
    return documents_->upload(who, {key, "body-" + key}, case_id, DocumentUpload{kind, "Куәлік 1.pdf", "application/pdf", bytes, ""});
  }

  test::SettableClock clock_;
  test::CountingIds ids_{"id-"};
  // The registries have no data on the applicant's identity and income.
  test::EchoRegistry registry_{{"identity (900101******)", "income (900101******)"}, "2026-03-02T10:01"};
  std::unique_ptr<CaseStore> cases_;
  std::unique_ptr<DocumentStore> documents_store_;
  std::unique_ptr<CaseService> service_;
  std::unique_ptr<DocumentService> documents_;
  int keys_ = 0;
  Actor officer_{"officer1", "officer", "3348", "", "127.0.0.1"};
  Actor applicant_{"aigul", "applicant", "", "900101300811", "10.0.0.2"};
};

TEST_P(DocumentStoreTest, TheBytesComeBackExactlyAndTheCaseStaysWhereItWas) {
  const std::string id = awaiting_case();
  const auto chain = cases_->verify_audit_chain().value();
  const std::string bytes = pdf_bytes();
  clock_.now = LocalDateTime::parse("2026-03-03T11:20").value();
  auto added = add(applicant_, id, "u1", "identity", bytes);
  ASSERT_TRUE(added.has_value()) << render(added.error(), Lang::kEn);
  EXPECT_EQ(test::status(*added), 201);
  const json d = json::parse(test::body(*added));
  EXPECT_EQ(d["case_id"], id);
  EXPECT_EQ(d["kind"], "identity");
  EXPECT_EQ(d["file_name"], "Куәлік 1.pdf");
  EXPECT_EQ(d["size"], bytes.size());
  EXPECT_EQ(d["sha256"], content_sha256(bytes));
  EXPECT_EQ(d["uploaded_by"], "aigul");
  EXPECT_EQ(d["uploaded_at"], "2026-03-03T11:20");
  // One audit record, with the digest and not the bytes; the case is untouched.
  EXPECT_EQ(cases_->verify_audit_chain().value(), chain + 1);
  EXPECT_EQ(raw("SELECT action FROM audit_log WHERE entity = 'document'"), "document.uploaded");
  EXPECT_EQ(raw("SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%" + content_sha256(bytes) + "%'"), "1");
  EXPECT_EQ(cases_->get(id).value()->state, CaseState::kAwaitingDocuments);
  EXPECT_EQ(raw("SELECT size_bytes FROM case_documents"), std::to_string(bytes.size()));

  auto read = documents_->read(officer_, id, d["id"], "GET /api/v1/cases/{id}/documents/{doc}");
  ASSERT_TRUE(read.has_value()) << render(read.error(), Lang::kEn);
  EXPECT_EQ(read->content, bytes);
  EXPECT_EQ(read->document.sha256, content_sha256(bytes));
  EXPECT_EQ(read->document.content_type, "application/pdf");

  const CaseDocuments list = documents_->list(applicant_, id, "GET /api/v1/cases/{id}/documents").value();
  ASSERT_EQ(list.documents.size(), 1u);
  EXPECT_EQ(to_json(list.documents[0]), d);
  ASSERT_EQ(list.required.size(), 2u);
  EXPECT_EQ(list.required[0].kind, "identity");
  EXPECT_EQ(list.required[1].kind, "income");
  EXPECT_EQ(kDocumentsPerCaseMax, 20u);
}

TEST_P(DocumentStoreTest, AReplayedKeyAddsNothingAndAnotherBodyIsRefused) {
  const std::string id = awaiting_case();
  auto first = add(officer_, id, "same");
  ASSERT_TRUE(first.has_value());
  auto again = add(officer_, id, "same");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(test::body(*again), test::body(*first));
  EXPECT_EQ(raw("SELECT COUNT(*) FROM case_documents"), "1");
  auto other = documents_->upload(officer_, {"same", "another body"}, id,
                                  DocumentUpload{"income", "x.pdf", "application/pdf", pdf_bytes(), ""});
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().message_key, "http.idempotency_key_reused");
  EXPECT_EQ(raw("SELECT COUNT(*) FROM case_documents"), "1");
}

TEST_P(DocumentStoreTest, TwentyPerCaseThenAConflictAndNothingWritten) {
  const std::string id = awaiting_case();
  std::vector<std::string> added;
  for (std::size_t i = 0; i < kDocumentsPerCaseMax; ++i) {
    auto r = add(officer_, id, "k" + std::to_string(i), "other");
    ASSERT_TRUE(r.has_value()) << i;
    added.push_back(json::parse(test::body(*r))["id"]);
  }
  const auto chain = cases_->verify_audit_chain().value();
  auto full = add(officer_, id, "k-over");
  ASSERT_FALSE(full.has_value());
  EXPECT_EQ(full.error().message_key, "document.too_many");
  EXPECT_EQ(raw("SELECT COUNT(*) FROM case_documents"), "20");
  EXPECT_EQ(cases_->verify_audit_chain().value(), chain);
  // Listed in the order received.
  const CaseDocuments list = documents_->list(officer_, id, "r").value();
  std::vector<std::string> listed;
  for (const auto& d : list.documents) listed.push_back(d.id);
  EXPECT_EQ(listed, added);
}

TEST_P(DocumentStoreTest, OthersSeeNothingAndEveryReadIsLogged) {
  const std::string id = awaiting_case();
  const std::string doc = json::parse(test::body(*add(applicant_, id, "u1")))["id"];
  const Actor aktobe{"officer9", "officer", "15", "", "10.0.0.9"};
  const Actor stranger{"citizen2", "applicant", "", "871008401427", "10.0.0.3"};
  for (const Actor& who : {aktobe, stranger}) {
    EXPECT_EQ(add(who, id, "x-" + who.login).error().code, ErrorCode::kNotFound) << who.login;
    EXPECT_EQ(documents_->list(who, id, "r").error().code, ErrorCode::kNotFound) << who.login;
    EXPECT_EQ(documents_->read(who, id, doc, "r").error().code, ErrorCode::kNotFound) << who.login;
  }
  EXPECT_EQ(raw("SELECT COUNT(*) FROM case_documents"), "1");
  // A document id of another case is not found on this one.
  const std::string other_case = awaiting_case();
  EXPECT_EQ(documents_->read(officer_, other_case, doc, "r").error().message_key, "document.not_found");
  const std::string before = raw("SELECT COUNT(*) FROM pd_access_log");
  ASSERT_TRUE(documents_->read(officer_, id, doc, "GET /api/v1/cases/{id}/documents/{doc}").has_value());
  EXPECT_EQ(std::stoi(raw("SELECT COUNT(*) FROM pd_access_log")), std::stoi(before) + 1);
  EXPECT_EQ(raw("SELECT record FROM pd_access_log WHERE actor = 'officer1' AND denied = 0 AND record LIKE '%/document:%'"),
            "case:" + id + "/document:" + doc);
  EXPECT_EQ(raw("SELECT subject FROM pd_access_log WHERE actor = 'officer1' AND denied = 0 AND record LIKE '%/document:%'"),
            subject_of("900101300811"));
  // Denials: 3 by each outsider (the failed upload is not a read), 1 for the wrong case's id.
  EXPECT_EQ(raw("SELECT COUNT(*) FROM pd_access_log WHERE denied = 1 AND record LIKE 'case:" + id + "/%'"), "4");
  EXPECT_EQ(raw("SELECT COUNT(*) FROM pd_access_log WHERE subject LIKE '%900101300811%'"), "0");
}

TEST_P(DocumentStoreTest, TheApplicantStopsAtTheDecisionStaffDoNot) {
  const std::string id = awaiting_case();
  ASSERT_TRUE(add(applicant_, id, "a1").has_value());
  // Close the case: a refusal to accept is terminal (its own case, submitted only).
  Intake in;
  in.pack_id = "koksu-local";
  in.programmes = {"disaster_help"};
  in.family_json = R"({"territory": "334820000", "application_date": "2026-03-02", "members": [{"iin": "900101300811",
      "birth_date": "1990-01-01", "relation": "applicant"}], "facts": [{"type": "natural_disaster", "date": "2026-02-20"}]})";
  const std::string closed = service_->submit(officer_, {"c1", "h"}, in).value().value.id;
  ASSERT_TRUE(service_->apply(officer_, {"c2", "h"}, closed, "case.refuse_to_accept",
                              [&](Case& c, Date today, std::vector<Event>& ev) {
                                return workflow_->refuse_to_accept(c, {"identity_document"}, "", today, ev);
                              })
                  .has_value());
  auto late = add(applicant_, closed, "a2");
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_EQ(late.error().message_key, "document.case_closed");
  EXPECT_TRUE(add(officer_, closed, "o1").has_value());
  // A refusal to accept lists the package's gaps, not the registries'.
  EXPECT_TRUE(documents_->list(officer_, closed, "r").value().required.empty());
}

TEST_P(DocumentStoreTest, TheTableHoldsOnlyWhatMatchesItsSize) {
  const std::string id = awaiting_case();
  // A size that is not the content's, or an unknown case: refused by the database itself.
  const std::string blob = pg() ? "'\\x25504446'::bytea" : "X'25504446'";
  const std::string insert = "INSERT INTO case_documents (id, case_id, seq, kind, file_name, content_type, size_bytes, sha256, "
                             "content, uploaded_by, uploaded_at, note, created_at) VALUES ";
  EXPECT_EQ(raw(insert + "('d1', '" + id + "', 1, 'other', 'a', 'application/pdf', 5, 'x', " + blob + ", 'u', 't', '', 'c')"), "ERROR");
  EXPECT_EQ(raw(insert + "('d2', 'no-such-case', 1, 'other', 'a', 'application/pdf', 4, 'x', " + blob + ", 'u', 't', '', 'c')"), "ERROR");
  EXPECT_EQ(raw(insert + "('d3', '" + id + "', 1, 'other', 'a', 'application/pdf', 4, 'x', " + blob + ", 'u', 't', '', 'c')"), "");
  // One place per case in the order received.
  EXPECT_EQ(raw(insert + "('d4', '" + id + "', 1, 'other', 'a', 'application/pdf', 4, 'x', " + blob + ", 'u', 't', '', 'c')"), "ERROR");
  EXPECT_EQ(raw("SELECT COUNT(*) FROM case_documents"), "1");
}

INSTANTIATE_TEST_SUITE_P(Backends, DocumentStoreTest, ::testing::ValuesIn(test::backends()), test::backend_name);

}  // namespace
}  // namespace komek::store
