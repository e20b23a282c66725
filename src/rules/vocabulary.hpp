// The controlled vocabularies that families and rule packs are written in: relations,
// statuses of persons (from the registries), income types, facts about a case, property
// types. Loaded from rules/vocabulary.yaml so that a new status or income type is a data
// change; a pack or a family that names a word outside the vocabulary is refused.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/lang.hpp"
#include "core/result.hpp"

namespace komek::rules {

struct Term {
  std::string id;
  std::string name_kk, name_ru, name_en;
  std::string description;  // English, for docs/ and reviewers
  std::string source;       // where the term comes from (registry query, clause)
  [[nodiscard]] const std::string& name(Lang lang) const {
    return lang == Lang::kKk ? name_kk : lang == Lang::kRu ? name_ru : name_en;
  }
};

class Vocabulary {
 public:
  static Result<Vocabulary> load(const std::filesystem::path& file);
  static Result<Vocabulary> parse(std::string_view yaml_text, std::string_view origin);

  [[nodiscard]] const Term* status(std::string_view id) const { return find(statuses_, id); }
  [[nodiscard]] const Term* income_type(std::string_view id) const { return find(income_types_, id); }
  [[nodiscard]] const Term* fact(std::string_view id) const { return find(facts_, id); }
  [[nodiscard]] const Term* property_type(std::string_view id) const { return find(property_types_, id); }
  [[nodiscard]] const Term* relation(std::string_view id) const { return find(relations_, id); }
  // Employment and social-adaptation measures of a social contract's plan (002 Appendix 9).
  [[nodiscard]] const Term* measure(std::string_view id) const { return find(measures_, id); }
  [[nodiscard]] const std::vector<Term>& measures() const { return measures_; }

  [[nodiscard]] const std::vector<Term>& statuses() const { return statuses_; }
  [[nodiscard]] const std::vector<Term>& income_types() const { return income_types_; }
  [[nodiscard]] const std::vector<Term>& facts() const { return facts_; }
  [[nodiscard]] const std::vector<Term>& property_types() const { return property_types_; }
  [[nodiscard]] const std::vector<Term>& relations() const { return relations_; }

 private:
  static const Term* find(const std::vector<Term>& terms, std::string_view id);
  std::vector<Term> statuses_, income_types_, facts_, property_types_, relations_, measures_;
};

}  // namespace komek::rules
