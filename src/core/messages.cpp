#include "core/messages.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>

#include "core/yaml_util.hpp"

#ifndef KOMEK_MESSAGES_DIR
#error "KOMEK_MESSAGES_DIR must be defined by the build (the rules/messages of the source tree)"
#endif

namespace komek {
namespace {

using Catalogue = std::map<std::string, MessageEntry, std::less<>>;

// One catalogue for the process, swapped whole under a lock: readers take a shared lock and
// a pointer to an immutable map.
struct State {
  std::shared_mutex mutex;
  std::shared_ptr<const Catalogue> catalogue;
  bool tried_default = false;
};
State& state() {
  static State s;
  return s;
}

constexpr std::size_t kMessageFileBytesMax = 4 * 1024 * 1024;

Result<void> read_file_into(const std::filesystem::path& path, Catalogue& out) {
  const std::string origin = path.string();
  KOMEK_TRY(text, yaml::read_file(origin, kMessageFileBytesMax));
  KOMEK_TRY(root, yaml::load(text, origin));
  if (!root.IsMap()) return yaml::data_error(origin, root, "a message file is a mapping of keys to {kk, ru, en}");
  for (const auto& item : root) {
    const std::string key = item.first.Scalar();
    KOMEK_CHECK(yaml::expect_map(origin, item.second, "message " + key, {"kk", "ru", "en"}));
    MessageEntry e;
    e.key = key;
    e.file = origin;
    KOMEK_ASSIGN(e.kk, yaml::string_at(origin, item.second, "kk", "message " + key));
    KOMEK_ASSIGN(e.ru, yaml::string_at(origin, item.second, "ru", "message " + key));
    KOMEK_ASSIGN(e.en, yaml::string_at(origin, item.second, "en", "message " + key));
    if (auto it = out.find(key); it != out.end())
      return yaml::data_error(origin, item.first, "message " + key + " is also in " + it->second.file);
    out.emplace(key, std::move(e));
  }
  return {};
}

std::shared_ptr<const Catalogue> current() {
  State& s = state();
  {
    std::shared_lock lock(s.mutex);
    if (s.catalogue || s.tried_default) return s.catalogue;
  }
  // Nothing loaded yet: the build's own catalogue, once.
  {
    std::unique_lock lock(s.mutex);
    if (s.catalogue || s.tried_default) return s.catalogue;
    s.tried_default = true;
  }
  (void)load_messages(KOMEK_MESSAGES_DIR);
  std::shared_lock lock(s.mutex);
  return s.catalogue;
}

}  // namespace

Result<void> load_messages(const std::filesystem::path& dir) {
  KOMEK_TRY(files, yaml::yaml_files_in(dir.string()));
  auto fresh = std::make_shared<Catalogue>();
  for (const auto& f : files) KOMEK_CHECK(read_file_into(f, *fresh));
  State& s = state();
  std::unique_lock lock(s.mutex);
  s.catalogue = std::move(fresh);
  s.tried_default = true;
  return {};
}

std::vector<const MessageEntry*> all_messages() {
  // The catalogue outlives the pointers while it is the one in use; a test that reloads
  // takes the entries again.
  static std::mutex keep_mutex;
  static std::vector<std::shared_ptr<const Catalogue>> kept;
  auto c = current();
  std::vector<const MessageEntry*> out;
  if (!c) return out;
  {
    std::lock_guard lock(keep_mutex);
    kept.push_back(c);
  }
  for (const auto& [_, e] : *c) out.push_back(&e);
  return out;
}

std::string render_message(std::string_view key,
                           const std::vector<std::pair<std::string, std::string>>& params,
                           Lang lang) {
  const auto catalogue = current();
  const MessageEntry* entry = nullptr;
  if (catalogue)
    if (auto it = catalogue->find(key); it != catalogue->end()) entry = &it->second;
  if (entry == nullptr) {
    std::string out(key);
    for (const auto& [k, v] : params) out += " " + k + "=" + v;
    return out;
  }
  const std::string_view text = lang == Lang::kKk ? entry->kk : lang == Lang::kRu ? entry->ru : entry->en;
  std::string out;
  out.reserve(text.size() + 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      const std::size_t close = text.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view name = text.substr(i + 1, close - i - 1);
        // A value in the reader's language ("category.ru") wins over the plain one: domain
        // code that knows a name in every language but not the reader's passes all three.
        const std::string localized = std::string(name) + "." + std::string(lang_code(lang));
        const std::string* value = nullptr;
        for (const auto& [k, v] : params)
          if (k == localized) value = &v;
        for (const auto& [k, v] : params)
          if (value == nullptr && k == name) value = &v;
        out += value != nullptr ? *value : std::string("?");
        i = close;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace komek
