// komek iin check IIN
#include <iostream>

#include "cli/cli.hpp"
#include "core/iin.hpp"
#include "core/messages.hpp"

namespace komek::cli {

void add_iin_commands(CLI::App& app, GlobalOptions& options, int& exit_code) {
  CLI::App* iin = app.add_subcommand("iin", "Individual identification numbers (ЖСН)");
  iin->require_subcommand(1);
  CLI::App* check = iin->add_subcommand("check", "Check an IIN: length, digits and check digit; decode hints");
  auto text = std::make_shared<std::string>();
  check->add_option("IIN", *text, "The 12-digit IIN")->required();
  check->callback([&options, &exit_code, text] {
    const auto iin_or_error = Iin::parse(*text);
    if (options.json) {
      nlohmann::json out;
      out["valid"] = iin_or_error.has_value();
      if (iin_or_error) {
        const auto birth = iin_or_error->birth_date_hint();
        const auto sex = iin_or_error->sex_hint();
        out["birth_date"] = birth ? nlohmann::json(birth->iso()) : nlohmann::json(nullptr);
        out["sex"] = sex ? nlohmann::json(std::string(sex_name(*sex))) : nlohmann::json(nullptr);
        const auto century = iin_or_error->century_hint();
        out["century"] = century ? nlohmann::json(*century) : nlohmann::json(nullptr);
        out["error"] = nullptr;
        out["message"] = nullptr;
      } else {
        out["birth_date"] = nullptr;
        out["sex"] = nullptr;
        out["century"] = nullptr;
        out["error"] = iin_or_error.error().message_key;
        out["message"] = render(iin_or_error.error(), options.language());
      }
      print_json(out);
    } else if (iin_or_error) {
      const auto birth = iin_or_error->birth_date_hint();
      const auto sex = iin_or_error->sex_hint();
      std::cout << "valid";
      if (birth || sex) {
        std::cout << " (hints: ";
        if (birth) std::cout << "born " << birth->iso();
        if (birth && sex) std::cout << ", ";
        if (sex) std::cout << sex_name(*sex);
        std::cout << ")";
      }
      std::cout << "\n";
    } else {
      std::cout << "invalid: " << render(iin_or_error.error(), options.language()) << "\n";
    }
    exit_code = iin_or_error ? kExitOk : kExitNegative;
  });
}

}  // namespace komek::cli
