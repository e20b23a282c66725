#include "rules/library.hpp"

#include <algorithm>

#include "rules/messages.hpp"

namespace komek::rules {

Result<std::unique_ptr<Library>> Library::load(const std::filesystem::path& rules_dir) {
  ensure_rules_messages();
  std::unique_ptr<Library> lib(new Library());
  auto vocabulary = Vocabulary::load(rules_dir / "vocabulary.yaml");
  if (!vocabulary) return tl::unexpected(vocabulary.error());
  lib->vocabulary_ = std::move(*vocabulary);
  auto parameters = ParameterSet::load_dir(rules_dir / "parameters");
  if (!parameters) return tl::unexpected(parameters.error());
  lib->parameters_ = std::move(*parameters);
  auto income = load_income_rules(rules_dir / "income", lib->vocabulary_);
  if (!income) return tl::unexpected(income.error());
  lib->income_rules_ = std::move(*income);
  auto calendar = WorkingCalendar::load(rules_dir / "calendar" / "kz.yaml");
  if (!calendar) return tl::unexpected(calendar.error());
  lib->calendar_ = std::move(*calendar);
  // The ceilings are optional data: without the file the documented defaults hold.
  std::error_code limits_ec;
  if (std::filesystem::exists(rules_dir / "limits.yaml", limits_ec)) {
    auto ceilings = MoneyCeilings::load(rules_dir / "limits.yaml");
    if (!ceilings) return tl::unexpected(ceilings.error());
    lib->money_ceilings_ = *ceilings;
  }

  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(rules_dir / "packs", ec))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
  if (ec) return invalid("file.cannot_open", {{"file", (rules_dir / "packs").string()}});
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    auto pack = load_pack(file, lib->environment());
    if (!pack) return tl::unexpected(pack.error());
    const std::string id = pack->id;
    if (lib->packs_.count(id))
      return invalid("data.invalid", {{"file", file.string()}, {"line", "1"}, {"what", "pack id '" + id + "' is used by two files"}});
    lib->packs_.emplace(id, std::move(*pack));
  }
  return lib;
}

Result<const Pack*> Library::pack(std::string_view id_or_path) {
  if (auto it = packs_.find(id_or_path); it != packs_.end()) return &it->second;
  if (auto it = loaded_files_.find(id_or_path); it != loaded_files_.end()) return &it->second;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(std::filesystem::path(id_or_path), ec))
    return fail(ErrorCode::kNotFound, "rules.unknown_pack", {{"pack", std::string(id_or_path.substr(0, 200))}});
  auto pack = load_pack(std::filesystem::path(id_or_path), environment());
  if (!pack) return tl::unexpected(pack.error());
  auto [it, _] = loaded_files_.emplace(std::string(id_or_path), std::move(*pack));
  return &it->second;
}

}  // namespace komek::rules
