#include "reports/social_report.hpp"

#include <string>

namespace komek::reports {

using social::Catalogue;
using social::CatalogueEntry;

Table social_report_table(const Catalogue& catalogue, const social::Report& report, Lang lang) {
  Table t;
  t.columns = {"section", "category", "category_name", "form", "form_name", "service_type", "service_type_name",
               "persons", "planned", "delivered", "refused"};
  auto name_of = [&](const CatalogueEntry* e, const std::string& code) { return e == nullptr ? code : e->name(lang); };
  auto row = [&](const std::string& section, const std::string& category, const std::string& form, const std::string& type,
                 std::int64_t persons, const std::string& planned, const std::string& delivered, const std::string& refused) {
    t.rows.push_back({section, category, category.empty() ? "" : name_of(catalogue.find_category(category), category),
                      form, form.empty() ? "" : name_of(catalogue.find_form(form), form), type,
                      type.empty() ? "" : name_of(catalogue.find_type(type), type), std::to_string(persons), planned,
                      delivered, refused});
  };
  row("persons_total", "", "", "", report.persons_total, "", "", "");
  for (const auto& c : catalogue.categories()) {
    const auto it = report.persons_by_category.find(c.code);
    row("persons_by_category", c.code, "", "", it == report.persons_by_category.end() ? 0 : it->second, "", "", "");
    for (const auto& f : catalogue.forms()) {
      const auto both = report.persons_by_category_and_form.find({c.code, f.code});
      if (both != report.persons_by_category_and_form.end())
        row("persons_by_category_and_form", c.code, f.code, "", both->second, "", "", "");
    }
  }
  for (const auto& f : catalogue.forms()) {
    const auto it = report.persons_by_form.find(f.code);
    row("persons_by_form", "", f.code, "", it == report.persons_by_form.end() ? 0 : it->second, "", "", "");
  }
  for (const auto& line : report.types)
    row("services_by_type", "", "", line.type, line.persons, std::to_string(line.planned), std::to_string(line.delivered),
        std::to_string(line.refused));
  return t;
}

}  // namespace komek::reports
