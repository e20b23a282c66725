// Documents on a case (001 §11; SPEC §4; issue 8 items 1 and 2): the applicant on the portal and
// intake staff at the desk add the copies the registries' silence asks for; the case page lists
// them beside what is still to bring; each is read back byte for byte. Thin: the body is read
// against its schema and the bytes decoded from base64 here; cases/document_service does the rest.
//
//   POST /api/v1/cases/{id}/documents            {"kind","file_name","content_type","content_base64","note"?}
//   GET  /api/v1/cases/{id}/documents            the records and what is still to bring
//   GET  /api/v1/cases/{id}/documents/{doc}      the bytes, as an attachment
#include <string>

#include <sodium.h>

#include "api/router.hpp"
#include "api/routes.hpp"
#include "cases/document_service.hpp"

namespace komek::api {
namespace {

using cases::Role;

// Base64 of the largest document, and room for the other fields (a 200-character name may
// take 1,200 bytes as JSON escapes) within the server's cap.
constexpr std::size_t kBase64Max = 4 * ((cases::kDocumentBytesMax + 2) / 3);
constexpr std::size_t kUploadBody = kBase64Max + 64 * 1024;
static_assert(kUploadBody <= kUploadBodyBytesMax, "raise kUploadBodyBytesMax (api/http.hpp) with kDocumentBytesMax");

// Who adds documents: intake staff (SPEC §4: they compare the copies with the originals) and
// the applicant for their own case.
const std::vector<Role> kUploaders = {Role::kOfficer, Role::kConsultant, Role::kAkimOfficer,
                                      Role::kStateCorporationOperator, Role::kApplicant};

tl::unexpected<Error> field_error(const char* field, const char* key) {
  Error e(ErrorCode::kInvalidInput, key);
  e.field = field;
  return tl::unexpected(e);
}

// Standard base64 with padding; line breaks and spaces (as some encoders wrap) are skipped.
Result<std::string> decode_base64(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), " \r\n\t",
                        &length, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size())
    return field_error("content_base64", "document.bad_base64");
  out.resize(length);
  return out;
}

// RFC 5987 / RFC 8187 ext-value: UTF-8 with every byte outside attr-char percent-encoded.
std::string rfc5987(const std::string& name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : name) {
    const auto ch = static_cast<unsigned char>(c);
    const bool alnum = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
    if (alnum || std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 0x0F];
    }
  }
  return out;
}

// The plain filename="…" for clients without RFC 6266 support: ASCII, one "_" for each other
// character (the name is well-formed UTF-8, checked on upload), no quotes or backslashes.
std::string ascii_fallback(const std::string& name) {
  std::string out;
  for (char c : name) {
    const auto ch = static_cast<unsigned char>(c);
    if ((ch & 0xC0) == 0x80) continue;  // a continuation byte of the character just replaced
    out += ch >= 0x20 && ch < 0x7F && ch != '"' && ch != '\\' ? c : '_';
  }
  return out;
}

}  // namespace

RouteModule document_routes(cases::DocumentService& documents) {
  return [&documents](Router& router) {
    router.add(
        "POST", "/api/v1/cases/{id}/documents",
        "Add a copy of a document to a case (001 §11): identity, income, proof of the ground of need, or other; "
        "PDF, JPEG or PNG up to 5 MiB as base64. The case's state does not change",
        with_body_max(writes(kUploaders, "intake staff of the territory; the applicant for their own case until it is "
                                         "decided"),
                      kUploadBody),
        {"kind", "file_name", "content_type", "content_base64", "note"},
        [&documents](Context& ctx) -> Result<HttpResponse> {
          KOMEK_TRY(body, Body::parse(ctx.request.body, kUploadBody));
          cases::DocumentUpload upload;
          auto kind = body.string("kind", true, 40);
          if (!kind) return tl::unexpected(kind.error());
          upload.kind = *kind;
          // Bytes here; the service counts characters (at most kDocumentFileNameMax).
          KOMEK_TRY(name, body.string("file_name", true, 4 * cases::kDocumentFileNameMax));
          upload.file_name = name;
          KOMEK_TRY(type, body.string("content_type", true, 100));
          upload.content_type = type;
          auto content = body.string("content_base64", true, kUploadBody);
          if (!content) return tl::unexpected(content.error());
          auto note = body.string("note", false, 4 * cases::kDocumentNoteMax);
          if (!note) return tl::unexpected(note.error());
          upload.note = *note;
          KOMEK_CHECK(body.no_other_fields());
          KOMEK_TRY(bytes, decode_base64(*content));
          upload.content = std::move(bytes);
          auto r = documents.upload(ctx.actor, request_key(ctx), ctx.params["id"], upload);
          // The service speaks of the bytes ("content"); the caller sent them as content_base64.
          if (!r && r.error().field == "content") {
            Error e = r.error();
            e.field = "content_base64";
            return tl::unexpected(e);
          }
          return from(std::move(r));
        });
    router.add("GET", "/api/v1/cases/{id}/documents",
               "The case's documents (without their bytes) and what the registries' silence still asks the applicant "
               "to bring (the case's no_data, by kind)",
               reads_personal(roles::all_but_third_party(), "staff of the territory; applicants: own"), {},
               [&documents](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(list, documents.list(ctx.actor, ctx.params["id"], "GET /api/v1/cases/{id}/documents"));
                 json items = json::array();
                 for (const auto& d : list.documents) items.push_back(cases::to_json(d));
                 json required = json::array();
                 for (const auto& d : list.required) required.push_back(cases::to_json(d));
                 return json_response(200, json{{"case", list.case_id},
                                                {"state", std::string(cases::state_name(list.state))},
                                                {"documents", items},
                                                {"required", required},
                                                {"limits",
                                                 {{"max_documents", cases::kDocumentsPerCaseMax},
                                                  {"max_bytes", cases::kDocumentBytesMax},
                                                  {"kinds", cases::document_kinds()},
                                                  {"content_types", cases::document_content_types()}}}}
                                               .dump());
               });
    router.add("GET", "/api/v1/cases/{id}/documents/{doc}",
               "One document's bytes with its content type, as an attachment; each read is in the access log",
               reads_personal(roles::all_but_third_party(), "staff of the territory; applicants: own"), {},
               [&documents](Context& ctx) -> Result<HttpResponse> {
                 KOMEK_TRY(file, documents.read(ctx.actor, ctx.params["id"], ctx.params["doc"],
                                            "GET /api/v1/cases/{id}/documents/{doc}"));
                 HttpResponse r;
                 r.status = 200;
                 r.content_type = file.document.content_type;
                 r.body = std::move(file.content);
                 // Always an attachment: a PDF or an image is saved, never rendered in Komek's
                 // origin. X-Content-Type-Options: nosniff is on every response (App::handle).
                 r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" +
                                                                   ascii_fallback(file.document.file_name) +
                                                                   "\"; filename*=UTF-8''" +
                                                                   rfc5987(file.document.file_name));
                 return r;
               });
  };
}

}  // namespace komek::api
