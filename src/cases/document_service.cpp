#include "cases/document_service.hpp"

#include <nlohmann/json.hpp>

#include "cases/document_messages.hpp"
#include "cases/messages.hpp"

namespace komek::cases {
namespace {

using json = nlohmann::json;

tl::unexpected<Error> case_not_found() { return fail(ErrorCode::kNotFound, "case.not_found"); }

bool visible_to(const Actor& actor, const std::optional<Case>& c) {
  return c && may_see(actor, c->territory, c->applicant_iin);
}

}  // namespace

Result<Response> DocumentService::upload(const Actor& actor, const RequestKey& request, const std::string& case_id,
                                         const DocumentUpload& upload) {
  ensure_cases_messages();
  ensure_document_messages();
  // Bad input is refused before anything is opened: nothing half written.
  if (auto ok = check_upload(upload); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_request_key(request); !ok) return tl::unexpected(ok.error());
  Response response;
  auto done = store_.transact([&](DocumentTransaction& tx) -> Result<void> {
    auto r = idempotent(tx, actor.login, request, [&]() -> Result<Response> {
      auto found = tx.find_case(case_id);
      if (!found) return tl::unexpected(found.error());
      if (!visible_to(actor, *found)) return case_not_found();
      const Case& c = **found;
      if (auto ok = may_upload(actor, c); !ok) return tl::unexpected(ok.error());
      auto existing = tx.documents_of_case(c.id);
      if (!existing) return tl::unexpected(existing.error());
      if (auto ok = room_for_another(existing->size()); !ok) return tl::unexpected(ok.error());
      const CaseDocument d = describe_upload(upload, ids_.new_id(), c.id, actor.login, clock_.now_local());
      if (auto ok = tx.insert_document(d, upload.content); !ok) return tl::unexpected(ok.error());
      // The audit record holds the digest, not the bytes: the chain stays small, and the digest
      // proves which bytes were received.
      const std::string after = to_json(d).dump();
      if (auto ok = tx.audit(AuditEntry{"", actor.login, "document.uploaded", "document", d.id, "", after}); !ok)
        return tl::unexpected(ok.error());
      return Response{201, after};
    });
    if (!r) return tl::unexpected(r.error());
    response = *r;
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  return response;
}

Result<std::string> DocumentService::list(const Actor& actor, const std::string& case_id, const std::string& route) {
  ensure_cases_messages();
  Result<std::string> out = case_not_found();
  auto done = store_.transact([&](DocumentTransaction& tx) -> Result<void> {
    auto found = tx.find_case(case_id);
    if (!found) return tl::unexpected(found.error());
    const bool visible = visible_to(actor, *found);
    // The list shows what a person handed in: a read of their record, logged before it is
    // answered, denials too (S3).
    if (auto ok = tx.log_access(AccessRecord{"", actor.login, visible ? subject_of((*found)->applicant_iin) : "",
                                             "case:" + case_id.substr(0, 64) + "/documents", route, actor.client,
                                             !visible});
        !ok)
      return ok;
    if (!visible) return {};
    auto documents = tx.documents_of_case(case_id);
    if (!documents) return tl::unexpected(documents.error());
    json items = json::array();
    for (const auto& d : *documents) items.push_back(to_json(d));
    json required = json::array();
    for (const auto& d : documents_to_bring(**found)) required.push_back(to_json(d));
    out = json{{"case", case_id},
               {"state", std::string(state_name((*found)->state))},
               {"documents", items},
               {"required", required},
               {"limits",
                {{"max_documents", kDocumentsPerCaseMax},
                 {"max_bytes", kDocumentBytesMax},
                 {"kinds", document_kinds()},
                 {"content_types", document_content_types()}}}}
              .dump();
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  return out;
}

Result<DocumentFile> DocumentService::read(const Actor& actor, const std::string& case_id, const std::string& document_id,
                                           const std::string& route) {
  ensure_cases_messages();
  ensure_document_messages();
  Result<DocumentFile> out = case_not_found();
  auto done = store_.transact([&](DocumentTransaction& tx) -> Result<void> {
    auto found = tx.find_case(case_id);
    if (!found) return tl::unexpected(found.error());
    const bool case_visible = visible_to(actor, *found);
    std::optional<CaseDocument> document;
    if (case_visible) {
      auto d = tx.find_document(case_id, document_id);
      if (!d) return tl::unexpected(d.error());
      document = std::move(*d);
    }
    // Each read of a document is a read of the person's data (S3): logged before the bytes go
    // out; an id not on a visible case is logged as a denial.
    if (auto ok = tx.log_access(AccessRecord{"", actor.login, case_visible ? subject_of((*found)->applicant_iin) : "",
                                             "case:" + case_id.substr(0, 64) + "/document:" + document_id.substr(0, 64),
                                             route, actor.client, !document});
        !ok)
      return ok;
    if (!case_visible) return {};
    if (!document) {
      out = fail(ErrorCode::kNotFound, "document.not_found");
      return {};
    }
    auto content = tx.document_content(document->id);
    if (!content) return tl::unexpected(content.error());
    // What leaves is what was received: a stored file that no longer matches its digest is a
    // broken store, not a document.
    if (content->size() != document->size || content_sha256(*content) != document->sha256)
      return fail(ErrorCode::kInternal, "document.stored_record_broken", {{"id", document->id}});
    out = DocumentFile{std::move(*document), std::move(*content)};
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  return out;
}

}  // namespace komek::cases
