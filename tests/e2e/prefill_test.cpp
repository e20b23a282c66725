// End-to-end: the portal's application pre-filled from the registries (issue 8 item 2; SPEC §4,
// 004 §7) through the built binary. Applicants the synthetic registry knows (found through the
// proactive offers, which evaluate the registry's families) ask for their pre-filled family and
// post it as it is: the portal registers it at once (004 §7-1). An applicant the registries do
// not know gets a 404 that says so.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/server.hpp"

namespace komek::test {
namespace {

using json = nlohmann::json;

// 200 synthetic families of Koksu district hold families the district's rules find eligible.
constexpr const char* kFamilies = "200";

TEST(Prefill, ThePrefilledFamilyPostedAsItIsIsRegistered) {
  KomekServer s{"PrefillPostedAsIs"};
  auto run = s.komek({"offers", "run", "--date", "2026-03-02", "--db", s.db(), "--clock", (s.dir() / "clock").string(),
                      "--registry-families", kFamilies, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  const json offers = json::parse(run.out)["offers"];
  ASSERT_FALSE(offers.empty()) << run.out;
  for (std::size_t i = 0; i < offers.size(); ++i)
    s.add_user("applicant" + std::to_string(i), "applicant", "", offers[i]["applicant_iin"].get<std::string>());
  s.add_user("stranger", "applicant", "", "900101300811");  // not in the synthetic registry
  s.add_user("officer1", "officer", "3348");
  ASSERT_TRUE(s.start({"--registry-families", kFamilies})) << s.output();

  int registered = 0;
  for (std::size_t i = 0; i < offers.size(); ++i) {
    const std::string login = "applicant" + std::to_string(i);
    const std::string token = s.login(login);
    const std::string iin = offers[i]["applicant_iin"];
    const json p = s.get(token, "/api/v1/me/registry-prefill");
    EXPECT_FALSE(p["taken_at"].get<std::string>().empty());
    const json& family = p["family"];
    EXPECT_EQ(family["application_date"], "2026-03-02");
    EXPECT_EQ(family["territory"].get<std::string>().substr(0, 4), "3348");
    ASSERT_FALSE(family["members"].empty());
    EXPECT_EQ(family["members"][0]["relation"], "applicant");
    EXPECT_EQ(family["members"][0]["iin"], iin);
    ASSERT_EQ(p["names"].size(), family["members"].size());
    EXPECT_FALSE(p["names"][0].get<std::string>().empty());
    for (const json& m : family["members"]) {
      EXPECT_TRUE(m.contains("birth_date") && m.contains("sex") && m.contains("incomes") && m.contains("statuses")) << m;
      EXPECT_NE(m["relation"], "parent");  // no query about the applicant names their parents
    }
    for (const json& d : p["no_data"]) EXPECT_EQ(d.get<std::string>().find(iin), std::string::npos) << "masked";
    // The applicant's own access log shows the read of their data.
    const json log = s.get(token, "/api/v1/me/access-log")["entries"];
    ASSERT_GE(log.size(), 2u);
    EXPECT_EQ(log[1]["record"], "registry-prefill");
    EXPECT_EQ(log[1]["route"], "GET /api/v1/me/registry-prefill");
    // Posted as it is. The 004 §7-1 checks the pre-fill reports are those the portal makes.
    const json c = KomekServer::ok(s.post(token, "/api/v1/cases", {{"pack", "kz-tsa"}, {"family", family}}), 201);
    EXPECT_EQ(c["channel"], "portal");
    const bool passes = !p["family_has_tsa"].get<bool>() && p["members_in_one_settlement"].get<bool>();
    EXPECT_EQ(c["state"], passes ? "registered" : "refused_to_accept") << p.dump();
    if (c["state"] == "registered") ++registered;
  }
  EXPECT_GE(registered, 1);

  // An applicant the registries do not know: a 404 that says so, and nothing read is logged.
  const std::string stranger = s.login("stranger");
  auto r = s.get_raw(stranger, "/api/v1/me/registry-prefill");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_NE(json::parse(r.body)["message"].get<std::string>().find("no data on IIN"), std::string::npos) << r.body;
  EXPECT_TRUE(s.get(stranger, "/api/v1/me/access-log")["entries"].size() == 1u);
  // Staff have no family of their own to pre-fill.
  EXPECT_EQ(s.get_raw(s.login("officer1"), "/api/v1/me/registry-prefill").status, 403);
}

}  // namespace
}  // namespace komek::test
