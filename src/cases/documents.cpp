#include "cases/documents.hpp"

#include "work/json_codec.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "core/text.hpp"

namespace komek::cases {
namespace {

using json = nlohmann::json;

tl::unexpected<Error> field_error(ErrorCode code, const char* field, std::string key,
                                  std::vector<std::pair<std::string, std::string>> params = {}) {
  Error e(code, std::move(key), std::move(params));
  e.field = field;
  return tl::unexpected(e);
}

// The first bytes every file of a type starts with (its "magic number"): a JPEG sent as a PDF,
// or an executable renamed, is refused before anyone opens it.
struct Magic {
  std::string_view content_type;
  std::string_view prefix;
};
constexpr std::array<Magic, 3> kMagic = {{
    {"application/pdf", std::string_view("%PDF-", 5)},
    {"image/jpeg", std::string_view("\xFF\xD8\xFF", 3)},
    {"image/png", std::string_view("\x89PNG\r\n\x1A\n", 8)},
}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Decodes UTF-8 into code points; false when the text is not well-formed UTF-8 (overlong forms,
// surrogates and values past U+10FFFF included).
bool code_points(std::string_view s, std::vector<char32_t>& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size();) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    char32_t cp = 0;
    if (b0 < 0x80) {
      n = 1;
      cp = b0;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      n = 2;
      cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      n = 3;
      cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      n = 4;
      cp = b0 & 0x07;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    out.push_back(cp);
    i += n;
  }
  return true;
}

// C0 and C1 controls and DEL: they would break a header, a log line or a listing.
bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

Result<void> check_text(const char* field, std::string_view text, std::size_t max, const char* too_long,
                        const char* bad, bool allow_line_breaks) {
  std::vector<char32_t> cps;
  if (!code_points(text, cps)) return field_error(ErrorCode::kInvalidInput, field, bad);
  if (cps.size() > max) return field_error(ErrorCode::kInvalidInput, field, too_long, {{"max", std::to_string(max)}});
  for (char32_t cp : cps) {
    if (allow_line_breaks && (cp == '\n' || cp == '\r' || cp == '\t')) continue;
    if (is_control(cp)) return field_error(ErrorCode::kInvalidInput, field, bad);
  }
  return {};
}

}  // namespace

const std::vector<std::string>& document_kinds() {
  static const std::vector<std::string> kKinds = {"identity", "income", "proof_of_ground", "other"};
  return kKinds;
}

bool is_document_kind(std::string_view kind) {
  const auto& kinds = document_kinds();
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

const std::vector<std::string>& document_content_types() {
  static const std::vector<std::string> kTypes = [] {
    std::vector<std::string> out;
    for (const auto& m : kMagic) out.emplace_back(m.content_type);
    return out;
  }();
  return kTypes;
}

std::string canonical_content_type(std::string_view content_type) { return lower(content_type); }

Result<void> check_upload(const DocumentUpload& upload) {
  if (!is_document_kind(upload.kind)) {
    std::string known;
    for (const auto& k : document_kinds()) known += (known.empty() ? "" : ", ") + k;
    return field_error(ErrorCode::kInvalidInput, "kind", "document.kind_unknown",
                       {{"value", upload.kind.substr(0, 40)}, {"known", known}});
  }

  // The name as it will be kept: without bidirectional controls.
  const std::string file_name = without_bidi_controls(upload.file_name);
  if (file_name.empty()) return field_error(ErrorCode::kInvalidInput, "file_name", "document.file_name_empty");
  if (auto ok = check_text("file_name", file_name, kDocumentFileNameMax, "document.file_name_too_long",
                           "document.file_name_bad", false);
      !ok)
    return ok;
  // A name, not a path: it is shown and offered back as the download's name.
  if (file_name.find_first_of("/\\") != std::string::npos || file_name == "." || file_name == "..")
    return field_error(ErrorCode::kInvalidInput, "file_name", "document.file_name_bad");

  const std::string type = canonical_content_type(upload.content_type);
  const auto magic = std::find_if(kMagic.begin(), kMagic.end(), [&](const Magic& m) { return m.content_type == type; });
  if (magic == kMagic.end()) {
    std::string known;
    for (const auto& t : document_content_types()) known += (known.empty() ? "" : ", ") + t;
    return field_error(ErrorCode::kUnknownValue, "content_type", "document.content_type_unsupported",
                       {{"value", upload.content_type.substr(0, 60)}, {"known", known}});
  }

  if (upload.content.empty()) return field_error(ErrorCode::kInvalidInput, "content", "document.empty");
  if (upload.content.size() > kDocumentBytesMax)
    return field_error(ErrorCode::kInvalidInput, "content", "document.too_large",
                       {{"max_bytes", std::to_string(kDocumentBytesMax)}, {"size", std::to_string(upload.content.size())}});
  if (upload.content.compare(0, magic->prefix.size(), magic->prefix) != 0)
    return field_error(ErrorCode::kUnknownValue, "content", "document.content_mismatch", {{"content_type", type}});

  return check_text("note", upload.note, kDocumentNoteMax, "document.note_too_long", "document.note_bad", true);
}

Result<void> may_upload(const Actor& actor, const Case& c) {
  if (actor.is_applicant()) {
    // The applicant adds what was asked for while the case is open; a decided or closed case
    // is changed by a complaint (004 §45), not by new papers on the portal.
    if (is_terminal(c.state))
      return fail(ErrorCode::kConflict, "document.case_closed", {{"state", std::string(state_name(c.state))}});
    return {};
  }
  // Intake staff: those who receive the documents and compare the originals (SPEC §4).
  static const std::vector<std::string> kIntake = {"officer", "consultant", "akim_officer", "state_corporation_operator"};
  if (std::find(kIntake.begin(), kIntake.end(), actor.role) == kIntake.end())
    return fail(ErrorCode::kForbidden, "document.upload_not_allowed");
  return {};
}

Result<void> room_for_another(std::size_t documents_on_case) {
  if (documents_on_case >= kDocumentsPerCaseMax)
    return fail(ErrorCode::kConflict, "document.too_many", {{"max", std::to_string(kDocumentsPerCaseMax)}});
  return {};
}

std::string content_sha256(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

CaseDocument describe_upload(const DocumentUpload& upload, std::string id, std::string case_id, std::string uploaded_by,
                             const LocalDateTime& at) {
  CaseDocument d;
  d.id = std::move(id);
  d.case_id = std::move(case_id);
  d.kind = upload.kind;
  d.file_name = without_bidi_controls(upload.file_name);
  d.content_type = canonical_content_type(upload.content_type);
  d.size = upload.content.size();
  d.sha256 = content_sha256(upload.content);
  d.uploaded_by = std::move(uploaded_by);
  d.uploaded_at = at.iso();
  d.note = upload.note;
  return d;
}

std::vector<DocumentToBring> documents_to_bring(const Case& c) {
  std::vector<DocumentToBring> out;
  if (c.state != CaseState::kAwaitingDocuments) return out;
  for (const auto& item : c.missing_documents) {
    // The registry step records "<kind> (<masked IIN>)" (cli/registry_lookup.cpp); a bare kind
    // or another wording is kept as it is, under "other".
    DocumentToBring d;
    d.item = item;
    const auto open = item.find(" (");
    const std::string head = item.substr(0, open);
    d.kind = is_document_kind(head) ? head : "other";
    if (open != std::string::npos && item.size() > open + 3 && item.back() == ')')
      d.person = item.substr(open + 2, item.size() - open - 3);
    out.push_back(std::move(d));
  }
  return out;
}

json to_json(const CaseDocument& d) {
  return json{{"id", d.id},
              {"case_id", d.case_id},
              {"kind", d.kind},
              {"file_name", d.file_name},
              {"content_type", d.content_type},
              {"size", d.size},
              {"sha256", d.sha256},
              {"uploaded_by", d.uploaded_by},
              {"uploaded_at", d.uploaded_at},
              {"note", d.note}};
}

Result<CaseDocument> case_document_from_json(const json& j) {
  try {
    CaseDocument d;
    d.id = j.at("id");
    d.case_id = j.at("case_id");
    d.kind = j.at("kind");
    d.file_name = j.at("file_name");
    d.content_type = j.at("content_type");
    d.size = j.at("size");
    d.sha256 = j.at("sha256");
    d.uploaded_by = j.at("uploaded_by");
    d.uploaded_at = j.at("uploaded_at");
    d.note = j.at("note");
    return d;
  } catch (const json::exception&) {
    return fail(ErrorCode::kInternal, "store.corrupt", {{"what", "document record"}});
  }
}

work::Codec<CaseDocument> case_document_codec() {
  return work::json_codec<CaseDocument>([](const CaseDocument& d) { return to_json(d); },
                                        [](const json& j) { return case_document_from_json(j); });
}

json to_json(const DocumentToBring& d) {
  return json{{"kind", d.kind}, {"person", d.person.empty() ? json(nullptr) : json(d.person)}, {"item", d.item}};
}

}  // namespace komek::cases
