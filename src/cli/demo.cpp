// `komek serve --demo`: a working demo district, created once — Koksu district on the
// synthetic registry, a user per role with credentials printed at start.
#include <ostream>

#include <nlohmann/json.hpp>

#include "api/auth.hpp"
#include "cli/registry_lookup.hpp"
#include "cli/wiring.hpp"
#include "core/messages.hpp"
#include "statistics/figures.hpp"

namespace komek::cli {

namespace {

// A few applications from the synthetic district after a spring flood, left at different
// steps so that the work queue has something to show.
int seed_demo_cases(Services& services, const std::vector<std::string>& files, std::ostream& out) {
  const Date today = services.service->clock().now_local().date;
  const work::Actor officer{"officer", "officer", "3348", "", "demo"};
  int made = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    nlohmann::json family = nlohmann::json::parse(files[i]);
    family["application_date"] = today.iso();
    family["facts"] = nlohmann::json::array({{{"type", i % 3 == 2 ? "fire" : "natural_disaster"},
                                              {"date", today.plus_days(-7).iso()}}});
    cases::Intake in;
    in.pack_id = "koksu-local";
    in.programmes = {i % 3 == 2 ? "fire_help" : "disaster_help"};
    in.family_json = family.dump();
    in.applicant_name = family["members"][0].value("name", "");
    auto submitted = services.service->submit(officer, {"demo-submit-" + std::to_string(i), "demo"}, in);
    if (!submitted) {
      out << "demo: case " << i << ": " << render(submitted.error(), Lang::kEn) << "\n";
      continue;
    }
    const std::string id = submitted->value.id;
    ++made;
    if (i >= 2) (void)services.service->accept(officer, {"demo-accept-" + std::to_string(i), "demo"}, id);
    if (i >= 4) (void)services.service->query_registry(officer, {"demo-registry-" + std::to_string(i), "demo"}, id);
  }
  out << "demo: " << made << " applications after a spring flood and a fire, at different steps\n";
  return 0;
}

// The regional figures the demo district needs to decide TSA on applications made today:
// the subsistence minimum and the median income of Zhetisu region (KATO 33) for the quarter
// before today's (FACTS §2, order No 473). Neither is published for a quarter (STATISTICS.md
// §1a, §3), so the demo enters stand-ins, each marked as a demo figure — in its source and
// by its flag — on every page that shows it or a result resting on it. The bureau's published
// months (August and September 2025) are shipped in rules/parameters/regional.yaml.
int seed_demo_figures(Services& services, std::ostream& out) {
  const Date today = services.service->clock().now_local().date;
  const Quarter reference = Quarter::of(today).previous();
  const std::string published = Quarter::of(today).first_day().iso();
  const std::string mark(statistics::kDemoMark);
  const statistics::FigureInput kFigures[] = {
      {"subsistence_minimum", "33", reference.iso(), "59725",
       mark + ": Zhetisu's latest published monthly subsistence minimum (September 2025, 59 725 ₸, Bureau of National "
              "Statistics via lada.kz 01.10.2025) stands in for " + reference.iso(),
       published, true},
      {"median_income", "33", reference.iso(), "63000",
       mark + ": no regional median income is published (STATISTICS.md §3); the National Bank's national median "
              "per-capita income of 2022 (about 63 000 ₸ a month, ulysmedia.kz 05.09.2023) stands in for " + reference.iso(),
       published, true},
  };
  const work::Actor system{"system:demo", "officer", "33", "", "demo"};
  for (const auto& f : kFigures) {
    auto done = services.statistics->enter(system, {"demo-figure-" + f.series + "-" + f.period, f.series}, f);
    if (!done) {
      out << "demo: figure " << f.series << " " << f.period << ": " << render(done.error(), Lang::kEn) << "\n";
      return 3;
    }
  }
  out << "demo: regional figures for Zhetisu " << reference.iso() << " entered as demo figures (none is published)\n";
  return 0;
}

}  // namespace

int run_demo_setup(Services& services, const ServicesConfig& config, std::ostream& out) {
  auto count = services.users->count_users();
  if (!count) {
    out << "demo: " << render(count.error(), Lang::kEn) << "\n";
    return 3;
  }
  struct DemoUser {
    const char* login;
    cases::Role role;
    const char* territory;
    const char* name;
    const char* iin;
  };
  // The families of the demo cases, from the same synthetic registry the server asks (its
  // seed, district and size from the configuration). The applicant account
  // is the first family's applicant, so that the portal shows their case and the application
  // form can be filled in from the registries.
  const Date today = services.service->clock().now_local().date;
  auto files = synthetic_family_files(config.registry_seed, config.registry_district, config.registry_families, 6, today,
                                      *services.rules);
  if (!files || files->empty()) {
    out << "demo: " << (files ? std::string("the registry has no families") : render(files.error(), Lang::kEn)) << "\n";
    return 3;
  }
  const nlohmann::json first_applicant = nlohmann::json::parse(files->front())["members"][0];
  const std::string applicant_iin = first_applicant.value("iin", "");
  const std::string applicant_name = first_applicant.value("name", "Айгүл Сейітқызы") + " (applicant)";
  // Koksu district is KATO 3348…; the third party has an IIN of its own.
  const DemoUser kUsers[] = {
      {"officer", cases::Role::kOfficer, "3348", "Әлия Нұрланқызы (officer)", ""},
      {"consultant", cases::Role::kConsultant, "3348", "Ерлан Серікұлы (centre consultant)", ""},
      {"akim", cases::Role::kAkimOfficer, "3348", "Гүлнар Маратқызы (akim's office)", ""},
      {"commission", cases::Role::kCommissionMember, "3348", "Бақыт Жанұлы (commission)", ""},
      {"operator", cases::Role::kStateCorporationOperator, "3348", "Дина Асқарқызы (State Corporation)", ""},
      {"auditor", cases::Role::kAuditor, "3348", "Марат Төлегенұлы (auditor)", ""},
      {"applicant", cases::Role::kApplicant, "", applicant_name.c_str(), applicant_iin.c_str()},
      {"thirdparty", cases::Role::kThirdParty, "", "Bank branch (third party)", "871008401427"},
  };
  if (*count > 0) {
    out << "demo: the database already has users; the demo accounts were created on its first start.\n";
    return 0;
  }
  out << "demo: Koksu district (koksu-local pack), synthetic registry; accounts (printed once, keep them):\n";
  for (const auto& u : kUsers) {
    // Random passwords: a fresh install has no default accounts (RELIABILITY S5).
    const std::string password = api::random_token().substr(0, 20);
    auto hash = api::hash_password(password);
    if (!hash) return 3;
    cases::User user;
    user.login = u.login;
    user.password_hash = *hash;
    user.role = u.role;
    user.territory = u.territory;
    user.full_name = u.name;
    user.iin = u.iin;
    if (auto ok = cases::check_account(user, false); !ok) {
      out << "demo: " << render(ok.error(), Lang::kEn) << "\n";
      return 3;
    }
    if (auto ok = services.users->put_user(user, cases::account_audit(user, "system:demo", "user.saved", "demo account"));
        !ok) {
      out << "demo: " << render(ok.error(), Lang::kEn) << "\n";
      return 3;
    }
    out << "  " << u.login << " / " << password << "   " << cases::role_name(u.role) << "\n";
  }
  if (const int failed = seed_demo_figures(services, out); failed != 0) return failed;
  return seed_demo_cases(services, *files, out);
}

}  // namespace komek::cli
