// The lists of special social services (seed 003) as data: the groups of persons served,
// the types of service, the forms of delivery and the reasons a plan closes, each with its
// names in kk/ru/en and the clause it comes from. Loaded from rules/social-services.yaml.
//
//   auto catalogue = Catalogue::load(rules_dir / "social-services.yaml");
//   catalogue->find_type("social_medical")->clause   // "003 types 1)"
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lang.hpp"
#include "core/result.hpp"

namespace komek::social {

struct CatalogueEntry {
  std::string code;      // stable identifier, stored in the database
  std::string kk, ru, en;
  std::string clause;    // where it comes from, e.g. "003 types 1)"
  std::optional<int> min_age_years;  // categories only: an age the person must have reached
  [[nodiscard]] const std::string& name(Lang lang) const { return lang == Lang::kKk ? kk : lang == Lang::kRu ? ru : en; }
};

class Catalogue {
 public:
  // Errors name the file and line ("data.invalid"); an empty list is refused.
  static Result<Catalogue> load(const std::filesystem::path& file);
  static Result<Catalogue> parse(std::string_view text, std::string_view origin);

  [[nodiscard]] const std::vector<CatalogueEntry>& categories() const { return categories_; }
  [[nodiscard]] const std::vector<CatalogueEntry>& service_types() const { return types_; }
  [[nodiscard]] const std::vector<CatalogueEntry>& forms() const { return forms_; }
  [[nodiscard]] const std::vector<CatalogueEntry>& closing_reasons() const { return reasons_; }

  [[nodiscard]] const CatalogueEntry* find_category(std::string_view code) const { return find(categories_, code); }
  [[nodiscard]] const CatalogueEntry* find_type(std::string_view code) const { return find(types_, code); }
  [[nodiscard]] const CatalogueEntry* find_form(std::string_view code) const { return find(forms_, code); }
  [[nodiscard]] const CatalogueEntry* find_reason(std::string_view code) const { return find(reasons_, code); }

 private:
  static const CatalogueEntry* find(const std::vector<CatalogueEntry>& list, std::string_view code) {
    for (const auto& e : list)
      if (e.code == code) return &e;
    return nullptr;
  }
  std::vector<CatalogueEntry> categories_, types_, forms_, reasons_;
};

}  // namespace komek::social
