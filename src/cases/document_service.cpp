#include "cases/document_service.hpp"

#include <nlohmann/json.hpp>


namespace komek::cases {
namespace {

using json = nlohmann::json;

tl::unexpected<Error> case_not_found() { return fail(ErrorCode::kNotFound, "case.not_found"); }

bool visible_to(const Actor& actor, const std::optional<Case>& c) {
  return c && actor.may_see(c->territory, c->applicant_iin);
}

}  // namespace

Result<Done<CaseDocument>> DocumentService::upload(const Actor& actor, const RequestKey& request,
                                                   const std::string& case_id, const DocumentUpload& upload) {
  // Bad input is refused before anything is opened: nothing half written.
  KOMEK_CHECK(check_upload(upload));
  return work::run_idempotent<CaseDocument, DocumentTransaction>(
      store_, actor, request, case_document_codec(), [&](DocumentTransaction& tx) -> Result<Done<CaseDocument>> {
        KOMEK_TRY(found, tx.find_case(case_id));
        if (!visible_to(actor, found)) return case_not_found();
        const Case& c = *found;
        KOMEK_CHECK(may_upload(actor, c));
        KOMEK_TRY(existing, tx.documents_of_case(c.id));
        KOMEK_CHECK(room_for_another(existing.size()));
        CaseDocument d = describe_upload(upload, ids_.new_id(), c.id, actor.login, clock_.now_local());
        KOMEK_CHECK(tx.insert_document(d, upload.content));
        // The audit record holds the digest, not the bytes: the chain stays small, and the digest
        // proves which bytes were received.
        KOMEK_CHECK(tx.audit(AuditEntry{"", actor.login, "document.uploaded", "document", d.id, "", to_json(d).dump()}));
        return Done<CaseDocument>{Effect::kCreated, std::move(d)};
      });
}

Result<CaseDocuments> DocumentService::list(const Actor& actor, const std::string& case_id, const std::string& route) {
  // The list shows what a person handed in: a read of their record, logged before it is
  // answered, denials too (S3).
  const work::LoggedRead<Case> read{"case:" + case_id.substr(0, 64) + "/documents", route, case_not_found().value(),
                                    [&](const Case& c) { return actor.may_see(c.territory, c.applicant_iin); },
                                    [](const Case& c) { return c.applicant_iin; }};
  std::vector<CaseDocument> documents;
  KOMEK_TRY(c, (work::read_logged<Case, DocumentTransaction>(
                   store_, actor, read, [&](DocumentTransaction& tx) -> Result<std::optional<Case>> {
                     KOMEK_TRY(found, tx.find_case(case_id));
                     if (found && read.visible(*found)) KOMEK_ASSIGN(documents, tx.documents_of_case(case_id));
                     return std::move(found);
                   })));
  return CaseDocuments{case_id, c.state, std::move(documents), documents_to_bring(c)};
}

Result<DocumentFile> DocumentService::read(const Actor& actor, const std::string& case_id, const std::string& document_id,
                                           const std::string& route) {
  Result<DocumentFile> out = case_not_found();
  KOMEK_CHECK(store_.transact([&](DocumentTransaction& tx) -> Result<void> {
    KOMEK_TRY(found, tx.find_case(case_id));
    const bool case_visible = visible_to(actor, found);
    std::optional<CaseDocument> document;
    if (case_visible) {
      KOMEK_TRY(d, tx.find_document(case_id, document_id));
      document = std::move(d);
    }
    // Each read of a document is a read of the person's data (S3): logged before the bytes go
    // out; an id not on a visible case is logged as a denial.
    if (auto ok = tx.log_access(AccessRecord{"", actor.login, case_visible ? subject_of((found)->applicant_iin) : "",
                                             "case:" + case_id.substr(0, 64) + "/document:" + document_id.substr(0, 64),
                                             route, actor.client, !document});
        !ok)
      return ok;
    if (!case_visible) return {};
    if (!document) {
      out = fail(ErrorCode::kNotFound, "document.not_found");
      return {};
    }
    KOMEK_TRY(content, tx.document_content(document->id));
    // What leaves is what was received: a stored file that no longer matches its digest is a
    // broken store, not a document.
    if (content.size() != document->size || content_sha256(content) != document->sha256)
      return fail(ErrorCode::kInternal, "document.stored_record_broken", {{"id", document->id}});
    out = DocumentFile{std::move(*document), std::move(content)};
    return {};
  }));
  return out;
}

}  // namespace komek::cases
