// The case workflow's messages in kk/ru/en.
#pragma once

namespace komek::cases {

// Registers the catalogue with core's renderer (once; cheap afterwards).
void ensure_cases_messages();

}  // namespace komek::cases
