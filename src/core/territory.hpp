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

// Where an account may act: one territory of KATO (a district, or a smaller unit) and all
// inside it, or — granted explicitly, never by leaving a field empty — a whole region or the
// whole country (issue 13 finding 3). Every "may this account see that record" question asks
// a Scope, and every list a store runs is bounded by its prefix().
//
//   Scope koksu = *Scope::parse("334800000");   // also the stored form "3348"
//   koksu.contains(*Kato::parse("334830100"))   // true
//   koksu.prefix()                              // "3348": the KATO digits its records start with
//   Scope::national().prefix()                  // "" — only as an explicit grant
class Scope {
 public:
  enum class Breadth { kTerritory, kRegion, kNational };

  // A 9-digit KATO code, its stored prefix form (2, 4, 6 or 9 digits, e.g. "3348"), or
  // "national". Errors: "scope.empty", "scope.format", "kato.unknown_region". A region code
  // ("330000000" or "33") gives Breadth::kRegion.
  static Result<Scope> parse(std::string_view text);
  static Scope national() { return Scope(Breadth::kNational, Kato()); }

  [[nodiscard]] Breadth breadth() const { return breadth_; }
  // A region or the whole country: granted only explicitly, and audited.
  [[nodiscard]] bool wide() const { return breadth_ != Breadth::kTerritory; }
  [[nodiscard]] bool contains(const Kato& territory) const;
  // Whether a whole other scope lies inside this one (a narrower filter a user may ask for).
  [[nodiscard]] bool contains(const Scope& other) const;
  // The KATO digits every record of the scope starts with; "" for the whole country.
  [[nodiscard]] std::string prefix() const;
  // The stored form: prefix(), or "national".
  [[nodiscard]] std::string stored() const;
  [[nodiscard]] const Kato& territory() const { return territory_; }

  friend bool operator==(const Scope&, const Scope&) = default;

 private:
  Scope(Breadth b, Kato k) : breadth_(b), territory_(k) {}
  Breadth breadth_;
  Kato territory_;
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
