// Reading data files (calendars, parameters, rule packs) with yaml-cpp: errors that name the
// file and line, refusal of unknown keys, and typed accessors. Internal to data loaders.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/date.hpp"
#include "core/result.hpp"

namespace komek::yaml {

// "file, line N: what" as an invalid-input error ("data.invalid").
tl::unexpected<Error> data_error(std::string_view origin, const YAML::Node& node, std::string what);

// Parses text into a node; syntax errors become "data.syntax" with the line.
Result<YAML::Node> load(std::string_view text, std::string_view origin);
// The *.yaml files of a directory, in name order ("file.cannot_open" when it is not one).
Result<std::vector<std::string>> yaml_files_in(const std::string& dir);

// Reads a whole file into memory, refusing files over `bytes_max`.
Result<std::string> read_file(const std::string& path, std::size_t bytes_max);

// The first key of a mapping that is not in `allowed`, if any.
std::optional<std::string> unknown_key(const YAML::Node& map, const std::vector<std::string_view>& allowed);
// Refuses a non-mapping or a mapping with an unknown key, naming `what` it is.
Result<void> expect_map(std::string_view origin, const YAML::Node& node, std::string_view what,
                        const std::vector<std::string_view>& allowed);

Result<std::string> string_at(std::string_view origin, const YAML::Node& map, const char* key,
                              std::string_view what);
Result<int> int_of(std::string_view origin, const YAML::Node& node, std::string_view what);
Result<bool> bool_of(std::string_view origin, const YAML::Node& node, std::string_view what);
Result<Date> date_of(std::string_view origin, const YAML::Node& node, std::string_view what);
// A scalar's text, or an error when the node is not a scalar.
Result<std::string> scalar_of(std::string_view origin, const YAML::Node& node, std::string_view what);
int line_of(const YAML::Node& node);

}  // namespace komek::yaml
