// Documents on a case over the API without a server: upload as base64, the list with what is
// still to bring, the bytes back with their type and an attachment name, errors naming the
// field, other territories and other people's cases "not found", idempotent replays, and the
// larger body limit of the upload route only.
#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cases/document_service.hpp"
#include "cases/documents.hpp"
#include "store/document_store.hpp"
#include "api/routes.hpp"
#include "support/api_harness.hpp"

namespace komek::api {

namespace {

using json = nlohmann::json;

std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = unsigned{static_cast<unsigned char>(bytes[i])} << 16 |
                       unsigned{static_cast<unsigned char>(bytes[i + 1])} << 8 | unsigned{static_cast<unsigned char>(bytes[i + 2])};
    for (int s : {18, 12, 6, 0}) out += kAlphabet[(v >> s) & 63];
  }
  if (i < bytes.size()) {
    unsigned v = unsigned{static_cast<unsigned char>(bytes[i])} << 16;
    if (i + 1 < bytes.size()) v |= unsigned{static_cast<unsigned char>(bytes[i + 1])} << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

const std::string kPng = std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0", 29);
constexpr const char* kApplicantIin = "900101300811";

class DocumentsApi : public test::ApiHarness {
 protected:
  // The registries know nothing of the applicant's income.
  DocumentsApi() {
    registry_.no_data = {"income (900101******)"};
    registry_.taken_at = "2026-03-02T10:01";
  }
  std::vector<RouteModule> wire() override {
    document_store_ = store::make_document_store(*db_);
    documents_ = std::make_unique<cases::DocumentService>(*document_store_, local_, ids_);
    return {document_routes(*documents_)};
  }
  void SetUp() override {
    ApiHarness::SetUp();
    for (auto [login, role, territory, iin] : {std::tuple{"aigul", cases::Role::kApplicant, "", kApplicantIin},
                                               std::tuple{"stranger", cases::Role::kApplicant, "", "871008401427"},
                                               std::tuple{"officer1", cases::Role::kOfficer, "3348", ""},
                                               std::tuple{"officer9", cases::Role::kOfficer, "15", ""},
                                               std::tuple{"auditor1", cases::Role::kAuditor, "3348", ""},
                                               std::tuple{"bank1", cases::Role::kThirdParty, "", "770707300111"}})
      add_user(login, role, territory, iin, std::string("Name of ") + login);
    case_ = awaiting_case();
  }
  std::string awaiting_case() {
    const work::Actor officer{"officer1", "officer", "3348", "", ""};
    const std::string id = service_->submit(officer, {"c1", "h"}, test::disaster_intake()).value().value.id;
    EXPECT_TRUE(service_->accept(officer, {"c2", "h"}, id).has_value());
    EXPECT_TRUE(service_->query_registry(officer, {"c3", "h"}, id).has_value());
    return id;
  }
  // Every POST with an idempotency key: a fresh one unless given.
  HttpResponse call(const std::string& who, const std::string& method, const std::string& path, const std::string& body = "",
                    const std::string& key = "") {
    return ApiHarness::call(who, method, path, body, method == "POST" && key.empty() ? next_key() : key);
  }
  HttpResponse upload(const std::string& who, const std::string& case_id, const json& body, const std::string& key = "") {
    return call(who, "POST", "/api/v1/cases/" + case_id + "/documents", body.dump(), key);
  }
  static json png_upload(const std::string& kind = "income", const std::string& name = "Жалақы анықтамасы 2026.png") {
    return {{"kind", kind}, {"file_name", name}, {"content_type", "image/png"}, {"content_base64", base64(kPng)}};
  }
  static std::string header(const HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return {};
  }
  int documents_stored() { return rows("case_documents"); }
  static json error_of(const HttpResponse& r) { return json::parse(r.body); }

  std::unique_ptr<cases::DocumentStore> document_store_;
  std::unique_ptr<cases::DocumentService> documents_;
  std::string case_;
};

TEST_F(DocumentsApi, UploadListAndDownloadTheSameBytes) {
  auto added = upload("aigul", case_, png_upload());
  ASSERT_EQ(added.status, 201) << added.body;
  const json d = json::parse(added.body);
  EXPECT_EQ(d["kind"], "income");
  EXPECT_EQ(d["file_name"], "Жалақы анықтамасы 2026.png");
  EXPECT_EQ(d["content_type"], "image/png");
  EXPECT_EQ(d["size"], kPng.size());
  EXPECT_EQ(d["sha256"], cases::content_sha256(kPng));
  EXPECT_EQ(d["uploaded_by"], "aigul");
  EXPECT_EQ(d["uploaded_at"], "2026-03-02T10:00");
  const std::string doc = d["id"];

  // The case page: what is kept and what is still to bring (the registries' no_data).
  auto listed = call("officer1", "GET", "/api/v1/cases/" + case_ + "/documents");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json list = json::parse(listed.body);
  ASSERT_EQ(list["documents"].size(), 1u);
  EXPECT_EQ(list["documents"][0], d);
  ASSERT_EQ(list["required"].size(), 1u);
  EXPECT_EQ(list["required"][0]["kind"], "income");
  EXPECT_EQ(list["required"][0]["person"], "900101******");
  EXPECT_EQ(list["state"], "awaiting_documents");
  EXPECT_EQ(list["limits"]["max_bytes"], 5 * 1024 * 1024);
  EXPECT_EQ(list["limits"]["content_types"], json({"application/pdf", "image/jpeg", "image/png"}));
  // The applicant sees the same list; an auditor of the territory too.
  EXPECT_EQ(call("aigul", "GET", "/api/v1/cases/" + case_ + "/documents").status, 200);
  EXPECT_EQ(call("auditor1", "GET", "/api/v1/cases/" + case_ + "/documents").status, 200);

  auto file = call("officer1", "GET", "/api/v1/cases/" + case_ + "/documents/" + doc);
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_EQ(file.body, kPng);
  EXPECT_EQ(cases::content_sha256(file.body), d["sha256"]);
  EXPECT_EQ(file.content_type, "image/png");
  EXPECT_EQ(header(file, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header(file, "Cache-Control"), "no-store");
  // RFC 5987: UTF-8, percent-encoded; an ASCII fallback for old clients.
  EXPECT_EQ(header(file, "Content-Disposition"),
            "attachment; filename=\"______ __________ 2026.png\"; "
            "filename*=UTF-8''%D0%96%D0%B0%D0%BB%D0%B0%D2%9B%D1%8B%20%D0%B0%D0%BD%D1%8B%D2%9B%D1%82%D0%B0%D0%BC%D0%B0%D1%81%D1%8B%202026.png");
  // The upload changed nothing on the case.
  EXPECT_EQ(cases_->get(case_).value()->state, cases::CaseState::kAwaitingDocuments);
}

TEST_F(DocumentsApi, ErrorsNameTheField) {
  json wrong_magic = png_upload();
  wrong_magic["content_type"] = "application/pdf";
  auto r = upload("aigul", case_, wrong_magic);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_of(r)["field"], "content_base64");

  json too_large = png_upload();
  std::string big = kPng;
  big.resize(cases::kDocumentBytesMax + 1, '\0');
  too_large["content_base64"] = base64(big);
  r = upload("aigul", case_, too_large);
  EXPECT_EQ(r.status, 400) << r.body.substr(0, 200);
  EXPECT_EQ(error_of(r)["field"], "content_base64");
  EXPECT_NE(error_of(r)["message"].get<std::string>().find("5242880"), std::string::npos);
  // The largest allowed goes through.
  big.resize(cases::kDocumentBytesMax);
  too_large["content_base64"] = base64(big);
  EXPECT_EQ(upload("aigul", case_, too_large).status, 201);

  r = upload("aigul", case_, png_upload("passport"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r)["field"], "kind");

  json bad64 = png_upload();
  bad64["content_base64"] = "iVBORw0KGgo*AAAA";
  r = upload("aigul", case_, bad64);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r)["field"], "content_base64");

