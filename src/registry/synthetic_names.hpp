// The words a synthetic population is written in: Kazakh and Russian names, streets,
// employers and positions, banks, schools and colleges, car models. Persons store indices
// into these tables, so that a population of tens of thousands stays a few megabytes and
// its texts are made only when a query asks for them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/iin.hpp"
#include "registry/records.hpp"

namespace komek::registry::names {

// A given name with the patronymics it makes for a son and a daughter.
struct GivenName {
  std::string_view name;
  std::string_view son;       // "Нұрланұлы" / "Сергеевич"
  std::string_view daughter;  // "Нұрланқызы" / "Сергеевна"
};

// Kazakh or Russian naming (the two largest groups; the tables of each include names common
// among other peoples of Kazakhstan who name their children the same way).
enum class Naming : std::uint8_t { kKazakh, kRussian };

std::span<const std::string_view> surnames(Naming naming);  // masculine forms
std::span<const GivenName> given_names(Naming naming, Sex sex);
// The feminine form of a masculine surname: Ахметов → Ахметова, Соколовский → Соколовская;
// surnames without gender (Ким, Шевченко) are returned unchanged.
std::string surname_for(std::string_view masculine, Sex sex);

std::span<const std::string_view> streets();  // "Абай даңғылы", "Жамбыл көшесі", …

struct Employer {
  std::string_view name;
  bool public_sector;
};
std::span<const Employer> employers();

// A position with the qualification that leads to it and the education it takes.
struct Position {
  std::string_view title;
  std::string_view qualification;
  EducationLevel level;
};
std::span<const Position> positions();

std::span<const std::string_view> business_activities();

// Banks by their three-digit code in Kazakh IBANs and BIC ([P]: codes and BICs as published by
// the banks; the synthetic registry only needs them to look like the real ones).
struct Bank {
  std::string_view code;
  std::string_view bic;
  std::string_view name;
  int weight;  // share of accounts, per mille
};
std::span<const Bank> banks();

struct Institution {
  std::string_view name;
  std::string_view kato;  // where it is: a region's centre
  EducationLevel level;
};
std::span<const Institution> institutions();  // colleges and universities

struct CarModel {
  std::string_view name;
  int year_min;
  int year_max;
};
std::span<const CarModel> car_models();

// The two-digit region code on Kazakh number plates for a KATO region number (01 Astana,
// 02 Almaty, 04 Aktobe, …); "00" for an unknown region.
std::string_view plate_region(int kato_region);

}  // namespace komek::registry::names
