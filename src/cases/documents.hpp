// Documents on a case: where the information systems lack or contradict data, the applicant
// brings documents — identity, the family's income (not for income-independent assistance) and
// one proof of the ground of need (001 §11; SPEC §4); the officer compares the originals with
// the copies and hands the originals back. Komek keeps the copies: a scan or photograph per
// document, uploaded by the applicant on the portal or by intake staff at the desk, with its
// SHA-256 so that what was received can be shown unchanged later. Uploading keeps the case in
// its state; the officer's step "documents received" (Workflow::receive_documents) moves it on.
//
// Pure: the service passes the time, the ids and what the store holds in.
//
//   DocumentUpload u{"identity", "passport.pdf", "application/pdf", bytes, ""};
//   check_upload(u);                       // kind, name, type, size, the type's magic number
//   may_upload(actor, c);                  // the applicant while the case is open; intake staff
//   room_for_another(already_on_case);     // at most kDocumentsPerCaseMax
//   CaseDocument d = describe_upload(u, id, c.id, actor.login, now);   // size and digest
//   documents_to_bring(c);                 // what the registries had no data on, by kind
#pragma once

#include "work/outcome.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "cases/case.hpp"
#include "cases/service.hpp"
#include "core/date.hpp"
#include "core/result.hpp"

namespace komek::cases {

// Not legal figures ([configurable]): a scanned page or a phone photograph fits in 5 MiB, and
// the documents of 001 §11 for a large family (identity and income of each member, the proof)
// fit in 20 with room for a second try.
inline constexpr std::size_t kDocumentBytesMax = 5 * 1024 * 1024;
inline constexpr std::size_t kDocumentsPerCaseMax = 20;
// File names are shown and sent back in Content-Disposition; characters (code points).
inline constexpr std::size_t kDocumentFileNameMax = 200;
// The officer's remark, e.g. "copy compared with the original".
inline constexpr std::size_t kDocumentNoteMax = 500;

// The kinds a document is filed under: the documents of 001 §11 by the names the registry step
// gives them (registry::document_name: "identity", "income", "proof_of_ground") and "other".
[[nodiscard]] const std::vector<std::string>& document_kinds();
[[nodiscard]] bool is_document_kind(std::string_view kind);
// Scans and photographs: PDF, JPEG, PNG. Anything else (office files, archives) could carry
// active content into the caseworker's browser.
[[nodiscard]] const std::vector<std::string>& document_content_types();

// What an upload brings, the bytes decoded.
struct DocumentUpload {
  std::string kind;
  std::string file_name;
  std::string content_type;
  std::string content;   // the file's bytes
  std::string note;      // optional
};

// A document as it is kept (its bytes are stored beside it, not in it).
struct CaseDocument {
  std::string id;
  std::string case_id;
  std::string kind;
  std::string file_name;
  std::string content_type;
  std::size_t size = 0;          // bytes
  std::string sha256;            // hex, lower case, of the bytes
  std::string uploaded_by;       // login
  std::string uploaded_at;       // local time (Asia/Almaty), "YYYY-MM-DDTHH:MM"
  std::string note;
};

// The upload is acceptable. Errors name the field: "kind" (document.kind_unknown),
// "file_name" (document.file_name_empty, document.file_name_too_long, document.file_name_bad),
// "content_type" (document.content_type_unsupported, 422), "content" (document.empty,
// document.too_large, document.content_mismatch — the bytes do not start with the type's magic
// number, 422), "note" (document.note_too_long, document.note_bad).
Result<void> check_upload(const DocumentUpload& upload);
// The content type as kept: lower case, as listed in document_content_types().
[[nodiscard]] std::string canonical_content_type(std::string_view content_type);

// Who may add a document to a case the actor may see (the caller checks may_see first and
// answers 404 otherwise): the case's applicant while the case is not decided or closed
// (document.case_closed, 409), and intake staff — officers, consultants, akims' officers,
// State Corporation operators (document.upload_not_allowed, 403 for other roles).
Result<void> may_upload(const Actor& actor, const Case& c);
// Errors: document.too_many (409) when the case already holds kDocumentsPerCaseMax.
Result<void> room_for_another(std::size_t documents_on_case);

// Hex SHA-256 of the bytes.
[[nodiscard]] std::string content_sha256(std::string_view bytes);
// The record of a checked upload.
CaseDocument describe_upload(const DocumentUpload& upload, std::string id, std::string case_id, std::string uploaded_by,
                             const LocalDateTime& at);

// One document the registries' silence asks for (the registry step's no_data, kept as the
// case's missing_documents while it awaits them): its kind, the person (IIN masked) and the
// item as recorded.
struct DocumentToBring {
  std::string kind;      // a document kind; "other" when the item names none
  std::string person;    // masked IIN, or "" when the item names nobody
  std::string item;      // as recorded, e.g. "income (900101******)"
};
// Empty unless the case awaits documents: after "documents received" nothing is still to bring,
// and a refusal to accept (form 1-3) lists the package's gaps, not the registries'.
std::vector<DocumentToBring> documents_to_bring(const Case& c);

nlohmann::json to_json(const CaseDocument& d);
Result<CaseDocument> case_document_from_json(const nlohmann::json& j);
// How an upload's record is kept with its idempotency key (work/outcome.hpp).
work::Codec<CaseDocument> case_document_codec();
nlohmann::json to_json(const DocumentToBring& d);

}  // namespace komek::cases
