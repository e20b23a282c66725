// The message catalogue: every error and explanation Komek shows a person, in Kazakh,
// Russian and English. The texts are data (rules/messages/*.yaml, one file per module, each
// key with its kk, ru and en), read once at start — a translator edits a file, not C++. Texts
// use {name} placeholders filled from the error's parameters.
//
//   render(Error(ErrorCode::kInvalidInput, "iin.length", {{"length", "11"}}), Lang::kRu)
//   // "ИИН должен состоять из 12 цифр, получено символов: 11"
//
// The catalogue is loaded from the rules directory the program runs with (rules::Library
// loads <rules>/messages), or — for code that renders before any library is loaded — from
// the build's own rules/messages on first use.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/lang.hpp"
#include "core/result.hpp"

namespace komek {

struct MessageEntry {
  std::string key;
  std::string kk;
  std::string ru;
  std::string en;
  std::string file;  // where it was read, for errors
};

// Reads every *.yaml of `dir` and makes it the catalogue. Refused, naming the file and line:
// a malformed file, a key given twice (in one file or two), an entry without all three
// languages or with an empty text. On error the catalogue in use is kept.
Result<void> load_messages(const std::filesystem::path& dir);

// Every entry of the catalogue in use, in key order.
std::vector<const MessageEntry*> all_messages();

// The text for a key in a language with {name} placeholders filled; a parameter "name.kk"
// (".ru", ".en") fills {name} in that language before a plain "name" does. An unknown key
// renders as the key followed by its parameters, so that nothing is ever silently lost.
std::string render_message(std::string_view key,
                           const std::vector<std::pair<std::string, std::string>>& params,
                           Lang lang);
inline std::string render(const Error& e, Lang lang) {
  return render_message(e.message_key, e.params, lang);
}

}  // namespace komek
