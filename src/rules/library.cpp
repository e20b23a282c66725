#include "rules/library.hpp"

#include "core/messages.hpp"

#include <algorithm>

#include "rules/messages.hpp"

namespace komek::rules {

Result<std::unique_ptr<Library>> Library::load(const std::filesystem::path& rules_dir) {
  std::unique_ptr<Library> lib(new Library());
  // The messages the rules explain themselves in come with the rules they explain.
  KOMEK_CHECK(load_messages(rules_dir / "messages"));
  KOMEK_TRY(vocabulary, Vocabulary::load(rules_dir / "vocabulary.yaml"));
  lib->vocabulary_ = std::move(vocabulary);
  KOMEK_TRY(parameters, ParameterSet::load_dir(rules_dir / "parameters"));
  lib->parameters_ = std::move(parameters);
  KOMEK_TRY(income, load_income_rules(rules_dir / "income", lib->vocabulary_));
  lib->income_rules_ = std::move(income);
  KOMEK_TRY(calendar, WorkingCalendar::load(rules_dir / "calendar" / "kz.yaml"));
  lib->calendar_ = std::move(calendar);
  // Before the packs: their period overrides are read against it.
  KOMEK_TRY(procedure, Procedure::load(rules_dir / "procedure" / "kz.yaml"));
  lib->procedure_ = std::move(procedure);
  // The ceilings are optional data: without the file the documented defaults hold.
  std::error_code limits_ec;
  if (std::filesystem::exists(rules_dir / "limits.yaml", limits_ec)) {
    KOMEK_TRY(ceilings, MoneyCeilings::load(rules_dir / "limits.yaml"));
    lib->money_ceilings_ = ceilings;
  }

  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(rules_dir / "packs", ec))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
  if (ec) return invalid("file.cannot_open", {{"file", (rules_dir / "packs").string()}});
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    KOMEK_TRY(pack, load_pack(file, lib->environment()));
    const std::string id = pack.id;
    if (lib->packs_.count(id))
      return invalid("data.invalid", {{"file", file.string()}, {"line", "1"}, {"what", "pack id '" + id + "' is used by two files"}});
    lib->packs_.emplace(id, std::move(pack));
  }
  return lib;
}

Result<const Pack*> Library::pack(std::string_view id_or_path) {
  if (auto it = packs_.find(id_or_path); it != packs_.end()) return &it->second;
  if (auto it = loaded_files_.find(id_or_path); it != loaded_files_.end()) return &it->second;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(std::filesystem::path(id_or_path), ec))
    return fail(ErrorCode::kNotFound, "rules.unknown_pack", {{"pack", std::string(id_or_path.substr(0, 200))}});
  KOMEK_TRY(pack, load_pack(std::filesystem::path(id_or_path), environment()));
  auto [it, _] = loaded_files_.emplace(std::string(id_or_path), std::move(pack));
  return &it->second;
}

}  // namespace komek::rules
