// The message catalogue: every error and explanation Komek shows a person, in Kazakh,
// Russian and English. Texts use {name} placeholders filled from the error's parameters.
//
//   render(Error(ErrorCode::kInvalidInput, "iin.length", {{"length", "11"}}), Lang::kRu)
//   // "ИИН должен состоять из 12 цифр, получено 11"
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/lang.hpp"
#include "core/result.hpp"

namespace komek {

struct MessageEntry {
  std::string_view key;
  std::string_view kk;
  std::string_view ru;
  std::string_view en;
};

const std::vector<MessageEntry>& message_catalogue();

// Modules above core add their own entries (rules, cases, …). Each module registers once,
// from a function-local static in the code that first needs its messages; registering the
// same table twice is harmless. The table must outlive the program (a static).
void add_message_catalogue(const std::vector<MessageEntry>& entries);
// Every entry of every registered table, core first.
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
