#include "core/territory.hpp"

#include <cstdio>

namespace komek {

std::string_view territory_level_name(TerritoryLevel level) {
  switch (level) {
    case TerritoryLevel::kRegion: return "region";
    case TerritoryLevel::kDistrict: return "district";
    case TerritoryLevel::kRuralDistrict: return "rural_district";
    case TerritoryLevel::kSettlement: return "settlement";
  }
  return "?";
}

const std::vector<RegionInfo>& regions() {
  // KATO region numbers as in the classifier after the 2022 creation of the Abai, Zhetysu
  // and Ulytau regions. [P]: checked against published KATO extracts, not the full register.
  static const std::vector<RegionInfo> kRegions = {
      {10, "Абай облысы", "область Абай", "Abai Region"},
      {11, "Ақмола облысы", "Акмолинская область", "Akmola Region"},
      {15, "Ақтөбе облысы", "Актюбинская область", "Aktobe Region"},
      {19, "Алматы облысы", "Алматинская область", "Almaty Region"},
      {23, "Атырау облысы", "Атырауская область", "Atyrau Region"},
      {27, "Батыс Қазақстан облысы", "Западно-Казахстанская область", "West Kazakhstan Region"},
      {31, "Жамбыл облысы", "Жамбылская область", "Jambyl Region"},
      {33, "Жетісу облысы", "область Жетісу", "Zhetysu Region"},
      {35, "Қарағанды облысы", "Карагандинская область", "Karaganda Region"},
      {39, "Қостанай облысы", "Костанайская область", "Kostanay Region"},
      {43, "Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"},
      {47, "Маңғыстау облысы", "Мангистауская область", "Mangystau Region"},
      {55, "Павлодар облысы", "Павлодарская область", "Pavlodar Region"},
      {59, "Солтүстік Қазақстан облысы", "Северо-Казахстанская область", "North Kazakhstan Region"},
      {61, "Түркістан облысы", "Туркестанская область", "Turkistan Region"},
      {62, "Ұлытау облысы", "область Ұлытау", "Ulytau Region"},
      {63, "Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "East Kazakhstan Region"},
      {71, "Астана қаласы", "город Астана", "Astana"},
      {75, "Алматы қаласы", "город Алматы", "Almaty"},
      {79, "Шымкент қаласы", "город Шымкент", "Shymkent"},
  };
  return kRegions;
}

const RegionInfo* find_region(int number) {
  for (const auto& r : regions())
    if (r.number == number) return &r;
  return nullptr;
}

Result<Kato> Kato::parse(std::string_view text) {
  if (text.size() != 9) return invalid("kato.format", {{"value", std::string(text.substr(0, 40))}});
  std::uint32_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return invalid("kato.format", {{"value", std::string(text.substr(0, 40))}});
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
  }
  const Kato kato(v);
  if (find_region(kato.region_number()) == nullptr)
    return invalid("kato.unknown_region", {{"value", std::string(text)},
                                           {"region", std::string(text.substr(0, 2))}});
  return kato;
}

std::string Kato::code() const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%09u", value_);
  return buf;
}

TerritoryLevel Kato::level() const {
  if (value_ % 10'000'000 == 0) return TerritoryLevel::kRegion;
  if (value_ % 100'000 == 0) return TerritoryLevel::kDistrict;
  if (value_ % 1'000 == 0) return TerritoryLevel::kRuralDistrict;
  return TerritoryLevel::kSettlement;
}

bool Kato::contains(Kato other) const {
  switch (level()) {
    case TerritoryLevel::kRegion: return other.value_ / 10'000'000 == value_ / 10'000'000;
    case TerritoryLevel::kDistrict: return other.value_ / 100'000 == value_ / 100'000;
    case TerritoryLevel::kRuralDistrict: return other.value_ / 1'000 == value_ / 1'000;
    case TerritoryLevel::kSettlement: return other.value_ == value_;
  }
  return false;
}

Result<Scope> Scope::parse(std::string_view text) {
  if (text.empty()) return invalid("scope.empty");
  if (text == "national") return national();
  const bool digits = text.find_first_not_of("0123456789") == std::string_view::npos;
  // A stored prefix names a region (2 digits), a district (4), a rural district (6) or a
  // settlement (9): padded with zeros it is that unit's KATO code.
  if (!digits || (text.size() != 2 && text.size() != 4 && text.size() != 6 && text.size() != 9))
    return invalid("scope.format", {{"value", std::string(text.substr(0, 40))}});
  std::string code(text);
  code.resize(9, '0');
  KOMEK_TRY(kato, Kato::parse(code));
  // "3300" or "330000000" is the region itself, however it was written.
  const Breadth breadth = kato.level() == TerritoryLevel::kRegion ? Breadth::kRegion : Breadth::kTerritory;
  return Scope(breadth, kato);
}

bool Scope::contains(const Kato& territory) const {
  return breadth_ == Breadth::kNational || territory_.contains(territory);
}

bool Scope::contains(const Scope& other) const {
  if (breadth_ == Breadth::kNational) return true;
  if (other.breadth_ == Breadth::kNational) return false;
  return territory_.contains(other.territory_);
}

std::string Scope::prefix() const {
  if (breadth_ == Breadth::kNational) return "";
  const std::string code = territory_.code();
  switch (territory_.level()) {
    case TerritoryLevel::kRegion: return code.substr(0, 2);
    case TerritoryLevel::kDistrict: return code.substr(0, 4);
    case TerritoryLevel::kRuralDistrict: return code.substr(0, 6);
    case TerritoryLevel::kSettlement: return code;
  }
  return code;
}

std::string Scope::stored() const { return breadth_ == Breadth::kNational ? "national" : prefix(); }

}  // namespace komek
