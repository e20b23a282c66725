#include "core/territory.hpp"

#include <set>

#include <gtest/gtest.h>

namespace komek {
namespace {

TEST(Kato, ParsesAndFindsItsParents) {
  const Kato aktobe = Kato::parse("151010000").value();
  EXPECT_EQ(aktobe.code(), "151010000");
  EXPECT_EQ(aktobe.region().code(), "150000000");
  EXPECT_EQ(aktobe.district().code(), "151000000");
  EXPECT_EQ(aktobe.region_number(), 15);
  EXPECT_EQ(find_region(15)->name(Lang::kEn), "Aktobe Region");
  EXPECT_EQ(find_region(15)->name(Lang::kKk), "Ақтөбе облысы");
  EXPECT_EQ(aktobe.region().level(), TerritoryLevel::kRegion);
  EXPECT_EQ(aktobe.district().level(), TerritoryLevel::kDistrict);
  EXPECT_EQ(Kato::parse("151010001")->level(), TerritoryLevel::kSettlement);
  EXPECT_TRUE(aktobe.region().contains(aktobe));
  EXPECT_TRUE(aktobe.district().contains(aktobe));
  EXPECT_FALSE(aktobe.contains(aktobe.region()));
  EXPECT_FALSE(Kato::parse("230000000")->contains(aktobe));
}

TEST(Kato, RefusesMalformedCodes) {
  EXPECT_EQ(Kato::parse("15101000").error().message_key, "kato.format");
  EXPECT_EQ(Kato::parse("1510100000").error().message_key, "kato.format");
  EXPECT_EQ(Kato::parse("15101000x").error().message_key, "kato.format");
  EXPECT_EQ(Kato::parse("991010000").error().message_key, "kato.unknown_region");
}

TEST(Kato, RegionTableIsComplete) {
  // 17 regions and 3 cities of republican significance.
  EXPECT_EQ(regions().size(), 20u);
  std::set<int> numbers;
  for (const auto& r : regions()) {
    EXPECT_TRUE(numbers.insert(r.number).second) << r.number;
    EXPECT_FALSE(r.name_kk.empty());
    EXPECT_FALSE(r.name_ru.empty());
    EXPECT_FALSE(r.name_en.empty());
  }
}

}  // namespace
}  // namespace komek
