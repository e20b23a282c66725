// The rules module's messages (errors and trace steps) in kk/ru/en, and the readable
// rendering of a trace.
#pragma once

#include <string>

#include "core/lang.hpp"

namespace komek::rules {

struct TraceStep;


// One trace step as a sentence in a language, money in local format.
std::string render_step(const TraceStep& step, Lang lang);

}  // namespace komek::rules
