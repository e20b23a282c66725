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
    if (auto ok = yaml::expect_map(origin, item, key, allowed); !ok) return tl::unexpected(ok.error());
    CatalogueEntry e;
    for (auto [field, target] : {std::pair{"code", &e.code}, std::pair{"kk", &e.kk}, std::pair{"ru", &e.ru},
                                 std::pair{"en", &e.en}, std::pair{"clause", &e.clause}}) {
      auto text = yaml::string_at(origin, item, field, key);
      if (!text) return tl::unexpected(text.error());
      *target = *text;
    }
    if (!seen.insert(e.code).second) return yaml::data_error(origin, item, "code '" + e.code + "' appears twice");
    if (item["min_age_years"]) {
      auto age = yaml::int_of(origin, item["min_age_years"], "min_age_years");
      if (!age) return tl::unexpected(age.error());
      if (*age < 0 || *age > 150) return yaml::data_error(origin, item, "min_age_years must be 0..150");
      e.min_age_years = *age;
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

Result<Catalogue> Catalogue::parse(std::string_view text, std::string_view origin) {
  auto root = yaml::load(text, origin);
  if (!root) return tl::unexpected(root.error());
  if (auto ok = yaml::expect_map(origin, *root, "catalogue", {"categories", "service_types", "forms", "closing_reasons"}); !ok)
    return tl::unexpected(ok.error());
  Catalogue c;
  auto categories = read_list(origin, *root, "categories", true);
  if (!categories) return tl::unexpected(categories.error());
  auto types = read_list(origin, *root, "service_types", false);
  if (!types) return tl::unexpected(types.error());
  auto forms = read_list(origin, *root, "forms", false);
  if (!forms) return tl::unexpected(forms.error());
  auto reasons = read_list(origin, *root, "closing_reasons", false);
  if (!reasons) return tl::unexpected(reasons.error());
  c.categories_ = std::move(*categories);
  c.types_ = std::move(*types);
  c.forms_ = std::move(*forms);
  c.reasons_ = std::move(*reasons);
  return c;
}

Result<Catalogue> Catalogue::load(const std::filesystem::path& file) {
  auto text = yaml::read_file(file.string(), kCatalogueBytesMax);
  if (!text) return tl::unexpected(text.error());
  return parse(*text, file.filename().string());
}

}  // namespace komek::social
