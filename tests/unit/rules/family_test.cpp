#include "rules/family.hpp"

#include <gtest/gtest.h>

#include "test_library.hpp"

namespace komek::rules {
namespace {

using test::shipped;

Result<Family> read(const std::string& json) { return read_family_json(json, shipped().vocabulary(), "f.json"); }

std::string error_of(const std::string& json) {
  auto f = read(json);
  if (f) return "(read)";
  return f.error().field + ": " + (f.error().message_key == "family.invalid" ? f.error().param("what") : f.error().message_key);
}

const std::string kHead = R"({"territory": "151010000", "application_date": "2026-02-10", "members": [)";
const std::string kApplicant = R"({"iin": "900101300811", "birth_date": "1990-01-01", "relation": "applicant")";

TEST(FamilyReader, ReadsTheIssueExample) {
  auto f = read(kHead + kApplicant + R"(, "statuses": [], "incomes": [{"type": "wages", "month": "2025-10", "amount": "60000.00"}]},
      {"birth_date": "2022-06-15", "relation": "child", "statuses": [], "incomes": []}]})");
  ASSERT_TRUE(f.has_value()) << f.error().field << " " << f.error().message_key;
  EXPECT_EQ(f->members.size(), 2u);
  EXPECT_EQ(f->members[0].incomes[0].amount.tiyn(), 6000000);
  EXPECT_EQ(f->members[0].sex, Sex::kMale);  // from the IIN, as a hint
  EXPECT_EQ(f->members[1].relation, Relation::kChild);
}

TEST(FamilyReader, NamesTheFieldThatIsWrong) {
  EXPECT_EQ(error_of(kHead + kApplicant + R"(, "incomes": [{"type": "wages", "month": "2025-10", "amount": 60000}]}]})"),
            "members[0].incomes[0].amount: must be a decimal string in tenge, e.g. \"60000.00\"");
  EXPECT_EQ(error_of(kHead + kApplicant + R"(, "incomes": [{"type": "salary", "month": "2025-10", "amount": "1"}]}]})"),
            "members[0].incomes[0].type: unknown income type 'salary' (see docs/vocabulary.md)");
  EXPECT_EQ(error_of(kHead + kApplicant + R"(, "incomes": [{"type": "wages", "month": "2025-13", "amount": "1"}]}]})"),
            "members[0].incomes[0].month: month.format");
  EXPECT_EQ(error_of(kHead + kApplicant + R"(, "statuses": ["rich"]}]})"),
            "members[0].statuses[0]: unknown status 'rich' (see docs/vocabulary.md)");
  EXPECT_EQ(error_of(kHead + R"({"iin": "900101300812", "birth_date": "1990-01-01", "relation": "applicant"}]})"),
            "members[0].iin: iin.checksum");
  EXPECT_EQ(error_of(kHead + kApplicant + R"(, "shoe_size": 42}]})"), "members[0].shoe_size: unknown field 'shoe_size'");
  EXPECT_EQ(error_of(kHead + kApplicant + R"(}, {"birth_date": "2030-01-01", "relation": "child"}]})"),
            "members[1].birth_date: is after the application date");
  EXPECT_EQ(error_of(kHead + kApplicant + R"(}, )" + kApplicant + "}]}"), "members[1].iin: the same IIN is given for two members");
  EXPECT_EQ(error_of(kHead + R"({"birth_date": "1990-01-01", "relation": "spouse"}]})"),
            "members: exactly one member must have relation \"applicant\"");
  EXPECT_EQ(error_of(kHead + R"({"birth_date": "1990-01-01", "relation": "cousin"}]})"), "members[0].relation: family.relation");
  EXPECT_EQ(error_of(R"({"territory": "99", "application_date": "2026-02-10", "members": []})"), "territory: kato.format");
  EXPECT_EQ(error_of(R"({"territory": "151010000", "members": []})"), "application_date: is required");
  EXPECT_EQ(error_of(R"({"territory": "151010000", "application_date": "2026-02-10", "members": []})"),
            "members: must be a non-empty list");
  EXPECT_EQ(error_of(kHead + kApplicant + R"(}], "facts": [{"type": "death", "date": "2026-01-01", "member": 5}]})"),
            "facts[0].member: must be the index of a member (0-based)");
}

TEST(FamilyReader, SyntaxErrorsGiveTheLine) {
  auto f = read("{\n  \"territory\": \"151010000\",\n  \"members\": [\n}");
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().message_key, "data.syntax");
  EXPECT_EQ(f.error().param("line"), "4");
}

TEST(FamilyReader, ANumberTooLargeIsASyntaxErrorNotACrash) {
  // Found by the fuzzer: nlohmann throws out_of_range, not parse_error, for 99e9999999999999.
  auto f = read("99e9999999999999 ");
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().message_key, "data.syntax");
}

TEST(FamilyReader, RefusesTooManyMembers) {
  std::string json = kHead + kApplicant + "}";
  for (int i = 0; i < 64; ++i) json += R"(, {"birth_date": "2000-01-01", "relation": "other"})";
  EXPECT_EQ(error_of(json + "]}"), "members: has more than 64 members");
}

}  // namespace
}  // namespace komek::rules
