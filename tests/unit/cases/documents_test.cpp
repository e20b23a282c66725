// Documents on a case, the pure part: what an upload must be (kind, name, type, size, the
// type's magic number), who may add one, the limit per case, the digest, and what the
// registries' silence still asks the applicant to bring.
#include "cases/documents.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/messages.hpp"
#include "registry/query.hpp"

namespace komek::cases {
namespace {

const std::string kPdf = std::string("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", 15) + std::string(3, '\0') + "1 0 obj\n";
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11);
const std::string kPng = std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);

DocumentUpload upload(std::string kind = "identity", std::string name = "passport.pdf", std::string type = "application/pdf",
                      std::string content = kPdf) {
  return DocumentUpload{std::move(kind), std::move(name), std::move(type), std::move(content), ""};
}

Error error_of(const DocumentUpload& u) {
  auto r = check_upload(u);
  EXPECT_FALSE(r.has_value());
  return r ? Error() : r.error();
}

TEST(Documents, KindsAreTheRegistryDocumentsAndOther) {
  // The registry step names the documents (registry::document_name); the same words file them.
  for (auto kind : {registry::DocumentKind::kIdentity, registry::DocumentKind::kIncome, registry::DocumentKind::kProofOfGround})
    EXPECT_TRUE(is_document_kind(registry::document_name(kind))) << registry::document_name(kind);
  EXPECT_TRUE(is_document_kind("other"));
  EXPECT_EQ(document_kinds().size(), 4u);
  EXPECT_FALSE(is_document_kind("Identity"));
  EXPECT_FALSE(is_document_kind(""));
  const Error e = error_of(upload("passport"));
  EXPECT_EQ(e.field, "kind");
  EXPECT_EQ(e.code, ErrorCode::kInvalidInput);
  EXPECT_EQ(e.message_key, "document.kind_unknown");
  EXPECT_NE(render(e, Lang::kEn).find("proof_of_ground"), std::string::npos);
}

TEST(Documents, EachTypeMustStartWithItsMagicNumber) {
  EXPECT_TRUE(check_upload(upload("identity", "p.pdf", "application/pdf", kPdf)).has_value());
  EXPECT_TRUE(check_upload(upload("income", "p.jpg", "image/jpeg", kJpeg)).has_value());
  EXPECT_TRUE(check_upload(upload("other", "p.png", "image/png", kPng)).has_value());
  EXPECT_TRUE(check_upload(upload("other", "p.png", "Image/PNG", kPng)).has_value());  // media types ignore case
  EXPECT_EQ(canonical_content_type("Image/PNG"), "image/png");
  // A JPEG declared as a PDF, a PDF as a PNG, an executable as a JPEG: refused, naming the bytes.
  for (const auto& [type, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"application/pdf", kJpeg}, {"image/png", kPdf}, {"image/jpeg", std::string("MZ\x90\0\x03", 5)},
           {"image/png", std::string("\x89PNG\r\n\x1A", 7)}, {"application/pdf", "%PDF"}}) {
    const Error e = error_of(upload("other", "x", type, bytes));
    EXPECT_EQ(e.field, "content") << type;
    EXPECT_EQ(e.code, ErrorCode::kUnknownValue) << type;  // 422
    EXPECT_EQ(e.message_key, "document.content_mismatch") << type;
  }
  for (const char* type : {"text/html", "image/svg+xml", "application/octet-stream", "", "application/pdf; x=1"}) {
    const Error e = error_of(upload("other", "x", type, kPdf));
    EXPECT_EQ(e.field, "content_type") << type;
    EXPECT_EQ(e.message_key, "document.content_type_unsupported") << type;
  }
}

TEST(Documents, SizeIsOneByteToTheLimit) {
  EXPECT_EQ(error_of(upload("identity", "p.pdf", "application/pdf", "")).message_key, "document.empty");
  std::string largest = kPdf;
  largest.resize(kDocumentBytesMax, 'x');
  EXPECT_TRUE(check_upload(upload("identity", "p.pdf", "application/pdf", largest)).has_value());
  largest.push_back('x');
  const Error e = error_of(upload("identity", "p.pdf", "application/pdf", largest));
  EXPECT_EQ(e.field, "content");
  EXPECT_EQ(e.message_key, "document.too_large");
  EXPECT_EQ(e.param("max_bytes"), "5242880");
}

TEST(Documents, FileNamesAreNamesNotPaths) {
  EXPECT_TRUE(check_upload(upload("identity", "Жеке куәлік — Айгүл.pdf")).has_value());
  EXPECT_TRUE(check_upload(upload("identity", std::string(200, 'a'))).has_value());
  // 200 characters of Cyrillic are 400 bytes: still allowed; 201 characters are not.
  std::string cyrillic;
  for (int i = 0; i < 200; ++i) cyrillic += "ә";
  EXPECT_TRUE(check_upload(upload("identity", cyrillic)).has_value());
  EXPECT_EQ(error_of(upload("identity", cyrillic + "a")).message_key, "document.file_name_too_long");
  EXPECT_EQ(error_of(upload("identity", "")).message_key, "document.file_name_empty");
  for (const std::string& bad : std::vector<std::string>{"../etc/passwd", "a/b.pdf", "C:\\scan.pdf", "line\nbreak.pdf", std::string("nul\0.pdf", 8),
                                "tab\t.pdf", "del\x7F.pdf", "c1\xC2\x85.pdf", "bad\xFF utf8", "..", "."}) {
    const Error e = error_of(upload("identity", bad));
    EXPECT_EQ(e.field, "file_name") << bad;
    EXPECT_EQ(e.message_key, "document.file_name_bad") << bad;
  }
}

