#include "rules/vocabulary.hpp"

#include <set>

#include "core/yaml_util.hpp"

namespace komek::rules {

const Term* Vocabulary::find(const std::vector<Term>& terms, std::string_view id) {
  for (const auto& t : terms)
    if (t.id == id) return &t;
  return nullptr;
}

Result<Vocabulary> Vocabulary::load(const std::filesystem::path& file) {
  KOMEK_TRY(text, yaml::read_file(file.string(), 4 * 1024 * 1024));
  return parse(text, file.string());
}

Result<Vocabulary> Vocabulary::parse(std::string_view yaml_text, std::string_view origin) {
  KOMEK_TRY(root, yaml::load(yaml_text, origin));
  static const std::vector<std::string_view> kSections = {"relations", "statuses", "income_types",
                                                          "facts", "property_types", "measures"};
  KOMEK_CHECK(yaml::expect_map(origin, root, "the vocabulary", kSections));
  Vocabulary v;
  auto read_section = [&](const char* name, std::vector<Term>& out) -> Result<void> {
    const YAML::Node list = (root)[name];
    if (!list || !list.IsSequence()) return yaml::data_error(origin, root, std::string("'") + name + "' list is required");
    std::set<std::string> seen;
    for (const auto& item : list) {
      if (auto ok = yaml::expect_map(origin, item, std::string("an entry of ") + name,
                                     {"id", "names", "description", "source"});
          !ok)
        return ok;
      Term t;
      auto id = yaml::string_at(origin, item, "id", name);
      if (!id) return tl::unexpected(id.error());
      t.id = *id;
      if (!seen.insert(t.id).second) return yaml::data_error(origin, item, "'" + t.id + "' is listed twice in " + name);
      const YAML::Node names = item["names"];
      if (!names || !names.IsMap() || !names["kk"] || !names["ru"] || !names["en"])
        return yaml::data_error(origin, item, "'" + t.id + "' needs names in kk, ru and en");
      t.name_kk = names["kk"].Scalar();
      t.name_ru = names["ru"].Scalar();
      t.name_en = names["en"].Scalar();
      if (item["description"]) t.description = item["description"].Scalar();
      if (item["source"]) t.source = item["source"].Scalar();
      out.push_back(std::move(t));
    }
    return {};
  };
  for (auto [name, target] : {std::pair{"relations", &v.relations_}, std::pair{"statuses", &v.statuses_},
                              std::pair{"income_types", &v.income_types_}, std::pair{"facts", &v.facts_},
                              std::pair{"property_types", &v.property_types_}, std::pair{"measures", &v.measures_}}) {
    KOMEK_CHECK(read_section(name, *target));
  }
  return v;
}

}  // namespace komek::rules
