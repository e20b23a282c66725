// End-to-end: documents on a case through `komek serve` over HTTP (001 §11; issue 8 items 1
// and 2): the registries know nothing of the applicant, so the case awaits documents; the
// applicant uploads a scan from the portal, the officer sees it listed against what is still
// to bring and downloads the same bytes; an officer of another district sees nothing; the
// officer's "documents received" then moves the case on.
#include <cctype>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/server.hpp"

namespace komek::test {
namespace {

using json = nlohmann::json;

constexpr const char* kApplicant = "900101300811";

std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned v = unsigned{static_cast<unsigned char>(bytes[i])} << 16;
    if (i + 1 < bytes.size()) v |= unsigned{static_cast<unsigned char>(bytes[i + 1])} << 8;
    if (i + 2 < bytes.size()) v |= unsigned{static_cast<unsigned char>(bytes[i + 2])};
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[v & 63] : '=';
  }
  return out;
}

// A JPEG's first bytes and a body with every byte value, as a scanner's file would hold.
std::string jpeg_bytes() {
  std::string s("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11);
  for (int round = 0; round < 400; ++round)
    for (int b = 0; b < 256; ++b) s.push_back(static_cast<char>(b));
  s += "\xFF\xD9";
  return s;
}

std::string header_value(const std::string& headers, const std::string& name) {
  std::string lower = headers;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::string key = name;
  for (char& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const auto at = lower.find("\r\n" + key + ":");
  if (at == std::string::npos) return {};
  const auto start = headers.find_first_not_of(' ', at + 3 + key.size());
  return headers.substr(start, headers.find("\r\n", start) - start);
}

TEST(Documents, TheApplicantUploadsTheOfficerDownloadsTheSameBytes) {
  KomekServer s(::testing::UnitTest::GetInstance()->current_test_info()->name());
  s.add_user("officer1", "officer", "3348");
  s.add_user("officer9", "officer", "15");
  s.add_user("aigul", "applicant", "", kApplicant);
  ASSERT_TRUE(s.start()) << s.output();
  const std::string officer = s.login("officer1");
  const std::string aigul = s.login("aigul");

  const json family = json::parse(R"({"territory": "334820000", "application_date": "2026-03-02",
    "members": [{"iin": "900101300811", "birth_date": "1990-01-01", "relation": "applicant"}],
    "facts": [{"type": "natural_disaster", "date": "2026-02-20"}]})");
  json c = s.ok(s.post(officer, "/api/v1/cases", {{"channel", "authorized_body"}, {"pack", "koksu-local"},
                                                  {"programmes", {"disaster_help"}}, {"family", family},
                                                  {"applicant_name", "Айгүл Сейітқызы"}}),
                201);
  const std::string id = c["id"];
  s.ok(s.post(officer, "/api/v1/cases/" + id + "/accept", json::object()));
  c = s.ok(s.post(officer, "/api/v1/cases/" + id + "/registry", json::object()));
  ASSERT_EQ(c["state"], "awaiting_documents") << c.dump();

  // What is still to bring, as the registries left it.
  json list = s.get(aigul, "/api/v1/cases/" + id + "/documents");
  ASSERT_FALSE(list["required"].empty()) << list.dump();
  EXPECT_TRUE(list["documents"].empty());
  std::string kind = list["required"][0]["kind"];

  // The applicant uploads a scan from the portal.
  const std::string bytes = jpeg_bytes();
  auto up = s.post(aigul, "/api/v1/cases/" + id + "/documents",
                   {{"kind", kind}, {"file_name", "куәлік.jpg"}, {"content_type", "image/jpeg"}, {"content_base64", base64(bytes)}},
                   "upload-1", "kk");
  const json d = s.ok(up, 201);
  EXPECT_EQ(d["size"], bytes.size());
  EXPECT_EQ(d["uploaded_by"], "aigul");
  // A retry with the same key (a lost answer) creates nothing more.
  auto retry = s.post(aigul, "/api/v1/cases/" + id + "/documents",
                      {{"kind", kind}, {"file_name", "куәлік.jpg"}, {"content_type", "image/jpeg"}, {"content_base64", base64(bytes)}},
                      "upload-1", "kk");
  EXPECT_EQ(retry.status, 201);
  EXPECT_EQ(json::parse(retry.body), d);

  // The officer sees it on the case page and downloads the same bytes.
  list = s.get(officer, "/api/v1/cases/" + id + "/documents");
  ASSERT_EQ(list["documents"].size(), 1u);
  EXPECT_EQ(list["documents"][0], d);
  auto file = s.get_raw(officer, "/api/v1/cases/" + id + "/documents/" + d["id"].get<std::string>());
  ASSERT_EQ(file.status, 200) << file.headers;
  EXPECT_EQ(file.body, bytes);
  EXPECT_EQ(header_value(file.headers, "Content-Type"), "image/jpeg");
  EXPECT_EQ(header_value(file.headers, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header_value(file.headers, "Content-Disposition"),
            "attachment; filename=\"______.jpg\"; filename*=UTF-8''%D0%BA%D1%83%D3%99%D0%BB%D1%96%D0%BA.jpg");
  // The read is in the applicant's "who read my data".
  const json log = s.get(aigul, "/api/v1/me/access-log");
  bool seen = false;
  for (const auto& e : log["entries"])
    if (e["actor"] == "officer1" && e["record"] == "case:" + id + "/document:" + d["id"].get<std::string>()) seen = true;
  EXPECT_TRUE(seen) << log.dump();

  // Another district's officer: not found.
  const std::string other = s.login("officer9");
  EXPECT_EQ(s.get_raw(other, "/api/v1/cases/" + id + "/documents/" + d["id"].get<std::string>()).status, 404);
  EXPECT_EQ(s.get_raw(other, "/api/v1/cases/" + id + "/documents").status, 404);

  // Uploading did not move the case; the officer's step does, and nothing is left to bring.
  EXPECT_EQ(s.get(officer, "/api/v1/cases/" + id)["state"], "awaiting_documents");
  s.ok(s.post(officer, "/api/v1/cases/" + id + "/documents-received", json::object()));
  list = s.get(officer, "/api/v1/cases/" + id + "/documents");
  EXPECT_TRUE(list["required"].empty());
  EXPECT_EQ(list["documents"].size(), 1u);
}

TEST(Documents, AFiveMegabyteScanPassesTheServerAndALargerOneIsRefused) {
  KomekServer s(::testing::UnitTest::GetInstance()->current_test_info()->name());
  s.add_user("officer1", "officer", "3348");
  ASSERT_TRUE(s.start()) << s.output();
  const std::string officer = s.login("officer1");
  const json family = json::parse(R"({"territory": "334820000", "application_date": "2026-03-02",
    "members": [{"iin": "900101300811", "birth_date": "1990-01-01", "relation": "applicant"}],
    "facts": [{"type": "natural_disaster", "date": "2026-02-20"}]})");
  const std::string id = s.ok(s.post(officer, "/api/v1/cases", {{"channel", "authorized_body"}, {"pack", "koksu-local"},
                                                                {"programmes", {"disaster_help"}}, {"family", family}}),
                              201)["id"];
  std::string pdf = "%PDF-1.4\n";
  pdf.resize(5 * 1024 * 1024, 'x');
  auto ok = s.post(officer, "/api/v1/cases/" + id + "/documents",
                   {{"kind", "other"}, {"file_name", "scan.pdf"}, {"content_type", "application/pdf"}, {"content_base64", base64(pdf)}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  pdf.push_back('x');
  auto big = s.post(officer, "/api/v1/cases/" + id + "/documents",
                    {{"kind", "other"}, {"file_name", "scan.pdf"}, {"content_type", "application/pdf"}, {"content_base64", base64(pdf)}});
  EXPECT_EQ(big.status, 400) << big.body;
  EXPECT_EQ(json::parse(big.body)["field"], "content_base64");
  EXPECT_EQ(s.get(officer, "/api/v1/cases/" + id + "/documents")["documents"].size(), 1u);
}

}  // namespace
}  // namespace komek::test
