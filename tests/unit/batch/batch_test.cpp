#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "batch/checksum.hpp"
#include "batch/csv.hpp"
#include "batch/file.hpp"
#include "batch/generate.hpp"
#include "batch/population.hpp"
#include "core/messages.hpp"
#include "rules/family.hpp"
#include "rules/vocabulary.hpp"

namespace komek::batch {
namespace {

const rules::Vocabulary& vocabulary() {
  static const rules::Vocabulary v = rules::Vocabulary::load(std::filesystem::path(KOMEK_RULES_DIR) / "vocabulary.yaml").value();
  return v;
}

Population make(std::uint64_t persons, std::uint64_t seed) {
  auto p = generate(vocabulary(), persons, seed);
  EXPECT_TRUE(p.has_value()) << (p ? "" : render(p.error(), Lang::kEn));
  return p ? *p : Population();
}

// A per-test scratch directory, removed afterwards.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("komek_batch_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  [[nodiscard]] std::filesystem::path file(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

std::string load_error(const std::filesystem::path& p) {
  auto loaded = load_population(p);
  return loaded ? "(loaded)" : loaded.error().message_key;
}

std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span<const char>(s)); }

// --- checksum

TEST(Xxh64, MatchesThePublishedVectors) {
  EXPECT_EQ(xxh64(bytes("")), 0xEF46DB3751D8E999ULL);
  EXPECT_EQ(xxh64(bytes("a")), 0xD24EC4F1A98C6E5BULL);
  EXPECT_EQ(xxh64(bytes("abc")), 0x44BC2CF5AD770999ULL);
}

TEST(Xxh64, StreamingInPiecesEqualsOneShot) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data += static_cast<char>(i * 7 + 3);
  for (std::size_t piece : {1u, 5u, 31u, 32u, 33u, 100u}) {
    Xxh64 h;
    for (std::size_t at = 0; at < data.size(); at += piece)
      h.update(bytes(std::string_view(data).substr(at, piece)));
    EXPECT_EQ(h.digest(), xxh64(bytes(data))) << "pieces of " << piece;
  }
}

// --- generator

