#include "core/yaml_util.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace komek::yaml {

int line_of(const YAML::Node& node) { return node.Mark().line >= 0 ? node.Mark().line + 1 : 0; }

tl::unexpected<Error> data_error(std::string_view origin, const YAML::Node& node, std::string what) {
  return invalid("data.invalid", {{"file", std::string(origin)},
                                  {"line", std::to_string(line_of(node))},
                                  {"what", std::move(what)}});
}

Result<YAML::Node> load(std::string_view text, std::string_view origin) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    return invalid("data.syntax", {{"file", std::string(origin)},
                                   {"line", std::to_string(e.mark.line + 1)},
                                   {"what", e.msg}});
  }
}

Result<std::vector<std::string>> yaml_files_in(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return invalid("file.cannot_open", {{"file", dir}});
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  if (ec) return invalid("file.cannot_open", {{"file", dir}});
  std::sort(files.begin(), files.end());
  return files;
}

Result<std::string> read_file(const std::string& path, std::size_t bytes_max) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid("file.cannot_open", {{"file", path}});
  std::string content;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    content.append(buf, static_cast<std::size_t>(in.gcount()));
    if (content.size() > bytes_max)
      return invalid("file.too_large", {{"file", path}, {"max", std::to_string(bytes_max)}});
  }
  return content;
}

std::optional<std::string> unknown_key(const YAML::Node& map, const std::vector<std::string_view>& allowed) {
  for (const auto& kv : map) {
    const auto key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) return key;
  }
  return std::nullopt;
}

Result<void> expect_map(std::string_view origin, const YAML::Node& node, std::string_view what,
                        const std::vector<std::string_view>& allowed) {
  if (!node.IsMap()) return data_error(origin, node, std::string(what) + " must be a mapping");
  if (auto key = unknown_key(node, allowed))
    return data_error(origin, node, "unknown key '" + *key + "' in " + std::string(what));
  return {};
}

Result<std::string> scalar_of(std::string_view origin, const YAML::Node& node, std::string_view what) {
  if (!node.IsScalar()) return data_error(origin, node, std::string(what) + " must be a single value");
  return node.Scalar();
}

Result<std::string> string_at(std::string_view origin, const YAML::Node& map, const char* key,
                              std::string_view what) {
  const YAML::Node node = map[key];
  if (!node) return data_error(origin, map, std::string(what) + " needs '" + key + "'");
  auto s = scalar_of(origin, node, std::string(what) + "." + key);
  if (!s) return s;
  if (s->empty()) return data_error(origin, node, std::string(what) + "." + key + " is empty");
  return s;
}

Result<int> int_of(std::string_view origin, const YAML::Node& node, std::string_view what) {
  try {
    if (node.IsScalar()) return node.as<int>();
  } catch (const YAML::Exception&) {
  }
  return data_error(origin, node, std::string(what) + " must be a whole number");
}

Result<bool> bool_of(std::string_view origin, const YAML::Node& node, std::string_view what) {
  try {
    if (node.IsScalar()) return node.as<bool>();
  } catch (const YAML::Exception&) {
  }
  return data_error(origin, node, std::string(what) + " must be true or false");
}

Result<Date> date_of(std::string_view origin, const YAML::Node& node, std::string_view what) {
  KOMEK_TRY(text, scalar_of(origin, node, what));
  auto d = Date::parse(text);
  if (!d) return data_error(origin, node, std::string(what) + ": '" + text + "' is not a date YYYY-MM-DD");
  return *d;
}

}  // namespace komek::yaml
