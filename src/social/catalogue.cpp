#include "social/catalogue.hpp"

#include <set>

#include "core/yaml_util.hpp"

namespace komek::social {
namespace {

constexpr std::size_t kCatalogueBytesMax = 1024 * 1024;

Result<std::vector<CatalogueEntry>> read_list(std::string_view origin, const YAML::Node& root, const char* key,
                                              bool ages_allowed) {
  const YAML::Node list = root[key];
  if (!list || !list.IsSequence() || list.size() == 0)
    return yaml::data_error(origin, root, std::string("'") + key + "' must be a non-empty list");
  std::vector<CatalogueEntry> out;
  std::set<std::string> seen;
  for (const auto& item : list) {
    std::vector<std::string_view> allowed = {"code", "kk", "ru", "en", "clause"};
    if (ages_allowed) allowed.push_back("min_age_years");
    KOMEK_CHECK(yaml::expect_map(origin, item, key, allowed));
    CatalogueEntry e;
    for (auto [field, target] : {std::pair{"code", &e.code}, std::pair{"kk", &e.kk}, std::pair{"ru", &e.ru},
                                 std::pair{"en", &e.en}, std::pair{"clause", &e.clause}}) {
      KOMEK_TRY(text, yaml::string_at(origin, item, field, key));
      *target = text;
    }
    if (!seen.insert(e.code).second) return yaml::data_error(origin, item, "code '" + e.code + "' appears twice");
    if (item["min_age_years"]) {
      KOMEK_TRY(age, yaml::int_of(origin, item["min_age_years"], "min_age_years"));
      if (age < 0 || age > 150) return yaml::data_error(origin, item, "min_age_years must be 0..150");
      e.min_age_years = age;
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

Result<Catalogue> Catalogue::parse(std::string_view text, std::string_view origin) {
  KOMEK_TRY(root, yaml::load(text, origin));
  KOMEK_CHECK(yaml::expect_map(origin, root, "catalogue", {"categories", "service_types", "forms", "closing_reasons"}));
  Catalogue c;
  KOMEK_TRY(categories, read_list(origin, root, "categories", true));
  KOMEK_TRY(types, read_list(origin, root, "service_types", false));
  KOMEK_TRY(forms, read_list(origin, root, "forms", false));
  KOMEK_TRY(reasons, read_list(origin, root, "closing_reasons", false));
  c.categories_ = std::move(categories);
  c.types_ = std::move(types);
  c.forms_ = std::move(forms);
  c.reasons_ = std::move(reasons);
  return c;
}

Result<Catalogue> Catalogue::load(const std::filesystem::path& file) {
  KOMEK_TRY(text, yaml::read_file(file.string(), kCatalogueBytesMax));
  return parse(text, file.filename().string());
}

}  // namespace komek::social
