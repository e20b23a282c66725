// Documents on a case over the API without a server: upload as base64, the list with what is
// still to bring, the bytes back with their type and an attachment name, errors naming the
// field, other territories and other people's cases "not found", idempotent replays, and the
// larger body limit of the upload route only.
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "api/app.hpp"
#include "cases/document_service.hpp"
#include "cases/documents.hpp"
#include "store/case_store.hpp"
#include "store/document_store.hpp"
#include "store/user_store.hpp"

namespace komek::api {
RouteModule document_routes(cases::DocumentService& documents);

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

struct Instants : InstantClock {
  std::chrono::sys_seconds t{std::chrono::seconds{1'772'000'000}};
  std::chrono::sys_seconds now() override { return t; }
};
struct Local : cases::Clock {
  LocalDateTime now = LocalDateTime::parse("2026-03-02T10:00").value();
  LocalDateTime now_local() override { return now; }
};
struct Ids : cases::IdSource {
  int n = 0;
  std::string new_id() override { return "x" + std::to_string(++n); }
};
// The registries know nothing of the applicant's income.
struct Silent : cases::RegistryLookup {
  Result<cases::RegistryAnswer> lookup(const cases::Case& c, Date) override {
    return cases::RegistryAnswer{c.family_json, {"income (900101******)"}, "2026-03-02T10:01", "{}"};
  }
  Result<cases::PortalFacts> portal_facts(const std::string&, Date) override { return cases::PortalFacts{}; }
};

rules::Library& library() {
  static std::unique_ptr<rules::Library> lib = rules::Library::load(KOMEK_RULES_DIR).value();
  return *lib;
}

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

class DocumentsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("komek-documents-api-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = store::Database::open({(dir_ / "k.db").string(), KOMEK_MIGRATIONS_DIR, 2}).value();
    cases_ = store::make_case_store(*db_);
    users_ = store::make_user_store(*db_);
    document_store_ = store::make_document_store(*db_);
    workflow_ = std::make_unique<cases::Workflow>(library().calendar(), library());
    service_ = std::make_unique<cases::CaseService>(*cases_, *workflow_, local_, ids_, registry_);
    documents_ = std::make_unique<cases::DocumentService>(*document_store_, local_, ids_);
    auth_ = std::make_unique<Authenticator>(*users_, instants_);
    app_ = std::make_unique<App>(*service_, *auth_, "test", std::vector<RouteModule>{document_routes(*documents_)});
    add("aigul", cases::Role::kApplicant, "", kApplicantIin);
    add("stranger", cases::Role::kApplicant, "", "871008401427");
    add("officer1", cases::Role::kOfficer, "3348", "");
    add("officer9", cases::Role::kOfficer, "15", "");
    add("auditor1", cases::Role::kAuditor, "3348", "");
    add("bank1", cases::Role::kThirdParty, "", "770707300111");
    case_ = awaiting_case();
  }
  void TearDown() override {
    app_.reset();
    fs::remove_all(dir_);
  }
  void add(const std::string& login, cases::Role role, const std::string& territory, const std::string& iin) {
    cases::User u;
    u.login = login;
    u.password_hash = hash_password("correct horse battery staple").value();
    u.role = role;
    u.territory = territory;
    u.iin = iin;
    u.full_name = "Name of " + login;
    ASSERT_TRUE(users_->put_user(u).has_value());
    tokens_[login] = auth_->sign_in(login, "correct horse battery staple").value().token;
  }
  std::string awaiting_case() {
    const cases::Actor officer{"officer1", "officer", "3348", "", ""};
    cases::Intake in;
    in.pack_id = "koksu-local";
    in.programmes = {"disaster_help"};
    in.family_json = R"({"territory": "334820000", "application_date": "2026-03-02", "members": [{"iin": "900101300811",
      "birth_date": "1990-01-01", "relation": "applicant"}], "facts": [{"type": "natural_disaster", "date": "2026-02-20"}]})";
    in.applicant_name = "Айгүл";
    const std::string id = json::parse(service_->submit(officer, {"c1", "h"}, in).value().body)["id"];
    EXPECT_TRUE(service_->accept(officer, {"c2", "h"}, id).has_value());
    EXPECT_TRUE(service_->query_registry(officer, {"c3", "h"}, id).has_value());
    return id;
  }
  HttpResponse call(const std::string& who, const std::string& method, const std::string& path, const std::string& body = "",
                    const std::string& key = "") {
    HttpRequest r;
    r.method = method;
    r.path = path;
    r.body = body;
    r.headers = {{"authorization", "Bearer " + tokens_[who]}};
    if (method == "POST") r.headers.emplace_back("idempotency-key", key.empty() ? "k" + std::to_string(++keys_) : key);
    r.client = "127.0.0.1";
    return app_->handle(r);
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
  int documents_stored() {
    sqlite3* db = nullptr;
    sqlite3_open((dir_ / "k.db").string().c_str(), &db);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM case_documents", -1, &st, nullptr);
    sqlite3_step(st);
    const int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }
  static json error_of(const HttpResponse& r) { return json::parse(r.body); }

  fs::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<cases::CaseStore> cases_;
  std::unique_ptr<cases::UserStore> users_;
  std::unique_ptr<cases::DocumentStore> document_store_;
  std::unique_ptr<cases::Workflow> workflow_;
  std::unique_ptr<cases::CaseService> service_;
  std::unique_ptr<cases::DocumentService> documents_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<App> app_;
  std::map<std::string, std::string> tokens_;
  Instants instants_;
  Local local_;
  Ids ids_;
  Silent registry_;
  int keys_ = 0;
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
  r.headers = {{"authorization", "Bearer " + tokens_["aigul"]}};
  EXPECT_EQ(app_->handle(r).status, 400);
  EXPECT_EQ(documents_stored(), 1);
}

TEST_F(DocumentsApi, OnlyTheUploadRouteTakesTheLargerBody) {
  const auto& routes = app_->routes();
  auto it = std::find_if(routes.begin(), routes.end(),
                         [](const auto& r) { return r.method == "POST" && r.pattern == "/api/v1/cases/{id}/documents"; });
  ASSERT_NE(it, routes.end());
  EXPECT_TRUE(it->policy.mutates);
  EXPECT_GT(it->policy.body_bytes_max, 4 * cases::kDocumentBytesMax / 3);
  EXPECT_LE(it->policy.body_bytes_max, kUploadBodyBytesMax);
  // A 300 KB body is refused by an ordinary route before anything else.
  auto r = call("officer1", "POST", "/api/v1/cases/" + case_ + "/accept", std::string(300 * 1024, ' '));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("body"), std::string::npos);
  // And a body past the upload route's own limit by it.
  json huge = png_upload();
  huge["content_base64"] = std::string(it->policy.body_bytes_max, 'A');
  EXPECT_EQ(upload("aigul", case_, huge).status, 400);
  EXPECT_EQ(documents_stored(), 0);
}

}  // namespace
}  // namespace komek::api