  r = upload("aigul", case_, png_upload("income", "../../etc/passwd"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r)["field"], "file_name");

  json gif = png_upload();
  gif["content_type"] = "image/gif";
  r = upload("aigul", case_, gif);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(error_of(r)["field"], "content_type");

  json extra = png_upload();
  extra["owner"] = "x";
  r = upload("aigul", case_, extra);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r)["field"], "owner");

  json missing = png_upload();
  missing.erase("content_base64");
  EXPECT_EQ(error_of(upload("aigul", case_, missing))["field"], "content_base64");
  EXPECT_EQ(documents_stored(), 1);  // only the largest allowed
}

TEST_F(DocumentsApi, AnotherTerritoryOrAnotherPersonSeesNothing) {
  const std::string doc = json::parse(upload("officer1", case_, png_upload()).body)["id"];
  for (const char* who : {"officer9", "stranger"}) {
    EXPECT_EQ(upload(who, case_, png_upload()).status, 404) << who;
    EXPECT_EQ(call(who, "GET", "/api/v1/cases/" + case_ + "/documents").status, 404) << who;
    auto file = call(who, "GET", "/api/v1/cases/" + case_ + "/documents/" + doc);
    EXPECT_EQ(file.status, 404) << who;
    EXPECT_EQ(file.body.find("IHDR"), std::string::npos);
  }
  EXPECT_EQ(call("officer1", "GET", "/api/v1/cases/" + case_ + "/documents/nosuch").status, 404);
  EXPECT_EQ(call("officer1", "GET", "/api/v1/cases/nosuch/documents").status, 404);
  // Roles: auditors read but do not add; third parties do neither.
  EXPECT_EQ(upload("auditor1", case_, png_upload()).status, 403);
  EXPECT_EQ(call("bank1", "GET", "/api/v1/cases/" + case_ + "/documents").status, 403);
  EXPECT_EQ(upload("bank1", case_, png_upload()).status, 403);
  EXPECT_EQ(documents_stored(), 1);
}

