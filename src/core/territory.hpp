// Territory codes of the classifier of administrative-territorial objects (KATO, ҚАТО):
// 9 digits AB CD EF GHI — AB the region (облыс) or city of republican significance,
// CD the district (аудан) or city of regional significance, EF the rural district (ауылдық
// округ) or town of district significance, GHI the settlement (елді мекен).
//
//   Kato koksu = *Kato::parse("334800000");
//   koksu.region().code()   // "330000000": Zhetysu region
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lang.hpp"
#include "core/result.hpp"

namespace komek {

enum class TerritoryLevel { kRegion, kDistrict, kRuralDistrict, kSettlement };
std::string_view territory_level_name(TerritoryLevel level);

class Kato {
 public:
  // The default is the whole country ("000000000"), never a real territory of a family.
  Kato() = default;
  // Errors: "kato.format" (not 9 digits), "kato.unknown_region".
  static Result<Kato> parse(std::string_view text);

  [[nodiscard]] std::string code() const;
  [[nodiscard]] std::uint32_t value() const { return value_; }
  [[nodiscard]] int region_number() const { return static_cast<int>(value_ / 10'000'000); }
  [[nodiscard]] TerritoryLevel level() const;
  [[nodiscard]] Kato region() const { return Kato(value_ / 10'000'000 * 10'000'000); }
  // The district (or city of regional significance); the region itself for a region code.
  [[nodiscard]] Kato district() const { return Kato(value_ / 100'000 * 100'000); }
  // Whether `other` is this territory or lies inside it.
  [[nodiscard]] bool contains(Kato other) const;

  friend auto operator<=>(const Kato&, const Kato&) = default;

 private:
  explicit Kato(std::uint32_t v) : value_(v) {}
  std::uint32_t value_ = 0;
};

// The first-level units of Kazakhstan with their KATO region numbers.
struct RegionInfo {
  int number;  // the first two digits of KATO
  std::string_view name_kk;
  std::string_view name_ru;
  std::string_view name_en;
  [[nodiscard]] std::string_view name(Lang lang) const {
    return lang == Lang::kKk ? name_kk : lang == Lang::kRu ? name_ru : name_en;
  }
};

const std::vector<RegionInfo>& regions();
const RegionInfo* find_region(int number);

}  // namespace komek
