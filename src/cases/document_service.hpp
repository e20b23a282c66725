// The use cases of documents on a case (001 §11; SPEC §4): upload a copy, list what a case
// holds beside what is still to bring, and read one back. An upload is one transaction with
// its audit record and the request's idempotency record (RELIABILITY R3); each list and each
// read of a document is in the personal-data access log, denials too (S3). Cases of another
// territory, and other people's cases, are "not found". The storage port is declared here;
// store/document_store.cpp implements it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/documents.hpp"
#include "cases/kernel.hpp"
#include "cases/service.hpp"

namespace komek::cases {

class DocumentTransaction : public Journal {
 public:
  virtual Result<std::optional<Case>> find_case(std::string_view id) = 0;
  // The case's documents without their bytes, oldest first.
  virtual Result<std::vector<CaseDocument>> documents_of_case(std::string_view case_id) = 0;
  // A document of that case (nothing when the id belongs to another case).
  virtual Result<std::optional<CaseDocument>> find_document(std::string_view case_id, std::string_view id) = 0;
  // The bytes of a document found with find_document.
  virtual Result<std::string> document_content(std::string_view id) = 0;
  virtual Result<void> insert_document(const CaseDocument& d, std::string_view content) = 0;
};

class DocumentStore {
 public:
  virtual ~DocumentStore() = default;
  // One transaction: committed when `work` returns a value, rolled back otherwise.
  virtual Result<void> transact(const std::function<Result<void>(DocumentTransaction&)>& work) = 0;
};

// The documents a case holds beside those still to bring (the limits are the constants of
// cases/documents.hpp).
struct CaseDocuments {
  std::string case_id;
  CaseState state = CaseState::kSubmitted;
  std::vector<CaseDocument> documents;
  std::vector<DocumentToBring> required;
};

// A document with its bytes, for a download.
struct DocumentFile {
  CaseDocument document;
  std::string content;
};

class DocumentService {
 public:
  DocumentService(DocumentStore& store, Clock& clock, IdSource& ids) : store_(store), clock_(clock), ids_(ids) {}

  // The document's record (created). Errors: those of check_upload, may_upload and
  // room_for_another; case.not_found for a case the actor may not see.
  Result<Done<CaseDocument>> upload(const Actor& actor, const RequestKey& request, const std::string& case_id,
                                    const DocumentUpload& upload);
  // What a case holds, and what is still to bring.
  Result<CaseDocuments> list(const Actor& actor, const std::string& case_id, const std::string& route);
  // The document with its bytes; document.not_found (404) for an id not on the case.
  Result<DocumentFile> read(const Actor& actor, const std::string& case_id, const std::string& document_id,
                            const std::string& route);

 private:
  DocumentStore& store_;
  Clock& clock_;
  IdSource& ids_;
};

}  // namespace komek::cases