TEST_F(DocumentsApi, AReplayedUploadCreatesOneDocument) {
  const json body = png_upload();
  auto first = upload("aigul", case_, body, "same-key");
  ASSERT_EQ(first.status, 201);
  auto again = upload("aigul", case_, body, "same-key");
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(documents_stored(), 1);
  EXPECT_EQ(json::parse(call("aigul", "GET", "/api/v1/cases/" + case_ + "/documents").body)["documents"].size(), 1u);
  // The same key with another body is refused.
  EXPECT_EQ(upload("aigul", case_, png_upload("other"), "same-key").status, 422);
  // No key, no upload.
  HttpRequest r;
  r.method = "POST";
  r.path = "/api/v1/cases/" + case_ + "/documents";
  r.body = body.dump();
  r.headers = {{"authorization", "Bearer " + token("aigul")}};
  EXPECT_EQ(app_->handle(r).status, 400);
  EXPECT_EQ(documents_stored(), 1);
}

// Issue 13 finding 12: a U+202E (right-to-left override) in a file name was stored and served
// back, so "scan<U+202E>gpj.exe" showed as "scanexe.jpg". Bidirectional controls are taken out.
TEST_F(DocumentsApi, BidirectionalControlsAreTakenOutOfFileNames) {
  auto added = upload("aigul", case_, png_upload("income", "scan\u202Egnp.exe\u2066.png"));
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(json::parse(added.body)["file_name"], "scangnp.exe.png");
  // A name of controls only is no name.
  auto empty = upload("aigul", case_, png_upload("income", "\u202E\u200F"));
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_EQ(json::parse(empty.body)["field"], "file_name");
}

TEST_F(DocumentsApi, OnlyTheUploadRouteTakesTheLargerBody) {
  const auto& routes = app_->routes();
  auto it = std::find_if(routes.begin(), routes.end(),
                         [](const auto& r) { return r.method == "POST" && r.pattern == "/api/v1/cases/{id}/documents"; });
  ASSERT_NE(it, routes.end());
  EXPECT_TRUE(it->policy.mutates);
  EXPECT_GT(it->policy.body_bytes_max, 4 * cases::kDocumentBytesMax / 3);
  EXPECT_LE(it->policy.body_bytes_max, kUploadBodyBytesMax);
  // A 300 KB body is refused by an ordinary route before anything else: 413 Content Too
  // Large (RFC 9110 §15.5.14; issue 13 finding 10).
  auto r = call("officer1", "POST", "/api/v1/cases/" + case_ + "/accept", std::string(300 * 1024, ' '));
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("body"), std::string::npos);
  // And a body past the upload route's own limit by it.
  json huge = png_upload();
  huge["content_base64"] = std::string(it->policy.body_bytes_max, 'A');
  EXPECT_EQ(upload("aigul", case_, huge).status, 413);
  EXPECT_EQ(documents_stored(), 0);
}

}  // namespace
}  // namespace komek::api