TEST(Generate, SameSeedSamePopulationByteForByte) {
  TempDir dir;
  const Population a = make(50'000, 7);
  const Population b = make(50'000, 7);
  EXPECT_TRUE(same_population(a, b));
  ASSERT_TRUE(save_population(a, dir.file("a.pop")).has_value());
  ASSERT_TRUE(save_population(b, dir.file("b.pop")).has_value());
  EXPECT_EQ(read_bytes(dir.file("a.pop")), read_bytes(dir.file("b.pop")));
}

TEST(Generate, DifferentSeedDifferentPopulation) {
  EXPECT_FALSE(same_population(make(50'000, 7), make(50'000, 8)));
}

TEST(Generate, RefusesZeroPersons) {
  auto p = generate(vocabulary(), 0, 1);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().message_key, "batch.generate");
}

class Distribution : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { population_ = new Population(make(400'000, 2025)); }
  static void TearDownTestSuite() { delete population_; }
  static const Population& p() { return *population_; }
  static int age(std::size_t person) {
    return age_on(Date::from_days(p().columns().person_birth_days[person]), p().as_of());
  }
  static Population* population_;
};
Population* Distribution::population_ = nullptr;

TEST_F(Distribution, HasExactlyTheAskedPersonsInConsistentColumns) {
  EXPECT_EQ(p().person_count(), 400'000u);
  EXPECT_TRUE(check_population(p().dictionary(), p().columns()).has_value());
}

TEST_F(Distribution, RegionsHoldTheirShareOfThePopulation) {
  std::map<int, std::size_t> persons;
  const auto& c = p().columns();
  for (std::size_t f = 0; f < p().family_count(); ++f) persons[static_cast<int>(c.family_territory[f] / 10'000'000)] += c.family_size[f];
  double total = 0;
  for (const auto& r : region_shares()) total += r.persons_thousands;
  ASSERT_EQ(persons.size(), 20u);
  for (const auto& r : region_shares()) {
    const double expected = r.persons_thousands / total;
    const double observed = static_cast<double>(persons[r.number]) / static_cast<double>(p().person_count());
    EXPECT_NEAR(observed, expected, 0.005) << "region " << r.number;
  }
}

TEST_F(Distribution, FamiliesAverageAboutThreePointTwoPersons) {
  const double mean = static_cast<double>(p().person_count()) / static_cast<double>(p().family_count());
  EXPECT_NEAR(mean, 3.2, 0.15);
}

TEST_F(Distribution, StatusesAtPlausiblePrevalences) {
  const Dictionary& d = p().dictionary();
  std::uint64_t disability = 0;
  for (const char* w : {"disability_group_1", "disability_group_2", "disability_group_3", "disabled_child"})
    disability |= std::uint64_t{1} << *d.status_bit(w);
  const std::uint64_t pensioner = std::uint64_t{1} << *d.status_bit("pension_recipient");
  std::uint64_t veteran = 0;
  for (const char* w : {"chernobyl_liquidator", "afghanistan_reservist", "tajik_afghan_border_veteran"})
    veteran |= std::uint64_t{1} << *d.status_bit(w);
  std::size_t disabled = 0, pensioners = 0, veterans = 0;
  for (std::uint64_t s : p().columns().person_statuses) {
    disabled += (s & disability) != 0;
    pensioners += (s & pensioner) != 0;
    veterans += (s & veteran) != 0;
  }
  const auto share = [&](std::size_t n) { return static_cast<double>(n) / static_cast<double>(p().person_count()); };
  EXPECT_NEAR(share(disabled), 0.035, 0.007);
  EXPECT_GT(share(pensioners), 0.07);
  EXPECT_LT(share(pensioners), 0.18);
  EXPECT_GT(veterans, 0u);
  EXPECT_LT(share(veterans), 0.005);
}

TEST_F(Distribution, AgePyramidHasChildrenAndElderly) {
  std::size_t children = 0, elderly = 0;
  for (std::size_t i = 0; i < p().person_count(); ++i) {
    const int a = age(i);
    ASSERT_GE(a, 0);
    children += a < 18;
    elderly += a >= 63;
  }
  const double n = static_cast<double>(p().person_count());
  EXPECT_NEAR(static_cast<double>(children) / n, 0.34, 0.05) << children;  // [P] about a third of Kazakhstan is under 18
  EXPECT_NEAR(static_cast<double>(elderly) / n, 0.10, 0.04) << elderly;
}

TEST_F(Distribution, IncomesCoverTheReferenceQuarterWithAPlausibleWage) {
  const auto& c = p().columns();
  const int wages = *p().dictionary().income_type_id("wages");
  const std::uint16_t first = month_index(*Month::make(2025, 10));
  std::vector<std::int64_t> wage_tiyn;
  for (std::size_t i = 0; i < p().income_count(); ++i) {
    ASSERT_GE(c.income_month[i], first);
    ASSERT_LE(c.income_month[i], first + 2);
    if (c.income_type[i] == wages && c.income_month[i] == first) wage_tiyn.push_back(c.income_amount_tiyn[i]);
  }
  ASSERT_FALSE(wage_tiyn.empty());
  std::nth_element(wage_tiyn.begin(), wage_tiyn.begin() + static_cast<std::ptrdiff_t>(wage_tiyn.size() / 2), wage_tiyn.end());
  const std::int64_t median_tenge = wage_tiyn[wage_tiyn.size() / 2] / 100;
  EXPECT_GT(median_tenge, 200'000);
  EXPECT_LT(median_tenge, 450'000);
}

// --- binary file

TEST(PopulationFile, SaveThenLoadGivesTheSamePopulation) {
  TempDir dir;
  const Population original = make(30'000, 3);
  ASSERT_TRUE(save_population(original, dir.file("p.pop")).has_value());
  auto loaded = load_population(dir.file("p.pop"));
  ASSERT_TRUE(loaded.has_value()) << render(loaded.error(), Lang::kEn);
  EXPECT_TRUE(same_population(original, *loaded));
  EXPECT_FALSE(std::filesystem::exists(dir.file("p.pop.tmp")));
}

TEST(PopulationFile, ACorruptedByteIsAChecksumError) {
  TempDir dir;
  ASSERT_TRUE(save_population(make(5'000, 3), dir.file("p.pop")).has_value());
  std::string b = read_bytes(dir.file("p.pop"));
  for (std::size_t at : {b.size() / 2, b.size() - 1, std::size_t{60}}) {  // payload, last byte, checksum
    std::string damaged = b;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
    write_bytes(dir.file("bad.pop"), damaged);
    EXPECT_EQ(load_error(dir.file("bad.pop")), "batch.file_checksum") << "byte " << at;
  }
  // A changed count in the header disagrees with the sizes.
  std::string counts = b;
  counts[24] = static_cast<char>(counts[24] ^ 0x01);
  write_bytes(dir.file("bad.pop"), counts);
  EXPECT_EQ(load_error(dir.file("bad.pop")), "batch.file_checksum");
}

// The checksum runs beside the structural check: a damage the structural check also sees
// (a broken dictionary, a family in no region) is still reported as what it is, a changed file.
TEST(PopulationFile, DamageTheStructuralCheckSeesIsStillAChecksumError) {
  TempDir dir;
  ASSERT_TRUE(save_population(make(5'000, 3), dir.file("p.pop")).has_value());
  const std::string b = read_bytes(dir.file("p.pop"));
  std::uint32_t dictionary_bytes = 0;
  std::memcpy(&dictionary_bytes, b.data() + 44, 4);
  const std::size_t territories = (64 + dictionary_bytes + 7) / 8 * 8;  // the first column
  std::string broken_dictionary = b;
  broken_dictionary[64 + 8] = '\n';
  write_bytes(dir.file("bad.pop"), broken_dictionary);
  EXPECT_EQ(load_error(dir.file("bad.pop")), "batch.file_checksum");
  std::string no_region = b;
  for (std::size_t k = 0; k < 4; ++k) no_region[territories + k] = static_cast<char>(0xFF);
  write_bytes(dir.file("bad.pop"), no_region);
  EXPECT_EQ(load_error(dir.file("bad.pop")), "batch.file_checksum");
}

TEST(PopulationFile, ATruncatedFileIsRefusedAsTruncated) {
  TempDir dir;
  ASSERT_TRUE(save_population(make(5'000, 3), dir.file("p.pop")).has_value());
  const std::string b = read_bytes(dir.file("p.pop"));
  for (std::size_t keep : {b.size() - 1, b.size() / 2, std::size_t{64}, std::size_t{63}, std::size_t{10}, std::size_t{0}}) {
    write_bytes(dir.file("cut.pop"), b.substr(0, keep));
    auto loaded = load_population(dir.file("cut.pop"));
    ASSERT_FALSE(loaded.has_value()) << keep;
    EXPECT_EQ(loaded.error().message_key, "batch.file_truncated") << "kept " << keep;
    EXPECT_NE(render(loaded.error(), Lang::kEn).find("truncated"), std::string::npos);
  }
}

TEST(PopulationFile, WrongMagicVersionOrMissingFileAreNamed) {
  TempDir dir;
  ASSERT_TRUE(save_population(make(2'000, 3), dir.file("p.pop")).has_value());
  const std::string b = read_bytes(dir.file("p.pop"));
  write_bytes(dir.file("x.pop"), "PK\x03\x04" + b.substr(4));
  EXPECT_EQ(load_error(dir.file("x.pop")), "batch.file_magic");
  write_bytes(dir.file("x.pop"), "not a population file at all, just some text");
  EXPECT_EQ(load_error(dir.file("x.pop")), "batch.file_magic");
  std::string v2 = b;
  v2[8] = 2;
  write_bytes(dir.file("x.pop"), v2);
  EXPECT_EQ(load_error(dir.file("x.pop")), "batch.file_version");
  EXPECT_EQ(load_error(dir.file("absent.pop")), "batch.file_open");
  write_bytes(dir.file("x.pop"), b + "trailing");
  EXPECT_EQ(load_error(dir.file("x.pop")), "batch.file_invalid");
}

TEST(PopulationFile, ErrorsReadInEveryLanguage) {
  TempDir dir;
  write_bytes(dir.file("cut.pop"), "KOMEKPOP");
  auto loaded = load_population(dir.file("cut.pop"));
  ASSERT_FALSE(loaded.has_value());
  for (Lang lang : {Lang::kKk, Lang::kRu, Lang::kEn}) {
    const std::string text = render(loaded.error(), lang);
    EXPECT_NE(text.find("cut.pop"), std::string::npos) << text;
    EXPECT_EQ(text.find("batch."), std::string::npos) << "rendered as a key: " << text;
  }
}

// --- CSV

const std::string kHeader = std::string(kCsvHeader) + "\n";

Result<Population> read(const std::string& csv) {
  return read_csv(csv, Dictionary::from(vocabulary()).value(), default_as_of());
}

TEST(Csv, ExportThenImportGivesTheSamePopulation) {
  const Population original = make(20'000, 11);
  std::ostringstream out;
  write_csv(original, out);
  auto back = read(out.str());
  ASSERT_TRUE(back.has_value()) << render(back.error(), Lang::kEn);
  EXPECT_TRUE(same_population(original, *back));
}

TEST(Csv, ReadsTheDocumentedExample) {
  auto p = read(kHeader +
                "0,231010000,1986-04-12,female,applicant,carer_of_child_under_3,wages:2025-10:250000.00|wages:2025-11:250000.00\n"
                "0,231010000,2024-09-01,male,child,,\r\n"
                "5,751110000,1950-01-01,male,applicant,pension_recipient|disability_group_2,pension:2025-12:150000\n");
  ASSERT_TRUE(p.has_value()) << render(p.error(), Lang::kEn);
  EXPECT_EQ(p->family_count(), 2u);
  EXPECT_EQ(p->person_count(), 3u);
  EXPECT_EQ(p->income_count(), 3u);
  EXPECT_EQ(p->columns().income_amount_tiyn[2], 15'000'000);
  EXPECT_EQ(p->columns().family_territory[1], 751'110'000u);
}

TEST(Csv, ABadFieldOnLine3IsNamedAndNothingIsImported) {
  auto p = read(kHeader + "0,231010000,1986-04-12,female,applicant,,\n" + "0,231010000,2024-13-01,male,child,,\n" +
                "1,751110000,1950-01-01,male,applicant,,\n");
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().message_key, "batch.csv_field");
  EXPECT_EQ(p.error().param("line"), "3");
  EXPECT_EQ(p.error().param("field"), "birth_date");
  EXPECT_EQ(p.error().field, "birth_date");
  const std::string en = render(p.error(), Lang::kEn);
  EXPECT_NE(en.find("line 3"), std::string::npos) << en;
  EXPECT_NE(en.find("birth_date"), std::string::npos) << en;
}

TEST(Csv, EachKindOfBadFieldIsNamed) {
  const std::string good = "0,231010000,1986-04-12,female,applicant,,\n";
  const std::map<std::string, std::string> cases = {
      {"x,231010000,1986-04-12,female,applicant,,", "family"},
      {"1,23101000,1986-04-12,female,applicant,,", "territory"},
      {"1,991010000,1986-04-12,female,applicant,,", "territory"},
      {"1,231010000,2030-01-01,female,applicant,,", "birth_date"},
      {"1,231010000,1986-04-12,f,applicant,,", "sex"},
      {"1,231010000,1986-04-12,female,boss,,", "relation"},
      {"1,231010000,1986-04-12,female,applicant,knight,", "statuses"},
      {"1,231010000,1986-04-12,female,applicant,,salary:2025-10:1.00", "incomes"},
      {"1,231010000,1986-04-12,female,applicant,,wages:2025-13:1.00", "incomes"},
      {"1,231010000,1986-04-12,female,applicant,,wages:2025-10:-5.00", "incomes"},
      {"1,231010000,1986-04-12,female,applicant,,wages:2025-10:1.005", "incomes"},
      {"1,231010000,1986-04-12,female,applicant,,wages:2025-10", "incomes"},
      {"1,231010000,1986-04-12,female,applicant,", "row"},
      {"0,751110000,1986-04-12,female,child,,", "territory"},  // differs from the family's first row
  };
  for (const auto& [row, field] : cases) {
    auto p = read(kHeader + good + row + "\n");
    ASSERT_FALSE(p.has_value()) << row;
    EXPECT_EQ(p.error().param("line"), "3") << row;
    EXPECT_EQ(p.error().param("field"), field) << row;
  }
}

TEST(Csv, FamilyRulesAreChecked) {
  // Rows of family 0 resumed after family 1.
  auto split = read(kHeader + "0,231010000,1986-04-12,female,applicant,,\n1,231010000,1980-01-01,male,applicant,,\n" +
                    "0,231010000,2020-01-01,male,child,,\n");
  ASSERT_FALSE(split.has_value());
  EXPECT_EQ(split.error().param("line"), "4");
  // Two applicants: reported at the family's first row.
  auto two = read(kHeader + "0,231010000,1986-04-12,female,applicant,,\n0,231010000,1980-01-01,male,applicant,,\n");
  ASSERT_FALSE(two.has_value());
  EXPECT_EQ(two.error().param("line"), "2");
  EXPECT_EQ(two.error().param("field"), "relation");
  // No header.
  auto headless = read("0,231010000,1986-04-12,female,applicant,,\n");
  ASSERT_FALSE(headless.has_value());
  EXPECT_EQ(headless.error().message_key, "batch.csv_header");
}

// --- conversion to and from rules::Family

nlohmann::json family_json(const rules::Family& f) {
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : f.members) {
    nlohmann::json statuses = nlohmann::json::array();
    for (const auto& s : m.statuses) statuses.push_back(s.id);
    nlohmann::json incomes = nlohmann::json::array();
    for (const auto& i : m.incomes)
      incomes.push_back({{"type", i.type}, {"month", i.month.iso()}, {"amount", i.amount.decimal()}});
    members.push_back({{"birth_date", m.birth_date.iso()},
                       {"sex", *m.sex == Sex::kFemale ? "female" : "male"},
                       {"relation", std::string(rules::relation_name(m.relation))},
                       {"statuses", statuses},
                       {"incomes", incomes}});
  }
  return {{"territory", f.territory.code()}, {"application_date", f.application_date.iso()}, {"members", members}};
}

TEST(ToFamily, EveryFamilyPassesTheFamilyReaderOfTheRules) {
  const Population p = make(20'000, 5);
  const Date application = Date::from_ymd(2026, 2, 10);
  for (std::size_t f = 0; f < p.family_count(); ++f) {
    const rules::Family family = to_family(p, f, application);
    auto read_back = rules::read_family_json(family_json(family).dump(), vocabulary(), "batch");
    ASSERT_TRUE(read_back.has_value()) << "family " << f << ": " << read_back.error().field << " "
                                       << render(read_back.error(), Lang::kEn);
  }
}

TEST(ToFamily, FamiliesConvertBackToTheSameColumns) {
  const Population p = make(10'000, 9);
  PopulationBuilder builder(p.dictionary(), p.as_of());
  for (std::size_t f = 0; f < p.family_count(); ++f) {
    auto ok = builder.add_family(to_family(p, f, Date::from_ymd(2026, 2, 10)));
    ASSERT_TRUE(ok.has_value()) << render(ok.error(), Lang::kEn);
  }
  EXPECT_TRUE(same_population(p, std::move(builder).finish()));
}

TEST(ToFamily, DatedStatusesAreKeptWhenTheyHoldOnTheAsOfDate) {
  rules::Family f;
  f.territory = *Kato::parse("231010000");
  rules::Member m;
  m.birth_date = Date::from_ymd(1980, 1, 1);
  m.sex = Sex::kMale;
  m.relation = rules::Relation::kApplicant;
  m.statuses = {{"disability_group_2", Date::from_ymd(2025, 1, 1), std::nullopt},
                {"registered_job_seeker", std::nullopt, Date::from_ymd(2025, 6, 30)}};
  f.members.push_back(m);
  PopulationBuilder builder(Dictionary::from(vocabulary()).value(), default_as_of());
  ASSERT_TRUE(builder.add_family(f).has_value());
  const Population p = std::move(builder).finish();
  const rules::Family back = to_family(p, 0, default_as_of());
  ASSERT_EQ(back.members[0].statuses.size(), 1u);
  EXPECT_EQ(back.members[0].statuses[0].id, "disability_group_2");

  f.members[0].statuses.push_back({"not_a_status", std::nullopt, std::nullopt});
  PopulationBuilder refusing(Dictionary::from(vocabulary()).value(), default_as_of());
  auto refused = refusing.add_family(f);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().message_key, "batch.family");
  EXPECT_EQ(refusing.person_count(), 0u);
}

TEST(Dictionary, RefusesWordsTheFormatsCannotCarry) {
  EXPECT_FALSE(Dictionary::make({"a|b"}, {}).has_value());
  EXPECT_FALSE(Dictionary::make({"a", "a"}, {}).has_value());
  EXPECT_FALSE(Dictionary::make({}, {"wages:x"}).has_value());
  std::vector<std::string> many;
  for (int i = 0; i < 65; ++i) many.push_back("s" + std::to_string(i));
  EXPECT_FALSE(Dictionary::make(many, {}).has_value());
  EXPECT_TRUE(Dictionary::from(vocabulary()).has_value());
}

}  // namespace
}  // namespace komek::batch