TEST(Documents, NotesAreShortTextWithLineBreaks) {
  DocumentUpload u = upload();
  u.note = "Түпнұсқамен салыстырылды.\nCompared with the original.";
  EXPECT_TRUE(check_upload(u).has_value());
  u.note = std::string(kDocumentNoteMax + 1, 'n');
  EXPECT_EQ(error_of(u).message_key, "document.note_too_long");
  u.note = "bell\a";
  EXPECT_EQ(error_of(u).field, "note");
}

Case case_in(CaseState state) {
  Case c;
  c.id = "c1";
  c.territory = Kato::parse("334820000").value();
  c.applicant_iin = "900101300811";
  c.state = state;
  return c;
}

TEST(Documents, TheApplicantAddsUntilTheDecisionStaffWhoTakeApplicationsAlways) {
  const Actor applicant{"aigul", "applicant", "", "900101300811", ""};
  EXPECT_TRUE(may_upload(applicant, case_in(CaseState::kAwaitingDocuments)).has_value());
  EXPECT_TRUE(may_upload(applicant, case_in(CaseState::kSubmitted)).has_value());
  EXPECT_TRUE(may_upload(applicant, case_in(CaseState::kHearing)).has_value());
  for (auto closed : {CaseState::kGranted, CaseState::kRefused, CaseState::kRefusedToAccept}) {
    auto r = may_upload(applicant, case_in(closed));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kConflict);
    EXPECT_EQ(r.error().message_key, "document.case_closed");
  }
  for (const char* role : {"officer", "consultant", "akim_officer", "state_corporation_operator"})
    EXPECT_TRUE(may_upload(Actor{"s", role, "3348", "", ""}, case_in(CaseState::kGranted)).has_value()) << role;
  for (const char* role : {"auditor", "commission_member", "third_party"}) {
    auto r = may_upload(Actor{"s", role, "3348", "", ""}, case_in(CaseState::kAwaitingDocuments));
    ASSERT_FALSE(r.has_value()) << role;
    EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  }
}

TEST(Documents, AtMostTwentyPerCase) {
  EXPECT_TRUE(room_for_another(0).has_value());
  EXPECT_TRUE(room_for_another(kDocumentsPerCaseMax - 1).has_value());
  auto full = room_for_another(kDocumentsPerCaseMax);
  ASSERT_FALSE(full.has_value());
  EXPECT_EQ(full.error().code, ErrorCode::kConflict);
  EXPECT_EQ(full.error().message_key, "document.too_many");
  EXPECT_EQ(kDocumentsPerCaseMax, 20u);
}

TEST(Documents, TheRecordCarriesSizeAndDigest) {
  EXPECT_EQ(content_sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(content_sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const DocumentUpload u = upload("income", "salary.png", "IMAGE/png", kPng);
  const CaseDocument d = describe_upload(u, "d1", "c1", "aigul", LocalDateTime::parse("2026-03-02T10:15").value());
  EXPECT_EQ(d.size, kPng.size());
  EXPECT_EQ(d.sha256, content_sha256(kPng));
  EXPECT_EQ(d.content_type, "image/png");
  EXPECT_EQ(d.uploaded_at, "2026-03-02T10:15");
  const auto j = to_json(d);
  EXPECT_EQ(j["size"], kPng.size());
  EXPECT_EQ(j["uploaded_by"], "aigul");
  EXPECT_FALSE(j.contains("content"));
}

TEST(Documents, WhatIsStillToBringComesFromTheRegistriesSilence) {
  Case c = case_in(CaseState::kAwaitingDocuments);
  c.missing_documents = {"identity (900101******)", "income (900101******)", "proof_of_ground", "a certificate"};
  const auto bring = documents_to_bring(c);
  ASSERT_EQ(bring.size(), 4u);
  EXPECT_EQ(bring[0].kind, "identity");
  EXPECT_EQ(bring[0].person, "900101******");
  EXPECT_EQ(bring[0].item, "identity (900101******)");
  EXPECT_EQ(bring[1].kind, "income");
  EXPECT_EQ(bring[2].kind, "proof_of_ground");
  EXPECT_EQ(bring[2].person, "");
  EXPECT_TRUE(to_json(bring[2])["person"].is_null());
  EXPECT_EQ(bring[3].kind, "other");
  // After "documents received", or on a refusal to accept, nothing is asked of the registries' part.
  c.state = CaseState::kAtCommission;
  EXPECT_TRUE(documents_to_bring(c).empty());
  c.state = CaseState::kRefusedToAccept;
  EXPECT_TRUE(documents_to_bring(c).empty());
}

}  // namespace
}  // namespace komek::cases
